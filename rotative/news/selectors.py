"""Reads of the news: listings, most read, trending tags. Each hot read is bounded in queries."""

import hashlib
import html
from datetime import timedelta

from django.core.cache import cache
from django.db.models import Prefetch, Sum
from django.utils import timezone
from django.utils.html import strip_tags
from taggit.models import Tag

from rotative.core import chrome
from rotative.core.models import CustomImage as Image
from rotative.geo.mentions import communes_named
from rotative.news.models import (
    ArticlePage,
    ArticleTag,
    ArticleViewCount,
    Author,
    SectionPage,
)
from rotative.news.seo import JSONLD_RENDITIONS, OG_RENDITION

# Rendition specs used by listings; prefetched so a listing costs a fixed number of queries.
TEASER_RENDITIONS = ("fill-480x270|format-webp", "fill-960x540|format-webp")
# The lead story's picture, and its OpenGraph image for the home page (news/seo.py).
LEAD_RENDITIONS = ("fill-960x540|format-webp", "fill-1440x810|format-webp", "fill-1200x630")
# The picture's, OpenGraph's, then the three ratios of the JSON-LD (news/seo.py).
ARTICLE_RENDITIONS = (
    "fill-960x540|format-webp",
    "fill-1440x810|format-webp",
    OG_RENDITION,
    *JSONLD_RENDITIONS,
)
BODY_RENDITIONS = ("width-960|format-webp",)
# The feeds' picture: the social-card crop, in the original's format (JPEG or PNG), which
# every feed reader displays (WebP is not yet read by all).
FEED_RENDITION = "fill-1200x630"

MOST_READ_CACHE_SECONDS = 60


def _with_images(queryset, specs=TEASER_RENDITIONS):
    return queryset.prefetch_related(
        Prefetch("lead_image", queryset=Image.objects.prefetch_renditions(*specs))
    )


def teasers(queryset, specs=TEASER_RENDITIONS):
    """Articles ready for a listing: image renditions prefetched, body deferred."""
    return _with_images(queryset.published().newest_first().defer("body"), specs)


def sections(*, home=None):
    queryset = SectionPage.objects.live().public().order_by("nav_order", "title")
    if home is not None:
        queryset = queryset.child_of(home)
    return queryset


def articles_in_section(*, section):
    return teasers(ArticlePage.objects.in_section(section))


SECTION_COUNT_CACHE_SECONDS = 60


def section_count_cache_key(section_id: int) -> str:
    return f"news:section-count:{section_id}"


def section_article_count(*, section):
    """Published articles of a section, for pagination; counting them all costs on big sites."""
    return cache.get_or_set(
        section_count_cache_key(section.pk),
        lambda: ArticlePage.objects.in_section(section).published().count(),
        SECTION_COUNT_CACHE_SECONDS,
    )


def articles_with_tag(*, tag):
    return teasers(ArticlePage.objects.filter(tags=tag))


def feed_articles(*, section=None, limit=30):
    """The newest articles for an RSS feed, each with its picture's rendition, its authors
    and its section (`feed_section`), in a fixed number of queries."""
    queryset = ArticlePage.objects.in_section(section) if section else ArticlePage.objects.all()
    articles = list(teasers(queryset, (FEED_RENDITION,)).prefetch_related("authors")[:limit])
    if section is not None:
        parents = {section.path: section}
    else:
        parent_paths = {a.path[: -ArticlePage.steplen] for a in articles}
        parents = {s.path: s for s in SectionPage.objects.filter(path__in=parent_paths)}
    for article in articles:
        article.feed_section = parents.get(article.path[: -ArticlePage.steplen])
    return articles


def latest_articles(*, limit=20):
    return teasers(ArticlePage.objects.all())[:limit]


def home_lead_article(*, home):
    lead = None
    if home.lead_article_id:
        lead = _with_images(
            ArticlePage.objects.published().filter(pk=home.lead_article_id), LEAD_RENDITIONS
        ).first()
    if lead is None:
        lead = teasers(ArticlePage.objects.all(), LEAD_RENDITIONS).first()
    return lead


def latest_by_section(*, home, per_section, exclude_ids=frozenset()):
    """One block per section with its latest stories.

    One cheap index query per section picks the ids (a window function over the whole
    archive was slower on 100,000 articles, see docs/performance.md), then one query loads
    those articles with their pictures.
    """
    section_list = list(sections(home=home))
    ids_by_section = {
        # live() rather than published(): public() costs a query each time; the final
        # query below applies it once.
        section.pk: list(
            ArticlePage.objects.in_section(section)
            .live()
            .filter(first_published_at__isnull=False)
            .exclude(pk__in=exclude_ids)
            .newest_first()
            .values_list("pk", flat=True)[:per_section]
        )
        for section in section_list
    }
    wanted = [pk for ids in ids_by_section.values() for pk in ids]
    articles = {a.pk: a for a in teasers(ArticlePage.objects.filter(pk__in=wanted))}
    return [
        {
            "section": section,
            "articles": [articles[pk] for pk in ids_by_section[section.pk] if pk in articles],
        }
        for section in section_list
        if ids_by_section[section.pk]
    ]


COUNTABLE_CACHE_SECONDS = 60


def article_is_countable(*, article_id: int) -> bool:
    """Whether a view of this article may be counted: it exists and is published.

    Asked by every view beacon, so remembered for a minute: a story unpublished meanwhile
    leaves "Les plus lus" anyway, which lists live articles only."""

    def compute():
        return ArticlePage.objects.live().filter(pk=article_id).exists()

    return cache.get_or_set(f"news:countable:{article_id}", compute, COUNTABLE_CACHE_SECONDS)


