"""Answering an ad: the message reaches the advertiser by mail, no address is ever shown."""

from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from rotative.accounts.tests.factories import ReaderFactory
from rotative.classifieds import services
from rotative.classifieds.models import Ad, AdMessage
from rotative.classifieds.services import messaging
from rotative.classifieds.tests.factories import ad_online
from rotative.core.bot_trap import form_stamp

pytestmark = pytest.mark.django_db


@pytest.fixture
def buyer(db):
    return ReaderFactory(email="acheteuse@example.fr", display_name="Nadia B.")


def test_a_reader_writes_and_the_advertiser_answers_without_seeing_addresses(
    client, seller, moderator, buyer, smtp_server, django_capture_on_commit_callbacks
):
    ad = ad_online(owner=seller, moderator=moderator)
    client.force_login(buyer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/annonces/{ad.pk}/contacter/",
            {"text": "Bonjour, la maison est-elle toujours libre ?", "rendered": form_stamp(0)},
        )
    assert response["Location"] == f"/annonces/{ad.pk}/messages/{buyer.pk}/"
    (to_seller,) = smtp_server.wait_for(1)
    assert to_seller["To"] == "vendeur@example.fr"
    raw = to_seller.as_string()
    assert "acheteuse@example.fr" not in raw and "Reply-To" not in raw
    assert "la maison est-elle toujours libre" in smtp_server.text(to_seller)
    reply_link = smtp_server.first_link(f"/annonces/{ad.pk}/messages/", to_seller)

    client.force_login(seller)
    page = client.get(urlsplit(reply_link).path)
    assert "Nadia B." in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/annonces/{ad.pk}/messages/{buyer.pk}/",
            {"text": "Oui, visite possible samedi.", "rendered": form_stamp(0)},
        )
    to_buyer = smtp_server.wait_for(2)[1]
    assert to_buyer["To"] == "acheteuse@example.fr"
    assert "vendeur@example.fr" not in to_buyer.as_string()
    assert AdMessage.objects.count() == 2


def test_only_the_two_parties_read_a_conversation(client, seller, moderator, buyer):
    ad = ad_online(owner=seller, moderator=moderator)
    messaging.ad_message_send(ad=ad, sender=buyer, text="Bonjour.")
    client.force_login(ReaderFactory(email="curieux@example.fr"))
    assert client.get(f"/annonces/{ad.pk}/messages/{buyer.pk}/").status_code == 404


def test_writing_too_often_is_refused(seller, moderator, buyer, settings):
    ad = ad_online(owner=seller, moderator=moderator)
    messaging.ad_message_send(ad=ad, sender=buyer, text="Premier message.")
    with pytest.raises(services.AdError, match="patientez quelques secondes"):
        messaging.ad_message_send(ad=ad, sender=buyer, text="Deuxième.")


def test_anonymous_readers_are_asked_to_log_in(client, seller, moderator):
    ad = ad_online(owner=seller, moderator=moderator)
    page = BeautifulSoup(client.get(ad.get_absolute_url()).content, "html.parser")
    link = page.select_one(".ad-contact a")
    assert link.get_text(strip=True) == "Connectez-vous pour contacter l'annonceur"
    assert link["href"].startswith("/compte/connexion/?next=")


def test_the_advertiser_cannot_open_a_conversation_with_a_reader_who_never_wrote(
    client, seller, moderator, buyer, smtp_server, django_capture_on_commit_callbacks
):
    ad = ad_online(owner=seller, moderator=moderator)
    client.force_login(seller)
    message = {"text": "Bonjour, une offre pour vous.", "rendered": form_stamp(0)}
    answers = {}
    # A real reader's id and an id no account has: the same 404, so ids reveal no account.
    for user_id in (buyer.pk, 10**6):
        with django_capture_on_commit_callbacks(execute=True):
            answers[user_id] = (
                client.get(f"/annonces/{ad.pk}/messages/{user_id}/").status_code,
                client.post(f"/annonces/{ad.pk}/messages/{user_id}/", message).status_code,
            )
    assert answers == {buyer.pk: (404, 404), 10**6: (404, 404)}
    assert not AdMessage.objects.exists()
    assert smtp_server.messages == []
    with pytest.raises(services.AdError, match="pas la vôtre"):
        messaging.ad_message_reply(ad=ad, sender=seller, buyer_id=buyer.pk, text="Bonjour.")


def test_the_advertiser_answers_only_within_the_readers_own_conversation(seller, moderator, buyer):
    ad = ad_online(owner=seller, moderator=moderator)
    other = ReaderFactory(email="autre@example.fr")
    messaging.ad_message_send(ad=ad, sender=buyer, text="Bonjour.")
    messaging.ad_message_reply(ad=ad, sender=seller, buyer_id=buyer.pk, text="Oui ?")
    for sender, buyer_id in ((seller, other.pk), (other, buyer.pk), (seller, seller.pk)):
        with pytest.raises(services.AdError, match="pas la vôtre"):
            messaging.ad_message_reply(ad=ad, sender=sender, buyer_id=buyer_id, text="Hé.")
    assert AdMessage.objects.count() == 2


@pytest.mark.parametrize("state", ["draft", "pending", "rejected", "sold", "deleted"])
def test_no_one_writes_about_an_ad_that_is_not_online(seller, moderator, buyer, state):
    ad = ad_online(owner=seller, moderator=moderator)
    messaging.ad_message_send(ad=ad, sender=buyer, text="Bonjour.")
    Ad.objects.filter(pk=ad.pk).update(status=state)
    ad.refresh_from_db()
    with pytest.raises(services.AdError, match="plus en ligne"):
        messaging.ad_message_send(ad=ad, sender=buyer, text="Toujours là ?")
    with pytest.raises(services.AdError, match="plus en ligne"):
        messaging.ad_message_reply(ad=ad, sender=seller, buyer_id=buyer.pk, text="Oui.")
    assert AdMessage.objects.count() == 1


def test_a_reader_whose_address_is_not_confirmed_cannot_write(client, seller, moderator):
    ad = ad_online(owner=seller, moderator=moderator)
    unconfirmed = ReaderFactory(email="pas-confirme@example.fr", verified=False)
    client.force_login(unconfirmed)
    response = client.post(
        f"/annonces/{ad.pk}/contacter/", {"text": "Bonjour.", "rendered": form_stamp(0)}
    )
    assert response.status_code in (400, 403)
    assert not AdMessage.objects.exists()
    with pytest.raises(services.AdError, match="Confirmez d'abord votre adresse"):
        messaging.ad_message_send(ad=ad, sender=unconfirmed, text="Bonjour.")
