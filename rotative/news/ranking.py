"""The two steps of a bounded search (news.search), each as cheap as the backend allows.

1. `newest_matches`: the newest matches, walking the publication-date index and stopping at the
   limit (or, for a rare word, from the full-text index, then sorted by date). Nothing is ranked
   there: PostgreSQL would compute the rank of every row before sorting them by date (3,970 of
   them for « Barfleur » to keep 501), since a function as cheap as ts_rank is not postponed
   past the LIMIT.
2. `by_relevance`: those few ranked, with the backend's own expression (PostgreSQL: ts_rank of
   the title × title_norm + ts_rank of the body; SQLite: weighted bm25), read from the index
   entries by their primary key.
"""

from typing import NamedTuple

from django.db import connections, transaction
from django.db.models import F


class Match(NamedTuple):
    id: int
    entry_id: int | None  # PostgreSQL: its row in the search index, to rank it by its key
    score: float | None  # SQLite: bm25, lower is better


def newest_matches(matches, *, limit: int) -> list[Match]:
    """At most `limit` of `matches` (a search ordered by date, not by relevance), newest first."""
    queryset = matches[:limit].get_queryset()
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        # FTS5 ranks from its own index at no extra cost: the score comes with the match.
        rows = matches.annotate_score("_score")[:limit].get_queryset().values_list("id", "_score")
        return [Match(pk, None, score) for pk, score in rows]
    # The join the search made to its index entries, reused rather than made again.
    rows = queryset.values_list("id", "index_entries__id")
    # One process: a parallel plan has each worker walk the date index up to the limit (twice
    # the rows read for « maire »), and under load the workers only compete with the other
    # requests for the same cores.
    with transaction.atomic(using=queryset.db), connection.cursor() as cursor:
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        return [Match(pk, entry_id, None) for pk, entry_id in rows]


def by_relevance(matches, newest: list[Match]) -> list[Match]:
    """`newest` best first, as the backend ranks a search of every match; ties to the newest id."""
    if not newest:
        return newest
    if newest[0].entry_id is None:
        return sorted(newest, key=lambda m: (m.score, -m.id))
    compiler = matches.query_compiler
    config = compiler.get_config(matches.backend)
    # modelsearch's own expression (PostgresSearchQueryCompiler.get_index_vectors), on the
    # entries' columns rather than through the page's relation to them.
    rank = compiler._build_rank_expression(
        [(F("title"), F("title_norm")), (F("body"), 1.0)], config
    )
    # The index's entry model (Wagtail's), as the search joined it.
    entries = compiler.queryset.model._meta.get_field("index_entries").related_model
    scores = dict(
        entries.objects.using(matches.get_queryset().db)
        .filter(pk__in=[m.entry_id for m in newest])
        .annotate(score=rank)
        .values_list("pk", "score")
    )
    return sorted(newest, key=lambda m: (-scores[m.entry_id], -m.id))
