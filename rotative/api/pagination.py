"""Pagination by cursor: stable under new stories arriving at the top, cheap at any depth
(no OFFSET), and the cursor is opaque to the app."""

import pydantic
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import CursorPagination as NinjaCursorPagination

from rotative.api.errors import invalid

PAGE_SIZE = 20
MAX_PAGE_SIZE = 50


class CursorPagination(NinjaCursorPagination):
    def __init__(self, *, ordering=("-pk",), page_size=PAGE_SIZE, **kwargs):
        super().__init__(
            ordering=ordering, page_size=page_size, max_page_size=MAX_PAGE_SIZE, **kwargs
        )

    def paginate_queryset(self, queryset, pagination, request, **params):
        try:
            return super().paginate_queryset(queryset, pagination, request, **params)
        except (
            pydantic.ValidationError,
            NinjaValidationError,
            DjangoValidationError,
            ValueError,
            TypeError,
        ) as exc:
            # A cursor the app did not get from us (truncated, edited): say so, never a 500.
            raise invalid(
                _("Ce curseur de pagination n'est pas valable."), field="cursor", code="cursor"
            ) from exc
