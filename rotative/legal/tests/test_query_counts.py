"""Queries the legal pages cost a reader, locked exactly (cold cache, then warm)."""

import pytest

from rotative.core.tests.query_counts import assert_cold_then_warm

pytestmark = pytest.mark.django_db

# The route (site, pages down the tree, view restrictions), the page, the chrome (identity,
# sections, En ce moment, the live side column, ads' side blocks, the agenda's « À venir »)
# and the footer's legal links with their labels (cached an hour). Warm, the
# cached parts are skipped, and the page is held for the edition by its address
# (core.routing). The contact page costs the same.
LEGAL_COLD, LEGAL_WARM = 24, 2


@pytest.mark.parametrize("url", ["/mentions-legales/", "/confidentialite/", "/contact/"])
def test_legal_page_queries(client, legal_pages, url, django_assert_num_queries):
    assert_cold_then_warm(client, url, django_assert_num_queries, LEGAL_COLD, LEGAL_WARM)
