"""Reminders: a reader who asked for them (rappels/) hears, by mail and/or a notification on
their browsers, that matches starting within PRONOSTICS_REMINDER_HOURS are not predicted yet.

Run every 15 minutes (tasks.pronostics_reminders_send). At most one reminder per reader,
match day and window (models.ReminderSent): the row is claimed before anything is sent, so
two workers, or the job run again, never remind twice. A reader whose reminder fails (an
address the mail server refuses, a push service down) is logged and tried again at the next
run; the others get theirs.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rotative.core.identity import from_email, mail_context
from rotative.core.security_log import security_event
from rotative.core.templatetags.rotative import date_fr
from rotative.pronostics.models import Match, Prediction, ReminderPreference, ReminderSent

logger = logging.getLogger(__name__)

STOP_SALT = "rotative.pronostics.reminder-stop"
CHUNK = 500
# Where the reader predicts: the game's home page (the « pages » part of les pronostics).
GAME_PATH = "/pronostics/"


def reminder_preference_set(
    *, user, by_email: bool, by_push: bool, now: datetime | None = None
) -> ReminderPreference:
    preference, _created = ReminderPreference.objects.update_or_create(
        user=user,
        defaults={
            "by_email": bool(by_email),
            "by_push": bool(by_push),
            "updated_at": now or timezone.now(),
        },
    )
    return preference


def reminder_stop_token(*, user) -> str:
    """The signed key of the one-click stop link: it never expires, as unsubscribe links."""
    return signing.dumps(user.pk, salt=STOP_SALT)


def reminders_stop(*, token: str) -> bool:
    """Every reminder of the token's reader off, without a login; False for a forged token."""
    try:
        user_id = signing.loads(token, salt=STOP_SALT)
    except signing.BadSignature:
        security_event("signed_value_invalid", level=logging.WARNING, value="pronostics-reminder")
        return False
    ReminderPreference.objects.filter(user_id=user_id).update(
        by_email=False, by_push=False, updated_at=timezone.now()
    )
    return True


# --- sending --------------------------------------------------------------------------------


@dataclass
class _Due:
    """What one reader is reminded of: the match days claimed and their matches left."""

    claims: list[ReminderSent]
    matches: list[Match]


def _week_of(moment: datetime) -> date:
    day = timezone.localtime(moment).date()
    return day - timedelta(days=day.weekday())


def reminders_send(*, now: datetime | None = None) -> int:
    """Remind every opted-in reader of the open matches they have not predicted, when one
    of them kicks off within the reminder window; returns how many readers were told."""
    now = now or timezone.now()
    horizon = now + timedelta(hours=settings.PRONOSTICS_REMINDER_HOURS)
    soon_days = set(
        Match.objects.filter(
            status=Match.Status.SCHEDULED, kickoff__gt=now, kickoff__lte=horizon
        ).values_list("match_day_id", flat=True)
    )
    if not soon_days:
        return 0
    # Every open match of those days, the later ones too: the reader predicts the whole day.
    open_matches = list(
        Match.objects.filter(
            match_day_id__in=soon_days, status=Match.Status.SCHEDULED, kickoff__gt=now
        )
        .select_related("home", "away", "match_day__season__competition")
        .order_by("kickoff", "pk")
    )
    preferences = (
        ReminderPreference.objects.filter(Q(by_email=True) | Q(by_push=True), user__is_active=True)
        .select_related("user", "user__profile")
        .order_by("pk")
    )
    told = 0
    chunk: list[ReminderPreference] = []
    for preference in preferences.iterator(chunk_size=CHUNK):
        chunk.append(preference)
        if len(chunk) >= CHUNK:
            told += _chunk_send(chunk, open_matches, now=now, horizon=horizon)
            chunk = []
    if chunk:
        told += _chunk_send(chunk, open_matches, now=now, horizon=horizon)
    return told


def _chunk_send(chunk, open_matches: list[Match], *, now, horizon) -> int:
    user_ids = [preference.user_id for preference in chunk]
    predicted = defaultdict(set)
    for user_id, match_id in Prediction.objects.filter(
        user_id__in=user_ids, match__in=[match.pk for match in open_matches]
    ).values_list("user_id", "match_id"):
        predicted[user_id].add(match_id)
    reminded = set(
        ReminderSent.objects.filter(
            user_id__in=user_ids, match_day_id__in={match.match_day_id for match in open_matches}
        ).values_list("user_id", "match_day_id", "window")
    )
    told = 0
    for preference in chunk:
        # One reader's failure (a refused address, a push service down) is logged, their
        # claims released for the next run, and the batch goes on.
        try:
            told += _reader_remind(
                preference,
                [match for match in open_matches if match.pk not in predicted[preference.user_id]],
                reminded=reminded,
                now=now,
                horizon=horizon,
            )
        except Exception:
            logger.exception("Pronostics reminder of reader %s failed", preference.user_id)
    return told


