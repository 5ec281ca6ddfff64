"""« À lire plus tard » in the app: the same list as the site's (/compte/a-lire/), so that what
a reader saves on one is there on the other. Read through the bookmarks' selector, written
through its services: only what every reader may open now can be saved, the list holds 1 000 at
most, and the site's button and the app share one allowance of saves an hour."""

from datetime import datetime
from typing import Literal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status

from rotative.api.auth import READER
from rotative.api.errors import AUTH_ERRORS, ApiError, ErrorOut, not_found
from rotative.api.inputs import id_path
from rotative.api.schemas.common import paris
from rotative.bookmarks import selectors, services
from rotative.bookmarks.kinds import KINDS, target_url
from rotative.core.ratelimit import refusal_reason
from rotative.core.seo import absolute
from rotative.core.utils import MAX_ID

router = Router(tags=["À lire plus tard"])

KindName = Literal["article", "annonce", "evenement"]

TYPE_QUERY = Query(None, alias="type", description="Un seul type de contenu ; sans lui, tous.")
KIND_PATH = Path(..., description="« article », « annonce » ou « evenement ».")

# A service's refusal as the app is told it: the status and the stable code.
_REFUSALS = {
    "unavailable": (422, "unavailable"),
    "not_bookmarkable": (422, "not_bookmarkable"),
    "too_many": (409, "too_many"),
}


class BookmarkOut(Schema):
    kind: KindName = Field(..., description="« article », « annonce » ou « evenement ».")
    kind_label: str = Field(..., description="« Article », « Petite annonce », « Sortie ».")
    id: int = Field(..., description="L'id de l'article, de l'annonce ou de la sortie.")
    available: bool = Field(
        ...,
        description="Faux quand le contenu n'est plus en ligne (dépublié, vendu, annulé…) : "
        "ni titre ni adresse alors, seulement `unavailable_message`.",
    )
    title: str | None
    url: str | None = Field(..., description="La page du contenu sur le site.")
    unavailable_message: str | None = Field(
        ..., description="« Cet article n'est plus disponible. »"
    )
    saved_at: datetime


class SavedOut(BookmarkOut):
    message: str = Field(..., description="À montrer au lecteur.")


class BookmarkIn(Schema):
    type: KindName
    id: int = Field(..., ge=1, le=MAX_ID, description="L'id du contenu à enregistrer.")


def _bookmark_out(bookmark, request) -> dict:
    kind = KINDS[bookmark.kind]
    item = bookmark.item
    url = (target_url(item, request) if item is not None else "") or ""
    return {
        "kind": kind.name,
        "kind_label": str(kind.label),
        "id": bookmark.object_id,
        "available": item is not None,
        "title": item.title if item is not None else None,
        "url": absolute(url) if url else None,
        "unavailable_message": None if item is not None else str(kind.unavailable),
        "saved_at": paris(bookmark.created_at),
    }


@router.get(
    "",
    response={200: list[BookmarkOut], **AUTH_ERRORS},
    auth=READER,
    summary="À lire plus tard",
)
def bookmarks_list(
    request,
    kind: KindName | None = TYPE_QUERY,
):
    """The reader's whole list (1 000 at most), newest first; what went offline since is
    kept, without its title, until the reader takes it out."""
    return [
        _bookmark_out(bookmark, request)
        for bookmark in selectors.bookmarks_for(user=request.user, kind=kind)
    ]


@router.post(
    "",
    response={200: SavedOut, 201: SavedOut, 404: ErrorOut, 409: ErrorOut, **AUTH_ERRORS},
    auth=READER,
    summary="Enregistrer pour plus tard",
)
def bookmark_save(request, payload: BookmarkIn):
    """201 when saved, 200 when it already was. Refused: something readers cannot open now
    (422 `unavailable`), a full list (409 `too_many`), too many saves in an hour (429)."""
    kind = KINDS[payload.type]
    target = kind.model._default_manager.filter(pk=payload.id).first()
    if target is None:
        raise not_found(_("Ce contenu n'existe pas."))
    if not services.bookmark_add_allowed(user=request.user):
        raise ApiError(
            429,
            "rate_limited",
            refusal_reason(services.TOO_FAST),
            headers={"Retry-After": str(services.ADDS_WINDOW)},
        )
    already = selectors.is_bookmarked(user=request.user, targets=[target])
    try:
        bookmark = services.bookmark_add(user=request.user, target=target)
    except ValidationError as error:
        status, code = _REFUSALS.get(error.code, (422, "invalid_input"))
        raise ApiError(status, code, error.messages[0]) from error
    bookmark.item = target
    out = {
        **_bookmark_out(bookmark, request),
        "message": _("Enregistré dans « À lire plus tard »."),
    }
    return Status(200 if already else 201, out)


@router.delete(
    "/{kind}/{target_id}",
    response={204: None, 404: ErrorOut, **AUTH_ERRORS},
    auth=READER,
    summary="Retirer de « À lire plus tard »",
)
def bookmark_delete(
    request,
    kind: KindName = KIND_PATH,
    target_id: int = id_path("L'id du contenu."),
):
    """Also for what went offline since; 404 if the reader had not saved it."""
    # Only its type and id are needed: a target deleted since can still be taken out.
    target = KINDS[kind].model(pk=target_id)
    if not services.bookmark_remove(user=request.user, target=target):
        raise not_found(_("Ce contenu n'est pas dans votre liste « À lire plus tard »."))
    return Status(204, None)
