"""/recherche/ finds published articles by their words, ranked, ignoring accents and case."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from rotative.news.models.pages import SECTION_PAGE_SIZE
from rotative.news.tests.factories import ArticlePageFactory, body


def results(client, query):
    response = client.get("/recherche/", {"q": query})
    assert response.status_code == 200
    page = BeautifulSoup(response.content.decode(), "html.parser")
    return [t.get_text(strip=True) for t in page.select(".search-results .teaser__title")], page


@pytest.fixture
def stories(section):
    return {
        "elysee": ArticlePageFactory(
            parent=section,
            title="Le maire de Granville reçu à l'Élysée",
            chapo="Une délégation normande a été reçue par le chef de l'État.",
        ),
        "hopital": ArticlePageFactory(
            parent=section,
            title="Travaux au centre hospitalier",
            chapo="Le chantier durera deux ans.",
            body=body(
                {"type": "paragraph", "value": "<p>L'Hôpital Mémorial de Saint-Lô s'agrandit.</p>"}
            ),
        ),
        "mention": ArticlePageFactory(
            parent=section,
            title="Conseil municipal de Coutances",
            chapo="Les élus ont évoqué un courrier envoyé à l'Élysée.",
        ),
    }


@pytest.mark.django_db
class TestSearch:
    def test_accents_and_case_are_ignored(self, client, stories):
        for query in ("elysee", "ELYSÉE", "Élysée"):
            titles, _ = results(client, query)
            assert stories["elysee"].title in titles, query

    def test_title_match_ranks_before_chapo_match(self, client, stories):
        titles, _ = results(client, "elysee")
        assert titles == [stories["elysee"].title, stories["mention"].title]

    def test_body_words_are_found(self, client, stories):
        titles, _ = results(client, "hopital memorial")
        assert titles == [stories["hopital"].title]

    def test_no_result_says_so(self, client, stories):
        titles, page = results(client, "ornithorynque")
        assert titles == []
        assert "Aucun article ne correspond à « ornithorynque »." in page.text

    def test_drafts_are_not_found(self, client, section):
        ArticlePageFactory(
            parent=section, title="Projet confidentiel de la préfecture", publish=False
        )
        assert results(client, "confidentiel")[0] == []

    def test_query_is_shown_escaped(self, client, db):
        response = client.get("/recherche/", {"q": "<img src=x onerror=alert(1)>"})
        assert b"<img src=x" not in response.content
        assert "&lt;img src=x onerror=alert(1)&gt;" in response.content.decode()


def sorted_titles(client, **params):
    response = client.get("/recherche/", params)
    assert response.status_code == 200
    page = BeautifulSoup(response.content.decode(), "html.parser")
    return [t.get_text(strip=True) for t in page.select(".search-results .teaser__title")], page


@pytest.fixture
def old_and_new(section):
    """The best match is the older story; a newer one only mentions the word in its chapô."""
    now = timezone.now()
    return {
        "old": ArticlePageFactory(
            parent=section,
            title="Le viaduc de la Souleuvre rouvre au public",
            published_at=now - timedelta(days=3),
        ),
        "new": ArticlePageFactory(
            parent=section,
            title="Saut à l'élastique : la saison commence",
            chapo="Les premiers sauts ont eu lieu depuis le viaduc.",
            published_at=now - timedelta(hours=2),
        ),
    }


@pytest.mark.django_db
class TestSortByDate:
    def test_relevance_by_default_newest_first_with_tri_date(self, client, old_and_new):
        old, new = old_and_new["old"].title, old_and_new["new"].title
        assert sorted_titles(client, q="viaduc")[0] == [old, new]
        assert sorted_titles(client, q="viaduc", tri="pertinence")[0] == [old, new]
        assert sorted_titles(client, q="viaduc", tri="date")[0] == [new, old]

    def test_the_control_keeps_the_query_in_a_shareable_link(self, client, old_and_new):
        _, page = sorted_titles(client, q="viaduc")
        control = page.select_one("nav.search-sort")
        assert " ".join(control.get_text(" ").split()) == "Trier par : pertinence | date"
        assert control.select_one("[aria-current]").get_text() == "pertinence"
        assert control.select_one("a")["href"] == "?q=viaduc&tri=date"

        _, page = sorted_titles(client, q="viaduc", tri="date")
        control = page.select_one("nav.search-sort")
        assert control.select_one("[aria-current]").get_text() == "date"
        assert control.select_one("a")["href"] == "?q=viaduc"
        # A new search from the page keeps the order chosen.
        assert page.select_one("form.search-form--page input[name=tri]")["value"] == "date"

    def test_an_unknown_order_is_relevance(self, client, old_and_new):
        old, new = old_and_new["old"].title, old_and_new["new"].title
        assert sorted_titles(client, q="viaduc", tri="n'importe")[0] == [old, new]

    def test_pages_keep_the_order(self, client, section):
        now = timezone.now()
        for n in range(SECTION_PAGE_SIZE + 1):
            ArticlePageFactory(
                parent=section,
                title=f"Marée d'équinoxe, épisode {n}",
                published_at=now - timedelta(hours=n + 1),
            )
        titles, page = sorted_titles(client, q="maree", tri="date")
        assert titles[0] == "Marée d'équinoxe, épisode 0"
        next_link = page.select_one(".pagination a[rel=next]")["href"]
        assert next_link == "?q=maree&tri=date&page=2"
        titles, _ = sorted_titles(client, q="maree", tri="date", page="2")
        assert titles == [f"Marée d'équinoxe, épisode {SECTION_PAGE_SIZE}"]
