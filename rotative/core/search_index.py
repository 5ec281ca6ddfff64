"""Bulk search indexing on PostgreSQL: modelsearch's `add_items`, reading each object once.

modelsearch's ObjectIndexer exposes the title, body and autocomplete vectors and the two
plain-text columns as five cached properties, and each walks every search field of the object:
an article's StreamField body is turned into text (HTML stripped paragraph by paragraph) five
times. Each vector is then built as a Django expression and compiled, three per object. In
bench/wire_ingest.py that was 2 to 2.6 ms per article, after each batch's commit.

Here the fields are read once per object and the SQL of each vector is written directly: the
same INSERT, with the same SQL and parameters, as modelsearch writes (core/tests/
test_search_index.py compares both, and the rows they store).
"""

from modelsearch.index import AutocompleteField, SearchField
from modelsearch.utils import balanced_reduce, get_content_type_pk

# What modelsearch's EMPTY_VECTOR compiles to: an empty tsvector.
EMPTY_VECTOR_SQL = ("to_tsvector(COALESCE(%s, %s))", ["", ""])


class IndexedTexts:
    """One object's (text, weight) pairs by column, from one pass over its search fields, in
    the order and with the weights ObjectIndexer's properties give them."""

    def __init__(self, obj, backend):
        from modelsearch.backends.database.postgres.postgres import ObjectIndexer

        indexer = ObjectIndexer(obj, backend)  # for its prepare_field, value by value
        self.id = indexer.id
        self.title: list[tuple[str, str]] = []
        self.body: list[tuple[str, str]] = []
        self.autocomplete: list[tuple[str, str]] = []
        for field in indexer.search_fields:
            for current, weight, value in indexer.prepare_field(obj, field):
                if isinstance(current, SearchField):
                    column = self.title if current.field_name == "title" else self.body
                    column.append((value, weight))
                elif isinstance(current, AutocompleteField):
                    self.autocomplete.append((value, weight))

    @property
    def title_text(self) -> str:
        return _plain_text(self.title)

    @property
    def body_text(self) -> str:
        return _plain_text(self.body)


def _plain_text(texts: list[tuple[str, str]]) -> str:
    """ObjectIndexer.title_text / body_text: the stripped non-empty values, space-joined."""
    return " ".join(stripped for text, _weight in texts if (stripped := text.strip()))


def vector_sql(texts: list[tuple[str, str]], config: str | None) -> tuple[str, list]:
    """The SQL and parameters Django compiles ObjectIndexer.as_vector(texts) to: one weighted
    to_tsvector per non-blank text, joined with `||` in modelsearch's balanced order."""
    terms = []
    for text, weight in texts:
        text = text.strip()
        if not text:
            continue
        if config:
            sql = "setweight(to_tsvector(%s::regconfig, COALESCE(%s, %s)), %s)"
            terms.append((sql, [config, text, "", weight]))
        else:
            terms.append(("setweight(to_tsvector(COALESCE(%s, %s)), %s)", [text, "", weight]))
    if not terms:
        return EMPTY_VECTOR_SQL
    return balanced_reduce(_concat, terms)


def _concat(left: tuple[str, list], right: tuple[str, list]) -> tuple[str, list]:
    return f"({left[0]} || {right[0]})", left[1] + right[1]


class OnePassAddItemsMixin:
    """For a subclass of modelsearch's PostgresIndex."""

    def add_items(self, model, objs):
        from modelsearch.backends.database.postgres.postgres import IndexEntry

        if not model.get_search_fields():
            return
        entries = [IndexedTexts(obj, self.backend) for obj in objs]
        if not entries:
            return
        content_type_pk = get_content_type_pk(model)
        config, autocomplete_config = self.backend.config, self.backend.autocomplete_config
        rows_sql, params = [], []
        for entry in entries:
            title_sql, title_params = vector_sql(entry.title, config)
            autocomplete_sql, autocomplete_params = vector_sql(
                entry.autocomplete, autocomplete_config
            )
            body_sql, body_params = vector_sql(entry.body, config)
            rows_sql.append(f"(%s, %s, {title_sql}, {autocomplete_sql}, {body_sql}, 1.0, %s, %s)")
            params += [content_type_pk, entry.id, *title_params, *autocomplete_params]
            params += [*body_params, entry.title_text, entry.body_text]
        # modelsearch's statement, word for word.
        with self.write_connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO {IndexEntry._meta.db_table} (content_type_id, object_id, title, autocomplete, body, title_norm, title_text, body_text)
                (VALUES {", ".join(rows_sql)})
                ON CONFLICT (content_type_id, object_id)
                DO UPDATE SET title = EXCLUDED.title,
                              title_norm = 1.0,
                              autocomplete = EXCLUDED.autocomplete,
                              body = EXCLUDED.body,
                              title_text = EXCLUDED.title_text,
                              body_text = EXCLUDED.body_text
                """,  # noqa: E501, S608 (table name from the model; values are parameters)
                params,
            )
        self._refresh_title_norms()
