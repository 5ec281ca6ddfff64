"""The sending engine's messages, serialised once per mailing (mail.PreparedMailing), are the
bytes the reference path (mail.message_build, Django's email package at send time) gives each
subscriber: subject, sender, recipient, their own signed links in both bodies and in
List-Unsubscribe, Message-ID. Only the MIME boundary, drawn at random per message, differs."""

import re
from email import message_from_bytes, policy
from email.parser import BytesParser
from urllib.parse import urlsplit

import pytest
import time_machine

from rotative.newsletter import links, mail
from rotative.newsletter.models import Delivery, Mailing, Subscriber
from rotative.newsletter.tests.factories import SubscriberFactory, mailing

pytestmark = pytest.mark.django_db

LONG_LINE = "Granville. " * 95  # 1,045 characters: the email package quoted-printables it


def digest() -> Mailing:
    """The morning letter from its real templates, as the digest composer renders it."""
    story = {
        "title": "Granville. Le port de pêche retrouve ses chalutiers",
        "summary": "Élus, habitants et associations en parlent.",
        "url": "https://www.example.fr/manche/port/",
        "section": "Manche",
        "image_url": "",
    }
    html, text = mail.bodies_render(
        "emails/newsletter_digest", {"stories": [story] * 3, "items": [story] * 3}
    )
    return Mailing.objects.create(
        kind=Mailing.Kind.DIGEST,
        subject="La lettre du matin : l'essentiel de l'actualité de la Manche, ce lundi",
        html=html,
        text=text,
    )


def confirmation() -> Mailing:
    html, text = mail.bodies_render("emails/newsletter_confirm")
    return Mailing.objects.create(
        kind=Mailing.Kind.CONFIRMATION, subject="Confirmez votre inscription", html=html, text=text
    )


QUOTED_PRINTABLE = {"long line", "long once linked"}
MAILINGS = {
    "alert": lambda: mailing(),
    "ascii only": lambda: mailing(subject="Breaking", body="The dike broke."),
    "morning letter": digest,
    "confirmation": confirmation,
    # Quoted-printable from the start, then only once a link is in: both left to Django.
    "long line": lambda: mailing(body=LONG_LINE),
    "long once linked": lambda: mailing(body="x" * 960 + f" {mail.UNSUBSCRIBE_URL}"),
}


def reference_and_prepared(alert: Mailing, reader: Subscriber) -> tuple[bytes, bytes, bool]:
    """Both messages' bytes, and whether the prepared one was made from the mailing's bytes."""
    delivery = Delivery.objects.create(mailing=alert, subscriber=reader)
    reference = mail.message_build(mailing=alert, delivery=delivery, subscriber=reader)
    prepared = mail.PreparedMailing(alert).message(delivery=delivery, subscriber=reader)
    return (
        reference.message().as_bytes(linesep="\r\n"),
        prepared.message().as_bytes(linesep="\r\n"),
        bool(getattr(prepared, "raw", b"")),
    )


def same_boundary(reference: bytes, prepared: bytes) -> bytes:
    """The reference with the prepared message's boundary (each message draws its own)."""
    boundary = re.compile(rb'boundary="([^"]+)"')
    return reference.replace(
        boundary.search(reference).group(1), boundary.search(prepared).group(1)
    )


@pytest.mark.parametrize("kind", MAILINGS)
@pytest.mark.parametrize("address", ["lecteur@example.fr", "élodie@exemple.fr"])
@pytest.mark.parametrize("mailto", ["", "desinscription@example.fr"])
def test_each_subscriber_gets_the_bytes_the_reference_path_gives_them(
    settings, kind, address, mailto
):
    settings.SITE_URL = "https://www.example.fr"
    settings.NEWSLETTER_UNSUBSCRIBE_MAILTO = mailto
    reader = Subscriber.objects.create(email=address, status=Subscriber.Status.CONFIRMED)
    alert = MAILINGS[kind]()
    # One instant for both: the Date header and the confirmation link's timestamp.
    with time_machine.travel("2026-12-07 06:00:00+00:00", tick=False):
        reference, prepared, spliced = reference_and_prepared(alert, reader)

    assert prepared == same_boundary(reference, prepared)
    assert spliced == (kind not in QUOTED_PRINTABLE)


def test_the_links_in_the_prepared_message_are_the_readers_own_and_work(client, settings):
    settings.SITE_URL = "https://www.example.fr"
    readers = [SubscriberFactory(), SubscriberFactory()]
    alert = digest()
    prepared = mail.PreparedMailing(alert)
    for reader in readers:
        delivery = Delivery.objects.create(mailing=alert, subscriber=reader)
        raw = prepared.message(delivery=delivery, subscriber=reader).message().as_bytes()
        received = BytesParser(policy=policy.default).parsebytes(raw)
        assert received["To"] == reader.email
        assert received["Message-ID"] == delivery.message_id
        header = str(received["List-Unsubscribe"]).strip("<> ")
        html = received.get_body(preferencelist=("html",)).get_content()
        text = received.get_body(preferencelist=("plain",)).get_content()
        assert header in html and header in text
        token = urlsplit(header).path.rstrip("/").rsplit("/", 1)[-1]
        assert links.subscriber_from_manage_token(token) == reader

        # Signed for this reader only: the link unsubscribes them, nobody else.
        client.post(
            urlsplit(header).path,
            data="List-Unsubscribe=One-Click",
            content_type="application/x-www-form-urlencoded",
        )
        reader.refresh_from_db()
        assert reader.status == Subscriber.Status.UNSUBSCRIBED
    assert Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED).count() == 0


def test_a_new_key_gives_new_links_in_the_same_batch():
    """Nothing personal is kept between messages: links follow the subscriber's key."""
    reader = SubscriberFactory()
    alert = mailing()
    prepared = mail.PreparedMailing(alert)
    delivery = Delivery.objects.create(mailing=alert, subscriber=reader)
    before = prepared.message(delivery=delivery, subscriber=reader).extra_headers
    reader.key = "nouvelle-cle"
    reader.save(update_fields=["key"])
    after = prepared.message(delivery=delivery, subscriber=reader).extra_headers
    assert before["List-Unsubscribe"] != after["List-Unsubscribe"]
    assert links.manage_token(reader) in after["List-Unsubscribe"]


def test_a_backend_that_reads_the_message_reads_the_same_one(settings):
    """The console and locmem backends (development, tests) see the parsed message."""
    reader = SubscriberFactory()
    alert = mailing()
    delivery = Delivery.objects.create(mailing=alert, subscriber=reader)
    message = mail.PreparedMailing(alert).message(delivery=delivery, subscriber=reader)
    serialised = message.message()
    assert serialised["Subject"] == message_from_bytes(message.raw)["Subject"]
    assert serialised.get_charset() is None  # what the console backend asks
    assert b"\r\n" not in serialised.as_bytes() and serialised.as_string().startswith(
        "Content-Type: multipart/alternative"
    )
