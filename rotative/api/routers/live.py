"""En direct: the site's live feed and the live blogs' posts, newest first, with a cheap
polling channel (`apres`) and the address of the push stream the site's pages use."""

import hashlib
from datetime import datetime

from django.conf import settings
from django.db.models import Prefetch, Q
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema

from rotative.api.errors import COMMON_ERRORS, ErrorOut, invalid, not_found
from rotative.api.pagination import MAX_PAGE_SIZE, PAGE_SIZE, CursorPagination
from rotative.api.routers.articles import articles_online, default_root
from rotative.api.schemas.articles import rich_text_html
from rotative.api.schemas.common import ImageOut, image_out, paris
from rotative.core.models import CustomImage
from rotative.core.seo import absolute
from rotative.core.utils import MAX_ID, parse_id
from rotative.live import selectors, streaming
from rotative.live.models import SITE_CHANNEL, LiveBlogPage, LiveEntry, LiveLabel

router = Router(tags=["En direct"])

ORDERING = ("-published_at", "-pk")
ENTRY_RENDITIONS = (*selectors.ENTRY_RENDITIONS, "fill-960x540|format-webp")

PUSH_DESCRIPTION = """
**Recevoir les nouveautés** — deux moyens, au choix :

- *Push* (recommandé) : le flux Server-Sent Events du site, `GET /en-direct/flux/?canal=site`
  (`canal=blog-<id>` pour un direct commenté), `Accept: text/event-stream`. Chaque événement
  `entry` porte `id` (à renvoyer en `Last-Event-ID`, ou `?depuis=<id>`, à la reconnexion : le
  serveur renvoie ce qui a été manqué) et `data` = `{"id", "action": "created" | "updated" |
  "deleted", "entry": <id de l'entrée>, "label", "html"}` ; relire l'entrée ici pour ses
  champs. Un commentaire `: ping` toutes les 15 s garde la connexion. `GET /direct/flux`
  donne ces adresses et le dernier événement.
- *Interrogation* : `GET /direct?apres=<id de la plus récente entrée connue>` (ou une date
  ISO 8601) ne renvoie que les entrées plus récentes ; avec `If-None-Match`, un 304 sans
  corps tant que rien n'a changé. Une minute d'intervalle suffit.
"""


class LabelOut(Schema):
    name: str
    slug: str
    colour: str = Field(..., description="#rrggbb, lisible sur fond blanc.")


class ArticleLinkOut(Schema):
    id: int = Field(..., description="À lire avec `GET /articles/{id}`.")
    url: str = Field(..., description="L'article sur le site.")


class EntryOut(Schema):
    id: int
    html: str = Field(..., description="Le texte, en HTML (<p>, <b>, <i>, <a>) ; liens absolus.")
    label: LabelOut | None
    is_breaking: bool = Field(..., description="Une alerte : à mettre en avant.")
    published_at: datetime
    updated_at: datetime | None = Field(
        None, description="« modifié (14h05) » quand l'entrée l'a été."
    )
    image: ImageOut | None
    article: ArticleLinkOut | None = Field(None, description="« Lire l'article ».")
    author: str = Field("", description="Qui a écrit le message (directs commentés seulement).")


class EntryPageOut(Schema):
    next: str | None = Field(None, description="Les entrées plus anciennes ; null à la fin.")
    previous: str | None = None
    results: list[EntryOut]
    last_event: int = Field(
        ..., description="Le dernier événement du canal : `Last-Event-ID` pour reprendre le push."
    )


class EntryFilters(Schema):
    apres: str | None = Field(
        None,
        max_length=40,
        description="Seulement les entrées plus récentes que celle-ci (son `id`) ou que cette "
        "date (ISO 8601 ; heure de Paris si sans décalage).",
    )
    etiquette: str | None = Field(None, max_length=40, description="Le `slug` d'une étiquette.")
    cursor: str | None = Field(None, max_length=500, description="La position donnée par `next`.")
    page_size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE)


