"""The night's data, on top of the demo: an archive of articles written in bulk (the news
pages bench's COPY and search index), reader accounts, the wire desk (the wire bench's
folder source and rules), and the catalogue the traffic picks its URLs from."""

from __future__ import annotations

import datetime as dt
import random
import time

from _common.db import sql
from _news_pages.copy_pages import copy_layout
from _news_pages.fill import copy_articles
from _news_pages.search_index import bulk_index
from _news_pages.text import PLACES, SECTIONS, TOPIC_TAGS, Writer
from _wire_ingest.desk import desk_setup

# Sections of the news pages bench that the demo does not have: the archive goes there.
ARCHIVE_SECTIONS = [(title, slug) for title, slug in SECTIONS if slug in {"orne", "normandie"}]
READER_PASSWORD = "Marée-haute-sur-la-digue-7"  # noqa: S105 (bench accounts, thrown away)
SEARCHES = ["tempête", "maire", "Cherbourg", "conseil municipal", "football", "Caen", "pêche"]
AD_WORDS = {
    "immobilier": ["maison", "appartement", "terrain", "jardin", ""],
    "automobile": ["Clio", "diesel", "utilitaire", "208", ""],
    "bonnes-affaires": ["vélo", "canapé", "table", "poussette", ""],
}


def fill(db_url: str, *, articles: int, readers: int, wire_dir, seed: int, log) -> dict:
    """Everything the night needs in the database; returns the traffic's catalogue."""
    started = time.monotonic()
    rng = random.Random(seed)
    archive = archive_fill(db_url, articles, rng, log)
    emails = readers_create(readers)
    _section, source = desk_setup(True, wire_dir)
    source.poll_minutes = 1  # the shortest a desk may set: the night's wire arrives quickly
    source.save(update_fields=["poll_minutes"])
    sql("VACUUM ANALYZE")
    log(f"fill: {archive['articles']:,} archive articles, {len(emails)} readers, wire desk")
    return {
        **catalogue(),
        "readers": emails,
        "reader_password": READER_PASSWORD,
        "fill_s": round(time.monotonic() - started, 1),
        "archive": archive,
    }


def archive_fill(db_url: str, count: int, rng: random.Random, log) -> dict:
    from django.utils import timezone
    from django.utils.text import slugify
    from taggit.models import Tag

    from rotative.home.models import HomePage
    from rotative.news.models import Author, SectionPage

    home = HomePage.objects.get()
    now = timezone.now().replace(microsecond=0)
    sections = []
    for order, (title, slug) in enumerate(ARCHIVE_SECTIONS, 20):
        section = SectionPage(title=title, slug=slug, description=title, nav_order=order)
        home.add_child(instance=section)
        section.save_revision().publish()
        sections.append(section)
    names = list(dict.fromkeys(TOPIC_TAGS + PLACES))
    existing = set(Tag.objects.values_list("name", flat=True))
    Tag.objects.bulk_create(
        [Tag(name=n, slug=slugify(n)) for n in names if n not in existing], ignore_conflicts=True
    )
    tags = dict(Tag.objects.values_list("name", "pk"))
    authors = list(Author.objects.all()) or [Author.objects.create(name="Rédaction")]
    timings = {}
    t0 = time.monotonic()
    layout = copy_layout(home, log)
    written = copy_articles(
        layout, count, Writer(rng), sections, authors, tags, now=now, started=t0, log=log
    )
    timings["pages"] = round(time.monotonic() - t0, 1)
    bulk_index(db_url, layout.article_ct, written["article_ids"], timings, log)
    return {"articles": count, "sections": [s for _t, s in ARCHIVE_SECTIONS], "timings": timings}


def readers_create(count: int) -> list[str]:
    """Confirmed reader accounts that will log in and comment: one password hash for all
    (each costs a fraction of a second; the sign-ups of the night hash their own)."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from rotative.accounts.services import profile_create

    password = make_password(READER_PASSWORD)
    emails = [f"lecteur{n:03d}@example.fr" for n in range(count)]
    with transaction.atomic():
        for n, email in enumerate(emails):
            user = get_user_model().objects.create(
                username=f"lecteur{n:03d}", email=email, password=password
            )
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
            profile_create(user=user, display_name=f"Lecteur {n:03d}")
    return emails


def catalogue() -> dict:
    """What readers ask for: articles (newest first, as popularity goes), sections, tags,
    searches, ad searches."""
    from django.db.models import Count

    from rotative.classifieds.models import Ad
    from rotative.home.models import HomePage
    from rotative.news.models import ArticlePage, ArticleTag, SectionPage

    root = HomePage.objects.get().url_path  # « /accueil/ »: the site's root

    def url(url_path: str) -> str:
        return "/" + url_path[len(root) :]

    articles = [
        (pk, url(path))
        for pk, path in ArticlePage.objects.live()
        .order_by("-first_published_at")
        .values_list("pk", "url_path")
    ]
    sections = [url(p) for p in SectionPage.objects.live().values_list("url_path", flat=True)]
    tags = list(
        ArticleTag.objects.values_list("tag__slug", flat=True)
        .annotate(n=Count("pk"))
        .order_by("-n")[:40]
    )
    towns = sorted(set(Ad.objects.values_list("commune__name", flat=True)))
    return {
        "articles": articles,
        "sections": sections,
        "tags": [f"/sujets/{slug}/" for slug in tags],
        "searches": SEARCHES,
        "ad_words": AD_WORDS,
        "ad_towns": towns or ["Caen"],
        "fetched_at": dt.datetime.now(dt.UTC).isoformat(),
    }
