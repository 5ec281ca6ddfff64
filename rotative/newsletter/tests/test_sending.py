"""The sending engine, against a real SMTP server: once per subscriber, headers, failures."""

from collections import Counter
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.utils import timezone

from rotative.newsletter import services
from rotative.newsletter.models import Delivery, Subscriber
from rotative.newsletter.services import sending
from rotative.newsletter.tests.factories import SubscriberFactory, mailing

pytestmark = pytest.mark.django_db


def queue(mailing_, subscribers, capture):
    with capture(execute=True):
        return sending.mailing_queue(mailing=mailing_, subscriber_ids=[s.pk for s in subscribers])


def test_each_subscriber_gets_one_personal_message_with_one_click_unsubscribe(
    smtp_server, django_capture_on_commit_callbacks
):
    readers = [SubscriberFactory() for _ in range(5)]
    alert = mailing()
    assert queue(alert, readers, django_capture_on_commit_callbacks) == 5

    received = smtp_server.wait_for(5)
    assert sorted(m["To"] for m in received) == sorted(r.email for r in readers)
    assert {m["Subject"] for m in received} == {"Alerte info : la digue a cédé"}
    unsubscribe_links = set()
    for message in received:
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        link = str(message["List-Unsubscribe"]).strip("<> ")
        assert link.startswith("http") and "/newsletter/desinscription/" in link
        assert link in smtp_server.text(message)  # the same link in the body
        unsubscribe_links.add(link)
        delivery = alert.deliveries.get(subscriber__email=message["To"])
        assert message["Message-ID"] == delivery.message_id
        assert delivery.status == Delivery.Status.SENT and delivery.sent_at is not None
    assert len(unsubscribe_links) == 5  # personal links, the body rendered only once
    alert.refresh_from_db()
    assert alert.finished_at is not None

    # Queued twice, sent again: nobody gets a second copy.
    queue(alert, readers, django_capture_on_commit_callbacks)
    assert sending.mailing_send(mailing_id=alert.pk) == 0
    assert len(smtp_server.messages) == 5


