"""An editor in a real browser: a match's kick-off shows and saves as a French Paris date
(12/12/2026 18:00, never the literal « d/m/Y H:i »), and a Sunday evening's results go in
through the match day's grid."""

import re
import shutil
from datetime import UTC, datetime

import pytest
import time_machine

from rotative.core.tests.browser import logged_in_page
from rotative.pronostics.models import Match, Prediction
from rotative.pronostics.tests.admin_support import newsroom_editor, predict
from rotative.pronostics.tests.factories import match, match_day, paris

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
    pytest.mark.django_db(transaction=True),
]

# The server runs in this process: time_machine moves its clock too.
NOW = datetime(2026, 12, 13, 19, 0, tzinfo=UTC)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=True) as traveller:
        yield traveller


def test_an_editor_moves_a_kick_off_then_enters_the_days_results(
    chromium, live_server, home, clock, readers
):
    day = match_day(15)
    coming = match(day=day, kickoff=paris(2026, 12, 20, 15, 0))
    played = match("AS Cherbourg", "Stade Briochin", day=day, kickoff=paris(2026, 12, 13, 15, 0))
    predict(played, (1, 0), (2, 2), readers=readers)
    page = logged_in_page(chromium, live_server.url, newsroom_editor())

    page.goto(f"{live_server.url}/admin/pronostics/matchs/edit/{coming.pk}/")
    kickoff = page.locator("input[name=kickoff]")
    assert kickoff.input_value() == "20/12/2026 15:00"
    kickoff.fill("20/12/2026 18:30")
    page.get_by_role("button", name="Enregistrer").first.click()
    page.wait_for_url(re.compile(r"/admin/pronostics/matchs/"))
    coming.refresh_from_db()
    assert coming.kickoff == datetime(2026, 12, 20, 17, 30, tzinfo=UTC)
    assert "dimanche 20 décembre 2026 à 18h30" in page.locator("body").inner_text()

    page.goto(f"{live_server.url}/admin/pronostics/journees/{day.pk}/resultats/")
    page.get_by_label("Buts de AS Cherbourg").fill("1")
    page.get_by_label("Buts de Stade Briochin").fill("0")
    assert page.get_by_label("Buts de US Granville").count() == 0  # not played yet
    page.get_by_role("button", name="Enregistrer les résultats").click()
    page.wait_for_load_state("load")
    assert (
        "AS Cherbourg 1 – 0 Stade Briochin (2 pronostics comptés)"
        in page.locator("body").inner_text()
    )
    assert sorted(Prediction.objects.filter(match=played).values_list("points", flat=True)) == [
        0,
        4,
    ]
    assert Match.objects.get(pk=played.pk).status == Match.Status.PLAYED
