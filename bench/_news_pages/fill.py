# ruff: noqa: E501  (SQL and log lines read better unwrapped)
"""The bulk fill: sections, authors and tags through the ORM, then the articles' Wagtail pages
written with COPY (treebeard materialised paths computed here), a few realistic extras, and
the search index rows (`search_index`)."""

from __future__ import annotations

import datetime as dt
import json
import random
import time
import uuid
from dataclasses import dataclass

from _news_pages.search_index import bulk_index
from _news_pages.text import AGENCIES, DATELINES, PLACES, SECTIONS, TOPIC_TAGS, Writer, make_article

CHUNK = 5000  # articles generated and copied per transaction
# Page and ArticlePage columns the bench writes itself; the others take their defaults.
PAGE_COLUMNS = {
    "id",
    "path",
    "depth",
    "numchild",
    "title",
    "draft_title",
    "slug",
    "live",
    "has_unpublished_changes",
    "url_path",
    "content_type_id",
    "locale_id",
    "translation_key",
    "first_published_at",
    "last_published_at",
    "latest_revision_created_at",
}
ARTICLE_COLUMNS = {
    "page_ptr_id",
    "chapo",
    "body",
    "agency",
    "dateline",
    "is_breaking",
    "breaking_until",
}
FIRST_NAMES = [
    "Claire",
    "Julien",
    "Sophie",
    "Thomas",
    "Camille",
    "Nicolas",
    "Léa",
    "Antoine",
    "Manon",
    "Hugo",
    "Chloé",
    "Pierre",
    "Emma",
    "Lucas",
    "Inès",
    "Paul",
]
LAST_NAMES = [
    "Lefèvre",
    "Marie",
    "Hamel",
    "Lecoq",
    "Duval",
    "Lemoine",
    "Guérin",
    "Lebrun",
    "Leroux",
    "Pichon",
    "Hébert",
    "Letellier",
    "Roussel",
    "Vautier",
    "Jouen",
    "Legrand",
]


def base36_step(n, steplen=4):
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    while n:
        n, r = divmod(n, 36)
        out = alphabet[r] + out
    if len(out) > steplen:
        raise ValueError("too many children for treebeard steplen")
    return out.rjust(steplen, "0")


def existing_article_count(db_url):
    import psycopg

    try:
        with psycopg.connect(db_url, connect_timeout=5) as conn:
            count = conn.execute("SELECT count(*) FROM news_articlepage").fetchone()[0]
            meta = None
            try:
                row = conn.execute("SELECT value FROM bench_meta WHERE key = 'fill'").fetchone()
                meta = row[0] if row else None
            except psycopg.Error:
                pass
            return count, meta
    except psycopg.Error:
        return None, None


def column_plan(fields, overridden, connection):
    """(column, kind, x): kind 'v' = value from the row dict, 'c' = constant, 'f' = callable default."""
    plan = []
    for field in fields:
        if field.attname in overridden:
            plan.append((field.column, "v", field.attname))
        elif field.has_default() and callable(field.default):
            plan.append((field.column, "f", field))
        else:
            plan.append(
                (field.column, "c", field.get_db_prep_save(field.get_default(), connection))
            )
    return plan


def plan_row(plan, values, connection):
    row = []
    for _column, kind, x in plan:
        if kind == "v":
            row.append(values[x])
        elif kind == "c":
            row.append(x)
        else:
            row.append(x.get_db_prep_save(x.get_default(), connection))
    return row


