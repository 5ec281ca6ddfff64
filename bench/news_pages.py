#!/usr/bin/env python
# ruff: noqa: E501  (SQL, Markdown and log lines read better unwrapped)
"""Benchmark of the public news pages on PostgreSQL with a large archive (`make bench`).

1. Creates a dedicated database (`rotative_bench` by default; dropped first), migrates it
   and fills it in bulk with N articles (default 100,000) spread over 8 sections: Wagtail
   pages are written with COPY, with treebeard materialised paths computed here, and the
   search index rows are written in bulk the way Wagtail's PostgreSQL backend writes them
   (checked against the backend itself on a sample).
2. Profiles each page once in-process (SQL queries, slowest query, EXPLAIN ANALYZE).
3. Starts the real server (`manage.py serve --no-demo --no-worker`), then measures latency
   (sequential, keep-alive, round-robin over the cases) and throughput under concurrency
   (threads, keep-alive). /robots.txt, a trivial view, is the baseline: figures are given
   as ratios against it because absolute times on a shared machine are noisy.
4. Writes a Markdown table into docs/performance.md (between markers), prints it, and
   saves the raw results to bench/results/news_pages.json.

Only standard library + what the project already depends on (Django, Wagtail, psycopg).
Every phase is bounded in requests and in time; all traffic goes to 127.0.0.1.

    .venv/bin/python bench/news_pages.py                                   # full run
    .venv/bin/python bench/news_pages.py --articles 2000 --requests 50 --duration 3  # smoke
    .venv/bin/python bench/news_pages.py --reuse                           # keep the data
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import html
import http.client
import json
import math
import os
import platform
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import traceback
import uuid
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS_DIR = BASE_DIR / "bench" / "results"
DOC_PATH = BASE_DIR / "docs" / "performance.md"
MARK_START = "<!-- bench:news_pages:start -->"
MARK_END = "<!-- bench:news_pages:end -->"
DEFAULT_DB_URL = "postgres://postgres@127.0.0.1:5432/rotative_bench"
SETTINGS = "rotative.settings.base"
SECTION_PAGE_SIZE = 20  # rotative.news.models.pages.SECTION_PAGE_SIZE, checked at runtime
CHUNK = 5000  # articles generated and copied per transaction

# --------------------------------------------------------------------------------------
# French-like text
# --------------------------------------------------------------------------------------

SECTIONS = [
    ("Manche", "manche"),
    ("Calvados", "calvados"),
    ("Orne", "orne"),
    ("Normandie", "normandie"),
    ("Politique", "politique"),
    ("Économie", "economie"),
    ("Sports", "sports"),
    ("Culture", "culture"),
]

# Listed roughly from the most to the least frequent (Zipf weights follow the order).
NOUNS = """la mairie|le maire|le conseil municipal|les habitants|le projet|la commune|les élus|
le département|la région|la préfecture|le chantier|l'entreprise|les salariés|le club|l'équipe|
le match|le budget|les travaux|la route|le port|l'association|les bénévoles|la gendarmerie|
les pompiers|l'enquête|le tribunal|l'école|le collège|les élèves|l'hôpital|les médecins|
le festival|le concert|l'exposition|le marché|les commerçants|le centre-ville|le quartier|
la saison|le championnat|les agriculteurs|les éleveurs|le lait|la coopérative|le tourisme|
les visiteurs|la plage|le littoral|les pêcheurs|la criée|le syndicat|la grève|l'usine|
le procès|l'accident|l'incendie|la circulation|la déviation|le rond-point|le pont|le parking|
la tempête|les inondations|la digue|la sécheresse|la récolte|le cidre|le camembert|le musée|
la bibliothèque|le lycée|les enseignants|l'université|la maternité|les urgences|
l'entraîneur|les supporters|le stade|la course|les impôts|la subvention|le déficit|l'emploi|
le chômage|le camping|la gare|le train|la ligne|le bus|le réseau|la piste cyclable|
le logement|les loyers|le lotissement|la centrale|le parc éolien|l'énergie|l'eau potable|
la cathédrale|l'abbaye|le patrimoine|le château|la fête|la foire|le député|le sénateur|
la ministre|le gouvernement|l'opposition|la majorité|le scrutin|les électeurs|la campagne|
le candidat|la liste|le vote|la manifestation|la police|le suspect|la victime|le témoin|
l'avocat|le juge|la peine|la prison|la sécurité|le trafic|l'autoroute|le ferry|la traversée|
le navire|le chantier naval|le sous-marin|l'arsenal|la base|le radar|l'aéroport|le vol|
la météo|la pluie|le vent|la neige|le froid|la chaleur|le climat|la biodiversité|
les oiseaux|la forêt|le bocage|la rivière|le marais|la baie|le phare|l'île|la falaise|
le sentier|la randonnée|le vélo|le cyclisme|le handball|le rugby|la voile|le surf|
la natation|la boulangerie|la vache|la ludothèque|le carillon|la tapisserie""".replace(
    "\n", ""
).split("|")

VERBS = """a annoncé|prévoit|dénonce|a présenté|souhaite|attend|a voté|rejette|soutient|réclame|
inquiète|rassure|a inauguré|lance|relance|suspend|reporte|confirme|a signé|prépare|accueille|
organise|a remporté|a perdu|domine|affronte|menace|protège|finance|rénove|ferme|ouvre|recrute|
supprime|défend|critique|examine|étudie|accompagne|relie|traverse|frappe|touche|mobilise|
alerte|interroge|conteste|salue|découvre|retrouve|célèbre|modernise|agrandit|transforme|
équipe|attire|rassemble|prolonge|double|réduit|augmente""".replace("\n", "").split("|")

ADJECTIVES = """nouveau|important|régional|municipal|local|national|historique|difficile|prochain|
dernier|grand|petit|public|privé|agricole|maritime|touristique|culturel|sportif|économique|
social|rural|urbain|fragile|solide|inédit|exceptionnel|majeur|modeste|ambitieux|controversé|
attendu|provisoire|définitif|complet|rapide|lent|coûteux|gratuit|collectif|départemental|
européen|normand|côtier|portuaire|numérique|écologique|durable|sensible|populaire""".replace(
    "\n", ""
).split("|")

ADVERBS = """désormais|toujours|encore|déjà|finalement|rapidement|enfin|également|pourtant|
largement|fortement|officiellement|progressivement|notamment|aussi|bientôt""".replace(
    "\n", ""
).split("|")

TIMES = """lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|ce week-end|la semaine dernière|
depuis plusieurs mois|cet été|cet hiver|au printemps|à l'automne|l'an dernier|
dans les prochains jours|d'ici la fin de l'année|en début de soirée|dans la nuit|ce matin""".replace(
    "\n", ""
).split("|")

SAYS = [
    "explique",
    "précise",
    "indique",
    "assure",
    "confie",
    "souligne",
    "rappelle",
    "ajoute",
    "estime",
    "regrette",
]

PLACES = """Caen|Cherbourg-en-Cotentin|Saint-Lô|Bayeux|Lisieux|Alençon|Granville|Coutances|Avranches|
Rouen|Le Havre|Honfleur|Deauville|Vire|Falaise|Flers|Argentan|Valognes|Carentan|Ouistreham|
Hérouville-Saint-Clair|Trouville-sur-Mer|Dieppe|Évreux|Fécamp|Étretat|Vernon|Louviers|Bernay|
Pont-Audemer|Yvetot|Bolbec|Elbeuf|L'Aigle|Domfront|Mortagne-au-Perche|Sées|Mortain|Pontorson|
Villedieu-les-Poêles|Barneville-Carteret|Saint-Vaast-la-Hougue|La Hague|Flamanville|Les Pieux|
Bricquebec|Périers|Agon-Coutainville|Hauteville-sur-Mer|Bréhal|Sainte-Mère-Église|
Isigny-sur-Mer|Grandcamp-Maisy|Arromanches|Courseulles-sur-Mer|Luc-sur-Mer|Cabourg|
Dives-sur-Mer|Houlgate|Villers-sur-Mer|Pont-l'Évêque|Condé-en-Normandie|Aunay-sur-Odon|
Thury-Harcourt|Barfleur""".replace("\n", "").split("|")

TOPIC_TAGS = """Municipales|Tempête|Pêche|Agriculture|Football|Faits divers|Justice|Santé|Éducation|
Transports|Tourisme|Environnement|Énergie|Logement|Emploi|Patrimoine|Handball|Voile|Cyclisme|
Budget|Sécurité routière|Météo|Nucléaire|Éolien en mer|Ferry|Festival|Élections|Hôpital|
Urgences|Commerce|Associations|Incendie|Inondations|Rugby|Musique|Théâtre|Cinéma|Littoral|
Industrie|Recrutement""".replace("\n", "").split("|")

AGENCIES = ["AFP", "AFP", "AFP", "Reuters", "AP"]
DATELINES = [
    "Paris",
    "Bruxelles",
    "Londres",
    "Berlin",
    "Rome",
    "Madrid",
    "Genève",
    "Lyon",
    "Rennes",
]

SENTENCES = [
    "{Nom} {verbe} {nom} {adj}.",
    "{Nom} {adj} {verbe} {nom} à {lieu}.",
    "À {lieu}, {nom} {verbe} {nom} {temps}.",
    "Selon {nom}, {nom} {verbe} {adv} {nom} {adj}.",
    "{Temps}, {nom} {verbe} {nom} {de_nom}, {dit} {nom}.",
    "« {Nom} {verbe} {adv} {nom} », {dit} {nom} {adj}.",
    "{Nom} {verbe} {adv} {nom} {adj} et {nom} {adj}.",
    "Pour {nom}, {nom} {verbe} {nom} {temps}.",
    "{Nom} {de_nom} {verbe} {nom} {adj}, mais {nom} {verbe} {adv} {nom}.",
    "Le dossier {adj} {verbe} {nom} et {nom} {temps}.",
    "{Nom} {verbe} {nom} {de_nom} {adj}, {dit} {nom} {de_nom}.",
    "Depuis {temps2}, {nom} {adj} {verbe} {nom} à {lieu}.",
]
TITLES = [
    "{Lieu} : {nom} {verbe} {nom} {adj}",
    "{Nom} {adj} {verbe} {nom} à {lieu}",
    "{Lieu} : {nom} {verbe} {adv} {nom}",
    "À {lieu}, {nom} {verbe} {nom} {de_nom}",
    "{Nom} {verbe} {nom} {adj} {temps}",
]
INTERTITLES = ["{Nom} {adj}", "{Nom} {temps}", "{Nom} {de_nom}", "Un {mot} {adj}"]


def _zipf(items, s=1.0):
    weights = [1 / (rank + 1) ** s for rank in range(len(items))]
    total = 0.0
    cumulative = []
    for w in weights:
        total += w
        cumulative.append(total)
    return items, cumulative


def _de(noun):
    """`de` + article with French contractions: du, des, de la, de l'."""
    if noun.startswith("le "):
        return "du " + noun[3:]
    if noun.startswith("les "):
        return "des " + noun[4:]
    return "de " + noun


