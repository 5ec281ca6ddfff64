"""Les pronostics in a real browser: a reader joins a friend's league through its invite
link, predicts a match, is locked out at kick-off (a page opened before it is refused by the
server), sees the editor's result scored, and the league's leaderboard changes order."""

import shutil
from datetime import datetime, timedelta

import pytest
import time_machine

from rotative.accounts.tests.factories import ReaderFactory
from rotative.core.tests.browser import PageWatch, logged_in_page
from rotative.pronostics import services
from rotative.pronostics.models import PARIS, Prediction
from rotative.pronostics.tests.factories import match, match_day

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
    pytest.mark.django_db(transaction=True),
]

# A Saturday afternoon; the match kicks off two hours later. The clock ticks from there in the
# server's thread too (time_machine moves the whole process's clock).
NOW = datetime(2027, 3, 20, 15, 0, tzinfo=PARIS)
KICKOFF = NOW + timedelta(hours=2)


@pytest.fixture
def clock():
    # Before anyone logs in: a session opened at the real date would have expired by then.
    with time_machine.travel(NOW, tick=True) as traveller:
        yield traveller


def board(page) -> list[str]:
    return [name.strip() for name in page.locator(".prono-table__name").all_inner_texts()]


def test_predict_be_locked_out_at_kickoff_see_the_result_and_the_league_change(
    clock, chromium, home, live_server, settings, editor
):
    settings.SITE_URL = live_server.url
    base = live_server.url
    anne = ReaderFactory(display_name="Anne")
    bruno = ReaderFactory(display_name="Bruno")
    game = match("US Granville", "FC Saint-Lô Manche", day=match_day(1), kickoff=KICKOFF)
    # Bruno made the league, and predicted a draw.
    league = services.league_create(owner=bruno, name="Les copains du port")
    services.prediction_save(user=bruno, match=game, home_goals=1, away_goals=1)

    page = logged_in_page(chromium, base, anne)
    watch = PageWatch(page)

    # Anne follows Bruno's invite link and joins: second of the league, behind its founder.
    watch.visit(f"{base}/pronostics/ligues/rejoindre/{league.invite_token}/")
    assert "Les copains du port" in page.locator("h1").inner_text()
    page.get_by_role("button", name="Rejoindre la ligue").click()
    page.wait_for_url(f"**/pronostics/ligues/{league.pk}/")
    assert "Bienvenue dans la ligue" in page.locator(".messages").inner_text()
    assert board(page) == ["Bruno", "Anne (vous)"]
    assert (
        f"/pronostics/ligues/rejoindre/{league.invite_token}/"
        in page.locator("#lien-invitation").input_value()
    )
    assert page.get_by_role("button", name="Copier le lien").is_visible()

    # She predicts the match, in Paris time, on the game's home.
    watch.visit(f"{base}/pronostics/")
    card = page.locator(f"#match-{game.pk}")
    assert "samedi 20 mars à 17h00" in card.inner_text()
    card.get_by_label("Buts de US Granville").fill("2")
    card.get_by_label("Buts de FC Saint-Lô Manche").fill("1")
    page.get_by_role("button", name="Enregistrer mes pronostics").click()
    assert "1 pronostic enregistré." in page.locator(".messages").inner_text()
    assert (
        page.locator(f"#match-{game.pk}").get_by_label("Buts de US Granville").input_value() == "2"
    )

    # The page stays open past the kick-off; she changes her mind too late.
    clock.shift(KICKOFF - NOW + timedelta(minutes=1))
    card = page.locator(f"#match-{game.pk}")
    card.get_by_label("Buts de US Granville").fill("3")
    page.get_by_role("button", name="Enregistrer mes pronostics").click()
    assert "Le coup d'envoi est passé" in page.locator(f"#match-{game.pk}").inner_text()
    prediction = Prediction.objects.get(user=anne, match=game)
    assert (prediction.home_goals, prediction.away_goals) == (2, 1)

    # Opened again: no score box, the match is locked, others' predictions are out.
    watch.visit(f"{base}/pronostics/")
    card = page.locator(f"#match-{game.pk}")
    assert card.locator("input").count() == 0
    assert "Coup d'envoi passé : pronostics fermés." in card.inner_text()
    assert "Votre pronostic : 2 – 1" in card.inner_text()
    assert "2 pronostics" in card.inner_text()

    # The editor enters the result: Anne's exact score is worth 4 points, Bruno's draw none.
    clock.shift(timedelta(hours=2))
    services.match_result_set(by=editor, match=game, home_score=2, away_score=1)
    watch.visit(f"{base}/pronostics/")
    card = page.locator(f"#match-{game.pk}")
    assert "2 – 1" in card.locator(".prono-result").inner_text()
    assert "Score exact" in card.inner_text() and "4 points" in card.inner_text()

    watch.visit(f"{base}/pronostics/ligues/{league.pk}/")
    assert board(page) == ["Anne (vous)", "Bruno"]
    watch.visit(f"{base}/pronostics/classement/")
    assert "Votre place : 1er sur 2" in page.locator(".prono-place").inner_text()
    # No script refused by the Content-Security-Policy, none failing (the copy button's
    # included). The console also logs the refused POST's 400 and En direct's stream, which
    # the test server does not serve (503): not this page's faults.
    assert [p for p in watch.problems if not p.startswith("console:")] == []
