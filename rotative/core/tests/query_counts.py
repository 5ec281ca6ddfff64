"""The one way the query-count tests measure a page a reader opens: cold, then warm."""

from django.core.cache import cache


def assert_cold_then_warm(client, url, assert_num_queries, cold, warm):
    """`cold` queries for the first request after a cache flush, `warm` for the next one.

    A first request made beforehand, as the first reader ever did, makes the image renditions
    and loads what a process loads once (content types): neither is a reader's cost."""
    client.get(url)
    cache.clear()
    with assert_num_queries(cold):
        assert client.get(url).status_code == 200
    with assert_num_queries(warm):
        assert client.get(url).status_code == 200
