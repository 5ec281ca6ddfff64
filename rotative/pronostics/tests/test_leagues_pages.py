"""Private leagues as readers use them: created from « Mes ligues », joined through the invite
link, their leaderboard for members only."""

import html
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from rotative.pronostics import services
from rotative.pronostics.models import League, LeagueMembership
from rotative.pronostics.tests.factories import match, match_day, paris, result_set

pytestmark = pytest.mark.django_db

KICKOFF = paris(2026, 12, 12, 18, 0)


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def league(readers):
    return services.league_create(owner=readers[0], name="Les copains du port")


def test_a_reader_creates_a_league_and_gets_its_invite_link(client, readers, home):
    client.force_login(readers[0])
    response = client.post(reverse("pronostics:leagues"), {"name": "  Bureau   de Coutances "})
    created = League.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("pronostics:league", kwargs={"pk": created.pk})
    page = text(client.get(response["Location"]))
    assert "<h1>Bureau de Coutances</h1>" in page
    assert f"/pronostics/ligues/rejoindre/{created.invite_token}/" in page
    assert "Copier le lien" in page
    assert "Votre ligue est créée" in page
    assert "Bureau de Coutances" in text(client.get(reverse("pronostics:leagues")))


def test_an_empty_name_is_refused_in_french(client, readers, home):
    client.force_login(readers[0])
    response = client.post(reverse("pronostics:leagues"), {"name": "   "})
    assert response.status_code == 400
    assert "Donnez un nom à votre ligue." in text(response)
    assert not League.objects.exists()


def test_a_long_name_is_refused_and_kept(client, readers, home):
    client.force_login(readers[0])
    response = client.post(reverse("pronostics:leagues"), {"name": "Ligue " + "x" * 90})
    assert response.status_code == 400
    assert "tient en 80 caractères" in text(response)
    assert "x" * 90 in text(response)


def test_league_creation_is_rate_limited_per_reader(client, readers, home):
    client.force_login(readers[0])
    for n in range(10):
        assert client.post(reverse("pronostics:leagues"), {"name": f"Ligue {n}"}).status_code == 302
    response = client.post(reverse("pronostics:leagues"), {"name": "Une de trop"})
    assert response.status_code == 429
    assert "beaucoup de ligues aujourd'hui" in text(response)
    assert "Une de trop" in text(response)
    assert League.objects.count() == 10


def test_a_league_name_is_escaped(client, readers, home):
    client.force_login(readers[0])
    client.post(reverse("pronostics:leagues"), {"name": "<script>alert(1)</script>"})
    found = League.objects.get()
    for url in (
        reverse("pronostics:leagues"),
        reverse("pronostics:league", kwargs={"pk": found.pk}),
        reverse("pronostics:league_join", kwargs={"token": found.invite_token}),
    ):
        raw = client.get(url).content.decode()
        assert "<script>alert(1)" not in raw
        assert "&lt;script&gt;alert(1)" in raw


def test_a_stranger_gets_a_404_on_a_league_logged_in_or_not(client, league, readers):
    url = reverse("pronostics:league", kwargs={"pk": league.pk})
    assert client.get(url).status_code == 404
    client.force_login(readers[1])
    response = client.get(url)
    assert response.status_code == 404
    assert "Les copains du port" not in text(response)
    assert league.invite_token not in text(response)
    assert client.get(reverse("pronostics:league", kwargs={"pk": 999999})).status_code == 404


def test_joining_through_the_invite_link(client, league, readers):
    url = reverse("pronostics:league_join", kwargs={"token": league.invite_token})
    response = client.get(url)  # a stranger: log in first, then back here
    assert response.status_code == 302
    assert response["Location"] == f"/compte/connexion/?next={url}"
    client.force_login(readers[1])
    page = text(client.get(url))
    assert "Rejoindre la ligue « Les copains du port »" in page
    assert "Créée par Anne" in page
    assert not LeagueMembership.objects.filter(user=readers[1]).exists()  # GET joins nobody
    response = client.post(url)
    assert response["Location"] == reverse("pronostics:league", kwargs={"pk": league.pk})
    assert "Bienvenue dans la ligue" in text(client.get(response["Location"]))
    assert "2 membres" in text(client.get(reverse("pronostics:leagues")))
    assert "Vous êtes déjà membre" in text(client.get(url))
    client.post(url)  # twice: still one membership
    assert LeagueMembership.objects.filter(user=readers[1]).count() == 1


def test_a_bad_invite_link_says_so_in_french(client, readers, home):
    client.force_login(readers[1])
    for token in ("nimportequoi", "x" * 200):
        response = client.get(reverse("pronostics:league_join", kwargs={"token": token}))
        assert response.status_code == 404
        assert "Ce lien d'invitation n'est pas valable" in text(response)
        response = client.post(reverse("pronostics:league_join", kwargs={"token": token}))
        assert response.status_code == 404
    assert not LeagueMembership.objects.exists()


def test_the_league_leaderboard_lists_every_member_in_order(client, league, readers, editor):
    anne, bruno = readers[0], readers[1]
    services.league_join(user=bruno, token=league.invite_token)
    game = match(day=match_day(1), kickoff=KICKOFF)
    with time_machine.travel(KICKOFF - timedelta(days=1), tick=False):
        services.prediction_save(user=anne, match=game, home_goals=0, away_goals=3)
        services.prediction_save(user=bruno, match=game, home_goals=2, away_goals=1)
    result_set(by=editor, match=game, home_score=2, away_score=1, now=KICKOFF + timedelta(hours=2))
    with time_machine.travel(KICKOFF + timedelta(hours=3), tick=False):
        client.force_login(anne)
        page = text(client.get(reverse("pronostics:league", kwargs={"pk": league.pk})))
    board = page[page.index('<table class="prono-table"') :]
    assert board.index("Bruno") < board.index("Anne")
    assert "1er" in board and "2e" in board
    assert 'class="prono-table__me"' in board
