"""Bulk inserts whose JSON values go as literals, not in Django's UNNEST arrays.

On PostgreSQL, Django 5.2 sends a bulk insert's values as one array per column (INSERT ...
SELECT * FROM UNNEST(%s::jsonb[], ...)), to plan the statement faster. With psycopg's
client-side binding (Django's default), an array is quoted in Python, with a regular
expression substitution for every double quote in every JSON value: the insert of a wire
story's first revision (its content holds the body as JSON inside JSON) took 0.48 ms a row,
0.18 ms with the JSON quoted as a literal by libpq. For a table with many columns and small
JSON values (the article rows, the dispatches) the longer statement costs as much as the
arrays: those stay with bulk_create. A field with `get_placeholder` turns UNNEST off
(django/db/backends/postgresql/compiler.py), so JSON fields are given one, for these inserts
only. The rows stored are the same.
"""

import copy

from django.db import connections, router
from django.db.models import AutoField

# Keeps a statement under the 65,535 parameters of PostgreSQL's protocol (server-side binding).
MAX_PARAMETERS = 65_535


def _literal_placeholder(value, compiler, connection):
    return "%s"


def _is_json(field) -> bool:
    # Wagtail's StreamField is no JSONField subclass but stored as one.
    return field.get_internal_type() == "JSONField"


def _literal_json_fields(fields: list) -> list:
    """`fields` for Manager._insert, each JSON field replaced by a copy with a placeholder."""
    literal = []
    for field in fields:
        if _is_json(field) and not hasattr(field, "get_placeholder"):
            field = copy.copy(field)
            field.get_placeholder = _literal_placeholder
        literal.append(field)
    return literal


def _chunks(objs: list, fields: list, using: str):
    """`objs` in slices one insert can take."""
    size = connections[using].ops.bulk_batch_size(fields, objs)
    if any(_is_json(field) for field in fields):  # literal values
        size = min(size, MAX_PARAMETERS // max(len(fields), 1))
    size = max(size, 1)
    for start in range(0, len(objs), size):
        yield objs[start : start + size]


def new_rows_insert(model, objs: list) -> list:
    """QuerySet.bulk_create(objs) for new objects (no primary key yet) of a model without a
    parent table, JSON values as literals: the same INSERTs, the keys read back and set."""
    if not objs:
        return objs
    using = router.db_for_write(model)
    opts = model._meta
    for obj in objs:
        obj._prepare_related_fields_for_save(operation_name="bulk_create")
    fields = [
        field
        for field in opts.concrete_fields
        if not field.generated and not isinstance(field, AutoField)
    ]
    rows_insert(
        model,
        objs,
        fields=_literal_json_fields(fields),
        using=using,
        returning=opts.db_returning_fields,
    )
    for obj in objs:
        obj._state.adding, obj._state.db = False, using
    return objs


def rows_insert(model, objs: list, *, fields: list, using: str, returning=()) -> None:
    """Django's `Manager._insert` of `objs`' `fields`, by slices one statement can take; the
    `returning` columns (the keys) read back and set on each object. Nothing else of
    save(): the caller sends the signals and sets the objects' state."""
    for chunk in _chunks(objs, fields, using):
        rows = model._base_manager._insert(
            chunk, fields=fields, returning_fields=returning or None, using=using
        )
        for obj, row in zip(chunk, rows or (), strict=bool(returning)):
            for field, value in zip(returning, row, strict=True):
                setattr(obj, field.attname, value)
