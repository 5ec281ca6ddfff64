"""The header's search box holds the words of an article search, never another page's
parameters (an agenda or ads search used to fill it with `categorie=concert&rayon=30`)."""

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db


def box(client, path) -> str:
    page = BeautifulSoup(client.get(path).content.decode(), "html.parser")
    return page.select_one("#recherche-q")["value"]


def test_the_search_page_shows_its_words_in_the_box(client, home):
    assert box(client, "/recherche/?q=digue") == "digue"


@pytest.mark.parametrize("path", ["/agenda/?categorie=concert&rayon=30", "/annonces/?q=velo"])
def test_other_searches_leave_the_box_empty(client, home, path):
    assert box(client, path) == ""
