"""The agenda's pages read a fixed number of queries whatever the number of events."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.db import connection

from rotative.agenda.tests.factories import event, paris, venue
from rotative.core.tests.query_counts import assert_cold_then_warm
from rotative.geo.tests.factories import commune

pytestmark = pytest.mark.django_db
NOW = datetime(2027, 6, 9, 10, 0, tzinfo=UTC)
NEAR = "/agenda/?quand=ce-week-end&commune=Carantilly+%2850570%29&rayon=30&gratuit=on"


@pytest.fixture
def many(section):
    commune("carantilly")
    made = []
    with time_machine.travel(NOW, tick=False):
        for n in range(30):
            where = ("carantilly", "coutances", "caumont")[n % 3]
            place = venue(where, name=f"Salle {n % 5}")
            made.append(
                event(
                    title=f"Sortie {n}",
                    venue=place,
                    is_free=True,
                    starts_at=paris(2027, 6, 12, 10 + n % 12, 0),
                    recurrence="FREQ=WEEKLY;COUNT=4" if n % 2 else "",
                )
            )
    return made


# Two of the agenda's own (the page's ids with the number of dates, those dates with their
# event and venue; the radius adds the commune's resolution, and on SQLite the positions in
# the box, which PostgreSQL's index and distance in SQL need not read first); the rest is the
# site's chrome (menu, En direct, ads' column), held by the process once warm (core.chrome).
NEAR_EXTRA = 1 if connection.vendor == "postgresql" else 2


@pytest.mark.parametrize(
    ("url", "cold", "warm"),
    [
        ("/agenda/", 21, 2),
        (NEAR, 21 + NEAR_EXTRA, 2 + NEAR_EXTRA),
        ("event", 21, 2),
        ("venue", 21, 2),
    ],
    ids=["listing", "near", "event", "venue"],
)
def test_agenda_page_queries(client, many, url, cold, warm, django_assert_num_queries):
    if url == "event":
        url = many[1].get_absolute_url()
    elif url == "venue":
        url = many[1].venue.get_absolute_url()
    with time_machine.travel(NOW, tick=False):
        assert_cold_then_warm(client, url, django_assert_num_queries, cold, warm)
