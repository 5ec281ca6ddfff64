"""Who sees an ad: online ads for everyone, the owner's own in any state but deleted,
submitted ads for moderators. Any other id answers the 404 of an id that never existed."""

from datetime import timedelta

import pytest
from django.utils import timezone

from rotative.accounts.tests.factories import ReaderFactory
from rotative.classifieds.models import Ad, AdMessage, AdReport
from rotative.classifieds.services import messaging
from rotative.classifieds.tests.factories import ad_online
from rotative.core.bot_trap import form_stamp

pytestmark = pytest.mark.django_db

TITLE = "Maison à vendre"
MISSING = 10**6
HIDDEN_STATES = ["draft", "pending", "rejected", "sold", "deleted", "expired"]


@pytest.fixture
def stranger(db):
    return ReaderFactory(email="curieux@example.fr", display_name="Curieux")


def ad_in(state, *, owner, moderator):
    """An ad that went online, then into `state` (expired: still published, out of date)."""
    return move_to(ad_online(owner=owner, moderator=moderator), state)


def move_to(ad, state):
    if state == "expired":
        Ad.objects.filter(pk=ad.pk).update(expires_at=timezone.now() - timedelta(days=1))
    elif state != "online":
        Ad.objects.filter(pk=ad.pk).update(status=state)
    ad.refresh_from_db()
    return ad


def stranger_paths(pk):
    """Every page that shows an ad to someone who does not own it, with its method and data."""
    message = {"text": "Bonjour, est-ce encore disponible ?", "rendered": form_stamp(0)}
    return [
        ("get", f"/annonces/{pk}-maison-a-vendre/", {}),
        ("post", f"/annonces/{pk}/contacter/", {"text": ""}),  # the form's error path
        ("post", f"/annonces/{pk}/contacter/", message),
        ("get", f"/annonces/{pk}/signaler/", {}),
        ("post", f"/annonces/{pk}/signaler/", {"reason": "scam"}),
        ("get", f"/annonces/{pk}/modifier/", {}),
        ("get", f"/annonces/{pk}/apercu/", {}),
        ("post", f"/annonces/{pk}/prolonger/", {}),
    ]


def assert_same_404_as_missing(client, method, path, data, pk, *, anonymous=False):
    """The answer an id that never existed gets: a 404, or for an anonymous visitor on a page
    for members, the same redirection to the login page."""
    answer = getattr(client, method)(path, data)
    missing = getattr(client, method)(path.replace(str(pk), str(MISSING), 1), data)
    assert answer.status_code == missing.status_code, path
    assert answer.status_code in ((404, 302) if anonymous else (404,)), path
    assert TITLE not in answer.content.decode()


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_a_stranger_gets_the_404_of_a_missing_id_on_every_page_of_a_hidden_ad(
    client, seller, moderator, stranger, state
):
    ad = ad_in(state, owner=seller, moderator=moderator)
    for user in (None, stranger):
        if user:
            client.force_login(user)
        for method, path, data in stranger_paths(ad.pk):
            assert_same_404_as_missing(client, method, path, data, ad.pk, anonymous=not user)
    assert not AdMessage.objects.exists() and not AdReport.objects.exists()


def test_an_online_ad_is_seen_answered_and_reported_by_a_stranger(
    client, seller, moderator, stranger
):
    ad = ad_in("online", owner=seller, moderator=moderator)
    client.force_login(stranger)
    assert TITLE in client.get(ad.get_absolute_url()).content.decode()
    assert client.get(f"/annonces/{ad.pk}/signaler/").status_code == 200
    invalid = client.post(f"/annonces/{ad.pk}/contacter/", {"text": ""})
    assert invalid.status_code == 400 and TITLE in invalid.content.decode()
    # Not the stranger's to edit, preview or renew.
    for path in (f"/annonces/{ad.pk}/modifier/", f"/annonces/{ad.pk}/apercu/"):
        assert client.get(path).status_code == 404
    assert client.post(f"/annonces/{ad.pk}/prolonger/").status_code == 404