def test_one_click_unsubscribe_from_the_mail_header_stops_everything(
    client, smtp_server, django_capture_on_commit_callbacks
):
    reader = SubscriberFactory()
    queue(mailing(), [reader], django_capture_on_commit_callbacks)
    header = str(smtp_server.wait_for(1)[0]["List-Unsubscribe"]).strip("<> ")

    # What a mail client does (RFC 8058): a POST, no cookie, no CSRF token, no login.
    response = client.post(
        urlsplit(header).path,
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.UNSUBSCRIBED
    assert reader.consents.last().source == services.SOURCE_ONE_CLICK

    digest = mailing(kind="digest", subject="Lettre du matin")
    queue(digest, [reader], django_capture_on_commit_callbacks)
    assert len(smtp_server.messages) == 1
    assert digest.deliveries.get().status == Delivery.Status.SKIPPED


def test_only_confirmed_subscribers_get_news(smtp_server, django_capture_on_commit_callbacks):
    confirmed = SubscriberFactory(email="oui@example.fr")
    pending = SubscriberFactory(email="pas-encore@example.fr", confirmed=False)
    gone = SubscriberFactory(email="parti@example.fr")
    services.subscriber_unsubscribe(subscriber=gone)
    alert = mailing()
    queue(alert, [confirmed, pending, gone], django_capture_on_commit_callbacks)
    assert [m["To"] for m in smtp_server.wait_for(1)] == ["oui@example.fr"]
    assert Counter(alert.deliveries.values_list("status", flat=True)) == {"sent": 1, "skipped": 2}


def test_an_address_the_server_refuses_fails_alone(smtp_server, django_capture_on_commit_callbacks):
    async def handle_RCPT(server, session, envelope, address, rcpt_options):
        if address.startswith("inconnu"):
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    smtp_server.handle_RCPT = handle_RCPT
    readers = [
        SubscriberFactory(email=e) for e in ("a@example.fr", "inconnu@example.fr", "b@example.fr")
    ]
    alert = mailing()
    queue(alert, readers, django_capture_on_commit_callbacks)
    assert sorted(m["To"] for m in smtp_server.wait_for(2)) == ["a@example.fr", "b@example.fr"]
    failed = alert.deliveries.get(status=Delivery.Status.FAILED)
    assert failed.subscriber.email == "inconnu@example.fr" and failed.error.startswith("550")


def test_smtp_down_leaves_everything_queued_for_the_next_run(settings, smtp_server):
    readers = [SubscriberFactory() for _ in range(3)]
    alert = mailing()
    sending.mailing_queue(mailing=alert, subscriber_ids=[r.pk for r in readers])
    settings.EMAIL_PORT = 9  # nothing listens there
    with pytest.raises(sending.SmtpUnavailable):
        sending.mailing_send(mailing_id=alert.pk)
    assert set(alert.deliveries.values_list("status", flat=True)) == {"queued"}

    settings.EMAIL_PORT = smtp_server.port
    assert sending.mailing_send(mailing_id=alert.pk) == 3
    assert len(smtp_server.wait_for(3)) == 3


def test_a_run_killed_between_smtp_accept_and_commit_sends_that_one_again_with_its_message_id(
    smtp_server, monkeypatch
):
    """The one window the protocol cannot close, shown rather than hidden: the copy sent
    again carries the same Message-ID, and nobody else gets anything twice."""
    readers = [SubscriberFactory() for _ in range(4)]
    alert = mailing()
    sending.mailing_queue(mailing=alert, subscriber_ids=[r.pk for r in readers])

    real_mark = sending._mark

    def killed_after_first_accept(delivery, claim, *, status, error=""):
        if status == Delivery.Status.SENT:
            raise SystemExit("killed")  # the server said 250; the commit never happens
        return real_mark(delivery, claim, status=status, error=error)

    monkeypatch.setattr(sending, "_mark", killed_after_first_accept)
    with pytest.raises(SystemExit):
        sending.mailing_send(mailing_id=alert.pk)
    monkeypatch.setattr(sending, "_mark", real_mark)
    assert len(smtp_server.wait_for(1)) == 1

    # The dead run's lease has not expired: another run leaves its rows alone…
    assert sending.mailing_send(mailing_id=alert.pk) == 0
    # …until it has.
    alert.deliveries.update(lease_until=timezone.now() - timedelta(seconds=1))
    assert sending.mailing_send(mailing_id=alert.pk) == 4

    received = smtp_server.wait_for(5)
    copies = Counter(m["Message-ID"] for m in received)
    assert sorted(copies.values()) == [1, 1, 1, 2]
    twice = next(mid for mid, n in copies.items() if n == 2)
    assert Counter(m["To"] for m in received if m["Message-ID"] != twice) == {
        r.email: 1 for r in readers if alert.deliveries.get(subscriber=r).message_id != twice
    }


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
def test_only_the_sent_marks_skip_the_wait_for_the_disk(smtp_server, monkeypatch):
    """The marks commit asynchronously (services/sending.py says why); whatever the worker
    does next on the same connection waits for the disk again, even after a failed batch."""
    readers = [SubscriberFactory() for _ in range(3)]
    alert = mailing()
    sending.mailing_queue(mailing=alert, subscriber_ids=[r.pk for r in readers])

    def synchronous_commit() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            return cursor.fetchone()[0]

    seen = []
    real_mark = sending._mark

    def mark(delivery, claim, *, status, error=""):
        seen.append(synchronous_commit())
        if len(seen) == 2:
            raise RuntimeError("the worker's own fault, mid-batch")
        return real_mark(delivery, claim, status=status, error=error)

    monkeypatch.setattr(sending, "_mark", mark)
    with pytest.raises(RuntimeError):
        sending.mailing_send(mailing_id=alert.pk)
    assert seen == ["off", "off"]
    assert synchronous_commit() == "on"