def _cap(text):
    return text[:1].upper() + text[1:]


class Writer:
    """French-like sentences from word lists, Zipf-weighted so some words are common."""

    def __init__(self, rng: random.Random, pool_size=20000):
        self.rng = rng
        self.nouns = _zipf(NOUNS, 0.9)
        self.verbs = _zipf(VERBS, 0.8)
        self.adjectives = _zipf(ADJECTIVES, 0.8)
        self.places = _zipf(PLACES, 1.0)
        self.pool = [self.fill(rng.choice(SENTENCES)) for _ in range(pool_size)]
        self.pool_words = [len(s.split()) for s in self.pool]

    def pick(self, table):
        items, cumulative = table
        return self.rng.choices(items, cum_weights=cumulative)[0]

    def fill(self, template, place=None):
        rng = self.rng

        def sub(match):
            key = match.group(1)
            low = key.lower()
            if low == "nom":
                value = self.pick(self.nouns)
            elif low == "de_nom":
                value = _de(self.pick(self.nouns))
            elif low == "verbe":
                value = self.pick(self.verbs)
            elif low == "adj":
                value = self.pick(self.adjectives)
            elif low == "adv":
                value = rng.choice(ADVERBS)
            elif low == "temps":
                value = rng.choice(TIMES)
            elif low == "temps2":
                value = rng.choice(
                    ["plusieurs mois", "le printemps", "l'an dernier", "trois ans", "janvier"]
                )
            elif low == "dit":
                value = rng.choice(SAYS)
            elif low == "lieu":
                value = place or self.pick(self.places)
            elif low == "mot":
                value = rng.choice(["chantier", "dossier", "rendez-vous", "projet", "débat"])
            else:  # pragma: no cover
                raise KeyError(key)
            return _cap(value) if key[0].isupper() else value

        return re.sub(r"\{(\w+)\}", sub, template)

    def text(self, min_words):
        out, words = [], 0
        while words < min_words:
            i = self.rng.randrange(len(self.pool))
            out.append(self.pool[i])
            words += self.pool_words[i]
        return " ".join(out)

    def title(self, place):
        return _cap(self.fill(self.rng.choice(TITLES), place=place))

    def intertitle(self):
        return _cap(self.fill(self.rng.choice(INTERTITLES)))


