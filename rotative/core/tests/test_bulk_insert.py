"""core.bulk_insert stores what bulk_create stores, its JSON values as literals (no UNNEST)."""

import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page, Revision

from rotative.core.bulk_insert import new_rows_insert

COLUMNS = ("object_id", "content", "object_str", "created_at", "base_content_type_id")


def _revisions(page, count, at):
    body = [{"type": "paragraph", "value": '<p>« Il a dit "non" \\ ici », 10\xa0%</p>'}]
    return [
        Revision(
            content_object=page,
            base_content_type=ContentType.objects.get_for_model(Page),
            created_at=at,
            content={"title": f"Révision {n}", "body": json.dumps(body), "none": None, "n": n},
            object_str=f"Révision {n}",
        )
        for n in range(count)
    ]


@pytest.mark.django_db
def test_new_rows_are_stored_as_bulk_create_stores_them(home):
    at = timezone.now()
    with CaptureQueriesContext(connection) as queries:
        ours = new_rows_insert(Revision, _revisions(home, 3, at))
    with CaptureQueriesContext(connection) as their_queries:
        theirs = Revision.objects.bulk_create(_revisions(home, 3, at))

    assert all(revision.pk and not revision._state.adding for revision in ours)
    assert [r.pk for r in ours] == sorted(r.pk for r in ours)

    def stored(revisions):
        rows = Revision.objects.filter(pk__in=[r.pk for r in revisions]).order_by("pk")
        return list(rows.values(*COLUMNS))

    assert stored(ours) == stored(theirs)
    assert stored(ours)[1]["content"]["body"] == theirs[1].content["body"]
    inserts = [q["sql"] for q in queries if q["sql"].startswith("INSERT")]
    assert len(inserts) == 1
    assert "UNNEST" not in inserts[0]
    if connection.vendor == "postgresql":  # where bulk_create sends arrays
        assert "UNNEST" in their_queries[0]["sql"]


@pytest.mark.django_db
def test_nothing_to_insert_is_no_statement():
    with CaptureQueriesContext(connection) as queries:
        assert new_rows_insert(Revision, []) == []
    assert len(queries) == 0
