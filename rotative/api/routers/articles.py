"""Les articles: sections, topics, the list (by section, topic or words) and one article with
its body block by block. Shown exactly when the site shows them: live, public (no view
restriction), not expired, under the default site."""

from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema
from wagtail.models import Site

from rotative.api.errors import COMMON_ERRORS, ErrorOut, invalid, not_found
from rotative.api.pagination import MAX_PAGE_SIZE, PAGE_SIZE, CursorPagination
from rotative.api.schemas.articles import (
    LEAD_RENDITIONS,
    ArticleOut,
    ArticlePageOut,
    CurrentTopicOut,
    SectionOut,
    TopicOut,
    article_item_out,
    body_out,
    section_out,
    topic_out,
)
from rotative.api.schemas.common import paris
from rotative.core.seo import absolute
from rotative.core.utils import MAX_ID
from rotative.news import selectors
from rotative.news.models import ArticlePage, SectionPage
from rotative.news.search import article_search, search_words

router = Router(tags=["Articles"])  # at /articles
sections_router = Router(tags=["Articles"])  # at /rubriques
topics_router = Router(tags=["Articles"])  # at /sujets

ORDERING = ("-first_published_at", "-pk")
MAX_QUERY_LENGTH = 200  # the search page's (home.views.MAX_QUERY_LENGTH)
MAX_SEARCH_PAGE = 500


# --- what is shown ----------------------------------------------------------------------------


def default_root():
    """The default site's home page (the app is the default site's)."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    return site.root_page if site else None


def articles_online(*, root, now=None):
    """Articles of the default site a reader may open: published (live, public) by the news
    app's own rule, and not past their expiry (the worker unpublishes them at that time; this
    hides them during the minute it may take)."""
    now = now or timezone.now()
    return (
        ArticlePage.objects.descendant_of(root)
        .published()
        .filter(Q(expire_at__isnull=True) | Q(expire_at__gt=now))
    )


def _live_blog_type_id() -> int:
    from rotative.live.models import LiveBlogPage

    return ContentType.objects.get_for_model(LiveBlogPage).pk  # cached by Django


def _sections_of(articles) -> dict:
    """Each article's section (its parent page), in one query for the whole list."""
    paths = {article.path[: -ArticlePage.steplen] for article in articles}
    return {s.path: s for s in SectionPage.objects.filter(path__in=paths)}


def _items(articles) -> list[dict]:
    sections = _sections_of(articles)
    blog_type = _live_blog_type_id()
    return [
        article_item_out(
            article,
            section=sections.get(article.path[: -ArticlePage.steplen]),
            is_live_blog=article.content_type_id == blog_type,
        )
        for article in articles
    ]


# --- sections and topics ----------------------------------------------------------------------


@sections_router.get(
    "",
    response={200: list[SectionOut], **COMMON_ERRORS},
    summary="Les rubriques",
    url_name="api_sections",
)
def section_list(request):
    """The sections in the order of the site's menu; `slug` filters `GET /articles`."""
    root = default_root()
    if root is None:
        return []
    return [section_out(section) for section in selectors.sections(home=root)]


@topics_router.get(
    "",
    response={200: list[CurrentTopicOut], **COMMON_ERRORS},
    summary="En ce moment",
    url_name="api_topics_now",
)
def topic_list(request):
    """The topics of the moment, as the bar « En ce moment » of the site shows them: those the
    newsroom pinned, then the most read of the last 24 hours."""
    from rotative.home.selectors import en_ce_moment

    topics = []
    for topic in en_ce_moment():
        url = topic["url"]
        slug = None
        if url.startswith("/sujets/"):
            slug = url.removeprefix("/sujets/").strip("/") or None
        topics.append(
            {
                "label": topic["label"],
                "url": absolute(url or "/"),
                "slug": slug,
                "pinned": topic["pinned"],
            }
        )
    return topics


@topics_router.get(
    "/{slug}",
    response={200: TopicOut, 404: ErrorOut, **COMMON_ERRORS},
    summary="Un sujet",
    url_name="api_topic",
)
def topic_detail(request, slug: str = Path(..., max_length=100)):
    """A topic (tag) by its slug; its articles are `GET /articles?sujet=<slug>`."""
    tag = selectors.tag_by_slug(slug=slug)
    if tag is None:
        raise not_found(_("Ce sujet n'existe pas."))
    return topic_out(tag)


# --- the list -----------------------------------------------------------------------------------


class ArticleFilters(Schema):
    rubrique: str | None = Field(
        None, max_length=80, description="Le `slug` d'une rubrique (`GET /rubriques`)."
    )
    sujet: str | None = Field(None, max_length=100, description="Le `slug` d'un sujet.")
    q: str | None = Field(
        None,
        max_length=MAX_QUERY_LENGTH,
        description="Des mots à chercher (titre, chapô, texte), accents et majuscules "
        "ignorés. Avec `q`, les articles viennent du plus pertinent au moins pertinent et "
        "la pagination est **par numéro de page** (`page`) au lieu du curseur ; `next` "
        "reste l'adresse à suivre.",
    )
    cursor: str | None = Field(
        None, max_length=500, description="Sans `q` : la position donnée par `next`."
    )
    page: int | None = Field(
        None, ge=1, le=MAX_SEARCH_PAGE, description="Avec `q` seulement : le numéro de page."
    )
    page_size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE)


