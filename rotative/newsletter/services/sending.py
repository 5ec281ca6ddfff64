"""The sending engine: every message to every subscriber exactly once, even across crashes.

Protocol (one `Delivery` row per mailing and subscriber, unique together):

1. Queue: `mailing_queue` writes every delivery as `queued` and commits, before anything is
   handed to SMTP; the send task is enqueued after that commit.
2. Claim: a send run takes up to NEWSLETTER_BATCH_SIZE rows that are `queued` (or `sending`
   under an expired lease) with SELECT … FOR UPDATE SKIP LOCKED on PostgreSQL (on SQLite the
   IMMEDIATE transaction serialises claimers), and marks them `sending` with its own claim
   token and a lease; commit. Several workers share a mailing without ever taking the same row.
3. Send: over one SMTP connection, in id order, each message is handed to SMTP and, as soon as
   the server has accepted it, its row becomes `sent` with `sent_at` in its own commit (the
   update names the claim: a run whose lease was taken over marks nothing and stops). Each
   message is made from the mailing's bytes, serialised once per batch (mail.PreparedMailing).
4. Recover: a run killed mid-batch leaves its rows `sending`; once their lease has expired the
   sweep (tasks.newsletter_sweep) or any other run claims them again. `sent` rows are never
   claimed again, `queued` ones are sent once.

The one window we cannot close: the server has accepted a message (250 after DATA) and the
process dies before the `sent` commit. That row is sent again after the lease, so at most one
message per killed run may arrive twice; it carries the same Message-ID (Delivery.message_id),
which lets receiving systems and audits identify the copy. Dying anywhere else (before the
final dot of DATA, or after the commit) loses nothing and duplicates nothing. We prefer this
rare duplicate to the alternative (never retrying an uncertain row), which would silently drop
the in-flight message of every killed run, including the common case where SMTP had not yet
accepted it.

Those `sent` commits are asynchronous on PostgreSQL (synchronous_commit off, for the sending
run's own statements only): the server has the commit before the next message is handed over,
so a worker killed at any point keeps every row it marked, exactly as above; only a crash of
PostgreSQL itself may forget the marks of its last moments (at most three times
wal_writer_delay, 0.6 s by default), whose messages then go again after the lease, each with
its own Message-ID, like the window above. Waiting for the disk at every message halved the
engine's throughput on a busy machine (docs/performance.md).

Call these functions outside any transaction (the tasks do): the per-message commits are the
point.
"""

import logging
import smtplib
import uuid
from collections.abc import Iterable
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import DatabaseError, transaction
from django.db import connection as db_connection
from django.db.models import F, Q
from django.utils import timezone

from rotative.newsletter import mail
from rotative.newsletter.models import Delivery, Mailing, Subscriber

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
QUEUE_CHUNK = 5000


class SmtpUnavailable(Exception):
    """The SMTP connection failed: the rest of the batch went back to the queue."""


# --- queueing -------------------------------------------------------------------------------


def mailing_queue(*, mailing: Mailing, subscriber_ids: Iterable[int]) -> int:
    """Write one queued delivery per subscriber (once, whatever is called twice), then have
    the worker send them after the commit. Returns how many deliveries were added."""
    from rotative.newsletter import tasks

    added = 0
    with transaction.atomic():
        chunk: list[Delivery] = []
        for subscriber_id in subscriber_ids:
            chunk.append(Delivery(mailing_id=mailing.pk, subscriber_id=subscriber_id))
            if len(chunk) >= QUEUE_CHUNK:
                added += len(Delivery.objects.bulk_create(chunk, ignore_conflicts=True))
                chunk = []
        if chunk:
            added += len(Delivery.objects.bulk_create(chunk, ignore_conflicts=True))
        Mailing.objects.filter(pk=mailing.pk).update(queued_at=timezone.now(), finished_at=None)
        mailing_id = mailing.pk
        transaction.on_commit(lambda: tasks.send_mailing.enqueue(mailing_id))
    return added


