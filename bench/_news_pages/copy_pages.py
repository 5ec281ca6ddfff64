# ruff: noqa: E501  (SQL lines read better unwrapped)
"""Writing Wagtail pages with COPY: which columns the bench writes, the others' defaults,
treebeard's path steps, and the tables and plans of one fill."""

from __future__ import annotations

from dataclasses import dataclass

# Page and ArticlePage columns the bench writes itself; the others take their defaults.
PAGE_COLUMNS = {
    "id",
    "path",
    "depth",
    "numchild",
    "title",
    "draft_title",
    "slug",
    "live",
    "has_unpublished_changes",
    "url_path",
    "content_type_id",
    "locale_id",
    "translation_key",
    "first_published_at",
    "last_published_at",
    "latest_revision_created_at",
}
ARTICLE_COLUMNS = {
    "page_ptr_id",
    "chapo",
    "body",
    "agency",
    "dateline",
    "is_breaking",
    "breaking_until",
}


def base36_step(n, steplen=4):
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    while n:
        n, r = divmod(n, 36)
        out = alphabet[r] + out
    if len(out) > steplen:
        raise ValueError("too many children for treebeard steplen")
    return out.rjust(steplen, "0")


def column_plan(fields, overridden, connection):
    """(column, kind, x): kind 'v' = value from the row dict, 'c' = constant, 'f' = callable default."""
    plan = []
    for field in fields:
        if field.attname in overridden:
            plan.append((field.column, "v", field.attname))
        elif field.has_default() and callable(field.default):
            plan.append((field.column, "f", field))
        else:
            plan.append(
                (field.column, "c", field.get_db_prep_save(field.get_default(), connection))
            )
    return plan


def plan_row(plan, values, connection):
    row = []
    for _column, kind, x in plan:
        if kind == "v":
            row.append(values[x])
        elif kind == "c":
            row.append(x)
        else:
            row.append(x.get_db_prep_save(x.get_default(), connection))
    return row


def copy_rows(cursor, table, columns, rows):
    cols = ", ".join(f'"{c}"' for c in columns)
    with cursor.cursor.copy(f'COPY "{table}" ({cols}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row(row)


@dataclass
class Layout:
    """Where the COPY writes: tables, column plans, the article content type and locale."""

    page_table: str
    article_table: str
    article_ct: int
    locale_id: int
    page_plan: list
    article_plan: list
    tag_table: str
    tag_cols: list
    authors_table: str
    author_cols: list


def copy_layout(home, log) -> Layout:
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from wagtail.models import Page

    from rotative.news.models import ArticlePage, ArticleTag, Author

    page_plan = column_plan(list(Page._meta.concrete_fields), PAGE_COLUMNS, connection)
    article_plan = column_plan(
        list(ArticlePage._meta.local_concrete_fields), ARTICLE_COLUMNS, connection
    )
    for plan, name in (
        (page_plan, Page._meta.db_table),
        (article_plan, ArticlePage._meta.db_table),
    ):
        callables = [c for c, k, _x in plan if k == "f"]
        if callables:
            log(f"{name}: per-row defaults for {', '.join(callables)}")
    authors_through = ArticlePage._meta.get_field("authors").remote_field.through
    through_fields = {
        f.related_model: f.column for f in authors_through._meta.concrete_fields if f.is_relation
    }
    return Layout(
        page_table=Page._meta.db_table,
        article_table=ArticlePage._meta.db_table,
        article_ct=ContentType.objects.get_for_model(ArticlePage).pk,
        locale_id=home.locale_id,
        page_plan=page_plan,
        article_plan=article_plan,
        tag_table=ArticleTag._meta.db_table,
        tag_cols=[
            ArticleTag._meta.get_field("content_object").column,
            ArticleTag._meta.get_field("tag").column,
        ],
        authors_table=authors_through._meta.db_table,
        author_cols=[through_fields[ArticlePage], through_fields[Author]],
    )


def copy_chunk(layout, rows) -> None:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        copy_rows(cursor, layout.page_table, [c for c, _k, _x in layout.page_plan], rows["page"])
        copy_rows(
            cursor, layout.article_table, [c for c, _k, _x in layout.article_plan], rows["article"]
        )
        copy_rows(cursor, layout.tag_table, layout.tag_cols, rows["tag"])
        copy_rows(cursor, layout.authors_table, layout.author_cols, rows["author"])
        copy_rows(
            cursor, "bench_index_staging", ["object_id", "title", "chapo", "body"], rows["index"]
        )
