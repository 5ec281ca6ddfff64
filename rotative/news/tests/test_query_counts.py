"""Queries a reader's request costs on the news pages (home, section, article, search), locked
exactly.

Each page is measured with a cold cache (the first request after a deploy or a cache flush;
image renditions already exist, as they do once any reader has seen the page) and again warm.
The data is large enough to show an N+1: thirteen stories with their images, tags and
authors, the one measured with twelve tags, authors, pictures in its body and corrections.
The same pages with one story cost the same (measured when these numbers were set), so a
count that grows with the content breaks them.
Run with `-v` to list the queries when a number changes.
"""

import pytest
from django.db import connection

from rotative.accounts.tests.factories import ReaderFactory
from rotative.core.tests.query_counts import assert_cold_then_warm
from rotative.news.models import ArticleCorrection
from rotative.news.tests.factories import (
    ArticlePageFactory,
    AuthorFactory,
    ImageFactory,
    body,
)

pytestmark = pytest.mark.django_db

MANY = 12

# Warm, the chrome is held by the process for the site's edition (core.chrome), and so is La
# Une's content, and so are the request's site and its home page (core.routing): the home
# page then reads nothing; an article, or a section, is held for the edition by its address
# (core.routing) and read by no query, and its
# own parts (header, picture, body, tags, corrections, structured data) are held for its
# publication (news.article_parts); whether the site has view restrictions, the sections
# and the comment settings are held too.
# Every page, anonymous and cold, shares the chrome's queries: the default site and its
# identity (name of the paper), the navigation's sections, En ce moment (pinned topics,
# trending tags), the breaking banner's live entry, the live side column (entries, last
# event id), the ads' side blocks (one query per category: 3) and Wagtail's userbar check.
# A logged-in reader adds: the session, the user, their profile (account corner), and
# Wagtail's two permission reads (userbar).

# Article: the route (site, 5 pages down the tree, alias check, view restrictions), the lead
# image and its renditions, the body's pictures and their renditions (2 queries for all of
# them), authors, tags, corrections; the chrome; comments: settings, published count (then
# kept in the shared cache until a comment appears or goes), site, thread count (page of
# threads only when there are some); the agenda: the communes the
# article names (its editor's picks, the area's names: kept by text, so cold only; the
# week's dates only when it names some) and the side column's « À venir » (kept a minute);
# l'emploi reads the same communes (kept) and its offers there only when it names some.
ARTICLE_COLD, ARTICLE_WARM = 35, 0
# Logged in, the comment block also reads the reader's confirmed address (once, by
# comments.selectors.comments_can_post), whether they are banned, and one page of threads;
# « Lire plus tard » whether the reader saved it (bookmarks.selectors.is_bookmarked).
ARTICLE_READER_COLD, ARTICLE_READER_WARM = 44, 9
# Section: the route, its article count (cached a minute), one page of teasers with their
# images and renditions, the chrome (with the agenda's « À venir », kept a minute).
SECTION_COLD, SECTION_WARM = 29, 4
SECTION_READER_COLD, SECTION_READER_WARM = 34, 9
# Home: the lead story, one id query per section and one query for all their teasers, the
# latest, most read (cached a minute), the chrome; the agenda's « À venir » and the weekend's
# outings (with none, the next ones instead: one more), each kept a minute; l'emploi's
# latest offers (jobs.blocks.home_block_html, kept a minute, even when there are none).
HOME_COLD, HOME_WARM = 37, 0
HOME_READER_COLD, HOME_READER_WARM = 42, 5
# Search with results: the newest matches with their count (news.search bounds both; on
# SQLite with their scores), the view restrictions (read again for the page), one page of
# results with their images and renditions, the chrome. On PostgreSQL the newest matches are
# read without parallel workers (BEGIN, SET LOCAL, COMMIT), then ranked apart (news.ranking).
SEARCH_COLD, SEARCH_WARM = 26, 6
SEARCH_READER_COLD, SEARCH_READER_WARM = 31, 11
SEARCH_POSTGRESQL_MORE = 4


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def story(section, n, **fields):
    """An article with `n` tags, authors, pictures in its body and corrections."""
    article = ArticlePageFactory(
        parent=section,
        lead_image=ImageFactory(),
        tags=[f"Sujet {i}" for i in range(n)],
        authors=[AuthorFactory() for _ in range(n)],
        body=body(
            *[
                {"type": "picture", "value": {"image": ImageFactory().pk, "caption": ""}}
                for _ in range(n)
            ],
            *[{"type": "paragraph", "value": "<p>Texte.</p>"} for _ in range(n * 3)],
        ),
        **fields,
    )
    for _ in range(n):
        ArticleCorrection.objects.create(page=article, text="Rectification.")
    return article


@pytest.fixture
def newsroom(section):
    """Twelve stories with images, tags and authors in the section; the last one, measured
    on the article page, with twelve of each and twelve pictures in its body."""
    teasers = [story(section, 2, title=f"Le port de Granville, épisode {i}") for i in range(MANY)]
    return [*teasers, story(section, MANY, title="Le port de Granville, la suite")]


@pytest.mark.parametrize(
    "reader, url, cold, warm",
    [
        (False, "article", ARTICLE_COLD, ARTICLE_WARM),
        (True, "article", ARTICLE_READER_COLD, ARTICLE_READER_WARM),
        (False, "/manche/", SECTION_COLD, SECTION_WARM),
        (True, "/manche/", SECTION_READER_COLD, SECTION_READER_WARM),
        (False, "/", HOME_COLD, HOME_WARM),
        (True, "/", HOME_READER_COLD, HOME_READER_WARM),
        (False, "/recherche/?q=Granville", SEARCH_COLD, SEARCH_WARM),
        (True, "/recherche/?q=Granville", SEARCH_READER_COLD, SEARCH_READER_WARM),
    ],
    ids=[
        "article",
        "article-reader",
        "section",
        "section-reader",
        "home",
        "home-reader",
        "search",
        "search-reader",
    ],
)
def test_news_page_queries(client, newsroom, reader, url, cold, warm, django_assert_num_queries):
    if reader:
        client.force_login(ReaderFactory())
    if url == "article":
        url = newsroom[-1].url
    if url.startswith("/recherche/") and connection.vendor == "postgresql":
        cold, warm = cold + SEARCH_POSTGRESQL_MORE, warm + SEARCH_POSTGRESQL_MORE
    assert_cold_then_warm(client, url, django_assert_num_queries, cold, warm)
