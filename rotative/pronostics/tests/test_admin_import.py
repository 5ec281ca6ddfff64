"""Editors import a season's fixtures and results from a CSV file and read, line by line, what
was refused and why; only the newsroom's staff holding the pronostics permissions see the
« Pronostics » screens."""

import json
from datetime import UTC, datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from rotative.pronostics.models import Match
from rotative.pronostics.tests.admin_support import newsroom_editor, staff_without_pronostics
from rotative.pronostics.tests.factories import match, season

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)

FILE = (
    "Journée;Date;Heure;Domicile;Extérieur;Lieu;Score\n"
    "1;05/12/2026;18:00;US Granville;FC Saint-Lô Manche;Stade Louis-Dior;2-1\n"
    "1;05/12/2026;20:00;AS Cherbourg;AS Cherbourg;Stade Maurice-Postaire;\n"
    "2;12/12/2026;18:00;FC Saint-Lô Manche;AS Cherbourg;Stade Louis-Villemer;\n"
)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def upload(content: bytes, name="calendrier.csv"):
    return SimpleUploadedFile(name, content, content_type="text/csv")


def test_an_editor_imports_a_file_and_reads_the_refused_line_with_its_reason(clock, client):
    target = season()
    client.force_login(newsroom_editor())
    page = client.get("/admin/pronostics/import/").content.decode()
    assert "journée" in page and "HH:MM, heure de Paris" in page
    assert "/admin/pronostics/import/exemple.csv" in page

    # A spreadsheet's « CSV UTF-8 » starts with a byte order mark.
    response = client.post(
        "/admin/pronostics/import/",
        {"season": target.pk, "file": upload("\ufeff".encode() + FILE.encode())},
    )
    assert response.status_code == 200
    report = response.context["report"]
    assert (report.created, report.results) == (2, 1)
    assert [(error.line, error.message) for error in report.errors] == [
        (3, "le même club à domicile et à l'extérieur (AS Cherbourg)")
    ]
    page = response.content.decode()
    assert "1 ligne refusée" in page
    assert "<td>3</td><td>le même club à domicile et à l&#x27;extérieur (AS Cherbourg)</td>" in page
    assert "2 matchs créés" in page
    played = Match.objects.get(home__name="US Granville")
    assert (played.status, played.result) == ("joue", (2, 1))
    assert played.kickoff == datetime(2026, 12, 5, 17, 0, tzinfo=UTC)


def test_a_file_that_is_not_utf8_or_too_big_is_refused_in_french(clock, client):
    target = season()
    client.force_login(newsroom_editor())
    latin = client.post(
        "/admin/pronostics/import/",
        {"season": target.pk, "file": upload(FILE.encode("latin-1"))},
    )
    assert "n&#x27;est pas en UTF-8" in latin.content.decode()
    big = client.post(
        "/admin/pronostics/import/",
        {"season": target.pk, "file": upload(b"x" * 1_000_001)},
    )
    assert "trop gros" in big.content.decode()
    assert not Match.objects.exists()


def test_the_example_file_imports_as_it_is(clock, client):
    target = season()
    client.force_login(newsroom_editor())
    example = client.get("/admin/pronostics/import/exemple.csv")
    assert example["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in example["Content-Disposition"]
    response = client.post(
        "/admin/pronostics/import/",
        {"season": target.pk, "file": upload(example.content)},
    )
    assert response.context["report"].errors == []
    assert response.context["report"].created == 3


MENU = ["Pronostics", "Saisir les résultats", "Importer un calendrier", "Compétitions", "Matchs"]


def test_staff_without_the_permissions_neither_see_nor_use_the_screens(clock, client, readers):
    game = match()
    client.force_login(staff_without_pronostics())
    home = client.get("/admin/").content.decode()
    assert not [label for label in MENU if json.dumps(label)[1:-1] in home]
    for url in (
        "/admin/pronostics/resultats/",
        f"/admin/pronostics/matchs/{game.pk}/resultat/",
        f"/admin/pronostics/matchs/{game.pk}/reporter/",
        f"/admin/pronostics/matchs/{game.pk}/annuler/",
        f"/admin/pronostics/journees/{game.match_day_id}/resultats/",
        "/admin/pronostics/import/",
        "/admin/pronostics/import/exemple.csv",
        "/admin/pronostics/matchs/",
        "/admin/pronostics/competitions/new/",
    ):
        refused = client.get(url)  # Wagtail's « permission denied »: back to the dashboard
        assert (refused.status_code, refused["Location"]) == (302, "/admin/"), url
    refused = client.post(f"/admin/pronostics/matchs/{game.pk}/annuler/")
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    game.refresh_from_db()
    assert game.status == Match.Status.SCHEDULED

    client.force_login(readers[0])
    assert client.get("/admin/pronostics/import/").status_code == 302  # to the login

    client.force_login(newsroom_editor())
    home = client.get("/admin/").content.decode()
    assert [label for label in MENU if json.dumps(label)[1:-1] in home] == MENU
