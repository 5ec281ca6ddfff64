"""The demo's agenda: 40 events over the demo's communes, with recurrences, one cancelled
and one postponed, and something on this weekend."""

from datetime import UTC, datetime

import pytest
import time_machine

from rotative.agenda import selectors
from rotative.agenda.demo import demo_agenda_load, demo_agenda_loaded
from rotative.agenda.jsonld import event_status
from rotative.agenda.models import Event
from rotative.core.demo.registry import DemoRun, demo_parts
from rotative.geo.models import Commune

pytestmark = pytest.mark.django_db
NOW = datetime(2027, 6, 9, 10, 0, tzinfo=UTC)
COMMUNES = {  # the ads' demo part makes these (order 70)
    "50098": ("Carantilly", "50570", 49.066, -1.250),
    "14143": ("Caumont-sur-Aure", "14240", 49.096, -0.812),
    "50502": ("Saint-Lô", "50000", 49.110, -1.078),
    "14047": ("Bayeux", "14400", 49.278, -0.705),
    "50218": ("Granville", "50400", 48.833, -1.567),
    "50025": ("Avranches", "50300", 48.688, -1.357),
    "14366": ("Lisieux", "14100", 49.147, 0.238),
    "50147": ("Coutances", "50200", 49.057, -1.443),
}


@time_machine.travel(NOW, tick=False)
def test_demo_agenda():
    for insee, (name, postal, lat, lon) in COMMUNES.items():
        Commune.objects.create(
            insee=insee,
            name=name,
            name_key=name.lower(),
            postal_code=postal,
            department=insee[:2],
            latitude=lat,
            longitude=lon,
        )
    run = DemoRun(now=NOW)

    demo_agenda_load(run)

    events = Event.objects.all()
    assert run.counts == ["40 sorties dans l'agenda"]
    assert demo_agenda_loaded()
    assert all(e.is_published and e.organiser is None for e in events)
    assert events.exclude(recurrence="").count() >= 8
    statuses = [event_status(e).rsplit("/", 1)[1] for e in events]
    assert statuses.count("EventCancelled") == 1
    assert statuses.count("EventRescheduled") == 1
    assert len({e.venue.commune.insee for e in events}) == len(COMMUNES)
    weekend = selectors.weekend_window(now=NOW)
    assert selectors.events_between(start=weekend.start, end=weekend.end).paginator.count >= 5
    assert [part.order for part in demo_parts() if part.name == "agenda"] == [75]