def _reader_remind(preference, missing: list[Match], *, reminded, now, horizon) -> int:
    by_day = defaultdict(list)
    for match in missing:
        by_day[match.match_day_id].append(match)
    due: dict[tuple[int, date], list[Match]] = {}
    for day_id, matches in by_day.items():
        soon = [match for match in matches if match.kickoff <= horizon]
        if not soon:  # only later matches left: reminded when they come near
            continue
        window = _week_of(soon[0].kickoff)
        if (preference.user_id, day_id, window) not in reminded:
            due[(day_id, window)] = matches
    if not due:
        return 0
    by_email = preference.by_email and bool(preference.user.email)
    by_push = preference.by_push and _browsers(preference.user_id).exists()
    if not (by_email or by_push):
        return 0
    claims = [
        claim
        for (day_id, window), matches in due.items()
        if (claim := _claim(preference.user_id, day_id, window, len(matches), now)) is not None
    ]
    if not claims:  # another worker took them
        return 0
    claimed_days = {claim.match_day_id for claim in claims}
    reminder = _Due(
        claims=claims,
        matches=sorted(
            (match for match in missing if match.match_day_id in claimed_days),
            key=lambda match: (match.kickoff, match.pk),
        ),
    )
    try:
        mailed = _mail(preference, reminder) if by_email else False
    except Exception:
        if not by_push:
            _release(claims)
            raise
        logger.exception("Pronostics reminder mail to reader %s failed", preference.user_id)
        mailed = False
    pushed = False
    if by_push:
        try:
            pushed = _push(preference, reminder)
        except Exception:
            logger.exception("Pronostics reminder push to reader %s failed", preference.user_id)
    if not (mailed or pushed):
        _release(claims)  # nothing reached the reader: the next run tries again
        return 0
    ReminderSent.objects.filter(pk__in=[claim.pk for claim in claims]).update(
        by_email=mailed, by_push=pushed
    )
    return 1


def _claim(user_id: int, day_id: int, window: date, count: int, now) -> ReminderSent | None:
    try:
        with transaction.atomic():
            return ReminderSent.objects.create(
                user_id=user_id, match_day_id=day_id, window=window, sent_at=now, matches=count
            )
    except IntegrityError:
        return None


def _release(claims: list[ReminderSent]) -> None:
    ReminderSent.objects.filter(pk__in=[claim.pk for claim in claims]).delete()


def _browsers(user_id: int):
    from rotative.newsletter.models import PushSubscription

    return PushSubscription.objects.filter(user_id=user_id).order_by("pk")


def _line(match: Match) -> dict:
    day = match.match_day
    return {
        "kickoff": date_fr(match.kickoff),
        "title": str(match),
        "competition": f"{day.season.competition.name}, {day}",
        "bonus": day.bonus_match_id == match.pk,
    }


def _subject(count: int) -> str:
    return ngettext(
        "Pronostics : %(count)d match à pronostiquer",
        "Pronostics : %(count)d matchs à pronostiquer",
        count,
    ) % {"count": count}


def stop_url(user) -> str:
    return settings.SITE_URL + reverse(
        "pronostics:reminders_stop", args=[reminder_stop_token(user=user)]
    )


def _mail(preference: ReminderPreference, reminder: _Due) -> bool:
    user = preference.user
    with translation.override("fr"):
        stop = stop_url(user)
        profile = getattr(user, "profile", None)
        context = {
            "display_name": getattr(profile, "display_name", "") or "",
            "lines": [_line(match) for match in reminder.matches],
            "game_url": settings.SITE_URL + GAME_PATH,
            "preferences_url": settings.SITE_URL + reverse("pronostics:reminders"),
            "stop_url": stop,
            **mail_context(),
        }
        mail = EmailMultiAlternatives(
            subject=_subject(len(reminder.matches)),
            body=render_to_string("emails/pronostics_reminder.txt", context),
            from_email=from_email(),
            to=[user.email],
            headers={
                "List-Unsubscribe": f"<{stop}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        mail.attach_alternative(
            render_to_string("emails/pronostics_reminder.html", context), "text/html"
        )
    mail.send()
    return True


def _push(preference: ReminderPreference, reminder: _Due) -> bool:
    from rotative.newsletter import push

    browsers = _browsers(preference.user_id)
    with translation.override("fr"):
        first = reminder.matches[0]
        more = len(reminder.matches) - 1
        body = _("%(match)s, %(kickoff)s") % {"match": first, "kickoff": date_fr(first.kickoff)}
        if more:
            body += " " + ngettext("et %(n)d autre", "et %(n)d autres", more) % {"n": more}
        payload = push.notification_payload(
            title=_subject(len(reminder.matches)),
            body=body,
            url=settings.SITE_URL + GAME_PATH,
            # One notification per match day: a second one would replace it, not pile up.
            tag=f"pronostics-rappel-{reminder.claims[0].match_day_id}",
        )
    result = push.push_send(payload=payload, subscriptions=browsers, urgency="normal")
    return result.sent > 0
