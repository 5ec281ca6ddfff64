#!/usr/bin/env python
# ruff: noqa: E501  (Markdown and log lines read better unwrapped)
"""Benchmark of the wire desk: NewsML-G2 files to published articles, on PostgreSQL.

1. Creates a dedicated database (`rotative_wire_bench` by default; dropped first), migrates
   it, then sets Django up in this process on a tiny settings module (written to a temporary
   folder) that imports `rotative.settings.base` and runs tasks inline (django-tasks'
   ImmediateBackend). Media (quarantined files) go to a temporary ROTATIVE_VAR_DIR.
2. Creates a section under the home page, a folder WireSource, a PublishingRule with
   max_urgency=9 on that section (every item is published as an article) and one
   TopicMapping with a tag per media topic used (`--no-tags` to leave them out).
3. Writes N distinct NewsML-G2 text items (default 10,000) as files in a temporary folder
   (not timed): French-like headline, summary and about five paragraphs, urgency 1-6, one
   IPTC media topic. 2 % more files are version 2 of an earlier guid (agency updates) and
   1 % are malformed (truncated, not XML, RSS, DOCTYPE with entities, empty newsMessage)
   to show what quarantine costs.
4. Measures, in the same run: parse only (`rotative.wire.parsing.parse` over every file,
   read from disk) as the baseline, then end to end (`services.wire_ingest_path` over the
   folder: parse, store, publish live articles); items/s, the ratio between them, peak RSS,
   per-file latency. Then, on small extra samples: SQL queries per item (captured like
   DEBUG=True does), the tracemalloc peak (in a separate sample, so the timed run is not
   slowed) and, with `--profile`, the top functions of cProfile over 500 items.
5. Writes a Markdown table into docs/performance.md (between the wire_ingest markers),
   prints it, and saves the raw results to bench/results/wire_ingest.json.

Only standard library + what the project already depends on; all traffic is local
(PostgreSQL on 127.0.0.1); the end-to-end run is bounded by `--time-budget`.

    .venv/bin/python bench/wire_ingest.py                      # full run, 10,000 items
    .venv/bin/python bench/wire_ingest.py --profile            # ... plus cProfile of 500 items
    .venv/bin/python bench/wire_ingest.py --smoke              # 300 items, no doc written
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gc
import io
import json
import os
import platform
import pstats
import random
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit
from xml.sax.saxutils import escape

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS_DIR = BASE_DIR / "bench" / "results"
DOC_PATH = BASE_DIR / "docs" / "performance.md"
MARK_START = "<!-- bench:wire_ingest:start -->"
MARK_END = "<!-- bench:wire_ingest:end -->"
DEFAULT_DB_URL = "postgres://postgres@127.0.0.1:5432/rotative_wire_bench"
BASE_SETTINGS = "rotative.settings.base"
BENCH_SETTINGS = "rotative_wire_bench_settings"
TARGET_ITEMS_PER_S = 100.0  # from the issue: at least 100 items/s to published articles

G2 = "http://iptc.org/std/nar/2006-10-01/"
XHTML = "http://www.w3.org/1999/xhtml"

# --------------------------------------------------------------------------------------
# French-like text (small word lists, after bench/news_pages.py)
# --------------------------------------------------------------------------------------

NOUNS = """la mairie|le maire|le conseil municipal|les habitants|le projet|la commune|les élus|
le département|la région|la préfecture|le chantier|l'entreprise|les salariés|le club|l'équipe|
le match|le budget|les travaux|la route|le port|l'association|les bénévoles|la gendarmerie|
les pompiers|l'enquête|le tribunal|l'école|le collège|les élèves|l'hôpital|les médecins|
le festival|le concert|l'exposition|le marché|les commerçants|le centre-ville|le quartier|
la saison|le championnat|les agriculteurs|les éleveurs|la coopérative|le tourisme|les visiteurs|
le littoral|les pêcheurs|la criée|le syndicat|la grève|l'usine|le procès|l'accident|l'incendie|
la circulation|la déviation|le pont|la tempête|les inondations|la digue|la sécheresse|
la récolte|le musée|le lycée|les enseignants|l'université|les urgences|l'entraîneur|
les supporters|le stade|la subvention|le déficit|l'emploi|la gare|le train|la ligne|le réseau|
le logement|les loyers|la centrale|le parc éolien|l'énergie|l'eau potable|le patrimoine|
le député|la ministre|le gouvernement|l'opposition|la majorité|le scrutin|les électeurs|
la manifestation|la police|le suspect|la victime|le témoin|l'avocat|le juge|le ferry|
le navire|le chantier naval|l'arsenal|l'aéroport|la météo|le vent|le climat|la forêt|
la baie|le phare|la falaise|le sentier|le cyclisme|le handball|la voile""".replace("\n", "").split(
    "|"
)

VERBS = """a annoncé|prévoit|dénonce|a présenté|souhaite|attend|a voté|rejette|soutient|réclame|
inquiète|rassure|a inauguré|lance|relance|suspend|reporte|confirme|a signé|prépare|accueille|
organise|a remporté|a perdu|domine|affronte|menace|protège|finance|rénove|ferme|ouvre|recrute|
supprime|défend|critique|examine|étudie|accompagne|mobilise|alerte|conteste|salue|retrouve|
modernise|transforme|attire|rassemble|prolonge|réduit|augmente""".replace("\n", "").split("|")

ADJECTIVES = """nouveau|important|régional|municipal|local|national|historique|difficile|prochain|
dernier|grand|public|privé|agricole|maritime|touristique|culturel|sportif|économique|social|
rural|urbain|fragile|inédit|exceptionnel|majeur|modeste|ambitieux|controversé|attendu|
provisoire|définitif|coûteux|gratuit|collectif|départemental|européen|normand|côtier|
portuaire|numérique|écologique|durable|sensible|populaire""".replace("\n", "").split("|")

ADVERBS = """désormais|toujours|encore|déjà|finalement|rapidement|enfin|également|pourtant|
largement|fortement|officiellement|progressivement|notamment|aussi|bientôt""".replace(
    "\n", ""
).split("|")

TIMES = """lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|ce week-end|la semaine dernière|
depuis plusieurs mois|cet été|cet hiver|au printemps|à l'automne|l'an dernier|
dans les prochains jours|d'ici la fin de l'année|en début de soirée|dans la nuit|ce matin""".replace(
    "\n", ""
).split("|")

SAYS = ["explique", "précise", "indique", "assure", "confie", "souligne", "rappelle", "estime"]

PLACES = """Caen|Cherbourg-en-Cotentin|Saint-Lô|Bayeux|Lisieux|Alençon|Granville|Coutances|
Avranches|Rouen|Le Havre|Honfleur|Deauville|Vire|Falaise|Flers|Argentan|Valognes|Carentan|
Ouistreham|Dieppe|Évreux|Fécamp|Étretat|Vernon|Louviers|Bernay|Pont-Audemer|Yvetot|L'Aigle|
Domfront|Mortagne-au-Perche|Barfleur|Paris|Rennes|Nantes|Lille|Lyon|Bruxelles|Londres""".replace(
    "\n", ""
).split("|")

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
]
TITLES = [
    "{Lieu} : {nom} {verbe} {nom} {adj}",
    "{Nom} {adj} {verbe} {nom} à {lieu}",
    "{Lieu} : {nom} {verbe} {adv} {nom}",
    "À {lieu}, {nom} {verbe} {nom} {de_nom}",
    "{Nom} {verbe} {nom} {adj} {temps}",
]
INTERTITLES = ["{Nom} {adj}", "{Nom} {temps}", "{Nom} {de_nom}"]
# Agencies repeat some headlines every day (weather, stock market): they share a slug base.
RECURRING_HEADLINES = [
    "Météo : les prévisions pour la Normandie",
    "Bourse de Paris : le CAC 40 à la clôture",
    "Les résultats du Loto",
    "Trafic : les perturbations de la journée",
]
RECURRING_SHARE = 0.02

# IPTC media topics (one per item) and the tag a desk would map each of them to.
MEDIA_TOPICS = [
    ("medtop:01000000", "arts, culture, divertissement et médias", "Culture"),
    ("medtop:02000000", "criminalité, droit et justice", "Justice"),
    ("medtop:03000000", "catastrophe, accident et situation d'urgence", "Faits divers"),
    ("medtop:04000000", "économie et finances", "Économie"),
    ("medtop:05000000", "éducation", "Éducation"),
    ("medtop:06000000", "environnement", "Environnement"),
    ("medtop:07000000", "santé", "Santé"),
    ("medtop:11000000", "politique", "Politique"),
    ("medtop:15000000", "sport", "Sport"),
    ("medtop:17000000", "météo", "Météo"),
]
URGENCY_WEIGHTS = {1: 2, 2: 8, 3: 20, 4: 40, 5: 20, 6: 10}
MALFORMED_KINDS = ["truncated", "not_xml", "rss_root", "doctype_entities", "empty_message"]


def _de(noun):
    if noun.startswith("le "):
        return "du " + noun[3:]
    if noun.startswith("les "):
        return "des " + noun[4:]
    return "de " + noun


def _cap(text):
    return text[:1].upper() + text[1:]


class Writer:
    """French-like sentences from word lists (uniform picks: the text only needs to look real)."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def fill(self, template):
        rng = self.rng

        def sub(match):
            key = match.group(1)
            low = key.lower()
            value = {
                "nom": lambda: rng.choice(NOUNS),
                "de_nom": lambda: _de(rng.choice(NOUNS)),
                "verbe": lambda: rng.choice(VERBS),
                "adj": lambda: rng.choice(ADJECTIVES),
                "adv": lambda: rng.choice(ADVERBS),
                "temps": lambda: rng.choice(TIMES),
                "dit": lambda: rng.choice(SAYS),
                "lieu": lambda: rng.choice(PLACES),
            }[low]()
            return _cap(value) if key[0].isupper() else value

        return re.sub(r"\{(\w+)\}", sub, template)

    def sentence(self):
        return self.fill(self.rng.choice(SENTENCES))

    def paragraph(self):
        return " ".join(self.sentence() for _ in range(self.rng.randint(3, 5)))

    def headline(self):
        if self.rng.random() < RECURRING_SHARE:
            return self.rng.choice(RECURRING_HEADLINES)
        return self.fill(self.rng.choice(TITLES))

    @staticmethod
    def is_recurring(headline):
        return headline in RECURRING_HEADLINES

    def intertitle(self):
        return self.fill(self.rng.choice(INTERTITLES))


