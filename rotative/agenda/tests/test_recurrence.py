"""Dates expanded in Paris local time: 20:30 stays 20:30 across both clock changes."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from rotative.agenda.recurrence import (
    MAX_OCCURRENCES,
    PARIS,
    RecurrenceError,
    occurrences_expand,
    rule_check,
)

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


def _expand(**fields):
    values = {"duration": timedelta(hours=2), "all_day": False, "now": NOW}
    values.update(fields)
    return occurrences_expand(**values)


def test_weekly_rule_keeps_local_time_across_the_march_clock_change():
    found = _expand(
        starts_at=datetime(2027, 3, 20, 20, 30, tzinfo=PARIS),
        recurrence="FREQ=WEEKLY;BYDAY=SA;COUNT=3",
    )

    assert [o.start.astimezone(PARIS).strftime("%d/%m %H:%M") for o in found] == [
        "20/03 20:30",
        "27/03 20:30",
        "03/04 20:30",
    ]
    # Winter time (UTC+1) before 28 March, summer time (UTC+2) after.
    assert [o.start.astimezone(UTC).hour for o in found] == [19, 19, 18]
    assert found[2].end - found[2].start == timedelta(hours=2)


def test_weekly_rule_keeps_local_time_across_the_october_clock_change():
    found = _expand(
        starts_at=datetime(2027, 10, 24, 15, 0, tzinfo=PARIS),
        recurrence="FREQ=WEEKLY;BYDAY=SU;UNTIL=20271107T235959",
    )

    assert [o.start.astimezone(PARIS).strftime("%d/%m %H:%M") for o in found] == [
        "24/10 15:00",
        "31/10 15:00",
        "07/11 15:00",
    ]
    assert [o.start.astimezone(UTC).hour for o in found] == [13, 14, 14]


def test_first_sunday_of_the_month():
    found = _expand(
        starts_at=datetime(2027, 1, 3, 8, 0, tzinfo=PARIS),
        recurrence="FREQ=MONTHLY;BYDAY=1SU;COUNT=4",
        now=datetime(2026, 12, 1, tzinfo=UTC),
    )

    assert [o.start.date().isoformat() for o in found] == [
        "2027-01-03",
        "2027-02-07",
        "2027-03-07",
        "2027-04-04",
    ]


def test_a_rule_without_end_stops_at_the_horizon():
    found = _expand(starts_at=datetime(2027, 3, 6, 9, 0, tzinfo=PARIS), recurrence="FREQ=DAILY")

    assert len(found) <= MAX_OCCURRENCES
    assert found[-1].start < NOW + timedelta(days=549)


def test_extra_dates_and_all_day():
    found = _expand(
        starts_at=datetime(2027, 5, 1, 0, 0, tzinfo=PARIS),
        all_day=True,
        duration=None,
        extra_dates=["2027-05-08T00:00:00"],
    )

    assert [(o.start.isoformat(), o.end.isoformat()) for o in found] == [
        ("2027-05-01T00:00:00+02:00", "2027-05-02T00:00:00+02:00"),
        ("2027-05-08T00:00:00+02:00", "2027-05-09T00:00:00+02:00"),
    ]


def test_an_unreadable_rule_is_refused_in_french():
    with pytest.raises(RecurrenceError) as refused:
        rule_check("FREQ=SOMETIMES")

    assert refused.value.message == "La règle de récurrence n'est pas lisible."
    assert rule_check("rrule:freq=weekly;byday=sa") == "FREQ=WEEKLY;BYDAY=SA"


@time_machine.travel(NOW, tick=False)
def test_skipped_hour_in_march_moves_forward():
    found = _expand(
        starts_at=datetime(2027, 3, 27, 2, 30, tzinfo=PARIS), recurrence="FREQ=DAILY;COUNT=2"
    )

    assert [o.start.astimezone(PARIS).strftime("%d %H:%M") for o in found] == [
        "27 02:30",
        "28 03:30",
    ]


def test_a_daily_rule_begun_long_ago_keeps_its_coming_dates():
    found = _expand(starts_at=datetime(2024, 1, 1, 9, 0, tzinfo=PARIS), recurrence="FREQ=DAILY")

    assert found[0].start >= NOW - timedelta(days=32)
    assert found[-1].start > NOW + timedelta(days=500)