def make_article(writer: Writer, rng: random.Random, place: str):
    """Title, chapô (~40 words), StreamField body (6 paragraphs, ~400 words, 2 intertitles)."""
    title = writer.title(place)
    chapo = (
        writer.fill("À {lieu}, {nom} {verbe} {nom} {adj} {temps}.", place=place)
        + " "
        + writer.text(26)
    )
    blocks, searchable = [], []
    for index in range(6):
        if index in (2, 4):
            inter = writer.intertitle()
            blocks.append(
                {
                    "type": "intertitle",
                    "value": inter,
                    "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                }
            )
            searchable.append(inter)
        paragraph = writer.text(62)
        blocks.append(
            {
                "type": "paragraph",
                "value": f"<p>{html.escape(paragraph, quote=False)}</p>",
                "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            }
        )
        searchable.append(paragraph)
    # What Wagtail indexes for the StreamField: each block's text, joined by ", ".
    return title, chapo, json.dumps(blocks, ensure_ascii=False), ", ".join(searchable)


# --------------------------------------------------------------------------------------
# Database creation and bulk fill
# --------------------------------------------------------------------------------------


def admin_url(db_url):
    parts = urlsplit(db_url)
    return urlunsplit((parts.scheme, parts.netloc, "/postgres", parts.query, ""))


def db_name(db_url):
    name = urlsplit(db_url).path.lstrip("/")
    if not re.fullmatch(r"[A-Za-z0-9_]+", name):
        sys.exit(f"Unsupported database name in {db_url!r}")
    return name


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


def recreate_database(db_url):
    import psycopg

    name = db_name(db_url)
    with psycopg.connect(admin_url(db_url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def run_migrate(db_url, log):
    env = dict(os.environ, DATABASE_URL=db_url, DJANGO_SETTINGS_MODULE=SETTINGS)
    started = time.monotonic()
    subprocess.run(  # noqa: S603 (our own fixed command line)
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=BASE_DIR,
        env=env,
        check=True,
        timeout=900,
    )
    log(f"migrate: {time.monotonic() - started:.1f} s")


def django_setup(db_url, site_url):
    os.environ["DATABASE_URL"] = db_url
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    os.environ.setdefault("SITE_URL", site_url)
    os.environ["LOG_LEVEL"] = "WARNING"  # settings need an upper-case level name
    if str(BASE_DIR) not in sys.path:
        sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()


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


def index_structure(backend, sample):
    """What the PostgreSQL backend puts in title/autocomplete/body for an ArticlePage, in order."""
    from modelsearch.backends.database.postgres.postgres import ObjectIndexer
    from modelsearch.index import AutocompleteField, SearchField

    indexer = ObjectIndexer(sample, backend)
    layout = []
    for field in indexer.search_fields:
        for current, weight, _value in indexer.prepare_field(sample, field):
            if isinstance(current, SearchField):
                layout.append(
                    (
                        "title" if current.field_name == "title" else "body",
                        current.field_name,
                        weight,
                    )
                )
            elif isinstance(current, AutocompleteField):
                layout.append(("autocomplete", current.field_name, weight))
    return indexer, layout


def fill(db_url, n_articles, seed, log):
    """Bulk-writes sections, articles, tags, authors, view counts and the search index."""
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone
    from django.utils.text import slugify
    from taggit.models import Tag
    from wagtail.models import Page
    from wagtail.search.backends import get_search_backend

    from rotative.core.models import HomePage, PinnedTopic
    from rotative.news.models import ArticlePage, ArticleTag, ArticleViewCount, Author, SectionPage

    timings = {}
    rng = random.Random(seed)
    now = timezone.now().replace(microsecond=0)

    t0 = time.monotonic()
    writer = Writer(rng)
    home = HomePage.objects.get()
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
            for first, last in zip(
                [
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
                ],
                [
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
                ],
                strict=True,
            )
        ]
        tag_names = list(dict.fromkeys(TOPIC_TAGS + PLACES))
        Tag.objects.bulk_create([Tag(name=name, slug=slugify(name)) for name in tag_names])
        tags_by_name = {t.name: t.pk for t in Tag.objects.all()}
    timings["sections_authors_tags"] = time.monotonic() - t0

    # ---- pages + articles, COPY per chunk ------------------------------------------------
    t0 = time.monotonic()
    page_model = Page
    page_table = page_model._meta.db_table
    article_table = ArticlePage._meta.db_table
    article_ct = ContentType.objects.get_for_model(ArticlePage).pk
    locale_id = home.locale_id
    root_prefix = home.url_path  # site root: /accueil/
    page_fields = list(page_model._meta.concrete_fields)
    article_fields = list(ArticlePage._meta.local_concrete_fields)
    page_over = {
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
    article_over = {
        "page_ptr_id",
        "chapo",
        "body",
        "agency",
        "dateline",
        "is_breaking",
        "breaking_until",
    }
    page_plan = column_plan(page_fields, page_over, connection)
    article_plan = column_plan(article_fields, article_over, connection)
    for plan, name in ((page_plan, page_table), (article_plan, article_table)):
        callables = [c for c, k, _x in plan if k == "f"]
        if callables:
            log(f"{name}: per-row defaults for {', '.join(callables)}")
    authors_through = ArticlePage._meta.get_field("authors").remote_field.through
    through_fields = {
        f.related_model: f.column for f in authors_through._meta.concrete_fields if f.is_relation
    }
    author_cols = [through_fields[ArticlePage], through_fields[Author]]
    tag_cols = [
        ArticleTag._meta.get_field("content_object").column,
        ArticleTag._meta.get_field("tag").column,
    ]

    with connection.cursor() as cursor:
        cursor.execute(f'SELECT coalesce(max(id), 0) FROM "{page_table}"')
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
    first_id = next_id
    article_ids = []
    recent = []
    for start in range(0, n_articles, CHUNK):
        page_rows, article_rows, tag_rows, author_rows, index_rows = [], [], [], [], []
        for k in range(start, min(start + CHUNK, n_articles)):
            pk = next_id
            next_id += 1
            s = rng.randrange(len(sections))
            section = sections[s]
            per_section[s] += 1
            place = writer.pick(writer.places)
            title, chapo, body, body_text = make_article(writer, rng, place)
            slug = f"{slugify(title)[:60].strip('-')}-{pk}"
            published = now - dt.timedelta(seconds=offsets[k])
            updated = (
                published + dt.timedelta(hours=rng.uniform(0.2, 30))
                if rng.random() < 0.12
                else published
            )
            agency = rng.choice(AGENCIES) if rng.random() < 0.25 else ""
            page_rows.append(
                plan_row(
                    page_plan,
                    {
                        "id": pk,
                        "path": section.path + base36_step(per_section[s]),
                        "depth": section.depth + 1,
                        "numchild": 0,
                        "title": title,
                        "draft_title": title,
                        "slug": slug,
                        "live": True,
                        "has_unpublished_changes": False,
                        "url_path": f"{section.url_path}{slug}/",
                        "content_type_id": article_ct,
                        "locale_id": locale_id,
                        "translation_key": uuid.UUID(int=rng.getrandbits(128), version=4),
                        "first_published_at": published,
                        "last_published_at": updated,
                        "latest_revision_created_at": updated,
                    },
                    connection,
                )
            )
            article_rows.append(
                plan_row(
                    article_plan,
                    {
                        "page_ptr_id": pk,
                        "chapo": chapo,
                        "body": body,
                        "agency": agency,
                        "dateline": rng.choice(DATELINES) if agency and rng.random() < 0.7 else "",
                        "is_breaking": False,
                        "breaking_until": None,
                    },
                    connection,
                )
            )
            names = {place} | {
                writer.rng.choices(TOPIC_TAGS, k=1)[0] for _ in range(rng.randint(1, 3))
            }
            tag_rows.extend((pk, tags_by_name[name]) for name in names)
            if not agency:
                for author in rng.sample(authors, rng.choice([1, 1, 1, 2])):
                    author_rows.append((pk, author.pk))
            index_rows.append((pk, title, chapo, body_text))
            article_ids.append(pk)
            if offsets[k] < 48 * 3600:
                recent.append(pk)
        with transaction.atomic(), connection.cursor() as cursor:
            copy_rows(cursor, page_table, [c for c, _k, _x in page_plan], page_rows)
            copy_rows(cursor, article_table, [c for c, _k, _x in article_plan], article_rows)
            copy_rows(cursor, ArticleTag._meta.db_table, tag_cols, tag_rows)
            copy_rows(cursor, authors_through._meta.db_table, author_cols, author_rows)
            copy_rows(
                cursor, "bench_index_staging", ["object_id", "title", "chapo", "body"], index_rows
            )
        log(
            f"articles: {min(start + CHUNK, n_articles):,}/{n_articles:,} ({time.monotonic() - t0:.0f} s)"
        )

    with transaction.atomic(), connection.cursor() as cursor:
        for section, count in zip(sections, per_section, strict=True):
            cursor.execute(
                f'UPDATE "{page_table}" SET numchild = %s WHERE id = %s', [count, section.pk]
            )
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('\"{page_table}\"', 'id'), (SELECT max(id) FROM \"{page_table}\"))"
        )
    timings["pages"] = time.monotonic() - t0

    # ---- realistic extras: most-read counts, pinned topics, one breaking story ------------
    t0 = time.monotonic()
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
    timings["extras"] = time.monotonic() - t0

    # ---- search index: the rows the database backend would write -------------------------
    t0 = time.monotonic()
    backend = get_search_backend()
    sample = ArticlePage.objects.get(pk=first_id)
    _indexer, layout = index_structure(backend, sample)
    # Field order matters within each vector (positions), not between vectors.
    expected = {"title": ["title"], "autocomplete": ["title"], "body": ["chapo", "body"]}
    found = {kind: [name for k, name, _w in layout if k == kind] for kind in expected}
    if found != expected or len(layout) != 4:
        raise SystemExit(
            f"ArticlePage search fields changed ({layout}); update bench/news_pages.py (index part)."
        )
    weights = {(kind, name): w for kind, name, w in layout}
    config = backend.config or "simple"
    index_table = _index_entry_model()._meta.db_table
    params = {
        "ct": article_ct,
        "cfg": config,
        "ac": backend.autocomplete_config,
        "wt": weights[("title", "title")],
        "wa": weights[("autocomplete", "title")],
        "wc": weights[("body", "chapo")],
        "wb": weights[("body", "body")],
    }
    insert_sql = f"""
        INSERT INTO "{index_table}"
            (content_type_id, object_id, title, autocomplete, body, title_norm, title_text, body_text)
        SELECT %(ct)s, object_id::text,
               setweight(to_tsvector(%(cfg)s::regconfig, title), %(wt)s),
               setweight(to_tsvector(%(ac)s::regconfig, title), %(wa)s),
               setweight(to_tsvector(%(cfg)s::regconfig, chapo), %(wc)s)
                 || setweight(to_tsvector(%(cfg)s::regconfig, body), %(wb)s),
               1.0, title, chapo || ' ' || body
        FROM bench_index_staging WHERE object_id %% %(n)s = %(k)s
        ON CONFLICT (content_type_id, object_id) DO NOTHING
    """
    # Building the GIN indexes once at the end is much cheaper than maintaining them per row.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexdef ILIKE '%%USING gin%%'",
            [index_table],
        )
        gin_indexes = cursor.fetchall()
        for name, _def in gin_indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    workers = max(1, min(2, os.cpu_count() or 1))
    errors = []

    def index_part(k):
        import psycopg

        try:
            with psycopg.connect(db_url) as conn:
                conn.execute(insert_sql, {**params, "n": workers, "k": k})
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=index_part, args=(k,)) for k in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    timings["index_vectors"] = time.monotonic() - t0
    t1 = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '256MB'")
        for _name, definition in gin_indexes:
            cursor.execute(definition)
        cursor.execute("DROP TABLE bench_index_staging")
    timings["index_gin"] = time.monotonic() - t1
    # Title norms as a full rebuild leaves them; then check our rows against the backend.
    index = backend.get_index_for_model(ArticlePage)
    index._refresh_title_norms(full=True)
    verification = verify_index(
        backend, ArticlePage, [first_id, article_ids[len(article_ids) // 2], article_ids[-1]]
    )
    timings["index"] = time.monotonic() - t0
    log(
        f"search index: {timings['index']:.1f} s, verified against the backend: {verification['ok']}"
    )

    t0 = time.monotonic()
    with connection.cursor() as cursor:  # autocommit: VACUUM cannot run in a transaction
        cursor.execute("VACUUM ANALYZE")
    timings["vacuum_analyze"] = time.monotonic() - t0
    return {
        "articles": n_articles,
        "sections": len(sections),
        "per_section": dict(zip([s.slug for s in sections], per_section, strict=True)),
        "timings_s": {k: round(v, 2) for k, v in timings.items()},
        "index_verification": verification,
        "search_config": config,
        "settings_search_config": settings.WAGTAILSEARCH_BACKENDS["default"].get("SEARCH_CONFIG"),
        "home_url_path": root_prefix,
    }


def _index_entry_model():
    from modelsearch.conf import get_app_config

    return get_app_config().get_model("IndexEntry")


def verify_index(backend, model, pks):
    """Re-index a few articles through the real backend and compare with our bulk rows."""
    from django.db import connection

    table = _index_entry_model()._meta.db_table
    sql = (
        f'SELECT object_id, title::text, autocomplete::text, body::text, title_text, body_text FROM "{table}" '
        "WHERE object_id = ANY(%s) ORDER BY object_id"
    )
    keys = [str(pk) for pk in pks]
    with connection.cursor() as cursor:
        cursor.execute(sql, [keys])
        ours = cursor.fetchall()
    objs = list(model.objects.filter(pk__in=pks))
    backend.get_index_for_model(model).add_items(model, objs)
    with connection.cursor() as cursor:
        cursor.execute(sql, [keys])
        theirs = cursor.fetchall()
    diffs = []
    for a, b in zip(ours, theirs, strict=False):
        for name, x, y in zip(
            ["object_id", "title", "autocomplete", "body", "title_text", "body_text"],
            a,
            b,
            strict=True,
        ):
            if x != y:
                diffs.append(
                    {
                        "object_id": a[0],
                        "column": name,
                        "bulk": str(x)[:300],
                        "backend": str(y)[:300],
                    }
                )
    ok = len(ours) == len(theirs) == len(pks) and not diffs
    return {"ok": ok, "checked": keys, "diffs": diffs[:6]}


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


# --------------------------------------------------------------------------------------
# Cases, in-process profile
# --------------------------------------------------------------------------------------


def build_cases(args, rng):
    from wagtail.models import Site

    from rotative.news import models as news_models
    from rotative.news.models import ArticlePage, SectionPage

    page_size = getattr(news_models.pages, "SECTION_PAGE_SIZE", SECTION_PAGE_SIZE)
    site = Site.objects.get(is_default_site=True)
    prefix = site.root_page.url_path
    sections = list(SectionPage.objects.live().child_of(site.root_page).order_by("nav_order"))
    counts = {s.pk: s.numchild for s in sections}
    section_paths = ["/" + s.url_path[len(prefix) :] for s in sections]
    min_pages = max(1, min(counts.values()) // page_size) if counts else 1
    deep = min(args.deep_page, min_pages)
    ids = list(ArticlePage.objects.values_list("pk", flat=True))
    chosen = rng.sample(ids, min(len(ids), 3000))
    article_paths = [
        "/" + p[len(prefix) :]
        for p in ArticlePage.objects.filter(pk__in=chosen).values_list("url_path", flat=True)
    ]
    queries = [q.strip() for q in args.search.split(",") if q.strip()]

    def cycle(items):
        return lambda r: r.choice(items)

    cases = [
        {"name": "robots.txt (baseline)", "key": "baseline", "pick": cycle(["/robots.txt"])},
        {"name": "Home page", "key": "home", "pick": cycle(["/"])},
        {"name": "Section, page 1", "key": "section", "pick": cycle(section_paths)},
        {
            "name": f"Section, page {deep}",
            "key": "section_deep",
            "pick": cycle([f"{p}?page={deep}" for p in section_paths]),
        },
        {"name": "Article", "key": "article", "pick": cycle(article_paths)},
    ]
    for i, q in enumerate(queries):
        cases.append(
            {
                "name": f"Search « {q} »",
                "key": f"search_{i}",
                "query": q,
                "pick": cycle([f"/recherche/?q={quote(q)}"]),
            }
        )
    return cases, {
        "deep_page": deep,
        "section_page_size": page_size,
        "min_section_articles": min(counts.values()),
    }


def profile_cases(cases, rng, explain_ms, log):
    """One in-process request per case: SQL query count and time, slowest query, its plan."""
    from django.db import connection, connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    results = {}
    for case in cases:
        path = case["pick"](rng)
        entry = {"path": path}
        try:
            client.get(path)  # warm caches (templates, settings, menu)
            with CaptureQueriesContext(connection) as ctx:
                started = time.perf_counter()
                response = client.get(path)
                entry["ms"] = round((time.perf_counter() - started) * 1000, 1)
            entry["status"] = response.status_code
            if "search" in case["key"] and response.status_code == 200:
                m = re.search(rb'class="search-count"[^>]*>([^<]*)', response.content)
                text = html.unescape(m.group(1).decode()) if m else ""
                n = re.match(r"\s*(\d[\d\s\u202f\xa0]*)", text)
                entry["matches"] = (
                    int(re.sub(r"\D", "", n.group(1))) if n else (0 if "Aucun" in text else None)
                )
            queries = [(float(q["time"]) * 1000, q["sql"]) for q in ctx.captured_queries]
            entry["queries"] = len(queries)
            entry["sql_ms"] = round(sum(t for t, _ in queries), 1)
            slow = sorted(queries, key=lambda x: -x[0])[:3]
            entry["slowest"] = [{"ms": round(t, 1), "sql": sql[:2000]} for t, sql in slow]
            if slow and slow[0][0] >= explain_ms:
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slow[0][1])
                    entry["explain"] = "\n".join(r[0] for r in cursor.fetchall())
        except Exception:  # noqa: BLE001
            entry["status"] = "exception"
            entry["traceback"] = traceback.format_exc()
        results[case["key"]] = entry
        log(
            f"profile {case['key']:<13} {entry.get('status')} {entry.get('ms', '-')} ms, "
            f"{entry.get('queries', '-')} queries ({entry.get('sql_ms', '-')} ms SQL)"
            + (f", {entry['matches']} matches" if entry.get("matches") is not None else "")
        )
    connections.close_all()
    return results


# --------------------------------------------------------------------------------------
# Server and HTTP measurement
# --------------------------------------------------------------------------------------


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db_url, port, log_path, extra_env=()):
    env = dict(
        os.environ,
        **dict(item.split("=", 1) for item in extra_env),
        DATABASE_URL=db_url,
        DJANGO_SETTINGS_MODULE=SETTINGS,
        SITE_URL=f"http://127.0.0.1:{port}",
        LOG_LEVEL="WARNING",  # upper case: settings pass it to logging as is; serve lowercases it for uvicorn
        PYTHONUNBUFFERED="1",
    )
    log_file = open(log_path, "w")  # noqa: SIM115
    proc = subprocess.Popen(  # noqa: S603 (our own fixed command line)
        [
            sys.executable,
            "manage.py",
            "serve",
            "--no-demo",
            "--no-worker",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    return proc, log_file


def stop_server(proc, log_file):
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)  # the process group this script started
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)
    log_file.close()


def wait_ready(port, proc, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/robots.txt")
            ok = conn.getresponse().status == 200
            conn.close()
            if ok:
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


class Conn:
    """One keep-alive connection, reopened when the server closes it."""

    def __init__(self, port, timeout):
        self.port, self.timeout, self.conn = port, timeout, None

    def get(self, path):
        for attempt in (0, 1):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            try:
                self.conn.request("GET", path, headers={"User-Agent": "rotative-bench/1 (+local)"})
                response = self.conn.getresponse()
                body = response.read()
                if (response.getheader("Connection") or "").lower() == "close":
                    self.close()
                return response.status, len(body)
            except (http.client.HTTPException, OSError):
                self.close()
                if attempt:
                    raise
        raise AssertionError  # pragma: no cover

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def pct(values, p):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def summarize(latencies):
    return {
        "n": len(latencies),
        "median_ms": round(statistics.median(latencies) * 1000, 2) if latencies else None,
        "p95_ms": round(pct(latencies, 95) * 1000, 2) if latencies else None,
        "min_ms": round(min(latencies) * 1000, 2) if latencies else None,
        "max_ms": round(max(latencies) * 1000, 2) if latencies else None,
    }


def sequential(cases, port, n, case_budget, timeout, rng, log):
    """Round-robin over the cases on one keep-alive connection, bounded per case in count and time."""
    conn = Conn(port, timeout)
    state = {c["key"]: {"lat": [], "spent": 0.0, "errors": []} for c in cases}
    for _round in range(n):
        active = False
        for case in cases:
            st = state[case["key"]]
            if len(st["lat"]) + len(st["errors"]) >= n or st["spent"] >= case_budget:
                continue
            active = True
            path = case["pick"](rng)
            started = time.perf_counter()
            try:
                status, _size = conn.get(path)
            except Exception as exc:  # noqa: BLE001
                status = repr(exc)
            elapsed = time.perf_counter() - started
            st["spent"] += elapsed
            if status == 200:
                st["lat"].append(elapsed)
            else:
                st["errors"].append({"path": path, "status": status})
        if not active:
            break
    conn.close()
    out = {}
    for case in cases:
        st = state[case["key"]]
        out[case["key"]] = {
            **summarize(st["lat"]),
            "errors": len(st["errors"]),
            "error_samples": st["errors"][:5],
            "time_bounded": st["spent"] >= case_budget,
        }
        log(
            f"seq {case['key']:<13} n={out[case['key']]['n']:<4} median={out[case['key']]['median_ms']} ms "
            f"p95={out[case['key']]['p95_ms']} ms errors={len(st['errors'])}"
        )
    return out


def load(case, port, clients, duration, timeout, seed):
    """`clients` threads, each on its own keep-alive connection, for `duration` seconds."""
    lock = threading.Lock()
    latencies, errors = [], []
    started = time.monotonic()
    stop_at = started + duration

    def worker(i):
        rng = random.Random(seed * 1000 + i)
        conn = Conn(port, timeout)
        while time.monotonic() < stop_at:
            path = case["pick"](rng)
            t = time.perf_counter()
            try:
                status, _ = conn.get(path)
            except Exception as exc:  # noqa: BLE001
                status = repr(exc)
            elapsed = time.perf_counter() - t
            with lock:
                if status == 200:
                    latencies.append(elapsed)
                else:
                    errors.append({"path": path, "status": status})
        conn.close()

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(duration + timeout + 5)
    wall = time.monotonic() - started
    return {
        **summarize(latencies),
        "clients": clients,
        "wall_s": round(wall, 2),
        "rps": round(len(latencies) / wall, 2) if wall else None,
        "errors": len(errors),
        "error_samples": errors[:5],
    }


class ConnectionSampler:
    """Peak number of PostgreSQL connections to the bench database, sampled every 0.25 s."""

    def __init__(self, db_url):
        self.db_url, self.name = db_url, db_name(db_url)
        self.peak, self._stop, self._thread = 0, threading.Event(), None

    def __enter__(self):
        import psycopg

        self.conn = psycopg.connect(admin_url(self.db_url), autocommit=True)

        def run():
            while not self._stop.is_set():
                try:
                    n = self.conn.execute(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = %s", [self.name]
                    ).fetchone()[0]
                except Exception:  # noqa: BLE001
                    return
                self.peak = max(self.peak, n)
                self._stop.wait(0.25)

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(2)
        self.conn.close()


def error_summary(log_path):
    """Final exception lines of the server log, counted."""
    counts = {}
    try:
        lines = Path(log_path).read_text(errors="replace").splitlines()
    except OSError:
        return counts
    for line in lines:
        if re.match(r"^[A-Za-z_][\w.]*(Error|Exception)\b.*?:", line):
            key = line.strip()[:300]
            counts[key] = counts.get(key, 0) + 1
    return counts


def extract_tracebacks(log_path, limit=3):
    try:
        text = Path(log_path).read_text(errors="replace")
    except OSError:
        return []
    blocks = re.split(r"\n(?=\S)", text)
    found = [b for b in blocks if "Traceback" in b or "Internal Server Error" in b]
    return found[:limit]


# --------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------


def fmt_ratio(x, base):
    if x is None or not base:
        return "—"
    return f"{x / base:.1f}×"


def fmt_ms(x):
    if x is None:
        return "—"
    return f"{x:,.0f}" if x >= 100 else f"{x:.1f}"


def fmt_duration(seconds):
    if seconds is None:
        return "—"
    m, s = divmod(int(round(seconds)), 60)
    return f"{m} min {s:02d} s" if m else f"{s} s"


def markdown(results):
    seq = results["sequential"]
    base = seq["baseline"]
    fill_info = results["fill"]
    t = fill_info.get("timings_s", {})
    lines = []
    lines.append(
        f"Run of {results['date']} on {results['machine']['cpus']} CPU cores, PostgreSQL "
        f"{results['machine']['postgres']}, {fill_info['articles']:,} articles in "
        f"{fill_info['sections']} sections, one uvicorn process "
        f"(`{results['command']}`)."
        + (
            f" Server environment: {', '.join(results['params']['server_env'])}."
            if results["params"].get("server_env")
            else ""
        )
    )
    lines.append("")
    fill_total = t.get("total")
    lines.append(
        f"Fill: **{fmt_duration(fill_total)}** in all"
        + (" (reused from an earlier run)" if results.get("reused") else "")
        + f": migrate {fmt_duration(t.get('migrate'))}, pages {fmt_duration(t.get('pages'))}, "
        f"search index {fmt_duration(t.get('index'))}, VACUUM ANALYZE {fmt_duration(t.get('vacuum_analyze'))}."
        + (
            ""
            if fill_info.get("index_verification", {}).get("ok", True)
            else " **Warning: bulk index rows differ from what the backend writes (see JSON).**"
        )
    )
    lines.append("")
    lines.append(
        f"Latency, one client, keep-alive, requests interleaved across cases "
        f"(up to {results['params']['requests']} per case, {results['params']['case_budget_s']} s at most each). "
        f"Baseline `/robots.txt`: median {fmt_ms(base['median_ms'])} ms, p95 {fmt_ms(base['p95_ms'])} ms. "
        "Ratios are the figures to compare between runs; milliseconds are indicative only."
    )
    lines.append("")
    lines.append(
        "| Page | Requests | Median (× baseline) | p95 (× baseline) | Median ms | p95 ms | SQL queries | Slowest query ms | Errors |"
    )
    lines.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for case in results["cases"]:
        key = case["key"]
        s = seq[key]
        prof = results["profile"].get(key, {})
        name = case["name"]
        if prof.get("matches") is not None:
            name += f" ({prof['matches']:,} matches)"
        slowest = prof.get("slowest") or []
        lines.append(
            f"| {name} | {s['n']}{' ⏱' if s.get('time_bounded') else ''} | {fmt_ratio(s['median_ms'], base['median_ms'])} | "
            f"{fmt_ratio(s['p95_ms'], base['p95_ms'])} | {fmt_ms(s['median_ms'])} | {fmt_ms(s['p95_ms'])} | "
            f"{prof.get('queries', '—')} | {fmt_ms(slowest[0]['ms']) if slowest else '—'} | {s['errors']} |"
        )
    lines.append("")
    lines.append("⏱: stopped by the per-case time budget before the request count.")
    lines.append("")
    lines.append(
        f"Throughput under concurrency: threads with keep-alive connections, "
        f"{results['params']['duration_s']} s per run; the client runs on the same 2 cores as "
        "the server and PostgreSQL, so the baseline figure is partly bounded by the client."
    )
    lines.append("")
    lines.append(
        "| Page | Clients | Req/s | Req/s ÷ baseline req/s | Median ms | p95 ms | Errors "
        "| Peak DB connections |"
    )
    lines.append("|---|---:|---:|---:|---:|---:|---:|---:|")
    names = {c["key"]: c["name"] for c in results["cases"]}
    for run in results["concurrency"]:
        b = next(
            (
                r
                for r in results["concurrency"]
                if r["key"] == "baseline" and r["clients"] == run["clients"]
            ),
            None,
        )
        ratio = f"{run['rps'] / b['rps']:.3f}" if b and b["rps"] else "—"
        lines.append(
            f"| {names[run['key']]} | {run['clients']} | {run['rps']:.1f} | "
            f"{ratio} | {fmt_ms(run['median_ms'])} | "
            f"{fmt_ms(run['p95_ms'])} | {run['errors']} | {run.get('peak_db_connections', '—')} |"
        )
    if results.get("failures"):
        lines.append("")
        lines.append("Failures:")
        for f in results["failures"][:8]:
            lines.append(f"- `{f['path']}`: {f['status']}")
        for message, count in (results.get("server_errors") or {}).items():
            lines.append(f"- server log, {count}×: `{message}`")
    return "\n".join(lines)


DOC_INTRO = """# Performance

`bench/news_pages.py` measures the public pages of the site with a large archive on
PostgreSQL. It creates a dedicated database (`rotative_bench`, dropped and recreated),
migrates it and fills it in bulk with 100,000 articles spread over 8 sections (French-like
text: a chapô of about 40 words, a StreamField body of 6 paragraphs and 2 intertitles, about
400 words; publication dates over the last 2 years; a few tags each; the search index rows
written the way Wagtail's PostgreSQL backend writes them). It then starts the real server
(`manage.py serve --no-demo --no-worker`, uvicorn, one process) and measures:

- latency (median and p95) of the home page, a section page (page 1 and a deep page), random
  articles and searches for a few French words, one client with keep-alive;
- requests per second with 8 and 32 concurrent clients;
- a baseline in the same run: `/robots.txt`, a trivial view. The machine is a shared
  2-core virtual machine where absolute times are noisy, so results are read as ratios
  against this baseline.

Each page is also rendered once in-process to count its SQL queries and time the slowest
one; the raw results (with `EXPLAIN ANALYZE` of slow queries) go to
`bench/results/news_pages.json` (git-ignored).

Run it with:

    make bench
    # or
    .venv/bin/python bench/news_pages.py               # --reuse keeps an already filled database
    .venv/bin/python bench/news_pages.py --articles 2000 --requests 50 --duration 3   # smoke run

PostgreSQL must be reachable (`--database-url`, default
`postgres://postgres@127.0.0.1:5432/rotative_bench`).

## Latest results

"""


def write_doc(table):
    DOC_PATH.parent.mkdir(parents=True, exist_ok=True)
    block = f"{MARK_START}\n{table}\n{MARK_END}"
    if DOC_PATH.exists():
        text = DOC_PATH.read_text(encoding="utf-8")
        if MARK_START in text and MARK_END in text:
            head, rest = text.split(MARK_START, 1)
            _old, tail = rest.split(MARK_END, 1)
            text = head + block + tail
        else:
            text = text.rstrip("\n") + "\n\n" + block + "\n"
    else:
        text = DOC_INTRO + block + "\n"
    DOC_PATH.write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------------------


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB_URL)
    )
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument(
        "--reuse", action="store_true", help="keep the database if it has as many articles"
    )
    parser.add_argument("--requests", type=int, default=300, help="sequential requests per case")
    parser.add_argument(
        "--case-budget", type=float, default=45.0, help="seconds at most per sequential case"
    )
    parser.add_argument("--duration", type=float, default=20.0, help="seconds per concurrency run")
    parser.add_argument("--clients", default="8,32", help="concurrency levels")
    parser.add_argument(
        "--concurrency-cases",
        default="baseline,home,section,article,search_1",
        help="case keys measured under concurrency",
    )
    parser.add_argument("--deep-page", type=int, default=200)
    parser.add_argument(
        "--search",
        default="maire,tempête,Barfleur,tempête Cherbourg",
        help="comma-separated queries",
    )
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per request at most")
    parser.add_argument(
        "--explain-ms", type=float, default=20.0, help="EXPLAIN ANALYZE slowest query above this"
    )
    parser.add_argument("--seed", type=int, default=20240607)
    parser.add_argument(
        "--server-env",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="extra environment for the server, e.g. CONN_MAX_AGE=0 (repeatable)",
    )
    parser.add_argument("--no-doc", action="store_true", help="do not write docs/performance.md")
    args = parser.parse_args(argv)

    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    began = time.monotonic()

    def log(msg):
        print(f"[{time.monotonic() - began:7.1f}s] {msg}", flush=True)

    db_url = args.database_url
    port = free_port()
    site_url = f"http://127.0.0.1:{port}"

    # ---- 1. data ----------------------------------------------------------------------
    reused = False
    fill_info = None
    if args.reuse:
        count, meta = existing_article_count(db_url)
        if count == args.articles:
            reused = True
            fill_info = meta or {"articles": count, "sections": len(SECTIONS), "timings_s": {}}
            log(f"reuse: {db_name(db_url)} already has {count:,} articles")
        else:
            log(f"reuse: {db_name(db_url)} has {count} articles, not {args.articles}: refilling")
    if reused:
        run_migrate(db_url, log)
        django_setup(db_url, site_url)
        refresh_relative_data(log)
    else:
        started = time.monotonic()
        recreate_database(db_url)
        run_migrate(db_url, log)
        migrate_s = time.monotonic() - started
        django_setup(db_url, site_url)
        fill_info = fill(db_url, args.articles, args.seed, log)
        fill_info["timings_s"]["migrate"] = round(migrate_s, 2)
        fill_info["timings_s"]["total"] = round(time.monotonic() - started, 2)
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value jsonb)"
            )
            cursor.execute(
                "INSERT INTO bench_meta VALUES ('fill', %s) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                [json.dumps(fill_info)],
            )
        log(f"fill done in {fill_info['timings_s']['total']:.1f} s")

    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg_version = cursor.fetchone()[0]

    rng = random.Random(args.seed + 1)
    cases, case_info = build_cases(args, rng)
    profile = profile_cases(cases, rng, args.explain_ms, log)
    connection.close()

    # ---- 2. server + measurements -----------------------------------------------------
    log_path = RESULTS_DIR / "news_pages_server.log"
    proc, log_file = start_server(db_url, port, log_path, args.server_env)
    seq, conc = {}, []
    try:
        if not wait_ready(port, proc):
            tail = Path(log_path).read_text(errors="replace")[-4000:]
            raise SystemExit(f"server did not start on port {port}:\n{tail}")
        log(f"server ready on {site_url} (pid {proc.pid})")
        warm = Conn(port, args.timeout)
        for case in cases:
            for _ in range(5 if case["key"] != "article" else 30):
                with contextlib.suppress(Exception):
                    warm.get(case["pick"](rng))
        warm.close()
        seq = sequential(cases, port, args.requests, args.case_budget, args.timeout, rng, log)
        wanted = [k.strip() for k in args.concurrency_cases.split(",") if k.strip()]
        by_key = {c["key"]: c for c in cases}
        for clients in [int(c) for c in args.clients.split(",") if c.strip()]:
            for key in wanted:
                if key not in by_key:
                    continue
                with ConnectionSampler(db_url) as sampler:
                    run = load(
                        by_key[key], port, clients, args.duration, args.timeout, args.seed + clients
                    )
                run["key"] = key
                run["peak_db_connections"] = sampler.peak
                conc.append(run)
                log(
                    f"load {key:<13} x{clients:<3} {run['rps']} req/s median={run['median_ms']} ms "
                    f"p95={run['p95_ms']} ms errors={run['errors']} db-connections<={sampler.peak}"
                )
    finally:
        stop_server(proc, log_file)
        log("server stopped")

    failures = []
    for s in seq.values():
        failures.extend(s["error_samples"][:2])
    for run in conc:
        failures.extend(run["error_samples"][:1])
    for p in profile.values():
        if p.get("status") != 200:
            failures.append(
                {"path": p["path"], "status": p.get("status"), "traceback": p.get("traceback")}
            )
    results = {
        "date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "command": " ".join(
            [".venv/bin/python bench/news_pages.py", *(sys.argv[1:] if argv is None else argv)]
        ),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "postgres": pg_version.split()[0],
        },
        "params": {
            "articles": args.articles,
            "requests": args.requests,
            "case_budget_s": args.case_budget,
            "duration_s": args.duration,
            "clients": args.clients,
            "search": args.search,
            "server_env": args.server_env,
            **case_info,
        },
        "reused": reused,
        "fill": fill_info,
        "cases": [{k: v for k, v in c.items() if k != "pick"} for c in cases],
        "profile": profile,
        "sequential": seq,
        "concurrency": conc,
        "failures": failures,
        "server_tracebacks": extract_tracebacks(log_path),
        "server_errors": error_summary(log_path),
        "elapsed_s": round(time.monotonic() - began, 1),
    }
    (RESULTS_DIR / "news_pages.json").write_text(
        json.dumps(results, indent=2, ensure_ascii=False, default=str)
    )
    table = markdown(results)
    print()
    print(table)
    if results["server_tracebacks"]:
        print("\nServer errors (see bench/results/news_pages_server.log):")
        for tb in results["server_tracebacks"]:
            print(tb[-3000:])
    if not args.no_doc:
        write_doc(table)
        log(f"wrote {DOC_PATH.relative_to(BASE_DIR)} and bench/results/news_pages.json")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
