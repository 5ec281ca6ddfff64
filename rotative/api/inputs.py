"""Input types shared by the reader routers: ids and pages the database can hold (NUL
characters are taken out of every body by parsers.JsonParser)."""

from ninja import Path, Query

from rotative.core.utils import MAX_ID


def id_path(description: str):
    """A path id: a 422 for anything the database could not hold, never an overflow."""
    return Path(..., ge=1, le=MAX_ID, description=description)


def page_query():
    return Query(1, ge=1, le=10**6, description="Le numéro de page, à partir de 1.")
