"""« Mes alertes »: every part's saved searches in one place, each reader's own only."""

from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from rotative.accounts.tests.factories import ReaderFactory
from rotative.alerts import services
from rotative.alerts.models import SavedSearch

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(db):
    return ReaderFactory(email="lectrice@example.fr", display_name="Anne L.")


def saved(user, kind, query, category=""):
    return services.saved_search_create(
        user=user, kind=kind, category=category, query=query, frequency="daily"
    )


def test_the_page_lists_ones_searches_under_their_part(client, reader):
    saved(reader, "annonces", "q=velo")
    saved(reader, "agenda", "categorie=concert")
    saved(ReaderFactory(email="autre@example.fr"), "agenda", "categorie=theatre")
    client.force_login(reader)

    page = BeautifulSoup(client.get("/alertes/").content.decode(), "html.parser")

    headings = [h.get_text(strip=True) for h in page.select("main section h2")]
    assert headings == ["Petites annonces", "Agenda des sorties"]
    labels = [a.get_text(strip=True) for a in page.select(".saved-search__label")]
    assert labels == ["Toutes les annonces, « velo »", "Concert"]
    links = [a["href"] for a in page.select(".saved-search__label")]
    assert links == ["/annonces/?q=velo", "/agenda/?categorie=concert"]
    assert page.select_one("[data-push][data-purpose=recherches]")


def test_a_reader_cannot_delete_or_change_anothers_search(client, reader):
    other = saved(ReaderFactory(email="autre@example.fr"), "agenda", "categorie=theatre")
    client.force_login(reader)

    client.post("/alertes/", {"delete": other.pk})
    client.post("/alertes/", {"push_on": other.pk})

    other.refresh_from_db()
    assert other.by_push is False


def test_notifications_are_turned_on_and_off_per_search(client, reader):
    search = saved(reader, "agenda", "categorie=concert")
    client.force_login(reader)

    client.post("/alertes/", {"push_on": search.pk})
    search.refresh_from_db()
    assert search.by_push is True
    response = client.post("/alertes/", {"push_off": search.pk}, follow=True)
    search.refresh_from_db()
    assert search.by_push is False
    assert "Alerte modifiée." in response.content.decode()


def test_an_unknown_part_is_refused(client, reader):
    client.force_login(reader)
    response = client.post(
        "/alertes/", {"kind": "inconnu", "query": "q=x", "frequency": "daily"}, follow=True
    )
    assert "Cette recherche ne peut pas devenir une alerte." in response.content.decode()
    assert not SavedSearch.objects.exists()


def test_a_stop_link_mailed_before_the_move_still_stops_the_alert(client, reader):
    search = saved(reader, "annonces", "q=velo")
    old_link = f"/annonces/alertes/arreter/{services.stop_token(search)}/"
    assert urlsplit(old_link).path.startswith("/annonces/")

    assert client.post(old_link).status_code == 200
    assert not SavedSearch.objects.exists()


def test_the_old_address_of_my_alerts_leads_to_the_new_one(client, reader):
    client.force_login(reader)
    response = client.get("/annonces/alertes/")
    assert (response.status_code, response["Location"]) == (301, "/alertes/")
