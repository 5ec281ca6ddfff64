"""« Les concerts »: the agenda's music events with their artists, by style and commune."""

import json
import re
from datetime import UTC, datetime

import icalendar
import pytest
import time_machine

from rotative.agenda import services
from rotative.agenda.jsonld import event_jsonld
from rotative.agenda.tests.factories import event, paris, venue
from rotative.geo.tests.factories import commune

pytestmark = pytest.mark.django_db
NOW = datetime(2027, 6, 9, 10, 0, tzinfo=UTC)


@pytest.fixture
def concerts(organiser, moderator):
    for where in ("carantilly", "coutances", "saint-pair"):
        commune(where)
    with time_machine.travel(NOW, tick=False):
        made = {
            "rock": event(
                title="Soirée rock au bourg",
                performers="Les Vagues, Marée Haute",
                music_style="rock-pop",
                starts_at=paris(2027, 6, 12, 21, 0),
            ),
            "jazz": event(
                title="Jazz sur le parvis",
                performers="Quartet du Parvis",
                music_style="jazz-blues",
                venue=venue("coutances", name="Place du Parvis"),
                starts_at=paris(2027, 6, 13, 19, 0),
            ),
            "theatre": event(
                title="Le Malade imaginaire",
                category="theatre",
                performers="Compagnie du Hangar",
                music_style="rock-pop",  # meaningless for a play: dropped
                starts_at=paris(2027, 6, 12, 20, 30),
            ),
            "pending": event(
                organiser=organiser,
                title="Zqx concert en attente",
                music_style="rock-pop",
                starts_at=paris(2027, 6, 12, 22, 0),
            ),
            "refused": services.event_moderate(
                moderator=moderator,
                event=event(
                    organiser=organiser,
                    title="Zqx concert refusé",
                    music_style="rock-pop",
                    starts_at=paris(2027, 6, 12, 22, 0),
                ),
                publish=False,
                reason="Doublon",
            ),
        }
    return made


def page(client, url="/agenda/concerts/"):
    with time_machine.travel(NOW, tick=False):
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_concerts_page_shows_artist_venue_and_date_of_concerts_only(client, concerts):
    html = page(client)
    assert "Soirée rock au bourg" in html and "Jazz sur le parvis" in html
    assert "Les Vagues, Marée Haute" in html
    assert "Salle des fêtes" in html and "Carantilly (50570)" in html
    assert "Samedi 12 juin à 21h00" in html or "samedi 12 juin à 21h00" in html
    assert "Rock, pop" in html
    assert "Le Malade imaginaire" not in html  # a play is no concert
    assert "Zqx" not in html  # pending and refused are nobody's business


def test_concerts_filter_by_style(client, concerts):
    html = page(client, "/agenda/concerts/?style=jazz-blues")
    assert "Jazz sur le parvis" in html and "Soirée rock au bourg" not in html


def test_concerts_filter_by_commune_and_radius(client, concerts):
    html = page(client, "/agenda/concerts/?commune=Coutances+%2850200%29")
    assert "Jazz sur le parvis" in html and "Soirée rock au bourg" not in html
    # Carantilly is some 14 km from Coutances.
    html = page(client, "/agenda/concerts/?commune=Coutances+%2850200%29&rayon=20")
    assert "Jazz sur le parvis" in html and "Soirée rock au bourg" in html


def test_a_wrong_criterion_is_said_and_the_others_still_apply(client, concerts):
    html = page(client, "/agenda/concerts/?style=polka&commune=Coutances+%2850200%29")
    assert "Style :" in html and "Jazz sur le parvis" in html
    assert "Soirée rock au bourg" not in html


def test_concerts_ics_exports_the_search(client, concerts):
    with time_machine.travel(NOW, tick=False):
        response = client.get("/agenda/concerts.ics?style=rock-pop")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Soirée rock au bourg"]
    assert str(events[0]["description"]).startswith("Avec Les Vagues, Marée Haute.")


def test_the_style_is_kept_for_concerts_only(concerts):
    assert concerts["rock"].music_style == "rock-pop"
    assert concerts["theatre"].music_style == ""
    assert concerts["theatre"].performers == "Compagnie du Hangar"


def test_event_page_shows_the_artists_and_jsonld_performers(client, concerts):
    html = page(client, concerts["rock"].get_absolute_url())
    assert "Les Vagues, Marée Haute" in html
    data = json.loads(
        re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S).group(1)
    )
    assert data["@type"] == "MusicEvent"
    assert data["performer"] == [
        {"@type": "MusicGroup", "name": "Les Vagues"},
        {"@type": "MusicGroup", "name": "Marée Haute"},
    ]


def test_a_play_has_a_performing_group_and_an_event_without_artists_none(concerts):
    play = event_jsonld(event=concerts["theatre"], occurrence=None, url="https://x.fr/")
    assert play["performer"] == [{"@type": "PerformingGroup", "name": "Compagnie du Hangar"}]
    concerts["jazz"].performers = ""
    assert "performer" not in event_jsonld(event=concerts["jazz"], occurrence=None, url="x")


def test_footer_links_to_the_concerts(client, concerts):
    html = page(client, "/agenda/")
    assert 'href="/agenda/concerts/"' in html and "Les concerts" in html