def copy_rows(cursor, table, columns, rows):
    cols = ", ".join(f'"{c}"' for c in columns)
    with cursor.cursor.copy(f'COPY "{table}" ({cols}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row(row)


def fill(db_url, n_articles, seed, log):
    """Bulk-writes sections, articles, tags, authors, view counts and the search index."""
    from django.conf import settings
    from django.db import connection
    from django.utils import timezone

    from rotative.core.models import HomePage

    timings = {}
    rng = random.Random(seed)
    now = timezone.now().replace(microsecond=0)

    t0 = time.monotonic()
    writer = Writer(rng)
    home = HomePage.objects.get()
    sections, authors, tags_by_name = sections_authors_tags(home, rng, now)
    timings["sections_authors_tags"] = time.monotonic() - t0

    t0 = time.monotonic()
    layout = copy_layout(home, log)
    written = copy_articles(
        layout, n_articles, writer, sections, authors, tags_by_name, now=now, started=t0, log=log
    )
    timings["pages"] = time.monotonic() - t0

    # ---- realistic extras: most-read counts, pinned topics, one breaking story ------------
    t0 = time.monotonic()
    add_extras(rng, now, written["article_ids"], tags_by_name)
    timings["extras"] = time.monotonic() - t0

    index = bulk_index(db_url, layout.article_ct, written["article_ids"], timings, log)

    t0 = time.monotonic()
    with connection.cursor() as cursor:  # autocommit: VACUUM cannot run in a transaction
        cursor.execute("VACUUM ANALYZE")
    timings["vacuum_analyze"] = time.monotonic() - t0
    return {
        "articles": n_articles,
        "sections": len(sections),
        "per_section": dict(zip([s.slug for s in sections], written["per_section"], strict=True)),
        "timings_s": {k: round(v, 2) for k, v in timings.items()},
        "index_verification": index["verification"],
        "search_config": index["config"],
        "settings_search_config": settings.WAGTAILSEARCH_BACKENDS["default"].get("SEARCH_CONFIG"),
        "home_url_path": home.url_path,  # site root: /accueil/
    }


def sections_authors_tags(home, rng, now):
    """The 8 sections under the home page, 16 authors and the tags, through the ORM."""
    from django.db import transaction
    from django.utils.text import slugify
    from taggit.models import Tag

    from rotative.news.models import Author, SectionPage

    sections = []
    with transaction.atomic():
        for order, (title, slug) in enumerate(SECTIONS):
            section = SectionPage(
                title=title,
                draft_title=title,
                slug=slug,
                description=f"Toute l'actualité : {title.lower()}.",
                nav_order=order,
                live=True,
                first_published_at=now - dt.timedelta(days=800),
                last_published_at=now - dt.timedelta(days=800),
            )
            home.add_child(instance=section)
            sections.append(section)
        authors = [
            Author.objects.create(
                name=f"{first} {last}",
                role=rng.choice(
                    ["Journaliste", "Correspondant", "Cheffe d'édition", "Photographe"]
                ),
            )
            for first, last in zip(FIRST_NAMES, LAST_NAMES, strict=True)
        ]
        tag_names = list(dict.fromkeys(TOPIC_TAGS + PLACES))
        Tag.objects.bulk_create([Tag(name=name, slug=slugify(name)) for name in tag_names])
        tags_by_name = {t.name: t.pk for t in Tag.objects.all()}
    return sections, authors, tags_by_name


@dataclass
class Layout:
    """Where the COPY writes: tables, column plans, the article content type and locale."""

    page_table: str
    article_table: str
    article_ct: int
    locale_id: int
    page_plan: list
    article_plan: list
    tag_table: str
    tag_cols: list
    authors_table: str
    author_cols: list


def copy_layout(home, log) -> Layout:
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from wagtail.models import Page

    from rotative.news.models import ArticlePage, ArticleTag, Author

    page_plan = column_plan(list(Page._meta.concrete_fields), PAGE_COLUMNS, connection)
    article_plan = column_plan(
        list(ArticlePage._meta.local_concrete_fields), ARTICLE_COLUMNS, connection
    )
    for plan, name in (
        (page_plan, Page._meta.db_table),
        (article_plan, ArticlePage._meta.db_table),
    ):
        callables = [c for c, k, _x in plan if k == "f"]
        if callables:
            log(f"{name}: per-row defaults for {', '.join(callables)}")
    authors_through = ArticlePage._meta.get_field("authors").remote_field.through
    through_fields = {
        f.related_model: f.column for f in authors_through._meta.concrete_fields if f.is_relation
    }
    return Layout(
        page_table=Page._meta.db_table,
        article_table=ArticlePage._meta.db_table,
        article_ct=ContentType.objects.get_for_model(ArticlePage).pk,
        locale_id=home.locale_id,
        page_plan=page_plan,
        article_plan=article_plan,
        tag_table=ArticleTag._meta.db_table,
        tag_cols=[
            ArticleTag._meta.get_field("content_object").column,
            ArticleTag._meta.get_field("tag").column,
        ],
        authors_table=authors_through._meta.db_table,
        author_cols=[through_fields[ArticlePage], through_fields[Author]],
    )


def copy_articles(
    layout, n_articles, writer, sections, authors, tags_by_name, *, now, started, log
):
    """The articles, CHUNK at a time, each chunk one transaction of COPYs; their search text
    goes to a staging table for bulk_index."""
    from django.db import connection, transaction

    rng = writer.rng
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT coalesce(max(id), 0) FROM "{layout.page_table}"')
        next_id = cursor.fetchone()[0] + 1
        cursor.execute(
            "CREATE UNLOGGED TABLE IF NOT EXISTS bench_index_staging "
            "(object_id integer PRIMARY KEY, title text, chapo text, body text)"
        )
        cursor.execute("TRUNCATE bench_index_staging")

    # Publication dates over the last 2 years, ids increasing with time as on a real site.
    span = 730 * 86400
    offsets = sorted((rng.random() * span for _ in range(n_articles)), reverse=True)
    per_section = [0] * len(sections)
    article_ids = []
    for start in range(0, n_articles, CHUNK):
        rows = {"page": [], "article": [], "tag": [], "author": [], "index": []}
        for k in range(start, min(start + CHUNK, n_articles)):
            pk = next_id
            next_id += 1
            s = rng.randrange(len(sections))
            per_section[s] += 1
            published = now - dt.timedelta(seconds=offsets[k])
            article_rows(
                rows,
                layout,
                writer,
                pk,
                sections[s],
                per_section[s],
                published,
                authors,
                tags_by_name,
            )
            article_ids.append(pk)
        copy_chunk(layout, rows)
        log(
            f"articles: {min(start + CHUNK, n_articles):,}/{n_articles:,} ({time.monotonic() - started:.0f} s)"
        )

    with transaction.atomic(), connection.cursor() as cursor:
        for section, count in zip(sections, per_section, strict=True):
            cursor.execute(
                f'UPDATE "{layout.page_table}" SET numchild = %s WHERE id = %s', [count, section.pk]
            )
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('\"{layout.page_table}\"', 'id'), (SELECT max(id) FROM \"{layout.page_table}\"))"
        )
    return {"article_ids": article_ids, "per_section": per_section}


def article_rows(rows, layout, writer, pk, section, rank, published, authors, tags_by_name):
    """One article's rows (page, article, tags, authors, search text), appended to `rows`."""
    from django.db import connection
    from django.utils.text import slugify

    rng = writer.rng
    place = writer.pick(writer.places)
    title, chapo, body, body_text = make_article(writer, rng, place)
    slug = f"{slugify(title)[:60].strip('-')}-{pk}"
    updated = (
        published + dt.timedelta(hours=rng.uniform(0.2, 30)) if rng.random() < 0.12 else published
    )
    agency = rng.choice(AGENCIES) if rng.random() < 0.25 else ""
    page = {
        "id": pk,
        "path": section.path + base36_step(rank),
        "depth": section.depth + 1,
        "numchild": 0,
        "title": title,
        "draft_title": title,
        "slug": slug,
        "live": True,
        "has_unpublished_changes": False,
        "url_path": f"{section.url_path}{slug}/",
        "content_type_id": layout.article_ct,
        "locale_id": layout.locale_id,
        "translation_key": uuid.UUID(int=rng.getrandbits(128), version=4),
        "first_published_at": published,
        "last_published_at": updated,
        "latest_revision_created_at": updated,
    }
    rows["page"].append(plan_row(layout.page_plan, page, connection))
    article = {
        "page_ptr_id": pk,
        "chapo": chapo,
        "body": body,
        "agency": agency,
        "dateline": rng.choice(DATELINES) if agency and rng.random() < 0.7 else "",
        "is_breaking": False,
        "breaking_until": None,
    }
    rows["article"].append(plan_row(layout.article_plan, article, connection))
    names = {place} | {writer.rng.choices(TOPIC_TAGS, k=1)[0] for _ in range(rng.randint(1, 3))}
    rows["tag"].extend((pk, tags_by_name[name]) for name in names)
    if not agency:
        for author in rng.sample(authors, rng.choice([1, 1, 1, 2])):
            rows["author"].append((pk, author.pk))
    rows["index"].append((pk, title, chapo, body_text))


def copy_chunk(layout, rows) -> None:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        copy_rows(cursor, layout.page_table, [c for c, _k, _x in layout.page_plan], rows["page"])
        copy_rows(
            cursor, layout.article_table, [c for c, _k, _x in layout.article_plan], rows["article"]
        )
        copy_rows(cursor, layout.tag_table, layout.tag_cols, rows["tag"])
        copy_rows(cursor, layout.authors_table, layout.author_cols, rows["author"])
        copy_rows(
            cursor, "bench_index_staging", ["object_id", "title", "chapo", "body"], rows["index"]
        )


def add_extras(rng, now, article_ids, tags_by_name) -> None:
    """Most-read counts over 48 hours, two pinned topics, one breaking story."""
    from rotative.core.models import PinnedTopic
    from rotative.news.models import ArticlePage, ArticleViewCount

    hour = now.replace(minute=0, second=0)
    popular = rng.sample(article_ids[-5000:], min(600, len(article_ids)))
    counts = {}
    for h in range(48):
        for pk in rng.sample(popular, min(150, len(popular))):
            counts[(pk, h)] = rng.randint(1, 400)
    ArticleViewCount.objects.bulk_create(
        [
            ArticleViewCount(article_id=pk, hour=hour - dt.timedelta(hours=h), count=c)
            for (pk, h), c in counts.items()
        ],
        batch_size=5000,
    )
    for order, name in enumerate(["Tempête", "Municipales"]):
        PinnedTopic.objects.create(label=name, tag_id=tags_by_name[name], sort_order=order)
    breaking_id = article_ids[-1]
    ArticlePage.objects.filter(pk=breaking_id).update(
        is_breaking=True, breaking_until=now + dt.timedelta(days=1)
    )


def fill_meta_save(fill_info: dict) -> None:
    """What the fill did, kept in the database for --reuse."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value jsonb)")
        cursor.execute(
            "INSERT INTO bench_meta VALUES ('fill', %s) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            [json.dumps(fill_info)],
        )


def refresh_relative_data(log):
    """On --reuse: keep the 24-hour windows (most read, breaking banner) current."""
    from django.db import connection
    from django.utils import timezone

    from rotative.news.models import ArticlePage, ArticleViewCount

    table = ArticleViewCount._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f'UPDATE "{table}" SET hour = hour + (date_trunc(\'hour\', now()) - (SELECT max(hour) FROM "{table}"))'
        )
    latest = (
        ArticlePage.objects.order_by("-first_published_at").values_list("pk", flat=True).first()
    )
    if latest:
        ArticlePage.objects.filter(is_breaking=True).update(is_breaking=False)
        ArticlePage.objects.filter(pk=latest).update(
            is_breaking=True, breaking_until=timezone.now() + dt.timedelta(days=1)
        )
    log("reuse: view counts shifted to the last 48 hours, breaking banner renewed")