class BlogOut(Schema):
    id: int
    title: str
    state: str = Field(..., description="`upcoming` (à venir), `live` (en cours) ou `ended`.")
    summary_html: str = Field("", description="« L'essentiel », épinglé en tête ; liens absolus.")
    url: str = Field(..., description="Le direct sur le site.")
    entries: str = Field(..., description="L'adresse de ses messages dans l'API.")
    channel: str = Field(..., description="Le `canal` du flux push du site.")


class StreamOut(Schema):
    channel: str
    stream_url: str = Field(..., description="Server-Sent Events (text/event-stream).")
    poll_url: str = Field(
        ..., description="Repli sans push : `?depuis=<dernier événement>` ; JSON `{last, events}`."
    )
    last_event: int
    retry_ms: int = Field(..., description="Le délai de reconnexion conseillé par le serveur.")


# --- reads -------------------------------------------------------------------------------------


def _entries(channel: str):
    """The visible entries of a channel, with what EntryOut shows, in a fixed number of queries."""
    images = CustomImage.objects.prefetch_renditions(*ENTRY_RENDITIONS)
    return (
        LiveEntry.objects.visible()
        .in_channel(channel)
        .select_related("label", "article", "author")
        .prefetch_related(Prefetch("image", queryset=images))
    )


def _entry_out(entry: LiveEntry) -> dict:
    article = None
    if entry.article_id and entry.article.live:  # the page's rule (live/entry.html)
        article = {"id": entry.article_id, "url": absolute(entry.article.url or "/")}
    author = ""
    if entry.channel != SITE_CHANNEL and entry.author:
        author = entry.author.get_full_name() or entry.author.get_username()
    label = entry.label
    return {
        "id": entry.pk,
        "html": rich_text_html(entry.body),
        "label": {"name": label.name, "slug": label.slug, "colour": label.colour}
        if label
        else None,
        "is_breaking": entry.is_breaking,
        "published_at": paris(entry.published_at),
        "updated_at": paris(entry.updated_at),
        "image": image_out(entry.image, ENTRY_RENDITIONS),
        "article": article,
        "author": author,
    }


def _after(entries, apres: str, channel: str):
    """Entries newer than an entry of the channel (by id) or than a moment."""
    entry_id = parse_id(apres)
    if entry_id is not None:
        anchor = (
            LiveEntry.objects.in_channel(channel)
            .filter(pk=entry_id)
            .values_list("published_at", flat=True)
            .first()
        )
        if anchor is None:
            raise invalid(_("Cette entrée du direct n'existe pas."), field="apres", code="unknown")
        return entries.filter(Q(published_at__gt=anchor) | Q(published_at=anchor, pk__gt=entry_id))
    try:
        moment = parse_datetime(apres.strip())
    except ValueError:
        moment = None
    if moment is None:
        raise invalid(
            _("Indiquez l'identifiant d'une entrée ou une date ISO 8601."),
            field="apres",
            code="invalid",
        )
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return entries.filter(published_at__gt=moment)


def _feed(request, response: HttpResponse, *, channel: str, filters: EntryFilters):
    newest = selectors.last_event_id(channel=channel)
    # The same question asked since the last change of the channel gets the same answer:
    # said before any entry is read, so that polling costs one indexed query.
    digest = hashlib.blake2b(
        f"{request.get_full_path()}|{newest}".encode(), digest_size=12
    ).hexdigest()
    etag = f'"direct-{digest}"'
    if etag in request.headers.get("If-None-Match", ""):
        not_modified = HttpResponseNotModified()
        not_modified["ETag"] = etag
        return not_modified
    entries = _entries(channel)
    if filters.etiquette is not None:
        label = LiveLabel.objects.filter(slug=filters.etiquette).first()
        if label is None:
            raise not_found(_("Cette étiquette n'existe pas."))
        entries = entries.filter(label=label)
    if filters.apres is not None:
        entries = _after(entries, filters.apres, channel)
    page = CursorPagination(ordering=ORDERING).paginate_queryset(
        entries,
        CursorPagination.Input(cursor=filters.cursor, page_size=filters.page_size or PAGE_SIZE),
        request,
    )
    response["ETag"] = etag
    return {
        **page,
        "results": [_entry_out(entry) for entry in page["results"]],
        "last_event": newest,
    }


