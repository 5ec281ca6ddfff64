"""Bulk search indexing (core/search_index.py) stores what modelsearch's own code stores, and
the index update of a batch costs the same few statements for 2 articles as for 12."""

from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from modelsearch.backends import get_search_backend

from rotative.core import tasks
from rotative.core.search_index import IndexedTexts, vector_sql
from rotative.news.models import ArticlePage
from rotative.news.tests.factories import ArticlePageFactory, body

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the PostgreSQL search backend"
)
BACKEND = SimpleNamespace(config="rotative_french", autocomplete_config="simple")


def _object_indexer():
    from modelsearch.backends.database.postgres.postgres import ObjectIndexer

    class TextsOnly(ObjectIndexer):
        """ObjectIndexer giving each column's (text, weight) pairs instead of its vector."""

        def as_vector(self, texts, for_autocomplete=False):
            return texts

    return TextsOnly


def _stories(section, count):
    return [
        ArticlePageFactory(
            parent=section,
            title=f"  Foire d'Alençon, jour {n}  ",
            chapo=f" Les exposants de l'Orne, {n} ans après. ",
            body=body(
                {"type": "paragraph", "value": f"<p>Le <b>maire</b> {n} &amp; l'Hôpital.</p>"},
                {"type": "intertitle", "value": "Une affluence record"},
                {"type": "paragraph", "value": "<p>Deuxième paragraphe.</p><p>   </p>"},
            ),
        )
        for n in range(count)
    ]


@pytest.mark.django_db
def test_one_pass_gives_each_column_what_object_indexer_gives(section, monkeypatch):
    from modelsearch.backends.database.postgres import weights

    if not weights.BOOSTS_WEIGHTS:  # filled when the app is ready, on PostgreSQL only
        monkeypatch.setattr(weights, "BOOSTS_WEIGHTS", weights.determine_boosts_weights())
    object_indexer = _object_indexer()
    for story in _stories(section, 3):
        ours, theirs = IndexedTexts(story, BACKEND), object_indexer(story, BACKEND)
        assert ours.id == theirs.id
        assert ours.title == theirs.title
        assert ours.body == theirs.body
        assert ours.autocomplete == theirs.autocomplete
        assert ours.title_text == theirs.title_text
        assert ours.body_text == theirs.body_text
        assert ours.body  # chapô and body were read


@postgres_only
@pytest.mark.parametrize("config", ["rotative_french", "simple", None])
@pytest.mark.parametrize(
    "texts",
    [
        [],
        [("  ", "A")],
        [("Titre", "A")],
        [("chapô", "B"), ("corps", "D")],
        [("un", "A"), (" ", "B"), ("deux", "B"), ("trois", "D")],
        [(f"mot {n}", "ABCD"[n % 4]) for n in range(7)],
    ],
)
def test_vector_sql_is_what_django_compiles(texts, config):
    from django.db.models.sql.subqueries import InsertQuery
    from modelsearch.backends.database.postgres.postgres import IndexEntry, ObjectIndexer

    indexer = object.__new__(ObjectIndexer)  # as_vector only reads the configuration
    indexer.config = indexer.autocomplete_config = config
    vector = indexer.as_vector(texts)
    compiler = InsertQuery(IndexEntry).get_compiler(connection=connection)
    value = compiler.prepare_value(IndexEntry._meta.get_field("title"), vector)
    sql, params = value.as_sql(compiler, connection)
    assert vector_sql(texts, config) == (sql, list(params))


def _entries(ids):
    from modelsearch.backends.database.postgres.postgres import IndexEntry

    return IndexEntry.objects.filter(content_type__model="articlepage", object_id__in=ids).order_by(
        "object_id"
    )


def _rows(ids):
    columns = ("title", "autocomplete", "body")
    with connection.cursor() as cursor:  # the vectors as PostgreSQL prints them
        cursor.execute(
            "SELECT object_id, title::text, autocomplete::text, body::text FROM"  # noqa: S608
            f" {_entries(ids).model._meta.db_table} WHERE object_id = ANY(%s) ORDER BY 1",
            [ids],
        )
        vectors = {row[0]: dict(zip(columns, row[1:], strict=True)) for row in cursor}
    return [
        {**vectors[entry["object_id"]], **entry}
        for entry in _entries(ids).values("object_id", "title_norm", "title_text", "body_text")
    ]


def _clear(ids):
    _entries(ids).delete()


@postgres_only
@pytest.mark.django_db
def test_bulk_rows_are_modelsearchs_and_one_by_ones(section):
    from modelsearch.backends.database.postgres.postgres import PostgresIndex

    stories = list(ArticlePage.objects.filter(pk__in=[s.pk for s in _stories(section, 5)]))
    ids = [str(story.pk) for story in stories]
    backend = get_search_backend()
    assert type(backend.get_index_for_model(ArticlePage)).__name__ == "CachedNormPostgresIndex"

    _clear(ids)
    PostgresIndex(backend).add_items(ArticlePage, stories)  # modelsearch's own code
    stock = _rows(ids)
    _clear(ids)
    backend.add_bulk(ArticlePage, stories)
    bulk = _rows(ids)
    _clear(ids)
    for story in stories:
        PostgresIndex(backend).add_item(story)
    stock_one_by_one = _rows(ids)
    _clear(ids)
    for story in stories:
        backend.add(story)
    one_by_one = _rows(ids)

    assert len(stock) == 5
    assert "'alencon':" in stock[0]["title"]  # the French configuration, unaccented
    assert bulk == stock
    # One by one, each entry's title_norm is from the average of the entries before it.
    assert one_by_one == stock_one_by_one


@postgres_only
@pytest.mark.django_db
def test_index_update_statements_hardly_grow_with_the_batch(section):
    stories = _stories(section, 14)
    statements = []
    for batch in (stories[:2], stories[2:]):
        with CaptureQueriesContext(connection) as queries:
            indexed = tasks.search_index_update.call(
                "news", "articlepage", [str(story.pk) for story in batch]
            )
        assert indexed == len(batch)
        statements.append(len(queries))
    assert statements[1] == statements[0] <= 4