def mail_one(*, subscriber: Subscriber, kind: str, subject: str, template: str) -> Mailing:
    """A transactional mail (confirmation, « déjà inscrit ») through the same engine, so it
    is recorded, carries the same headers and is sent once like any other."""
    html, text = mail.bodies_render(template)
    mailing = Mailing.objects.create(kind=kind, subject=subject, html=html, text=text)
    mailing_queue(mailing=mailing, subscriber_ids=[subscriber.pk])
    return mailing


# --- sending --------------------------------------------------------------------------------


def mailing_send(*, mailing_id: int) -> int:
    """Send every delivery of the mailing this run can claim; returns how many were sent."""
    mailing = Mailing.objects.filter(pk=mailing_id).first()
    if mailing is None:
        return 0
    sent = 0
    connection = None
    try:
        while True:
            claim = uuid.uuid4().hex
            if not _claim(mailing_id=mailing_id, claim=claim):
                break
            if connection is None:
                connection = _connect(claim)
            sent += _send_claimed(mailing=mailing, claim=claim, connection=connection)
    finally:
        if connection is not None:
            connection.close()
    _finish_if_done(mailing)
    return sent


def _connect(claim: str):
    connection = get_connection()
    try:
        connection.open()
    except (smtplib.SMTPException, OSError) as error:
        _release(claim, from_pk=0)
        raise SmtpUnavailable(str(error)) from error
    return connection


def mailings_resume() -> int:
    """Every mailing with deliveries left: what a killed run left, or what waits."""
    sent = 0
    for mailing_id in Mailing.objects.filter(
        queued_at__isnull=False, finished_at__isnull=True
    ).values_list("pk", flat=True):
        try:
            sent += mailing_send(mailing_id=mailing_id)
        except SmtpUnavailable:
            raise  # the server is down for every mailing: the sweep comes back later
        except Exception:  # noqa: BLE001 (one mailing's trouble must not hold up the others)
            logger.exception("Mailing %s could not be sent, the others go on", mailing_id)
    return sent


def _claimable(mailing_id: int, now):
    return Delivery.objects.filter(mailing_id=mailing_id).filter(
        Q(status=Delivery.Status.QUEUED) | Q(status=Delivery.Status.SENDING, lease_until__lt=now)
    )


def _claim(*, mailing_id: int, claim: str) -> int:
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            _claimable(mailing_id, now)
            .order_by("pk")
            .select_for_update(skip_locked=True)  # ignored on SQLite, see the module doc
            .values_list("pk", flat=True)[: settings.NEWSLETTER_BATCH_SIZE]
        )
        if ids:
            Delivery.objects.filter(pk__in=ids).update(
                status=Delivery.Status.SENDING,
                claim=claim,
                lease_until=now + timedelta(seconds=settings.NEWSLETTER_LEASE_SECONDS),
                attempts=F("attempts") + 1,
            )
    return len(ids)


@contextmanager
def _commits_not_waiting_for_disk():
    """synchronous_commit off for this connection while a batch is sent (module doc)."""
    if db_connection.vendor != "postgresql":
        yield
        return
    with db_connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        try:
            with db_connection.cursor() as cursor:
                cursor.execute("RESET synchronous_commit")
        except DatabaseError:  # the connection is gone, and the setting with it
            logger.warning("Could not reset synchronous_commit", exc_info=True)


def _send_claimed(*, mailing: Mailing, claim: str, connection) -> int:
    with _commits_not_waiting_for_disk():
        return _send_rows(mailing=mailing, claim=claim, connection=connection)


