"""Queries the En direct page and its polling endpoint cost, locked exactly.

Measured with a cold cache (first request; image renditions already made) and warm, with
one entry and with thirty, each with a label, an article and a picture: the count must not
grow with the entries. `-v` lists the queries.
"""

import pytest
from django.contrib.auth import get_user_model

from rotative.core.tests.query_counts import assert_cold_then_warm
from rotative.live import services
from rotative.live.models import LiveLabel
from rotative.news.tests.factories import ArticlePageFactory, ImageFactory

pytestmark = pytest.mark.django_db

# The feed page: one page of entries with their label, article and author (joined) and their
# pictures and renditions (two queries for all: before, one rendition query per pictured
# entry whenever Wagtail's rendition cache was cold), the last event id, the labels, the
# chrome (site, identity, sections, En ce moment, ads' side blocks). Warm, the chrome's
# cached parts are skipped.
FEED_COLD, FEED_WARM = 19, 5
# The poll with events to replay: the newest event id, the events with their entries
# (joined), their pictures and renditions, the request's site (the article's address), which
# the process then holds for the edition (core.routing); warm, the same less the site.
POLL_COLD, POLL_WARM = 5, 4
# Unchanged feed (the browser's ETag matches): the newest event id only.
POLL_NOT_MODIFIED = 1


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def feed(request, section):
    editor = get_user_model().objects.create_superuser("redaction", "r@example.fr", "x")
    article = ArticlePageFactory(parent=section)
    labels = [LiveLabel.objects.create(name=f"Sujet {i}", slug=f"sujet-{i}") for i in range(3)]
    for i in range(request.param):
        services.live_entry_publish(
            author=editor,
            body=f"<p>Entrée {i}.</p>",
            label=labels[i % 3],
            article=article,
            image=ImageFactory(),
        )


@pytest.mark.parametrize("feed", [1, 30], indirect=True)
def test_feed_page_queries(client, feed, django_assert_num_queries):
    assert_cold_then_warm(client, "/en-direct/", django_assert_num_queries, FEED_COLD, FEED_WARM)


@pytest.mark.parametrize("feed", [1, 30], indirect=True)
def test_poll_queries(client, feed, django_assert_num_queries):
    url = "/en-direct/evenements.json?canal=site&depuis=0"
    assert_cold_then_warm(client, url, django_assert_num_queries, POLL_COLD, POLL_WARM)
    etag = client.get(url)["ETag"]
    with django_assert_num_queries(POLL_NOT_MODIFIED):
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
