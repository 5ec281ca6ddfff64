"""A search's page and its number of matches read in one statement (core/pagination.py)."""

import pytest
from django.contrib.auth.models import Group

from rotative.core.pagination import ids_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def groups():
    # Names that sort otherwise than their ids, and two alike so that the pk decides.
    names = [f"Groupe {n:02d}" for n in range(45, 0, -1)] + ["Groupe 07 bis", "Groupe 07 bis "]
    return [Group.objects.create(name=name) for name in names]


def names(ids):
    by_id = Group.objects.in_bulk(ids)
    return [by_id[pk].name for pk in ids]


def test_the_page_and_the_number_of_matches_in_one_query(groups, django_assert_num_queries):
    rows = Group.objects.filter(name__startswith="Groupe")
    with django_assert_num_queries(1):
        page, ids = ids_page(rows, page=2, per_page=20, order_by=("name", "pk"))
        assert page.paginator.count == 47
    assert page.number == 2 and page.paginator.num_pages == 3
    assert names(ids) == sorted(group.name for group in groups)[20:40]


def test_descending_and_filtered(groups):
    rows = Group.objects.filter(name__lt="Groupe 10")
    page, ids = ids_page(rows, page=1, per_page=5, order_by=("-name", "pk"))
    assert page.paginator.count == 11  # 01 … 09 and the two « 07 bis »
    assert names(ids) == ["Groupe 09", "Groupe 08", "Groupe 07 bis ", "Groupe 07 bis", "Groupe 07"]


def test_a_page_past_the_end_is_the_last_page(groups):
    page, ids = ids_page(
        Group.objects.filter(name__startswith="Groupe"),
        page=9,
        per_page=20,
        order_by=("name", "pk"),
    )
    assert page.number == 3
    assert names(ids) == sorted(group.name for group in groups)[40:]


def test_no_match(db):
    page, ids = ids_page(Group.objects.none(), page=1, per_page=20, order_by=("name", "pk"))
    assert ids == [] and page.paginator.count == 0 and page.number == 1


def test_a_page_number_past_what_the_database_takes_is_the_last_page(groups):
    page, ids = ids_page(
        Group.objects.filter(name__startswith="Groupe"), page=10**15, per_page=20, order_by=("pk",)
    )
    assert page.number == 3 and len(ids) == 7
