"""A display name cannot pass for another reader's with look-alike letters of another script
(« Mаrie L. » with a Cyrillic а, « ΑΝΝΑ » in Greek capitals), at sign-up or in Mon compte."""

import importlib

import pytest
from django.contrib.auth import get_user_model

from rotative.accounts.models import Profile
from rotative.accounts.tests.conftest import field_errors, html
from rotative.accounts.tests.factories import ReaderFactory
from rotative.accounts.tests.test_signup import sign_up

pytestmark = pytest.mark.django_db

LOOKALIKE = (
    "Ce nom ressemble trop à celui d'un autre lecteur (des lettres qui se ressemblent). "
    "Choisissez-en un autre."
)
MIXED = (
    "Le nom affiché mélange plusieurs alphabets (par exemple latin et cyrillique) : "
    "écrivez-le dans un seul."
)


@pytest.mark.parametrize(
    ("taken", "impostor", "message"),
    [
        ("Marie L.", "M\u0430rie L.", MIXED),  # Cyrillic а among Latin letters
        ("Coco", "\u0421\u043e\u0441\u043e", LOOKALIKE),  # all Cyrillic: С о с о
        ("Anna", "\u0391\u039d\u039d\u0391", LOOKALIKE),  # all Greek capitals: Α Ν Ν Α
        ("Paul", "P\u03b1ul", MIXED),  # Greek α among Latin letters
        ("Paul", "PauI", LOOKALIKE),  # a capital I for the l
    ],
)
def test_sign_up_refuses_a_name_that_looks_like_another_readers(
    client, home, taken, impostor, message
):
    ReaderFactory(display_name=taken)

    response = sign_up(client, display_name=impostor)

    assert field_errors(response, "display_name") == [message]
    assert not get_user_model().objects.filter(email="nouvelle@example.fr").exists()


def test_changing_ones_name_to_a_greek_lookalike_is_refused(client, reader):
    ReaderFactory(display_name="Kate")
    client.force_login(reader)

    response = client.post("/compte/", {"display_name": "\u039a\u0391\u03a4\u0395"})  # ΚΑΤΕ

    assert field_errors(response, "display_name") == [LOOKALIKE]
    assert html(response).select_one("[name=display_name]")["value"] == "ΚΑΤΕ"
    assert Profile.objects.get(user=reader).display_name == "Marie L."


def test_names_in_one_other_script_are_still_welcome(client, home):
    sign_up(client, display_name="Дмитрий")
    assert Profile.objects.filter(display_name="Дмитрий").exists()


def test_existing_lookalike_names_keep_their_owner_after_the_migration(db):
    first = ReaderFactory(display_name="Anna")
    second = ReaderFactory(display_name="Bob")
    # As the rows were before: keyed without look-alikes, so both could exist.
    Profile.objects.filter(user=second).update(display_name="ΑΝΝΑ", display_name_key="αννα")
    migration = importlib.import_module(
        "rotative.accounts.migrations.0003_display_name_key_lookalikes"
    )
    from django.apps import apps

    migration.recompute_keys(apps, None)

    keys = dict(Profile.objects.values_list("user_id", "display_name_key"))
    suffix = Profile.objects.get(user=second).pk  # the profile's id, not the user's
    assert (keys[first.pk], keys[second.pk]) == ("anna", f"anna#{suffix}")
    profile = Profile.objects.get(user=second)
    profile.notify_replies = False
    profile.save()  # the owner can still save their preferences
    assert Profile.objects.get(user=second).display_name_key == f"anna#{suffix}"
