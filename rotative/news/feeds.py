"""RSS 2.0 feeds: the whole site and each section."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext as _

from rotative.core.identity import site_identity
from rotative.news import selectors
from rotative.news.models import SectionPage

FEED_SIZE = 30


class FrenchRssFeed(Rss201rev2Feed):
    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:dc": "http://purl.org/dc/elements/1.1/"}


class LatestArticlesFeed(Feed):
    feed_type = FrenchRssFeed
    language = "fr"

    def get_object(self, request):
        # The paper of the site asked for (core.identity). Passed along as the feed's object:
        # one Feed instance serves every request, it keeps nothing of any.
        return site_identity(request)

    def title(self, paper):
        return paper.name

    def link(self):
        return settings.SITE_URL + "/"

    def description(self, paper):
        # « L'actualité du Phare normand »: the name takes its article (core.identity).
        return _("L'actualité %(of_paper)s") % {"of_paper": paper.of_name}

    def items(self):
        return selectors.latest_articles(limit=FEED_SIZE)

    def item_title(self, item):
        prefix = f"{item.dateline_text}. " if item.agency else ""
        return prefix + item.title

    def item_description(self, item):
        return item.chapo

    def item_link(self, item):
        return settings.SITE_URL + item.get_url()

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_guid(self, item):
        return f"{settings.SITE_URL}/article/{item.pk}"

    item_guid_is_permalink = False


class SectionFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        section = SectionPage.objects.live().public().filter(slug=slug).first()
        if section is None:
            raise Http404
        section.paper = site_identity(request)
        return section

    def title(self, obj):
        return f"{obj.title} — {obj.paper.name}"

    def link(self, obj):
        return settings.SITE_URL + obj.url

    def description(self, obj):
        return obj.description or self.title(obj)

    def items(self, obj):
        return selectors.articles_in_section(section=obj)[:FEED_SIZE]
