"""/recherche/ finds published articles by their words, ranked, ignoring accents and case."""

import pytest
from bs4 import BeautifulSoup

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
