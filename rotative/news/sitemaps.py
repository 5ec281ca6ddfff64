"""The topics in the sitemaps (`/sitemap-sujets.xml`): the pages `/sujets/<slug>/` of the tags
that at least one published public article carries, dated by their newest article. A tag
only drafts or private stories carry has an empty page: left out."""

from django.db.models import Max
from django.urls import reverse
from taggit.models import Tag

from rotative.core.sitemaps import SiteSitemap
from rotative.news.models import ArticlePage


class TopicSitemap(SiteSitemap):
    changefreq = "daily"

    def items(self):
        published = ArticlePage.objects.published().values("pk")
        return (
            Tag.objects.filter(news_articletag_items__content_object__in=published)
            .annotate(newest=Max("news_articletag_items__content_object__first_published_at"))
            .only("pk", "slug")
            .order_by("pk")
        )

    def location(self, tag):
        return reverse("news:tag", args=[tag.slug])

    def lastmod(self, tag):
        return tag.newest