# --------------------------------------------------------------------------------------
# NewsML-G2 documents
# --------------------------------------------------------------------------------------


def g2_item(
    *,
    guid,
    version,
    headline,
    summary,
    paragraphs,
    intertitle,
    urgency,
    topic,
    place,
    created,
    version_created,
    update=False,
):
    """A NewsML-G2 newsItem of class text, shaped like rotative/wire/tests/test_ingest.py's."""
    qcode, topic_name, _tag = topic
    parts = []
    for index, paragraph in enumerate(paragraphs):
        if intertitle and index == 2:
            parts.append(f"<h2>{escape(intertitle)}</h2>")
        parts.append(f"<p>{escape(paragraph)}</p>")
    body = "\n        ".join(parts)
    signal = '\n    <signal qcode="sig:update"/>' if update else ""
    description = (
        f'\n    <description role="drol:summary">{escape(summary)}</description>' if summary else ""
    )
    stamp = created.strftime("%d %b %Y").lower()
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="{G2}" guid="{guid}" version="{version}"
          standard="NewsML-G2" standardversion="2.33" xml:lang="fr">
  <catalogRef href="http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_38.xml"/>
  <itemMeta>
    <itemClass qcode="ninat:text"/>
    <provider literal="AFP"/>
    <versionCreated>{version_created:%Y-%m-%dT%H:%M:%SZ}</versionCreated>
    <firstCreated>{created:%Y-%m-%dT%H:%M:%SZ}</firstCreated>
    <pubStatus qcode="stat:usable"/>{signal}
  </itemMeta>
  <contentMeta>
    <urgency>{urgency}</urgency>
    <located><name>{escape(place)}</name></located>
    <dateline>{escape(place)}, {stamp} (AFP)</dateline>
    <creditline>AFP</creditline>
    <subject type="cpnat:abstract" qcode="{qcode}">
      <name xml:lang="fr">{escape(topic_name)}</name>
    </subject>
    <language tag="fr"/>
    <headline>{escape(headline)}</headline>{description}
  </contentMeta>
  <contentSet>
    <inlineXML contenttype="application/xhtml+xml">
      <html xmlns="{XHTML}"><head><title>{escape(headline)}</title></head>
      <body>
        {body}
      </body></html>
    </inlineXML>
  </contentSet>
