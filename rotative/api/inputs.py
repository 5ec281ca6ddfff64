"""Input types shared by the reader routers: ids the database can hold, and text without NUL
characters (PostgreSQL refuses them in text columns: a 500 instead of an answer)."""

from typing import Annotated

from ninja import Path, Query
from pydantic import BeforeValidator

from rotative.core.utils import MAX_ID


def _no_nul(value):
    # Stripped rather than refused: a NUL is never meaningful in what a reader types, and the
    # rest of the value is checked by the field's own rules.
    return value.replace("\x00", "") if isinstance(value, str) else value


# A JSON string field with its NUL characters removed (max_length etc. still apply after).
Text = Annotated[str, BeforeValidator(_no_nul)]


def id_path(description: str):
    """A path id: a 422 for anything the database could not hold, never an overflow."""
    return Path(..., ge=1, le=MAX_ID, description=description)


def page_query():
    return Query(1, ge=1, le=10**6, description="Le numéro de page, à partir de 1.")
