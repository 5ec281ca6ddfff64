"""The one way the query-count tests measure a page a reader opens: cold, then warm."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext


def assert_cold_then_warm(client, url, assert_num_queries, cold, warm):
    """`cold` queries for the first request after a cache flush, `warm` for the next one.

    A first request made beforehand, as the first reader ever did, makes the image renditions
    and loads what a process loads once (content types): neither is a reader's cost.
    Both counts are taken before either is compared, so that a change shows both at once."""
    client.get(url)
    cache.clear()
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(queries)
    done = [len(queries) for queries in counts]
    if done != [cold, warm]:
        listing = "\n".join(
            f"{name}:\n" + "\n".join(f"  {q['sql'][:300]}" for q in queries.captured_queries)
            for name, queries in zip(("cold", "warm"), counts, strict=True)
        )
        raise AssertionError(
            f"{url}: expected {cold} queries cold and {warm} warm, "
            f"{done[0]} and {done[1]} were done\n{listing}"
        )