def _send_rows(*, mailing: Mailing, claim: str, connection) -> int:
    rows = list(
        Delivery.objects.filter(claim=claim, status=Delivery.Status.SENDING)
        .select_related("subscriber")
        .order_by("pk")
    )
    lease = timedelta(seconds=settings.NEWSLETTER_LEASE_SECONDS)
    renew_at = timezone.now() + lease / 2
    prepared = mail.PreparedMailing(mailing)  # per batch: a new sender name shows at the next
    sent = 0
    for delivery in rows:
        if timezone.now() >= renew_at:  # a slow server: keep the rest of the batch ours
            renew_at = timezone.now() + lease / 2
            _still_ours(claim).filter(pk__gte=delivery.pk).update(
                lease_until=timezone.now() + lease
            )
        if not _eligible(mailing, delivery.subscriber):
            _mark(delivery, claim, status=Delivery.Status.SKIPPED)
            continue
        if delivery.attempts > MAX_ATTEMPTS:
            _mark(delivery, claim, status=Delivery.Status.FAILED, error="too many attempts")
            continue
        try:
            message = prepared.message(delivery=delivery, subscriber=delivery.subscriber)
            connection.send_messages([message])
        except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError) as error:
            code = _smtp_code(error)
            if code >= 500:  # refused for good: this address, this message
                _mark(delivery, claim, status=Delivery.Status.FAILED, error=f"{code} {error}")
                continue
            _release(claim, from_pk=delivery.pk)  # 4xx: try again later
            raise SmtpUnavailable(str(error)) from error
        except (smtplib.SMTPException, OSError) as error:
            # Connection lost before the server's answer: not accepted, it goes back to the
            # queue with the rest of the batch, and the sweep tries again later.
            _release(claim, from_pk=delivery.pk)
            logger.warning("Mailing %s: SMTP failed after %d messages: %s", mailing.pk, sent, error)
            raise SmtpUnavailable(str(error)) from error
        except Exception as error:  # noqa: BLE001 (this message's own fault: the others go on)
            # A record the message cannot be built from (an address with a line break, say):
            # failed for good, with the reason on the subscriber's page in the admin.
            logger.exception("Mailing %s: delivery %s not sent", mailing.pk, delivery.pk)
            _mark(
                delivery,
                claim,
                status=Delivery.Status.FAILED,
                error=f"{type(error).__name__}: {error}",
            )
            continue
        if not _mark(delivery, claim, status=Delivery.Status.SENT):
            logger.error(
                "Mailing %s: lease of claim %s lost, stopping its batch", mailing.pk, claim
            )
            return sent + 1
        sent += 1
    return sent


def _eligible(mailing: Mailing, subscriber: Subscriber) -> bool:
    """Checked at send time: whoever unsubscribed since the mailing was queued gets nothing."""
    if mailing.is_transactional:
        return subscriber.status != Subscriber.Status.SUPPRESSED
    return subscriber.status == Subscriber.Status.CONFIRMED


def _still_ours(claim: str):
    return Delivery.objects.filter(claim=claim, status=Delivery.Status.SENDING)


def _mark(delivery: Delivery, claim: str, *, status: str, error: str = "") -> bool:
    """One statement, committed at once (autocommit): the record that this row is done.

    Written in SQL because it runs once per message: the ORM took longer to compile this
    UPDATE than PostgreSQL took to run and commit it. Same conditions as `_still_ours`."""
    now = timezone.now() if status == Delivery.Status.SENT else None
    with db_connection.cursor() as cursor:
        cursor.execute(
            _MARK_SQL.format(table=db_connection.ops.quote_name(Delivery._meta.db_table)),
            [
                status,
                db_connection.ops.adapt_datetimefield_value(now),
                error[:300],
                delivery.pk,
                claim,
                Delivery.Status.SENDING.value,
            ],
        )
        return cursor.rowcount == 1


_MARK_SQL = (
    "UPDATE {table} SET status = %s, sent_at = %s, error = %s, claim = '', lease_until = NULL"
    " WHERE id = %s AND claim = %s AND status = %s"
)


def _release(claim: str, *, from_pk: int) -> None:
    _still_ours(claim).filter(pk__gte=from_pk).update(
        status=Delivery.Status.QUEUED, claim="", lease_until=None
    )


def _smtp_code(error: smtplib.SMTPException) -> int:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return min((code for code, _message in error.recipients.values()), default=550)
    return getattr(error, "smtp_code", 550)


def _finish_if_done(mailing: Mailing) -> None:
    unfinished = Delivery.objects.filter(
        mailing=mailing, status__in=[Delivery.Status.QUEUED, Delivery.Status.SENDING]
    )
    if not unfinished.exists():
        Mailing.objects.filter(pk=mailing.pk, finished_at__isnull=True).update(
            finished_at=timezone.now()
        )