def most_read_article_ids(*, hours=24, limit=5):
    def compute():
        since = timezone.now() - timedelta(hours=hours)
        return list(
            ArticleViewCount.objects.filter(hour__gte=since, article__live=True)
            .values("article_id")
            .annotate(views=Sum("count"))
            .order_by("-views", "-article_id")
            .values_list("article_id", flat=True)[:limit]
        )

    return cache.get_or_set(f"news:most-read:{hours}:{limit}", compute, MOST_READ_CACHE_SECONDS)


def most_read_articles(*, hours=24, limit=5):
    """Most read in the window; cached as ids so a retitled story shows its new title at once."""
    ids = most_read_article_ids(hours=hours, limit=limit)
    by_id = {a.pk: a for a in teasers(ArticlePage.objects.filter(pk__in=ids))}
    return [by_id[pk] for pk in ids if pk in by_id]


def trending_tags(*, hours=24, limit=8):
    """Tags of the most-read articles of the last hours, as (name, slug) pairs."""

    def compute():
        since = timezone.now() - timedelta(hours=hours)
        return list(
            ArticleTag.objects.filter(
                content_object__view_counts__hour__gte=since, content_object__live=True
            )
            .values("tag__name", "tag__slug")
            .annotate(views=Sum("content_object__view_counts__count"))
            .order_by("-views", "tag__name")
            .values_list("tag__name", "tag__slug")[:limit]
        )

    return cache.get_or_set(f"news:trending-tags:{hours}:{limit}", compute, MOST_READ_CACHE_SECONDS)


def author_by_slug(*, slug):
    return Author.objects.select_related("photo").filter(slug=slug).first()


def articles_by_author(*, author):
    return teasers(ArticlePage.objects.filter(authors=author))


def tag_by_slug(*, slug):
    return Tag.objects.filter(slug=slug).first()


def breaking_article():
    """The newest current article alert (for the banner: home.selectors.breaking_banner)."""
    return (
        ArticlePage.objects.breaking_now()
        .newest_alert_first()
        .only("title", "url_path", "last_published_at")
        .first()
    )


def section_of(article):
    """The article's section, from the sections the process holds for the edition (every
    page saved starts a new one: core.chrome), else read."""
    held = chrome.memo("sections_by_path", lambda: {s.path: s for s in SectionPage.objects.all()})
    return held.get(article.path[: -article.steplen]) or article.get_parent().specific_deferred


def article_page_context(*, article):
    """Everything an article page shows besides the page itself, in a fixed number of queries."""
    from django.db.models import prefetch_related_objects

    section = section_of(article)
    image = None
    if article.lead_image_id:
        image = Image.objects.prefetch_renditions(*ARTICLE_RENDITIONS).get(pk=article.lead_image_id)
    body_images = [
        block.value["image"]
        for block in article.body
        if block.block_type == "picture" and block.value["image"] is not None
    ]
    if body_images:
        prefetch_related_objects(body_images, "renditions")
    return {
        "section": section,
        "lead_image": image,
        "authors": list(article.authors.all()),
        "article_tags": sorted(article.tags.all(), key=lambda tag: tag.name.lower()),
        "corrections": list(article.corrections.order_by("date")),
    }


ARTICLE_COMMUNES_CACHE_SECONDS = 6 * 3600
_communes_store = chrome.Store(max_entries=300)  # as many as news.article_parts holds


def article_text(article) -> str:
    """What an article says, as plain text: title, dateline, chapô, then its body's
    paragraphs, intertitles, quotes and captions (read from the stored data: no query)."""
    parts = [article.title, article.dateline, article.chapo]

    def walk(value):
        if isinstance(value, str):
            parts.append(html.unescape(strip_tags(value)))
        elif isinstance(value, dict):
            for key, item in value.items():
                if key != "image":
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk([block.get("value") for block in article.body.raw_data])
    return "\n".join(part for part in parts if part)


def article_communes(article, *, use_cache: bool = True) -> list:
    """The communes an article is about: those its editor picked (« communes concernées »),
    then those its text names (`geo.mentions.communes_named`: its rule against short and
    everyday names). Kept by article, publication and text, so that a page view scans no
    names; a preview (`use_cache=False`) reads its own unsaved picks and text."""

    def compute(text):
        rows = article.article_communes.select_related("commune").order_by("sort_order", "pk")
        picked = [row.commune for row in rows]
        seen = {commune.insee for commune in picked}
        named = [c for c in communes_named(text) if c.insee not in seen]
        return picked + named

    if not use_cache or article.pk is None:
        return compute(article_text(article))
    published = article.last_published_at.isoformat() if article.last_published_at else ""

    def shared():
        text = article_text(article)  # walked once, for the key and on a miss
        digest = hashlib.sha256(f"{published}\n{text}".encode()).hexdigest()
        return cache.get_or_set(
            f"news:article-communes:{article.pk}:{digest[:24]}",
            lambda: compute(text),
            ARTICLE_COMMUNES_CACHE_SECONDS,
        )

    # Held by the process too, by publication (what a reader is served is the live row):
    # the page's two blocks (agenda, jobs) ask for it, and each page view would otherwise
    # walk the body and ask the shared cache twice.
    return chrome.memo(
        "article_communes", shared, key=(article.pk, published), store=_communes_store
    )