</newsItem>
""".encode()


def malformed_document(kind, number, writer, valid_sample: bytes) -> bytes:
    """A delivery the parser must refuse (each one distinct, so none is skipped as a duplicate)."""
    if kind == "truncated":
        return valid_sample[: len(valid_sample) // 2] + f"\n<!-- {number} ".encode()
    if kind == "not_xml":
        return (f"Dépêche n° {number} reçue en texte brut.\n\n{writer.paragraph()}\n").encode()
    if kind == "rss_root":
        return (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
            f"<title>Flux {number}</title><item><title>{escape(writer.headline())}</title>"
            f"</item></channel></rss>\n"
        ).encode()
    if kind == "doctype_entities":
        return (
            f'<?xml version="1.0"?>\n<!DOCTYPE newsItem [\n <!ENTITY a "{"x" * 50}">\n'
            f' <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n]>\n'
            f'<newsItem xmlns="{G2}" guid="urn:bench:bomb:{number}" version="1">&b;</newsItem>\n'
        ).encode()
    if kind == "empty_message":
        return (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<newsMessage xmlns="{G2}">'
            f"<header><sent>2026-11-25T10:00:00Z</sent><transmitId>bench-{number}</transmitId>"
            f"</header><itemSet/></newsMessage>\n"
        ).encode()
    raise ValueError(kind)


def generate_feed(
    folder: Path,
    *,
    prefix: str,
    items: int,
    update_share: float,
    malformed_share: float,
    rng: random.Random,
    start: dt.datetime,
):
    """Write the deliveries of one phase; file names and mtimes give wire_ingest_path's order.

    Returns {filename: kind} with kind "item", "update" or "malformed:<kind>".
    """
    folder.mkdir(parents=True, exist_ok=True)
    writer = Writer(rng)
    updates = round(items * update_share)
    malformed = round(items * malformed_share)
    updated = set(rng.sample(range(items), updates)) if updates else set()
    # (sort key, kind, original index): an update always comes after its original.
    events = [(float(i), "item", i) for i in range(items)]
    events += [(i + rng.uniform(1, 300), "update", i) for i in sorted(updated)]
    events += [(rng.uniform(0, items), "malformed", m) for m in range(malformed)]
    events.sort(key=lambda e: e[0])
    originals = {}
    kinds = {}
    urgency_weights = list(URGENCY_WEIGHTS.values())
    epoch = time.time() - len(events) - 60
    valid_sample = b""
    for rank, (_key, kind, index) in enumerate(events):
        if kind == "item":
            headline = writer.headline()
            topic = rng.choice(MEDIA_TOPICS)
            place = rng.choice(PLACES)
            urgency = rng.choices(list(URGENCY_WEIGHTS), weights=urgency_weights)[0]
            created = start + dt.timedelta(seconds=30 * index)
            data = g2_item(
                guid=f"{prefix}{index:06d}",
                version=1,
                headline=headline,
                summary=writer.sentence() if rng.random() < 0.7 else "",
                paragraphs=[writer.paragraph() for _ in range(5)],
                intertitle=writer.intertitle() if rng.random() < 0.5 else "",
                urgency=urgency,
                topic=topic,
                place=place,
                created=created,
                version_created=created,
            )
            if index in updated:
                originals[index] = (headline, topic, place, urgency, created)
            valid_sample = data
            label = "item:recurring" if writer.is_recurring(headline) else "item"
        elif kind == "update":
            headline, topic, place, urgency, created = originals[index]
            data = g2_item(
                guid=f"{prefix}{index:06d}",
                version=2,
                headline=f"{headline} (actualisé)",
                summary=writer.sentence(),
                paragraphs=[writer.paragraph() for _ in range(6)],
                intertitle=writer.intertitle(),
                urgency=urgency,
                topic=topic,
                place=place,
                created=created,
                version_created=created + dt.timedelta(minutes=45),
                update=True,
            )
            label = "update"
        else:
            malformed_kind = MALFORMED_KINDS[index % len(MALFORMED_KINDS)]
            data = malformed_document(
                malformed_kind, f"{prefix}{index}", writer, valid_sample or b"<newsItem"
            )
            label = f"malformed:{malformed_kind}"
        name = f"{folder.name}-{rank:06d}-{label.replace(':', '-')}.xml"
        path = folder / name
        path.write_bytes(data)
        os.utime(path, (epoch + rank, epoch + rank))
        kinds[name] = label
    return kinds


def ingest_order(folder: Path) -> list[Path]:
    """The order services.wire_ingest_path uses (oldest first, then by name)."""
    return sorted(
        (p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")),
        key=lambda p: (p.stat().st_mtime, p.name),
    )


# --------------------------------------------------------------------------------------
# Database and Django
# --------------------------------------------------------------------------------------


def admin_url(db_url):
    parts = urlsplit(db_url)
    return urlunsplit((parts.scheme, parts.netloc, "/postgres", parts.query, ""))


def db_name(db_url):
    name = urlsplit(db_url).path.lstrip("/")
    if not re.fullmatch(r"[A-Za-z0-9_]+", name):
        sys.exit(f"Unsupported database name in {db_url!r}")
    return name


def recreate_database(db_url):
    import psycopg

    name = db_name(db_url)
    with psycopg.connect(admin_url(db_url), autocommit=True, connect_timeout=10) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def bench_environment(db_url, var_dir: Path, settings_dir: Path) -> dict:
    """Environment for migrate and for this process: bench DB, temporary var/, inline tasks."""
    (settings_dir / f"{BENCH_SETTINGS}.py").write_text(
        '"""Written by bench/wire_ingest.py: the base settings, tasks run inline."""\n\n'
        f"from {BASE_SETTINGS} import *  # noqa: F403\n\n"
        'TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}\n',
        encoding="utf-8",
    )
    env = dict(os.environ)
    for key in ("MEDIA_ROOT", "S3_BUCKET", "REDIS_URL", "DATABASE_REPLICA_URLS", "DEBUG"):
        env.pop(key, None)
    env.update(
        DATABASE_URL=db_url,
        DJANGO_SETTINGS_MODULE=BENCH_SETTINGS,
        ROTATIVE_VAR_DIR=str(var_dir),
        LOG_LEVEL="WARNING",
        PYTHONPATH=os.pathsep.join(
            [str(settings_dir), str(BASE_DIR), *filter(None, [env.get("PYTHONPATH")])]
        ),
    )
    return env


def run_migrate(env, log):
    started = time.monotonic()
    subprocess.run(  # noqa: S603 (our own fixed command line)
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=BASE_DIR,
        env=env,
        check=True,
        timeout=900,
    )
    log(f"migrate: {time.monotonic() - started:.1f} s")
    return time.monotonic() - started


def django_setup(env, settings_dir: Path):
    for key in ("MEDIA_ROOT", "S3_BUCKET", "REDIS_URL", "DATABASE_REPLICA_URLS", "DEBUG"):
        os.environ.pop(key, None)
    for key in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "ROTATIVE_VAR_DIR", "LOG_LEVEL"):
        os.environ[key] = env[key]
    for path in (str(BASE_DIR), str(settings_dir)):
        if path not in sys.path:
            sys.path.insert(0, path)
    import django

    django.setup()
    from django.conf import settings
    from django_tasks import task_backends

    backend = (
        type(task_backends["default"]).__module__ + "." + type(task_backends["default"]).__name__
    )
    if not backend.endswith("ImmediateBackend"):
        sys.exit(f"tasks backend is {backend}, expected the ImmediateBackend")
    return {
        "tasks_backend": backend,
        "media_root": str(settings.MEDIA_ROOT),
        "debug": settings.DEBUG,
        "cache": settings.CACHES["default"]["BACKEND"],
        "search": settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"],
    }


def desk_setup(with_tags: bool, feed_dir: Path):
    """Section under the home page, folder source, publish-everything rule, topic mappings."""
    from rotative.core.services import home_page_ensure
    from rotative.news.models import SectionPage
    from rotative.wire.models import PublishingRule, TopicMapping, WireSource

    home = home_page_ensure()
    section = home.add_child(
        instance=SectionPage(
            title="Fil des agences", slug="fil-des-agences", description="Dépêches publiées."
        )
    )
    section.save_revision().publish()
    # Created disabled, then enabled without post_save: the signal handler would otherwise
    # start the polling task at once (inline with the ImmediateBackend) on this folder.
    source = WireSource.objects.create(
        name="AFP (banc d'essai)",
        kind=WireSource.Kind.FOLDER,
        path=str(feed_dir),
        enabled=False,
        default_section=section,
    )
    WireSource.objects.filter(pk=source.pk).update(enabled=True)
    source.refresh_from_db()
    PublishingRule.objects.create(
        name="Tout publier", source=source, max_urgency=9, section=section, enabled=True
    )
    if with_tags:
        for qcode, label, tag in MEDIA_TOPICS:
            TopicMapping.objects.create(qcode=qcode, label=label, section=None, tags=tag)
    return section, source


# --------------------------------------------------------------------------------------
# Measurements
# --------------------------------------------------------------------------------------


def rss_now_kib():
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return None


def rss_peak_kib():
    """Peak RSS in KiB: ru_maxrss, or VmHWM when the kernel has not folded it in yet."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                peak = max(peak, int(line.split()[1]))
    return peak


def pct(values, q):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def latency_summary(seconds):
    if not seconds:
        return {"n": 0}
    ms = [s * 1000 for s in seconds]
    return {
        "n": len(ms),
        "mean_ms": round(statistics.fmean(ms), 2),
        "median_ms": round(statistics.median(ms), 2),
        "p95_ms": round(pct(ms, 0.95), 2),
        "max_ms": round(max(ms), 2),
    }


