import pytest
from bs4 import BeautifulSoup

from rotative.news.tests.factories import ArticlePageFactory


@pytest.fixture
def article(section):
    return ArticlePageFactory(
        parent=section, title="La digue de Granville résiste à la tempête", slug="digue"
    )


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def text_of(node) -> str:
    return " ".join(node.get_text(" ").split()) if node is not None else ""
