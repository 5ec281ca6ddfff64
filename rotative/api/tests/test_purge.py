"""A correction published shows at once in the app too: the front cache (Varnish) is told to
drop the API's answers that changed, by path, like the site's pages."""

from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model

from rotative.accounts.tests.factories import ReaderFactory
from rotative.comments.tests.factories import comment_post
from rotative.live import services as live
from rotative.live.models import LiveBlogPage
from rotative.news.tests.factories import ArticlePageFactory
from rotative.news.tests.test_publishing import varnish  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def paths(received) -> set[str]:
    return {urlsplit(url).path for url in received}


def test_publishing_or_unpublishing_an_article_purges_its_api_answers(varnish, section):  # noqa: F811
    article = ArticlePageFactory(parent=section, title="La digue cède")
    varnish.clear()
    article.title = "La digue tient"
    article.save_revision().publish()
    expected = {
        "/api/v1/articles",
        f"/api/v1/articles/{article.pk}",
        f"/api/v1/articles/{article.pk}/commentaires",
    }
    assert expected <= paths(varnish)
    assert article.url in paths(varnish)  # the site's own purge still goes
    varnish.clear()
    article.unpublish()
    assert expected <= paths(varnish)


def test_a_live_entry_purges_the_feed_it_belongs_to(varnish, section):  # noqa: F811
    editor = get_user_model().objects.create_user(username="anne", is_staff=True)
    varnish.clear()
    entry = live.live_entry_publish(author=editor, body="<p>Bouchon sur l'A84.</p>")
    assert {"/api/v1/direct", "/api/v1/direct/flux"} <= paths(varnish)
    varnish.clear()
    live.live_entry_delete(entry=entry)
    assert "/api/v1/direct" in paths(varnish)
    blog = section.add_child(instance=LiveBlogPage(title="Soirée", slug="soiree", chapo="."))
    blog.save_revision().publish()
    assert {f"/api/v1/direct/blogs/{blog.pk}", f"/api/v1/articles/{blog.pk}"} <= paths(varnish)
    varnish.clear()
    live.live_entry_publish(author=editor, body="<p>Résultats.</p>", channel=blog.channel)
    assert f"/api/v1/direct/blogs/{blog.pk}/entrees" in paths(varnish)
    assert "/api/v1/direct" not in paths(varnish)


def test_a_comment_purges_the_thread_and_the_count(varnish, section):  # noqa: F811
    article = ArticlePageFactory(parent=section)
    varnish.clear()
    comment_post(user=ReaderFactory(), article=article, body="Bravo.")
    assert {
        f"/api/v1/articles/{article.pk}",
        f"/api/v1/articles/{article.pk}/commentaires",
    } <= paths(varnish)