def _blog_or_404(blog_id: int) -> LiveBlogPage:
    """A live blog readers may follow: the articles' rule (live, public, not expired, default
    site); a draft blog's posts stay on the desk."""
    root = default_root()
    blog = None
    if root is not None:
        online = articles_online(root=root).filter(pk=blog_id).values("pk")
        blog = LiveBlogPage.objects.filter(pk__in=online).first()
    if blog is None:
        raise not_found(_("Ce direct n'existe pas ou n'est plus en ligne."))
    return blog


def _stream_urls(channel: str) -> dict:
    return {
        "channel": channel,
        "stream_url": absolute(f"{streaming.PATH}?canal={channel}"),
        "poll_url": absolute(f"{reverse('live:poll')}?canal={channel}"),
        "last_event": selectors.last_event_id(channel=channel),
        "retry_ms": settings.LIVE_RETRY_MS,
    }


# --- endpoints -----------------------------------------------------------------------------


@router.get(
    "",
    response={200: EntryPageOut, 304: None, 404: ErrorOut, **COMMON_ERRORS},
    summary="En direct",
    description="Les entrées du direct du site, de la plus récente à la plus ancienne.\n"
    + PUSH_DESCRIPTION,
    url_name="api_live",
)
def live_feed(request, response: HttpResponse, filters: Query[EntryFilters]):
    return _feed(request, response, channel=SITE_CHANNEL, filters=filters)


@router.get(
    "/flux",
    response={200: StreamOut, 404: ErrorOut, **COMMON_ERRORS},
    summary="Le flux push du direct",
    description="Les adresses du push (Server-Sent Events) et de son repli, pour le direct du "
    "site ou, avec `blog`, pour un direct commenté.\n" + PUSH_DESCRIPTION,
    url_name="api_live_stream",
)
def live_stream(request, blog: int | None = Query(None, ge=1, le=MAX_ID)):
    if blog is None:
        return _stream_urls(SITE_CHANNEL)
    return _stream_urls(_blog_or_404(blog).channel)


@router.get(
    "/blogs/{blog_id}",
    response={200: BlogOut, 404: ErrorOut, **COMMON_ERRORS},
    summary="Un direct commenté",
    url_name="api_live_blog",
)
def live_blog(request, blog_id: int = Path(..., ge=1, le=MAX_ID)):
    """A live blog: its state and pinned summary; its posts at `/direct/blogs/{id}/entrees`.
    Draft, unpublished, private or expired: 404, like on the site."""
    blog = _blog_or_404(blog_id)
    return {
        "id": blog.pk,
        "title": blog.title,
        "state": blog.state,
        "summary_html": rich_text_html(blog.summary) if blog.summary else "",
        "url": absolute(blog.url or "/"),
        "entries": absolute(reverse("api-v1:api_live_blog_entries", args=[blog.pk])),
        "channel": blog.channel,
    }


@router.get(
    "/blogs/{blog_id}/entrees",
    response={200: EntryPageOut, 304: None, 404: ErrorOut, **COMMON_ERRORS},
    summary="Les messages d'un direct commenté",
    description="Comme `GET /direct`, pour les messages d'un direct commenté.\n" + PUSH_DESCRIPTION,
    url_name="api_live_blog_entries",
)
def live_blog_entries(
    request,
    response: HttpResponse,
    filters: Query[EntryFilters],
    blog_id: int = Path(..., ge=1, le=MAX_ID),
):
    blog = _blog_or_404(blog_id)
    return _feed(request, response, channel=blog.channel, filters=filters)