@pytest.mark.parametrize("state", ["draft", "pending", "rejected", "sold", "expired"])
def test_the_owner_sees_their_own_ad_in_any_state(client, seller, moderator, state):
    ad = ad_in(state, owner=seller, moderator=moderator)
    client.force_login(seller)
    for path in (ad.get_absolute_url(), f"/annonces/{ad.pk}/modifier/"):
        assert TITLE in client.get(path).content.decode(), path
    assert TITLE in client.get("/annonces/mes-annonces/").content.decode()


def test_a_deleted_ad_is_gone_for_its_owner_too(client, seller, moderator):
    ad = ad_in("deleted", owner=seller, moderator=moderator)
    client.force_login(seller)
    for path in (
        ad.get_absolute_url(),
        f"/annonces/{ad.pk}/modifier/",
        f"/annonces/{ad.pk}/apercu/",
    ):
        assert client.get(path).status_code == 404, path
    for action in ("prolonger", "vendue", "supprimer"):
        assert client.post(f"/annonces/{ad.pk}/{action}/").status_code == 404
    client.post(f"/annonces/{ad.pk}/modifier/", {"title": "Revenue", "price": 1})
    ad.refresh_from_db()
    assert ad.status == Ad.Status.DELETED and ad.title == TITLE  # not brought back by an edit
    assert TITLE not in client.get("/annonces/mes-annonces/").content.decode()


@pytest.mark.parametrize(
    ("state", "seen"),
    [("pending", True), ("rejected", True), ("sold", True), ("draft", False), ("deleted", False)],
)
def test_moderators_open_submitted_ads_from_the_admin_queue(client, seller, moderator, state, seen):
    ad = ad_in(state, owner=seller, moderator=moderator)
    client.force_login(moderator)
    assert client.get(ad.get_absolute_url()).status_code == (200 if seen else 404)


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_the_conversation_page_of_a_hidden_ad_is_a_404_for_the_reader_who_wrote(
    client, seller, moderator, stranger, state
):
    ad = ad_in("online", owner=seller, moderator=moderator)
    messaging.ad_message_send(ad=ad, sender=stranger, text="Bonjour.")
    move_to(ad, state)
    client.force_login(stranger)
    path = f"/annonces/{ad.pk}/messages/{stranger.pk}/"
    assert_same_404_as_missing(client, "get", path, {}, ad.pk)
    assert_same_404_as_missing(client, "post", path, {"text": "Alors ?"}, ad.pk)


def test_the_owner_reads_a_conversation_of_an_offline_ad_but_can_no_longer_answer(
    client, seller, moderator, stranger
):
    ad = ad_in("online", owner=seller, moderator=moderator)
    messaging.ad_message_send(ad=ad, sender=stranger, text="Bonjour.")
    Ad.objects.filter(pk=ad.pk).update(status=Ad.Status.SOLD)
    client.force_login(seller)
    path = f"/annonces/{ad.pk}/messages/{stranger.pk}/"
    page = client.get(path).content.decode()
    assert "Bonjour." in page and "la conversation est close" in page
    answer = client.post(path, {"text": "Vendue, désolé.", "rendered": form_stamp(0)})
    assert answer.status_code == 400
    assert "la conversation est close" in answer.content.decode()
    assert AdMessage.objects.count() == 1


@pytest.mark.parametrize("state", ["draft", "deleted", "rejected", "sold"])
def test_moderators_cannot_publish_an_ad_its_owner_did_not_send(client, seller, moderator, state):
    ad = ad_in(state, owner=seller, moderator=moderator)
    client.force_login(moderator)
    client.post(f"/admin/annonces/{ad.pk}/moderer/", {"action": "approve"})
    client.post(f"/admin/annonces/{ad.pk}/moderer/", {"action": "reject", "reason": "Non"})
    ad.refresh_from_db()
    assert ad.status == state
