"""« Mes données » holds the reader's « À lire plus tard »; deleting the account removes it."""

import json
from datetime import UTC, datetime

import pytest
import time_machine

from rotative.accounts import services as accounts
from rotative.bookmarks.models import Bookmark
from rotative.bookmarks.tests.factories import saved

pytestmark = pytest.mark.django_db


def test_the_export_lists_what_the_reader_saved_and_nothing_of_anyone_else(
    client, reader, other_reader, article, ad, settings
):
    with time_machine.travel(datetime(2026, 12, 7, 8, 0, tzinfo=UTC), tick=False):
        saved(reader, article)
        saved(other_reader, ad)
    article.unpublish()
    with time_machine.travel(datetime(2026, 12, 7, 9, 0, tzinfo=UTC), tick=False):
        saved(reader, ad)
    client.force_login(reader)

    export = json.loads(client.get("/compte/donnees/").content)

    assert [
        (row["type"], row["titre"], row["disponible"]) for row in export["a_lire_plus_tard"]
    ] == [
        ("annonce", "Leica Q2 à l'état neuf", True),
        ("article", None, False),
    ]
    assert export["a_lire_plus_tard"][0]["adresse"] == settings.SITE_URL + ad.get_absolute_url()
    assert export["a_lire_plus_tard"][0]["enregistré_le"] == "2026-12-07T10:00:00+01:00"


def test_deleting_the_account_removes_its_bookmarks_only(reader, other_reader, article):
    saved(reader, article)
    saved(other_reader, article)

    accounts.account_delete(user=reader)

    assert list(Bookmark.objects.values_list("user_id", flat=True)) == [other_reader.pk]
