# ruff: noqa: E501  (SQL and log lines read better unwrapped)
"""The bulk fill: sections, authors and tags through the ORM, then the articles' Wagtail pages
written with COPY (treebeard materialised paths computed here), a few realistic extras, and
the search index rows (`search_index`)."""

from __future__ import annotations

import datetime as dt
import random
import time
import uuid

from _news_pages.copy_pages import base36_step, copy_chunk, copy_layout, plan_row
from _news_pages.search_index import bulk_index
from _news_pages.text import AGENCIES, DATELINES, PLACES, SECTIONS, TOPIC_TAGS, Writer, make_article

CHUNK = 5000  # articles generated and copied per transaction

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


def fill(db_url, n_articles, seed, log):
    """Bulk-writes sections, articles, tags, authors, view counts and the search index."""
    from django.conf import settings
    from django.db import connection
    from django.utils import timezone

    from rotative.home.models import HomePage

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


def add_extras(rng, now, article_ids, tags_by_name) -> None:
    """Most-read counts over 48 hours, two pinned topics, one breaking story."""
    from rotative.home.models import PinnedTopic
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