def parse_baseline(folder: Path, kinds: dict, log):
    """Parse only: read each file and parse it, in ingest order. No database."""
    from rotative.wire.parsing import WireParseError, parse

    files = ingest_order(folder)
    per_kind, wrong = {}, []
    items = 0
    gc.collect()
    started = time.perf_counter()
    for path in files:
        t0 = time.perf_counter()
        data = path.read_bytes()
        try:
            items += len(parse(data))
            ok = True
        except WireParseError as error:
            ok = False
            reason = error.reason
        elapsed = time.perf_counter() - t0
        kind = kinds[path.name].split(":")[0]
        per_kind.setdefault(kind, []).append(elapsed)
        if ok == (kind == "malformed"):
            wrong.append(
                {"file": path.name, "kind": kinds[path.name], **({} if ok else {"reason": reason})}
            )
    total = time.perf_counter() - started
    result = {
        "files": len(files),
        "items": items,
        "seconds": round(total, 3),
        "items_per_s": round(items / total, 1) if total else None,
        "files_per_s": round(len(files) / total, 1) if total else None,
        "latency": {k: latency_summary(v) for k, v in per_kind.items()},
        "unexpected": wrong[:20],
        "unexpected_count": len(wrong),
    }
    log(
        f"parse only: {items:,} items from {len(files):,} files in {total:.2f} s "
        f"= {result['items_per_s']:,} items/s ({len(wrong)} unexpected outcomes)"
    )
    return result


class BudgetExceeded(Exception):
    pass


class TimedIngest:
    """Wraps services.wire_ingest_bytes (called by wire_ingest_path) to time each delivery.

    Per delivery it records the wall time, the SQL statements sent through Django's cursors
    (count and time, with connection.execute_wrapper; BEGIN/COMMIT are not cursor statements)
    and the tasks run inline by the ImmediateBackend (count and time, from task_finished).
    The cost is a few perf_counter calls per statement. Past the deadline it raises, so a
    too-slow run stops instead of running for hours.
    """

    def __init__(self, deadline=None, keep_sql=False):
        # The module whose wire_ingest_bytes wire_ingest_path calls, one call per file.
        from rotative.wire.services import ingest as services

        self.services = services
        self.original = services.wire_ingest_bytes
        self.deadline = deadline
        self.keep_sql = keep_sql
        self.records = []  # dicts: file, start, seconds, queries, sql_s, tasks, task_s, sql
        self.tasks = {}  # task path -> [count, seconds]
        self._queries, self._sql_s, self._tasks, self._task_s, self._sql = 0, 0.0, 0, 0.0, []

    def _execute(self, execute, sql, params, many, context):
        t0 = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = time.perf_counter() - t0
            self._queries += 1
            self._sql_s += elapsed
            if self.keep_sql:
                self._sql.append((sql, elapsed))

    def _task_finished(self, sender, task_result, **kwargs):
        seconds = 0.0
        if task_result.started_at and task_result.finished_at:
            seconds = (task_result.finished_at - task_result.started_at).total_seconds()
        self._tasks += 1
        self._task_s += seconds
        entry = self.tasks.setdefault(task_result.task.module_path, [0, 0.0])
        entry[0] += 1
        entry[1] += seconds

    def __enter__(self):
        from django.db import connection
        from django_tasks.signals import task_finished

        original = self.original

        def timed(**kwargs):
            t0 = time.perf_counter()
            if self.deadline is not None and t0 > self.deadline:
                raise BudgetExceeded
            q0, s0, k0, ks0 = self._queries, self._sql_s, self._tasks, self._task_s
            self._sql = []
            report = original(**kwargs)
            self.records.append(
                {
                    "file": kwargs.get("filename", ""),
                    "start": t0,
                    "seconds": time.perf_counter() - t0,
                    "queries": self._queries - q0,
                    "sql_s": self._sql_s - s0,
                    "tasks": self._tasks - k0,
                    "task_s": self._task_s - ks0,
                    "sql": self._sql if self.keep_sql else None,
                }
            )
            return report

        self._wrapper = connection.execute_wrapper(self._execute)
        self._wrapper.__enter__()
        task_finished.connect(self._task_finished, dispatch_uid="bench-wire-ingest")
        self.services.wire_ingest_bytes = timed
        return self

    def __exit__(self, *exc):
        from django_tasks.signals import task_finished

        self.services.wire_ingest_bytes = self.original
        task_finished.disconnect(dispatch_uid="bench-wire-ingest")
        self._wrapper.__exit__(*exc)
        return False

    def by_kind(self, kinds: dict):
        """Per kind of delivery: latency, and per-delivery SQL and inline-task figures."""
        groups = {}
        for record in self.records:
            groups.setdefault(kinds.get(record["file"], "?").split(":")[0], []).append(record)
        out = {}
        for kind, records in groups.items():
            n = len(records)
            wall = sum(r["seconds"] for r in records)
            sql = sum(r["sql_s"] for r in records)
            task_s = sum(r["task_s"] for r in records)
            out[kind] = {
                **latency_summary([r["seconds"] for r in records]),
                "queries_per_file": round(sum(r["queries"] for r in records) / n, 1),
                "sql_ms_per_file": round(sql * 1000 / n, 2),
                "sql_share": round(sql / wall, 3) if wall else None,
                "tasks_per_file": round(sum(r["tasks"] for r in records) / n, 1),
                "task_ms_per_file": round(task_s * 1000 / n, 2),
                "task_share": round(task_s / wall, 3) if wall else None,
            }
        return out

    def task_summary(self, per: int):
        return {
            path: {
                "per_delivery": round(count / per, 2),
                "ms_per_delivery": round(s * 1000 / per, 2),
            }
            for path, (count, s) in sorted(self.tasks.items(), key=lambda kv: -kv[1][1])
        }


