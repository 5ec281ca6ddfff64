"""The demo's agenda: 40 events written for the project (demo.json), across the communes the
ads' demo part made (order 70), with recurrences, one cancelled and one postponed."""

import json
from datetime import datetime, time, timedelta
from pathlib import Path

from rotative.agenda import services
from rotative.agenda.models import Venue
from rotative.agenda.recurrence import PARIS
from rotative.core.demo.registry import DemoRun
from rotative.geo.models import Commune

# Venues and events in demo.json: each event says its day as days after the Monday of the
# week the demo is loaded, its hour (none: all day), its length in minutes and its rule
# (with COUNT, so the demo stays current); one is cancelled, one postponed with its new date
# (the first date announced kept as `previous_days`).
DATA = Path(__file__).with_name("demo.json")


def demo_agenda_load(run: DemoRun) -> None:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    communes = {
        c.insee: c
        for c in Commune.objects.filter(insee__in={v["insee"] for v in data["venues"].values()})
    }
    venues = {}
    for key, row in data["venues"].items():
        if row["insee"] in communes:
            venues[key] = services.venue_create(
                name=row["name"], commune=communes[row["insee"]], address=row["address"]
            )
    today = run.now.astimezone(PARIS).date()
    monday = today - timedelta(days=today.weekday())
    made = 0
    for row in data["events"]:
        if row["venue"] not in venues:
            continue
        hour, extra = row["hour"], dict(row["extra"])
        previous_days = extra.pop("previous_days", None)
        date = monday + timedelta(days=row["day"])
        if date < today:  # loaded late in the week: a week later rather than in the past
            date += timedelta(days=7)
        starts_at = datetime.combine(date, time(*hour) if hour else time(0, 0), tzinfo=PARIS)
        if previous_days is not None:
            previous = monday + timedelta(days=previous_days)
            extra["previous_starts_at"] = datetime.combine(previous, time(*hour), tzinfo=PARIS)
        services.event_create(
            title=row["title"],
            category=row["category"],
            description=row["description"],
            venue=venues[row["venue"]],
            starts_at=starts_at,
            duration=timedelta(minutes=row["minutes"]),
            all_day=hour is None,
            recurrence=row["rule"],
            **extra,
        )
        made += 1
    run.counts.append(f"{made} sorties dans l'agenda")


def demo_agenda_loaded() -> bool:
    return Venue.objects.exists()
