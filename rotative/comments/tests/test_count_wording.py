"""The count under the article's title speaks French: « 0 commentaire », « 1 commentaire »,
« 2 commentaires » (French puts 0 in the singular, English does not)."""

import pytest
from bs4 import BeautifulSoup

from rotative.comments.tests.conftest import text_of
from rotative.comments.tests.factories import comment_post
from rotative.comments.wording import comment_count_label

pytestmark = pytest.mark.django_db


def shown_count(client, article) -> str:
    page = BeautifulSoup(client.get(article.url).content, "html.parser")
    return text_of(page.select_one(".article__comments"))


def test_the_article_counts_its_comments_in_french(client, article, marie):
    assert shown_count(client, article) == "0 commentaire"
    comment_post(article=article, user=marie, body="La digue a tenu.")
    assert shown_count(client, article) == "1 commentaire"
    comment_post(article=article, user=marie, body="Et la route aussi.")
    assert shown_count(client, article) == "2 commentaires"


@pytest.mark.parametrize(
    ("count", "label"),
    [
        (0, "0 commentaire"),
        (1, "1 commentaire"),
        (2, "2 commentaires"),
        (1000, "1000 commentaires"),
    ],
)
def test_the_wording_follows_the_french_plural(count, label):
    assert comment_count_label(count) == label
