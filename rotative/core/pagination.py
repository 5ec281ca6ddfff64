"""A page of a search in one statement: its ids and the number of matches together.

Django's paginator counts the matches, then reads the page: two passes over every match, and
for the page PostgreSQL prefers walking an index in the page's order, filtering as it goes (on
the agenda, a weekend's first 20 dates read 42,000 rows of the past month to find them). Here
the matches are read once, by whatever index their conditions choose, into a materialised
list of ids and sort keys; the number of matches and the page come from that list
(docs/performance.md, « Agenda »).
"""

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import QuerySet

MAX_PAGE = 10**6


def ids_page(
    rows: QuerySet, *, page: int, per_page: int, order_by: tuple[str, ...]
) -> tuple[Page, list]:
    """The requested page (the last one past the end) and its ids in order. The page's
    `object_list` is left for the caller to fill from the ids, with the joins it needs.
    `order_by` names fields of `rows`' model (`-` for descending); end it with "pk"."""
    # A page number from the address bar can be past any real page, and its offset past what
    # the database accepts: such a page is past the end, without asking.
    number = max(min(page, MAX_PAGE), 1)
    ids, total = _ids_and_total(rows, number=number, per_page=per_page, order_by=order_by)
    if not ids and number > 1:
        # Past the last page (a shared old link): the paginator's answer is the last page.
        total = rows.count()
        number = max(-(-total // per_page), 1)
        ids, _ = _ids_and_total(rows, number=number, per_page=per_page, order_by=order_by)
    paginator = Paginator(rows.order_by(*order_by), per_page)
    paginator.count = total  # a cached property: known already, not counted again
    return paginator.page(number), ids


def _ids_and_total(rows: QuerySet, *, number: int, per_page: int, order_by) -> tuple[list, int]:
    keys = [name.lstrip("-") for name in order_by]
    columns = ["pk", *[key for key in keys if key != "pk"]]
    try:
        sql, params = rows.order_by().values_list(*columns).query.sql_with_params()
    except EmptyResultSet:  # a condition no row can meet (`.none()`, an empty `__in`)
        return [], 0
    names = [f"c{i}" for i in range(len(columns))]
    order = ", ".join(
        f"{names[columns.index(key)]}{' DESC' if name.startswith('-') else ''}"
        for name, key in zip(order_by, keys, strict=True)
    )
    connection = connections[rows.db]
    # PostgreSQL would otherwise fold the list into the outer query and go back to walking
    # an index in the page's order.
    materialized = "MATERIALIZED " if connection.vendor == "postgresql" else ""
    statement = (
        f"WITH m ({', '.join(names)}) AS {materialized}({sql}) "  # noqa: S608 (Django's SQL, our names)
        f"SELECT c0, COUNT(*) OVER () FROM m ORDER BY {order} LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [*params, per_page, (number - 1) * per_page])
        found = cursor.fetchall()
    return [pk for pk, _ in found], (found[0][1] if found else 0)
