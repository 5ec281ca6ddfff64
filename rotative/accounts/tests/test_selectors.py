"""What the comments app asks about a reader."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import AnonymousUser

from rotative.accounts.selectors import display_name_of, reader_can_comment
from rotative.accounts.tests.factories import ReaderFactory

pytestmark = pytest.mark.django_db


def test_display_name_of_a_reader_an_editor_and_nobody(django_user_model):
    reader = ReaderFactory(display_name="Marie L.")
    editor = django_user_model.objects.create_user(
        "plume", "plume@example.fr", "x", first_name="Inès", last_name="Vautier"
    )
    bare = django_user_model.objects.create_user("sans.nom@example.fr", "sans.nom@example.fr")
    assert display_name_of(user=reader) == "Marie L."
    assert display_name_of(user=editor) == "Inès Vautier"
    assert display_name_of(user=bare) == "Lecteur"  # never the address
    assert display_name_of(user=AnonymousUser()) == ""


def test_display_names_load_with_their_users_in_one_query(django_assert_num_queries):
    ReaderFactory.create_batch(3)
    from django.contrib.auth import get_user_model

    with django_assert_num_queries(1):
        names = [
            display_name_of(user=u) for u in get_user_model().objects.select_related("profile")
        ]
    assert len(names) == 3


def test_only_confirmed_active_readers_can_comment():
    confirmed = ReaderFactory()
    unconfirmed = ReaderFactory(verified=False)
    inactive = ReaderFactory()
    inactive.is_active = False
    inactive.save()

    assert reader_can_comment(user=confirmed)
    assert not reader_can_comment(user=unconfirmed)
    assert not reader_can_comment(user=inactive)
    assert not reader_can_comment(user=AnonymousUser())
    EmailAddress.objects.filter(user=unconfirmed).update(verified=True)
    assert reader_can_comment(user=unconfirmed)
