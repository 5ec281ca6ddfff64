"""« À lire plus tard » (/compte/a-lire/): the reader's own saves, newest first, by kind; what
is gone says so and shows nothing of itself; the articles go to the service worker."""

import json
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from bs4 import BeautifulSoup

from rotative.agenda import services as agenda
from rotative.bookmarks.models import Bookmark
from rotative.bookmarks.selectors import bookmarks_for, is_bookmarked
from rotative.bookmarks.tests.factories import ArticlePageFactory, saved
from rotative.classifieds import services as ads

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def html(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def rows(response) -> list[tuple[str, str, str]]:
    """(kind, title or what replaces it, date saved) of each item, in page order."""
    return [
        (
            item.select_one(".bookmarks__kind").get_text(strip=True),
            item.select_one(".bookmarks__title").get_text(strip=True),
            item.select_one(".bookmarks__meta").get_text(strip=True),
        )
        for item in html(response).select(".bookmarks__item")
    ]


@pytest.fixture
def saved_three(reader, article, ad, outing):
    """Marie saves the article on Monday, the ad on Tuesday, the event on Wednesday."""
    for day, target in enumerate((article, ad, outing)):
        with time_machine.travel(T0 + timedelta(days=day), tick=False):
            saved(reader, target)


def test_the_list_shows_each_kind_newest_first_with_links(client, reader, saved_three, ad):
    client.force_login(reader)

    response = client.get("/compte/a-lire/")

    assert response.status_code == 200
    assert [h.get_text(strip=True) for h in html(response).select("main section h2")] == [
        "Articles",
        "Petites annonces",
        "Sorties",
    ]
    assert rows(response) == [
        ("Article", "La digue de Granville a cédé", "Enregistré le 7 décembre 2026"),
        ("Petite annonce", "Leica Q2 à l'état neuf", "Enregistré le 8 décembre 2026"),
        ("Sortie", "Fête de la coquille", "Enregistré le 9 décembre 2026"),
    ]
    links = [a["href"] for a in html(response).select("a.bookmarks__title")]
    assert links[:2] == ["/manche/digue/", ad.get_absolute_url()]
    assert "private" in response["Cache-Control"]
    assert [b.kind for b in bookmarks_for(user=reader)] == ["evenement", "annonce", "article"]


def test_the_list_filters_by_kind(client, reader, saved_three):
    client.force_login(reader)
    page = html(client.get("/compte/a-lire/"))
    filters = [a.get_text(" ", strip=True) for a in page.select(".bookmarks__filters a")]
    assert filters == ["Tout 3", "Articles 1", "Petites annonces 1", "Sorties 1"]

    response = client.get("/compte/a-lire/?type=evenement")

    assert rows(response) == [("Sortie", "Fête de la coquille", "Enregistré le 9 décembre 2026")]
    current = html(response).select_one(".bookmarks__filters [aria-current]")
    assert current.get_text(" ", strip=True) == "Sorties 1"
    assert len(rows(client.get("/compte/a-lire/?type=video"))) == 3


def test_another_reader_never_sees_my_list(client, reader, other_reader, saved_three):
    client.force_login(other_reader)

    response = client.get("/compte/a-lire/")

    assert rows(response) == []
    text = html(response).select_one("main").get_text(" ", strip=True)
    assert "Rien d'enregistré pour le moment" in text
    assert "digue" not in response.content.decode().lower()
    assert bookmarks_for(user=other_reader) == []


def test_what_is_no_longer_online_says_so_without_its_title(
    client, reader, saved_three, article, ad, outing, moderator
):
    article.unpublish()
    ads.ad_mark_sold(owner=ad.owner, ad=ad)
    agenda.event_update(event=outing, by=moderator, status="annule")
    client.force_login(reader)

    response = client.get("/compte/a-lire/")

    assert [(kind, title) for kind, title, _date in rows(response)] == [
        ("Article", "Cet article n'est plus disponible."),
        ("Petite annonce", "Cette annonce n'est plus disponible."),
        ("Sortie", "Cette sortie n'est plus disponible."),
    ]
    text = response.content.decode()
    for title in ("Granville", "Leica", "coquille"):
        assert title not in text
    assert html(response).select("a.bookmarks__title") == []
    assert Bookmark.objects.filter(user=reader).count() == 3  # kept: they may come back
    # Each still has its button to take it away.
    form = html(response).select(".bookmarks__remove")[1]
    client.post(form["action"], {"next": "/compte/a-lire/"})
    assert [b.kind for b in bookmarks_for(user=reader)] == ["evenement", "article"]
    assert bookmarks_for(user=reader, available_only=True) == []


def test_an_expired_ad_and_a_deleted_event_are_unavailable_or_gone(reader, ad, outing, moderator):
    saved(reader, ad, outing)
    agenda.event_delete(event=outing, by=moderator)

    with time_machine.travel(ad.expires_at + timedelta(minutes=1)):
        [left] = bookmarks_for(user=reader)

    assert (left.kind, left.item) == ("annonce", None)


def test_removing_from_the_list_page(client, reader, saved_three, article):
    client.force_login(reader)
    form = html(client.get("/compte/a-lire/")).select_one(".bookmarks__remove")
    assert form["data-url"] == "/manche/digue/" and form["data-kind"] == "article"

    response = client.post(form["action"], {"next": "/compte/a-lire/"}, follow=True)

    assert response.redirect_chain == [("/compte/a-lire/", 302)]
    assert [title for _kind, title, _date in rows(response)] == [
        "Leica Q2 à l'état neuf",
        "Fête de la coquille",
    ]


def test_the_saved_articles_are_handed_to_the_service_worker(client, reader, section):
    stories = [ArticlePageFactory(parent=section, slug=f"histoire-{n}") for n in range(3)]
    saved(reader, *stories)
    stories[1].unpublish()
    client.force_login(reader)

    page = html(client.get("/compte/a-lire/"))

    urls = json.loads(page.select_one("[data-bookmarks-offline]")["data-bookmarks-offline"])
    assert urls == ["/manche/histoire-2/", "/manche/histoire-0/"]
    assert page.select_one('script[src$="js/bookmarks.js"]')["nonce"]


def test_the_account_menu_leads_to_the_list(client, reader):
    client.force_login(reader)

    menu = html(client.get("/compte/")).select_one(".account-nav")

    assert menu.find("a", string="À lire plus tard")["href"] == "/compte/a-lire/"


def test_the_list_needs_a_login(client, db):
    response = client.get("/compte/a-lire/")

    assert response.status_code == 302
    assert response["Location"] == "/compte/connexion/?next=/compte/a-lire/"


def test_the_list_costs_the_same_few_queries_however_long(
    client, reader, section, ad, outing, django_assert_max_num_queries
):
    client.force_login(reader)
    saved(reader, ad, outing, *[ArticlePageFactory(parent=section) for _ in range(3)])
    client.get("/compte/a-lire/")  # content types and site root paths: loaded once

    # The site's chrome (session, reader, header, En direct…) and five of the list's own:
    # the bookmarks, then the articles (with Wagtail's view restrictions), ads and events.
    with django_assert_max_num_queries(16):
        assert client.get("/compte/a-lire/").status_code == 200

    saved(reader, *[ArticlePageFactory(parent=section) for _ in range(12)])
    client.get("/compte/a-lire/")  # new pages start a new edition of the chrome (core.chrome)
    with django_assert_max_num_queries(16):
        assert len(rows(client.get("/compte/a-lire/"))) == 17


def test_is_bookmarked_answers_for_a_whole_page_in_one_query(
    reader, article, ad, outing, django_assert_num_queries
):
    saved(reader, article, outing)
    is_bookmarked(user=reader, targets=[ad])  # the content types: loaded once per process

    with django_assert_num_queries(1):
        found = is_bookmarked(user=reader, targets=[article, ad, outing])

    assert found == {("article", article.pk), ("evenement", outing.pk)}