class AutoAnalyze:
    """What autovacuum does on a production server, for a server where it is off.

    With autovacuum off (as on the bench machine's PostgreSQL), the planner keeps the
    statistics of an empty database while the bench adds 10,000 pages, and picks plans that
    a production server would not (a sort of every child page to find the last one: 8 ms
    instead of 0.06 ms). Every `every` seconds this runs ANALYZE on its own connection, as
    autovacuum's default naptime would.
    """

    def __init__(self, db_url: str, every: float = 60.0):
        self.db_url, self.every = db_url, every
        self.runs, self.seconds = 0, 0.0
        self._stop = threading.Event()
        self._thread = None

    def needed(self) -> bool:
        import psycopg

        with psycopg.connect(self.db_url, autocommit=True, connect_timeout=10) as conn:
            return conn.execute("SHOW autovacuum").fetchone()[0] != "on"

    def _loop(self):
        import psycopg

        while not self._stop.wait(self.every):
            started = time.perf_counter()
            with psycopg.connect(self.db_url, autocommit=True, connect_timeout=10) as conn:
                conn.execute("ANALYZE")
            self.runs += 1
            self.seconds += time.perf_counter() - started

    def __enter__(self):
        if self.needed():
            self._thread = threading.Thread(target=self._loop, daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        return False

    def summary(self):
        return {
            "autovacuum_off": self._thread is not None,
            "every_s": self.every,
            "runs": self.runs,
            "seconds": round(self.seconds, 2),
        }


def end_to_end(folder: Path, source, kinds: dict, budget_s: float, log, db_url: str):
    from rotative.wire import services

    gc.collect()
    rss_before, peak_before = rss_now_kib(), rss_peak_kib()
    load_before = os.getloadavg()
    started = time.perf_counter()
    report, stopped = None, False
    with AutoAnalyze(db_url) as analyze, TimedIngest(deadline=started + budget_s) as timer:
        try:
            report = services.wire_ingest_path(path=folder, source=source)
        except BudgetExceeded:
            stopped = True
    total = time.perf_counter() - started
    rss_after, peak_after = rss_now_kib(), rss_peak_kib()
    records = timer.records
    # Throughput over the run, by tenths of the files processed: does it degrade as the
    # section and the tables grow?
    tenths = []
    if records:
        step = -(-len(records) // 10)
        for i in range(0, len(records), step):
            chunk = records[i : i + step]
            span = chunk[-1]["start"] + chunk[-1]["seconds"] - chunk[0]["start"]
            tenths.append(round(len(chunk) / span, 1) if span > 0 else None)
    sql_s = sum(r["sql_s"] for r in records)
    task_s = sum(r["task_s"] for r in records)
    result = {
        "seconds": round(total, 3),
        "stopped_by_budget": stopped,
        "files_processed": len(records),
        "report": None
        if report is None
        else {
            "files": report.files,
            "items": report.items,
            "duplicates": report.duplicates,
            "published": report.published,
            "quarantined": report.quarantined,
            "errors": len(report.errors),
            "error_samples": report.errors[:5],
        },
        "latency": timer.by_kind(kinds),
        # New items whose headline repeats (weather, stock market): same slug base.
        "latency_recurring_headline": timer.by_kind(
            {k: v for k, v in kinds.items() if v == "item:recurring"}
        ).get("item"),
        "sql_share": round(sql_s / total, 3) if total else None,
        "queries": sum(r["queries"] for r in records),
        "inline_task_share": round(task_s / total, 3) if total else None,
        "tasks": timer.task_summary(max(1, len(records))),
        "files_per_s_by_tenth": tenths,
        "autoanalyze": analyze.summary(),
        "loadavg_before": [round(x, 2) for x in load_before],
        "loadavg_after": [round(x, 2) for x in os.getloadavg()],
        "rss_kib": {
            "current_before": rss_before,
            "current_after": rss_after,
            "peak_before": peak_before,
            "peak_after": peak_after,
        },
    }
    log(
        f"end to end: {len(records):,} files in {total:.1f} s"
        + (" (STOPPED by the time budget)" if stopped else "")
        + f"; SQL {result['sql_share']:.0%} of the time, inline tasks {result['inline_task_share']:.0%}"
        + f"; RSS {rss_before / 1024:.0f} → {rss_after / 1024:.0f} MiB, peak {peak_after / 1024:.0f} MiB"
    )
    return result


def repoll(folder: Path, source, log):
    """The same folder again, every file already received: what each poll costs while
    delivered files stay in the drop folder (wire_ingest_path never moves them)."""
    from rotative.wire import services

    t0 = time.perf_counter()
    with TimedIngest() as timer:
        report = services.wire_ingest_path(path=folder, source=source)
    seconds = time.perf_counter() - t0
    result = {
        "files": report.files,
        "duplicates": report.duplicates,
        "quarantined_again": report.quarantined,
        "items": report.items,
        "seconds": round(seconds, 2),
        "queries": sum(r["queries"] for r in timer.records),
    }
    log(
        f"re-poll: {report.files:,} files already received, {report.duplicates:,} duplicates, "
        f"{seconds:.1f} s, {result['queries']:,} SQL statements"
    )
    return result


def table_of(sql):
    match = re.search(r'\b(?:FROM|INTO|UPDATE)\s+"?([A-Za-z0-9_]+)"?', sql, re.IGNORECASE)
    if match:
        return match.group(1)
    return "(" + (sql.split(None, 1)[0].lower() if sql.strip() else "?") + ")"


def query_sample(folder: Path, source, kinds: dict, log):
    """SQL statements per delivery, with their text: which tables, which verbs."""
    from rotative.wire import services

    with TimedIngest(keep_sql=True) as timer:
        services.wire_ingest_path(path=folder, source=source)
    result = timer.by_kind(kinds)
    groups = {}
    for record in timer.records:
        kind = kinds.get(record["file"], "?").split(":")[0]
        entry = groups.setdefault(kind, {"files": 0, "verbs": {}, "tables": {}})
        entry["files"] += 1
        for sql, _s in record["sql"]:
            text = sql.lstrip()
            verb = text.split(None, 1)[0].upper() if text else "?"
            entry["verbs"][verb] = entry["verbs"].get(verb, 0) + 1
            table = table_of(text)
            entry["tables"][table] = entry["tables"].get(table, 0) + 1
    for record in timer.records:
        if kinds.get(record["file"], "?").split(":")[0] != "item":
            continue
        entry = groups["item"].setdefault("statements", {})
        for sql, seconds in record["sql"]:
            key = re.sub(r"\s+", " ", re.sub(r"\d+", "N", sql)).strip()[:200]
            stat = entry.setdefault(key, [0, 0.0])
            stat[0] += 1
            stat[1] += seconds
    for kind, e in groups.items():
        n = e["files"]
        if e.get("statements"):
            result[kind]["slowest_statements"] = [
                {"sql": key, "per_file": round(c / n, 1), "ms_per_file": round(t * 1000 / n, 2)}
                for key, (c, t) in sorted(e["statements"].items(), key=lambda kv: -kv[1][1])[:8]
            ]
        result[kind]["files"] = n
        result[kind]["verbs_per_file"] = {
            k: round(v / n, 1) for k, v in sorted(e["verbs"].items(), key=lambda kv: -kv[1])
        }
        result[kind]["top_tables_per_file"] = {
            k: round(v / n, 1) for k, v in sorted(e["tables"].items(), key=lambda kv: -kv[1])[:15]
        }
        log(
            f"queries: {kind}: {result[kind]['queries_per_file']} per file, "
            f"{result[kind]['sql_ms_per_file']} ms SQL and {result[kind]['tasks_per_file']} inline "
            f"tasks ({result[kind]['task_ms_per_file']} ms) of {result[kind]['mean_ms']} ms"
        )
    result["_tasks"] = timer.task_summary(max(1, len(timer.records)))
    return result


def memory_sample(folder_plain: Path, folder_traced: Path, source, log):
    """tracemalloc peak during an ingest, on its own sample: tracing slows Python down.

    Two samples of the same size back to back, one untraced and one traced, give the
    slowdown; the timed end-to-end run is never traced.
    """
    from rotative.wire import services

    gc.collect()
    t0 = time.perf_counter()
    plain = services.wire_ingest_path(path=folder_plain, source=source)
    plain_s = time.perf_counter() - t0
    gc.collect()
    tracemalloc.start()
    base_current, _ = tracemalloc.get_traced_memory()
    t0 = time.perf_counter()
    traced = services.wire_ingest_path(path=folder_traced, source=source)
    traced_s = time.perf_counter() - t0
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    slowdown = traced_s / plain_s if plain_s else None
    result = {
        "items": traced.items,
        "untraced_items_per_s": round(plain.items / plain_s, 1) if plain_s else None,
        "traced_items_per_s": round(traced.items / traced_s, 1) if traced_s else None,
        "slowdown": round(slowdown, 2) if slowdown else None,
        "peak_mib": round((peak - base_current) / 1024 / 1024, 1),
        "retained_mib": round((current - base_current) / 1024 / 1024, 2),
        "within_2x": bool(slowdown and slowdown <= 2.0),
    }
    log(
        f"tracemalloc: peak {result['peak_mib']} MiB over {traced.items} items, "
        f"retained {result['retained_mib']} MiB, slowdown ×{result['slowdown']}"
    )
    return result


def profile_run(folder: Path, source, log, top=15):
    from rotative.wire import services

    profiler = cProfile.Profile()
    gc.collect()
    t0 = time.perf_counter()
    profiler.enable()
    report = services.wire_ingest_path(path=folder, source=source)
    profiler.disable()
    seconds = time.perf_counter() - t0
    out = {}
    for order in ("cumulative", "tottime"):
        buffer = io.StringIO()
        stats = pstats.Stats(profiler, stream=buffer)
        stats.strip_dirs().sort_stats(order).print_stats(top)
        out[order] = buffer.getvalue()
    # Time by package, from each function's own time (tottime): where the CPU goes.
    by_area = {}
    stats = pstats.Stats(profiler)
    total_tt = 0.0
    for (filename, _line, _name), (_cc, _nc, tt, _ct, _callers) in stats.stats.items():
        total_tt += tt
        by_area[area_of(filename)] = by_area.get(area_of(filename), 0.0) + tt
    out["own_time_by_area"] = {
        k: round(v / total_tt, 3) for k, v in sorted(by_area.items(), key=lambda kv: -kv[1])
    }
    out["items"] = report.items
    out["seconds"] = round(seconds, 2)
    log(f"profile: {report.items} items in {seconds:.1f} s under cProfile")
    return out


def area_of(filename: str) -> str:
    path = filename.replace("\\", "/")
    if "site-packages/" in path:
        return path.split("site-packages/", 1)[1].split("/", 1)[0]
    if "/rotative/" in path:
        parts = path.split("/rotative/", 1)[1].split("/")
        return "rotative." + (parts[0] if len(parts) > 1 else parts[0].removesuffix(".py"))
    if path.startswith("~") or path.startswith("<"):
        return "builtins (C)"
    return "stdlib"


def db_counts(prefix: str, name_prefix: str):
    from django.db.models import Count

    from rotative.news.models import ArticlePage
    from rotative.wire.models import Dispatch, QuarantinedFile

    dispatches = Dispatch.objects.filter(guid__startswith=prefix)
    article_ids = dispatches.exclude(article=None).values("article_id")
    articles = ArticlePage.objects.filter(pk__in=article_ids)
    return {
        "dispatches": dispatches.count(),
        "dispatches_by_status": dict(
            dispatches.values_list("status").annotate(n=Count("pk")).order_by("status")
        ),
        "updates_published": dispatches.filter(version=2, status="published").count(),
        "articles": articles.count(),
        "articles_live": articles.filter(live=True).count(),
        "quarantined_files": QuarantinedFile.objects.filter(
            filename__startswith=name_prefix
        ).count(),
    }


# --------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------


def pct_text(x):
    return "—" if x is None else f"{x:.0%}"


def mib(kib):
    return f"{kib / 1024:,.0f} MiB" if kib else "—"


def num(x, digits=1):
    if x is None:
        return "—"
    return f"{x:,.{digits}f}"


def markdown(r):
    e2e, base, counts = r["end_to_end"], r["parse_only"], r["counts"]
    q = r.get("queries") or {}
    mem = r.get("memory") or {}
    lines = []
    reached = r["target"]["reached"]
    lines.append(
        f"Run of {r['date']} on {r['machine']['cpus']} CPU cores (Python {r['machine']['python']}, "
        f"PostgreSQL {r['machine']['postgres']}), database `{r['params']['database']}`: "
        f"`{r['command']}`."
    )
    lines.append("")
    lines.append(
        "| N items | Files | Parse only, items/s | End to end, items/s | Ratio | Peak RSS | SQL queries per item | Target ≥ 100 items/s |"
    )
    lines.append("|---:|---:|---:|---:|---:|---:|---:|---|")
    lines.append(
        f"| {r['params']['items']:,} | {r['files']['total']:,} | {num(base['items_per_s'])} | "
        f"{num(e2e['items_per_s'])} | {num(r['ratio'], 3)} | {mib(e2e['rss_kib']['peak_after'])} | "
        f"{num((e2e['latency'].get('item') or {}).get('queries_per_file'))} | "
        f"{'**reached**' if reached else '**not reached**'} |"
    )
    lines.append("")
    files = r["files"]
    lines.append(
        f"Deliveries: {files['item']:,} new items, {files['update']:,} updates (version 2 of an "
        f"earlier guid), {files['malformed']:,} malformed files. End to end took "
        f"{num(e2e['seconds'])} s"
        + (" **(stopped by the time budget)**" if e2e["stopped_by_budget"] else "")
        + f" for {e2e['files_processed']:,} files: {counts['articles_live']:,} live articles, "
        f"{counts['updates_published']:,} updates republished, {counts['quarantined_files']:,} files "
        f"quarantined, {counts['dispatches']:,} dispatches "
        f"({', '.join(f'{k} {v:,}' for k, v in counts['dispatches_by_status'].items())}). "
        f"Items/s counts items stored and applied (new + updates) over the whole run's wall time, "
        f"quarantine included; parse only reads and parses the same files in the same order."
    )
    lines.append("")
    lines.append(
        "| Per delivery | Parse only, median ms | End to end, median ms | p95 ms | max ms "
        "| SQL statements | SQL ms (share) | Inline tasks | Task ms (share) |"
    )
    lines.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for kind, label in (
        ("item", "new item → article"),
        ("update", "update → new revision"),
        ("malformed", "malformed → quarantine"),
    ):
        b = base["latency"].get(kind, {})
        e = e2e["latency"].get(kind, {})
        sql_share, task_share = e.get("sql_share"), e.get("task_share")
        lines.append(
            f"| {label} | {num(b.get('median_ms'), 2)} | {num(e.get('median_ms'))} | {num(e.get('p95_ms'))} | "
            f"{num(e.get('max_ms'))} | {num(e.get('queries_per_file'))} | "
            f"{num(e.get('sql_ms_per_file'))}{f' ({sql_share:.0%})' if sql_share is not None else ''} | "
            f"{num(e.get('tasks_per_file'))} | "
            f"{num(e.get('task_ms_per_file'))}{f' ({task_share:.0%})' if task_share is not None else ''} |"
        )
    lines.append("")
    lines.append(
        f"Over the whole end-to-end run, {pct_text(e2e.get('sql_share'))} of the wall time is spent "
        f"in SQL statements (time around each cursor execute, round trip included) and "
        f"{pct_text(e2e.get('inline_task_share'))} in tasks run inline (search index and reference "
        "index updates; their SQL is counted in both). Inline tasks per delivery: "
        + ", ".join(
            f"`{path.rsplit('.', 1)[-1]}` {t['per_delivery']} ({num(t['ms_per_delivery'])} ms)"
            for path, t in (e2e.get("tasks") or {}).items()
        )
        + "."
    )
    lines.append("")
    tenths = e2e.get("files_per_s_by_tenth") or []
    if tenths:
        lines.append(
            "Files per second by tenth of the run: "
            + ", ".join(num(x, 0) for x in tenths)
            + (
                f" (the last tenth runs at {tenths[-1] / tenths[0]:.0%} of the first)."
                if tenths[0] and tenths[-1]
                else "."
            )
        )
    recurring = e2e.get("latency_recurring_headline")
    if recurring and recurring.get("n"):
        item = e2e["latency"].get("item", {})
        lines.append("")
        lines.append(
            f"New items whose headline recurs (weather, stock market: {recurring['n']:,} items over "
            f"{len(RECURRING_HEADLINES)} headlines): median {num(recurring['median_ms'])} ms, "
            f"max {num(recurring['max_ms'])} ms, {num(recurring['queries_per_file'])} SQL statements "
            f"on average against {num(item.get('queries_per_file'))} for all new items"
            + (
                ": the slug is found by trying `-2`, `-3`… with one query each."
                if (recurring["queries_per_file"] or 0) > (item.get("queries_per_file") or 0) + 2
                else "."
            )
        )
    again = r.get("repoll")
    if again:
        lines.append("")
        lines.append(
            f"Polling the same folder again (every file already received, as happens every "
            f"`poll_minutes` while delivered files stay in the drop folder): {num(again['seconds'])} s "
            f"for {again['files']:,} files, {again['queries']:,} SQL statements, "
            f"{again['duplicates']:,} duplicates, {again['items']} new items"
            + (
                f"; the {again['quarantined_again']:,} malformed files are parsed, reported and "
                "logged as quarantined again."
                if again["quarantined_again"]
                else ", malformed files skipped as already received."
            )
        )
    analyze = e2e.get("autoanalyze") or {}
    if analyze.get("autovacuum_off"):
        lines.append("")
        lines.append(
            "Autovacuum is off on this PostgreSQL server: as a production server's autovacuum "
            f"would, the bench ran ANALYZE every {analyze['every_s']:.0f} s during the "
            f"end-to-end run ({analyze['runs']} runs, {analyze['seconds']} s on their own "
            "connection), so the planner sees the tables grow."
        )
    load = e2e.get("loadavg_before"), e2e.get("loadavg_after")
    if all(load):
        lines.append("")
        lines.append(
            f"Load average (1 min) {load[0][0]} before the end-to-end run and {load[1][0]} after, "
            "on a shared machine: other work on the same 2 cores slows the figures down."
        )
    rss = e2e["rss_kib"]
    mem_line = (
        f"Memory: RSS {mib(rss['current_before'])} before the end-to-end run, "
        f"{mib(rss['current_after'])} after; peak RSS of the process {mib(rss['peak_after'])} "
        f"(it was {mib(rss['peak_before'])} before)."
    )
    if mem:
        mem_line += (
            f" tracemalloc, on a separate sample of {mem['items']:,} items (the timed run is not "
            f"traced): peak {num(mem['peak_mib'])} MiB of Python allocations, "
            f"{num(mem['retained_mib'], 2)} MiB retained after it; tracing slowed ingest ×{num(mem['slowdown'], 2)}"
            + ("" if mem["within_2x"] else " (over 2×: take the peak as indicative)")
            + "."
        )
    lines.append("")
    lines.append(mem_line)
    if q:
        item = q.get("item") or {}
        tables = ", ".join(
            f"`{t}` {n}" for t, n in list((item.get("top_tables_per_file") or {}).items())[:8]
        )
        verbs = ", ".join(f"{v} {n}" for v, n in (item.get("verbs_per_file") or {}).items())
        lines.append("")
        lines.append(
            f"SQL per new item, on a separate sample of {item.get('files', 0)} items with the "
            f"statements kept: {verbs}; most touched tables: {tables}."
        )
        slowest = item.get("slowest_statements") or []
        if slowest:
            lines.append("")
            lines.append(
                "Slowest SQL statements per new item (same sample, numbers replaced by N):"
            )
            lines.append("")
            lines.append("| ms per item | statements per item | SQL (first 120 characters) |")
            lines.append("|---:|---:|---|")
            for st in slowest[:5]:
                text = st["sql"][:120].replace("|", "\\|").replace("`", "'")
                lines.append(f"| {num(st['ms_per_file'])} | {num(st['per_file'])} | `{text}` |")
    prof = r.get("profile")
    if prof:
        areas = ", ".join(f"{k} {v:.0%}" for k, v in list(prof["own_time_by_area"].items())[:7])
        lines.append("")
        lines.append(
            f"cProfile over {prof['items']} items (own time by package): {areas}. "
            "Top functions are in `bench/results/wire_ingest.json`."
        )
    if base.get("unexpected_count"):
        lines.append("")
        lines.append(
            f"**Parser: {base['unexpected_count']} unexpected outcomes** (valid items refused or "
            "malformed files accepted), see the JSON."
        )
    lines.append("")
    lines.append(
        f"Target from the issue, at least {TARGET_ITEMS_PER_S:.0f} items/s to published articles: "
        + (
            f"**reached** ({num(e2e['items_per_s'])} items/s)."
            if reached
            else f"**not reached** ({num(e2e['items_per_s'])} items/s, "
            f"{num(r['target']['shortfall_factor'], 1)}× too slow)."
        )
    )
    return "\n".join(lines)


DOC_INTRO = """## Wire ingest

`bench/wire_ingest.py` measures the wire desk from agency files to published articles. It
creates a dedicated database (`rotative_wire_bench`, dropped and recreated), migrates it,
creates a section, a folder source and a publishing rule that publishes every item
(`max_urgency` 9) into that section, with one topic mapping (and tag) per IPTC media topic
used. It writes N NewsML-G2 text items (default 10,000: French-like headline, summary and
five paragraphs, urgency 1 to 6, one media topic; 2 % of headlines recur, as weather or
stock-market items do), plus 2 % updates (version 2 of an earlier guid) and 1 % malformed
files, then measures in the same run:

- parse only (`rotative.wire.parsing.parse` over every file, read from disk), the baseline;
- end to end (`services.wire_ingest_path` on the folder: parse, store the dispatch, apply the
  rule, create and publish the article, quarantine bad files), with django-tasks' immediate
  backend, so the search and reference index updates Wagtail enqueues run inline and count;
- per delivery: latency, SQL statements and their time, tasks run inline and their time;
  peak RSS; the tables touched (a separate 100-item sample); the tracemalloc peak (a
  separate sample, as tracing slows ingest about 2×); with `--profile`, cProfile over 500
  items.

Run it with:

    .venv/bin/python bench/wire_ingest.py --profile    # full run, about 20 minutes
    .venv/bin/python bench/wire_ingest.py --smoke      # 300 items, writes no doc

Raw results go to `bench/results/wire_ingest.json`.

"""


def write_doc(table):
    DOC_PATH.parent.mkdir(parents=True, exist_ok=True)
    block = f"{MARK_START}\n{table}\n{MARK_END}"
    text = DOC_PATH.read_text(encoding="utf-8") if DOC_PATH.exists() else "# Performance\n"
    if MARK_START in text and MARK_END in text:
        head, rest = text.split(MARK_START, 1)
        _old, tail = rest.split(MARK_END, 1)
        text = head + block + tail
    else:
        text = text.rstrip("\n") + "\n\n" + DOC_INTRO + block + "\n"
    DOC_PATH.write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------------------


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_WIRE_DATABASE_URL", DEFAULT_DB_URL)
    )
    parser.add_argument(
        "--items", type=int, default=None, help="new items in the timed run (default 10,000)"
    )
    parser.add_argument("--updates", type=float, default=0.02, help="share of extra updates")
    parser.add_argument("--malformed", type=float, default=0.01, help="share of malformed files")
    parser.add_argument("--query-sample", type=int, default=100, help="items for SQL counts")
    parser.add_argument(
        "--memory-sample", type=int, default=1000, help="items for tracemalloc (half traced)"
    )
    parser.add_argument("--warmup", type=int, default=20, help="items ingested before timing")
    parser.add_argument("--profile", action="store_true", help="cProfile a run of --profile-items")
    parser.add_argument("--profile-items", type=int, default=500)
    parser.add_argument(
        "--time-budget", type=float, default=3600.0, help="seconds at most for the end-to-end run"
    )
    parser.add_argument("--no-tags", action="store_true", help="no topic mappings (no tags)")
    parser.add_argument("--seed", type=int, default=20261126)
    parser.add_argument(
        "--smoke", action="store_true", help="300 items, small samples, no doc, separate JSON"
    )
    parser.add_argument("--no-doc", action="store_true", help="do not write docs/performance.md")
    parser.add_argument("--keep-files", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    if args.items is None and not args.smoke:
        args.items = 10_000
    if args.smoke:
        args.items = args.items or 300
        args.memory_sample = min(args.memory_sample, 100)
        args.profile_items = min(args.profile_items, 100)
        args.no_doc = True

    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    began = time.monotonic()
    # `timeout` and kill send SIGTERM: exit through the finally clause (temporary folder).
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))

    def log(msg):
        print(f"[{time.monotonic() - began:7.1f}s] {msg}", flush=True)

    workdir = Path(tempfile.mkdtemp(prefix="rotative-wire-bench-"))
    var_dir, settings_dir, feeds = workdir / "var", workdir / "settings", workdir / "feeds"
    for folder in (var_dir, settings_dir, feeds):
        folder.mkdir()
    log(f"working folder {workdir}")
    try:
        env = bench_environment(args.database_url, var_dir, settings_dir)
        recreate_database(args.database_url)
        migrate_s = run_migrate(env, log)
        django_info = django_setup(env, settings_dir)
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            pg_version = cursor.fetchone()[0].split()[0]

        # ---- setup and generation (not timed) ------------------------------------------
        section, source = desk_setup(not args.no_tags, feeds / "main")
        run_id = uuid.uuid4().hex[:8]
        rng = random.Random(args.seed)
        start = dt.datetime(2026, 11, 20, tzinfo=dt.UTC)
        phases = {}

        def feed(phase, items, updates=0.0, malformed=0.0):
            prefix = f"urn:newsml:rotative.bench:{run_id}:{phase}:"
            t0 = time.monotonic()
            kinds = generate_feed(
                feeds / phase,
                prefix=prefix,
                items=items,
                update_share=updates,
                malformed_share=malformed,
                rng=rng,
                start=start,
            )
            phases[phase] = {"prefix": prefix, "kinds": kinds, "folder": feeds / phase}
            log(f"generated {phase}: {len(kinds):,} files in {time.monotonic() - t0:.1f} s")
            return kinds

        # The preflight: one valid document must parse, else the parser is not ready.
        from rotative.wire.parsing import WireParseError, parse

        probe = g2_item(
            guid="urn:bench:probe",
            version=1,
            headline="Sonde",
            summary="Résumé.",
            paragraphs=["Un paragraphe."] * 5,
            intertitle="Intertitre",
            urgency=3,
            topic=MEDIA_TOPICS[0],
            place="Caen",
            created=start,
            version_created=start,
        )
        try:
            parse(probe)
        except WireParseError as error:
            print(f"PARSER NOT READY: a valid NewsML-G2 item is refused: {error.reason}")
            return 3

        kinds_main = feed("main", args.items, args.updates, args.malformed)
        feed("warmup", args.warmup, 0.1, 0.1)
        kinds_queries = feed("queries", args.query_sample, 0.1, 0.05)
        half = max(1, args.memory_sample // 2)
        feed("mem_plain", half)
        feed("mem_traced", half)
        if args.profile:
            feed("profile", args.profile_items, args.updates, args.malformed)
        files = {
            "total": len(kinds_main),
            "item": sum(1 for k in kinds_main.values() if k.startswith("item")),
            "item_recurring_headline": sum(1 for k in kinds_main.values() if k == "item:recurring"),
            "update": sum(1 for k in kinds_main.values() if k == "update"),
            "malformed": sum(1 for k in kinds_main.values() if k.startswith("malformed")),
            "bytes": sum(p.stat().st_size for p in (feeds / "main").iterdir()),
        }

        # ---- warm-up: imports, caches, first publication -------------------------------
        from rotative.wire import services

        t0 = time.monotonic()
        services.wire_ingest_path(path=phases["warmup"]["folder"], source=source)
        log(f"warm-up: {args.warmup} items in {time.monotonic() - t0:.1f} s")

        # ---- (a) parse only --------------------------------------------------------------
        baseline = parse_baseline(phases["main"]["folder"], kinds_main, log)
        if any(u["kind"] in ("item", "update") for u in baseline["unexpected"]):
            print("PARSER REFUSES VALID ITEMS:")
            print(json.dumps(baseline["unexpected"][:5], ensure_ascii=False, indent=2))
            return 3

        # ---- (b) end to end --------------------------------------------------------------
        e2e = end_to_end(
            phases["main"]["folder"], source, kinds_main, args.time_budget, log, args.database_url
        )
        counts = db_counts(phases["main"]["prefix"], "main-")
        processed_items = (
            e2e["report"]["items"]
            if e2e["report"]
            else counts["dispatches"]  # stopped early: what reached the database
        )
        e2e["items"] = processed_items
        e2e["items_per_s"] = round(processed_items / e2e["seconds"], 1) if e2e["seconds"] else None
        e2e["articles_per_s"] = (
            round(counts["articles_live"] / e2e["seconds"], 1) if e2e["seconds"] else None
        )
        e2e["files_per_s"] = (
            round(e2e["files_processed"] / e2e["seconds"], 1) if e2e["seconds"] else None
        )
        log(
            f"end to end: {processed_items:,} items = {e2e['items_per_s']} items/s; "
            f"{counts['articles_live']:,} live articles, {counts['quarantined_files']} quarantined"
        )

        # ---- re-poll of the same folder, then the extra samples ---------------------------
        again = repoll(phases["main"]["folder"], source, log)
        queries = query_sample(phases["queries"]["folder"], source, kinds_queries, log)
        memory = memory_sample(
            phases["mem_plain"]["folder"], phases["mem_traced"]["folder"], source, log
        )
        profile = None
        if args.profile:
            profile = profile_run(phases["profile"]["folder"], source, log)
            print(profile["cumulative"])
            print(profile["tottime"])

        ratio = (
            e2e["items_per_s"] / baseline["items_per_s"]
            if e2e["items_per_s"] and baseline["items_per_s"]
            else None
        )
        reached = bool(
            e2e["items_per_s"]
            and e2e["items_per_s"] >= TARGET_ITEMS_PER_S
            and not e2e["stopped_by_budget"]
        )
        results = {
            "date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
            "command": " ".join(
                [".venv/bin/python bench/wire_ingest.py", *(sys.argv[1:] if argv is None else argv)]
            ),
            "machine": {
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
                "postgres": pg_version,
                "platform": platform.platform(),
            },
            "params": {
                "database": db_name(args.database_url),
                "items": args.items,
                "update_share": args.updates,
                "malformed_share": args.malformed,
                "query_sample": args.query_sample,
                "memory_sample": args.memory_sample,
                "warmup": args.warmup,
                "profile_items": args.profile_items if args.profile else None,
                "time_budget_s": args.time_budget,
                "topic_tags": not args.no_tags,
                "seed": args.seed,
                "smoke": args.smoke,
            },
            "django": django_info,
            "migrate_s": round(migrate_s, 1),
            "files": files,
            "parse_only": baseline,
            "end_to_end": e2e,
            "ratio": round(ratio, 4) if ratio else None,
            "counts": counts,
            "repoll": again,
            "queries": queries,
            "memory": memory,
            "profile": profile,
            "target": {
                "items_per_s": TARGET_ITEMS_PER_S,
                "reached": reached,
                "shortfall_factor": round(TARGET_ITEMS_PER_S / e2e["items_per_s"], 2)
                if e2e["items_per_s"]
                else None,
            },
            "elapsed_s": round(time.monotonic() - began, 1),
        }
        name = "wire_ingest_smoke.json" if args.smoke else "wire_ingest.json"
        (RESULTS_DIR / name).write_text(
            json.dumps(results, indent=2, ensure_ascii=False, default=str), encoding="utf-8"
        )
        table = markdown(results)
        print()
        print(table)
        if not args.no_doc:
            write_doc(table)
            log(f"wrote {DOC_PATH.relative_to(BASE_DIR)} and bench/results/{name}")
        else:
            log(f"wrote bench/results/{name}")
        return 0
    finally:
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: BLE001, S110 - best effort, Django may not be set up
            pass
        if args.keep_files:
            log(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
