"""The search and an offer's page read a fixed number of queries, however many offers."""

from datetime import UTC, datetime

import pytest
import time_machine

from rotative.jobs.tests import factories

pytestmark = pytest.mark.django_db
NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


def count_queries(client, path, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit):
        assert client.get(path).status_code == 200


@time_machine.travel(NOW, tick=False)
def test_the_search_does_not_grow_with_the_offers(client, django_assert_max_num_queries):
    boss = factories.employer()
    for n in range(3):
        factories.offer(by=boss, title=f"Soudeur {n} H/F")
    # Logged in: the page is made for the reader, never served from the front cache.
    client.force_login(factories.employer("Lecteur SARL"))
    path = "/emploi/?q=soudeur&commune=Carantilly+%2850570%29&rayon=30&salaire=1500"
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)  # the site's blocks, cached after a first page
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    few = len(captured)  # now: the next request resets the connection's log
    for n in range(3, 15):
        factories.offer(by=boss, title=f"Soudeur {n} H/F")
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    many = len(captured)
    assert len(response.context["page"].object_list) == 15
    assert many == few > 0
    count_queries(client, path, django_assert_max_num_queries, few)
    offer = response.context["page"].object_list[0]
    client.get(offer.get_absolute_url())
    # The offer, its commune and employer in one join; the view count's update.
    count_queries(client, offer.get_absolute_url(), django_assert_max_num_queries, few + 1)
