"""The app's reads through the shipped Varnish configuration (deploy/varnish/): kept for
anonymous readers, purged by a publication like the site's pages."""

import pytest

from rotative.core.tests.test_varnish import (  # noqa: F401 (fixtures)
    backend,
    front,
    varnish,
    varnishd,
)
from rotative.news.tests.factories import ArticlePageFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.once]


def test_behind_varnish_the_app_gets_the_correction_at_once(front, section):  # noqa: F811
    """Through the shipped VCL: the app's anonymous reads are kept, and a republished story
    is fetched again at once, with every filter of the list (purged by path)."""
    article = ArticlePageFactory(parent=section, title="La digue cède", tags=["Digue"])
    paths = [f"/api/v1/articles/{article.pk}", "/api/v1/articles", "/api/v1/articles?sujet=digue"]
    for path in paths:
        assert front.get(path).status == 200, path
        assert front.get(path).getheader("X-Cache") == "hit", path
    article.title = "Rectificatif : la digue tient"
    article.save_revision().publish()
    for path in paths:
        response = front.get(path)
        assert response.getheader("X-Cache") == "miss", path
        assert "la digue tient" in front.text(response), path
