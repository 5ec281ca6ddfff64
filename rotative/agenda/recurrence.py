"""An event's dates, expanded in Paris local time (no database).

A rule says « every Saturday at 20:30 »: it is expanded on naive local times and each date
is then placed in Europe/Paris, so that 20:30 stays 20:30 on both sides of the March and
October clock changes (expanding in UTC would move it by an hour). The expansion is bounded:
a rule without an end yields dates up to HORIZON ahead and at most MAX_OCCURRENCES.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

PARIS = ZoneInfo("Europe/Paris")
HORIZON = timedelta(days=548)  # about 18 months
MAX_OCCURRENCES = 600
# Dates older than this are not kept: a daily rule begun years ago must not spend the
# MAX_OCCURRENCES on its past and lose its coming dates.
KEEP_PAST = timedelta(days=31)


class RecurrenceError(ValueError):
    """A rule that cannot be read; `message` is shown to the organiser as is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Occurrence:
    start: datetime  # aware, Europe/Paris
    end: datetime
    all_day: bool


def paris_local(moment: datetime) -> datetime:
    """A naive local time placed in Paris time. A time skipped in March (02:30) becomes the
    same instant one hour later; a time that happens twice in October is its first one."""
    aware = moment.replace(tzinfo=PARIS, fold=0)
    return aware.astimezone(ZoneInfo("UTC")).astimezone(PARIS)


def rule_check(rule: str) -> str:
    """The rule as stored (no « RRULE: » prefix, upper case), or RecurrenceError."""
    rule = (rule or "").strip().upper().removeprefix("RRULE:")
    if not rule:
        return ""
    try:
        rrulestr(rule, dtstart=datetime(2027, 1, 1))
    except (ValueError, TypeError):
        raise RecurrenceError("La règle de récurrence n'est pas lisible.") from None
    return rule


def occurrences_expand(
    *,
    starts_at: datetime,
    duration: timedelta | None,
    all_day: bool,
    recurrence: str = "",
    extra_dates: list[str] = (),
    now: datetime,
) -> list[Occurrence]:
    """Every date of an event from its first one up to `now` + HORIZON, in order."""
    first_local = starts_at.astimezone(PARIS).replace(tzinfo=None)
    if all_day:
        first_local = first_local.replace(hour=0, minute=0, second=0, microsecond=0)
    horizon_local = (now + HORIZON).astimezone(PARIS).replace(tzinfo=None)
    past_local = (now - KEEP_PAST).astimezone(PARIS).replace(tzinfo=None)
    starts = [first_local]
    if recurrence:
        rule = rrulestr(rule_check(recurrence), dtstart=first_local)
        starts = []
        for moment in rule:
            if moment > horizon_local or len(starts) == MAX_OCCURRENCES:
                break
            if moment >= past_local:
                starts.append(moment)
    for text in extra_dates or ():
        moment = datetime.fromisoformat(text)
        moment = moment.astimezone(PARIS).replace(tzinfo=None) if moment.tzinfo else moment
        if all_day:
            moment = datetime.combine(moment.date(), datetime.min.time())
        if moment <= horizon_local and moment not in starts:
            starts.append(moment)
    found = []
    for local in sorted(starts)[:MAX_OCCURRENCES]:
        if all_day:
            # A whole day, or several: the end is the local midnight after the last day.
            days = max((duration or timedelta(days=1)).days, 1)
            end_local = datetime.combine(local.date() + timedelta(days=days), datetime.min.time())
        else:
            end_local = local + (duration or timedelta(0))
        found.append(
            Occurrence(start=paris_local(local), end=paris_local(end_local), all_day=all_day)
        )
    return found


def rule_continues_after(*, starts_at: datetime, recurrence: str, last: datetime) -> bool:
    """Whether the rule has a date after `last` (the latest one materialised)."""
    if not recurrence:
        return False
    first_local = starts_at.astimezone(PARIS).replace(tzinfo=None)
    rule = rrulestr(rule_check(recurrence), dtstart=first_local)
    return rule.after(last.astimezone(PARIS).replace(tzinfo=None)) is not None