def _with_page(url: str, page: int | None) -> str | None:
    if page is None:
        return None
    scheme, netloc, path, query, fragment = urlsplit(url)
    params = parse_qs(query, keep_blank_values=True)
    params.pop("cursor", None)
    params["page"] = [str(page)]
    return urlunsplit((scheme, netloc, path, urlencode(sorted(params.items()), doseq=True), ""))


@router.get(
    "",
    response={200: ArticlePageOut, 404: ErrorOut, **COMMON_ERRORS},
    summary="Les articles",
    url_name="api_articles",
)
def article_list(request, filters: Query[ArticleFilters]):
    """The published articles, newest first (by first publication), paginated by cursor;
    with `rubrique`, `sujet` and `q` combined as « and ». A section or topic that does not
    exist is a 404 (`not_found`)."""
    root = default_root()
    if root is None:
        raise not_found()
    base = ArticlePage.objects.descendant_of(root)
    if filters.rubrique is not None:
        section = selectors.sections(home=root).filter(slug=filters.rubrique).first()
        if section is None:
            raise not_found(_("Cette rubrique n'existe pas."))
        base = base.child_of(section)
    if filters.sujet is not None:
        tag = selectors.tag_by_slug(slug=filters.sujet)
        if tag is None:
            raise not_found(_("Ce sujet n'existe pas."))
        base = base.filter(
            pk__in=ArticlePage.tags.through.objects.filter(tag=tag).values("content_object_id")
        )
    page_size = filters.page_size or PAGE_SIZE
    if filters.q is not None:
        return _search(request, base=base, filters=filters, page_size=page_size)
    now = timezone.now()
    articles = (
        selectors.teasers(base)
        .filter(Q(expire_at__isnull=True) | Q(expire_at__gt=now))
        .prefetch_related("authors")
    )
    page = CursorPagination(ordering=ORDERING).paginate_queryset(
        articles, CursorPagination.Input(cursor=filters.cursor, page_size=page_size), request
    )
    return {**page, "results": _items(page["results"])}


def _search(request, *, base, filters: ArticleFilters, page_size: int) -> dict:
    """The site's search (news.search.article_search: the newest matches, best first), by page
    number: a relevance order has no position a cursor could resume from."""
    words = search_words(filters.q)[:MAX_QUERY_LENGTH].strip()
    if not words:
        raise invalid(_("Saisissez au moins un mot à chercher."), field="q", code="empty")
    number = filters.page or 1
    start = (number - 1) * page_size
    found = list(article_search(query=words, within=base)[start : start + page_size + 1])
    more = len(found) > page_size
    now = timezone.now()
    # The search backends cannot filter on the expiry: a story past it is left out here.
    articles = [a for a in found[:page_size] if a.expire_at is None or a.expire_at > now]
    url = request.build_absolute_uri()
    return {
        "next": _with_page(url, number + 1 if more and number < MAX_SEARCH_PAGE else None),
        "previous": _with_page(url, number - 1 if number > 1 else None),
        "results": _items(articles),
    }


# --- one article ----------------------------------------------------------------------------


@router.get(
    "/{article_id}",
    response={200: ArticleOut, 404: ErrorOut, **COMMON_ERRORS},
    summary="Un article",
    url_name="api_article",
)
def article_detail(request, article_id: int = Path(..., ge=1, le=MAX_ID)):
    """An article with its body block by block, its topics, its corrections and its comments'
    count. A draft, an unpublished, private (restricted) or expired article, or any page
    that is not an article, is a 404 (`not_found`) like on the site."""
    article = article_online_or_404(article_id)
    from rotative.comments import selectors as comments

    context = selectors.article_page_context(article=article)  # prefetches the body's images
    article.lead_image = context["lead_image"]  # with the page's renditions, prefetched
    site_setting = comments.comment_settings_for(article)
    item = article_item_out(
        article,
        section=context["section"],
        specs=LEAD_RENDITIONS,
        is_live_blog=article.content_type_id == _live_blog_type_id(),
    )
    return {
        **item,
        "body": body_out(article.body),
        "tags": [topic_out(tag) for tag in context["article_tags"]],
        "corrections": [
            {"date": paris(correction.date), "text": correction.text}
            for correction in context["corrections"]
        ],
        "comments": {
            "count": comments.comment_count(article=article),
            "open": comments.comments_open(
                article=article, site_setting=site_setting, section=context["section"]
            ),
        },
    }


def article_online_or_404(article_id: int) -> ArticlePage:
    """The article a reader may open, else the API's 404 (the comments use it too)."""
    root = default_root()
    article = None
    if root is not None:
        article = (
            articles_online(root=root).prefetch_related("authors").filter(pk=article_id).first()
        )
    if article is None:
        raise not_found(_("Cet article n'existe pas ou n'est plus en ligne."))
    return article
