"""Answering an ad: the message reaches the advertiser by mail, no address is ever shown."""

from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from rotative.accounts.tests.factories import ReaderFactory
from rotative.classifieds import messaging, services
from rotative.classifieds.models import AdMessage
from rotative.classifieds.tests.factories import ad_online
from rotative.comments.forms import form_stamp

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
