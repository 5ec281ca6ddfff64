"""RSS 2.0 feeds: the whole site (`/rss.xml`) and each section (`/<section>/rss.xml`).

Each item carries its section (`<category>`), its authors (`dc:creator`, one per author; the
agency for wire copy) and its lead image as Media RSS (`media:content`). Why Media RSS rather
than `<enclosure>`: RSS 2.0 allows one enclosure per item and requires its exact byte length,
which for a rendition means asking the storage for each picture's size (a network round trip
per item on object storage), while Google (Publisher Center, Discover), Feedly, Inoreader and
NetNewsWire read `media:content` with its width and height, and with `media:description` and
`media:credit` for the caption and the photographer."""

import mimetypes

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext as _
from wagtail.models import Site

from rotative.core.identity import site_identity
from rotative.core.seo import absolute
from rotative.news import selectors
from rotative.news.models import SectionPage

FEED_SIZE = 30
DC = "http://purl.org/dc/elements/1.1/"
MEDIA = "http://search.yahoo.com/mrss/"


class FrenchRssFeed(Rss201rev2Feed):
    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:dc": DC, "xmlns:media": MEDIA}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for creator in item.get("creators", ()):
            handler.addQuickElement("dc:creator", creator)
        image = item.get("image")
        if image:
            handler.startElement("media:content", image["attrs"])
            if image["description"]:
                handler.addQuickElement("media:description", image["description"])
            if image["credit"]:
                handler.addQuickElement("media:credit", image["credit"])
            handler.endElement("media:content")


def _image(article):
    image = article.lead_image
    if image is None:
        return None
    rendition = image.get_rendition(selectors.FEED_RENDITION)
    mime_type = mimetypes.guess_type(rendition.file.name)[0] or "image/jpeg"
    return {
        "attrs": {
            "url": absolute(rendition.url),
            "type": mime_type,
            "medium": "image",
            "width": str(rendition.width),
            "height": str(rendition.height),
        },
        "description": article.lead_image_caption or image.caption or image.description,
        "credit": image.credit,
    }


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
        return selectors.feed_articles(limit=FEED_SIZE)

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

    def item_categories(self, item):
        return [item.feed_section.title] if item.feed_section else []

    def item_extra_kwargs(self, item):
        # The newsroom's bylines; wire copy without one is signed by its agency (« AFP »).
        creators = [author.name for author in item.authors.all()]
        if not creators and item.agency:
            creators = [item.agency]
        return {"creators": creators, "image": _image(item)}


def section_for(request, slug):
    """The live public section at `/<slug>/` of the site asked for, else 404."""
    site = Site.find_for_request(request)
    sections = SectionPage.objects.live().public().filter(slug=slug)
    if site is not None:
        sections = sections.child_of(site.root_page)
    section = sections.first()
    if section is None:
        raise Http404
    return section


class SectionFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        section = section_for(request, slug)
        section.paper = site_identity(request)
        return section

    def title(self, obj):
        return f"{obj.title} — {obj.paper.name}"

    def link(self, obj):
        return settings.SITE_URL + obj.url

    def description(self, obj):
        return obj.description or self.title(obj)

    def items(self, obj):
        return selectors.feed_articles(section=obj, limit=FEED_SIZE)


def old_section_feed(request, slug):
    """`/rss/<slug>.xml`, where section feeds used to be: feed readers follow a permanent
    redirect and keep the new address (`/<slug>/rss.xml`), next to the section's page."""
    section = section_for(request, slug)
    return HttpResponsePermanentRedirect(reverse("news:section_feed", args=[section.slug]))
