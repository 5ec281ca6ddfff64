"""/recherche/ ranks only the newest matches (settings.SEARCH_RANKED_MATCHES) and counts no
further: what a reader sees of a common word, a rare one, a story just published, and what is
never found. The bound is made small here so that a few articles pass it."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from wagtail.models import PageViewRestriction

from rotative.news.models.pages import SECTION_PAGE_SIZE
from rotative.news.tests.factories import ArticlePageFactory


def search(client, **params):
    response = client.get("/recherche/", params)
    assert response.status_code == 200
    page = BeautifulSoup(response.content.decode(), "html.parser")
    titles = [t.get_text(strip=True) for t in page.select(".search-results .teaser__title")]
    return titles, page.select_one(".search-count").get_text(strip=True), page


def story(section, title, hours_ago, chapo="Un article de la rédaction.", **kwargs):
    return ArticlePageFactory(
        parent=section,
        title=title,
        chapo=chapo,
        published_at=timezone.now() - timedelta(hours=hours_ago),
        **kwargs,
    )


@pytest.fixture
def tides(section):
    """Five stories with « marée », oldest first: the first and the last carry it in their
    title (the best matches), the three others in their chapô only."""
    mention = "Les pêcheurs attendaient la marée."
    return [
        story(section, "Grande marée à Granville", 50),
        story(section, "Pêche à pied sur la côte", 40, chapo=mention),
        story(section, "Les coques de Lingreville", 30, chapo=mention),
        story(section, "La baie du Mont vue du ciel", 20, chapo=mention),
        story(section, "Marée d'équinoxe à Barneville", 10),
    ]


@pytest.mark.django_db
class TestBoundedSearch:
    def test_a_common_word_ranks_the_newest_matches_and_says_there_are_more(
        self, client, tides, settings
    ):
        settings.SEARCH_RANKED_MATCHES = 3
        titles, count, _ = search(client, q="maree")
        # The three newest matches, best first: the oldest best match is past the bound.
        assert titles[0] == "Marée d'équinoxe à Barneville"
        assert sorted(titles[1:]) == ["La baie du Mont vue du ciel", "Les coques de Lingreville"]
        assert count == (
            "Plus de 3 articles correspondent à « maree » : les 3 plus récents sont affichés."
        )

    def test_by_date_the_same_newest_matches(self, client, tides, settings):
        settings.SEARCH_RANKED_MATCHES = 3
        titles, count, _ = search(client, q="maree", tri="date")
        assert titles == [t.title for t in reversed(tides[2:])]
        assert count.startswith("Plus de 3 articles")

    def test_a_rare_word_finds_exactly_its_articles_best_first(self, client, tides, settings):
        settings.SEARCH_RANKED_MATCHES = 3
        story(tides[0].get_parent(), "Le marché de Bréhal", 5, chapo="On y parle de Granville.")
        titles, count, _ = search(client, q="granville")
        assert titles == ["Grande marée à Granville", "Le marché de Bréhal"]
        assert count == "2 articles correspondent à « granville »."

    def test_the_count_is_exact_up_to_the_bound(self, client, tides, settings):
        settings.SEARCH_RANKED_MATCHES = 5
        titles, count, _ = search(client, q="maree")
        assert len(titles) == 5
        assert titles[:2] == ["Marée d'équinoxe à Barneville", "Grande marée à Granville"]
        assert count == "5 articles correspondent à « maree »."

    def test_a_story_just_published_is_found_at_once(self, client, tides, settings):
        settings.SEARCH_RANKED_MATCHES = 3
        assert "Marée noire évitée au large" not in search(client, q="maree")[0]
        story(tides[0].get_parent(), "Marée noire évitée au large", 0)
        titles, _, _ = search(client, q="maree")
        assert titles[0] == "Marée noire évitée au large"
        assert "La baie du Mont vue du ciel" in titles
        # The bound keeps the newest: the oldest of the three before is now past it.
        assert "Les coques de Lingreville" not in titles
        assert search(client, q="maree", tri="date")[0][0] == "Marée noire évitée au large"

    @pytest.mark.parametrize("state", ["draft", "unpublished", "private", "expired"])
    def test_what_the_site_does_not_show_is_never_found(self, client, section, settings, state):
        settings.SEARCH_RANKED_MATCHES = 3
        story(section, "Marée basse au Hourdel", 2)
        hidden = story(section, "Marée secrète", 1, publish=state != "draft")
        if state == "unpublished":
            hidden.unpublish()
        elif state == "private":
            PageViewRestriction.objects.create(page=hidden, restriction_type="login")
        elif state == "expired":
            # Past its expiry, before the scheduler has unpublished it: still live.
            type(hidden).objects.filter(pk=hidden.pk).update(
                expire_at=timezone.now() - timedelta(minutes=1)
            )
        for sort in ("pertinence", "date"):
            titles, count, _ = search(client, q="maree", tri=sort)
            assert titles == ["Marée basse au Hourdel"], (state, sort)
            assert count == "1 article correspond à « maree ».", (state, sort)

    def test_pages_go_as_far_as_the_bound(self, client, section, settings):
        settings.SEARCH_RANKED_MATCHES = SECTION_PAGE_SIZE + 1
        for n in range(SECTION_PAGE_SIZE + 3):
            story(section, f"Marée, épisode {n}", n + 1)
        titles, count, page = search(client, q="maree", tri="date")
        assert titles == [f"Marée, épisode {n}" for n in range(SECTION_PAGE_SIZE)]
        assert count.startswith(f"Plus de {SECTION_PAGE_SIZE + 1} articles")
        assert page.select_one(".pagination a[rel=next]")["href"] == "?q=maree&tri=date&page=2"
        titles, _, page = search(client, q="maree", tri="date", page="2")
        assert titles == [f"Marée, épisode {SECTION_PAGE_SIZE}"]
        assert page.select_one(".pagination a[rel=next]") is None
        # Ranked, the same articles over the two pages, each once.
        first = search(client, q="maree")[0]
        second = search(client, q="maree", page="2")[0]
        assert sorted(first + second) == sorted(f"Marée, épisode {n}" for n in range(21))
