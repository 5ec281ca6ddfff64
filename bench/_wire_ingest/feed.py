"""NewsML-G2 deliveries: valid items, agency updates and malformed files, written to a folder."""

from __future__ import annotations

import datetime as dt
import os
import random
import time
from pathlib import Path
from xml.sax.saxutils import escape

from _wire_ingest.text import PLACES, Writer

G2 = "http://iptc.org/std/nar/2006-10-01/"
XHTML = "http://www.w3.org/1999/xhtml"

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
    events, updated = feed_events(items, update_share, malformed_share, rng)
    originals = {}
    kinds = {}
    epoch = time.time() - len(events) - 60
    valid_sample = b""
    for rank, (_key, kind, index) in enumerate(events):
        if kind == "item":
            data, label, original = new_item(writer, f"{prefix}{index:06d}", index, start)
            if index in updated:
                originals[index] = original
            valid_sample = data
        elif kind == "update":
            data = updated_item(writer, f"{prefix}{index:06d}", originals[index])
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


def feed_events(items, update_share, malformed_share, rng):
    """(sort key, kind, original index) of every delivery, in order, and the items updated."""
    updates = round(items * update_share)
    malformed = round(items * malformed_share)
    updated = set(rng.sample(range(items), updates)) if updates else set()
    # An update always comes after its original.
    events = [(float(i), "item", i) for i in range(items)]
    events += [(i + rng.uniform(1, 300), "update", i) for i in sorted(updated)]
    events += [(rng.uniform(0, items), "malformed", m) for m in range(malformed)]
    events.sort(key=lambda e: e[0])
    return events, updated


def new_item(writer: Writer, guid: str, index: int, start: dt.datetime):
    """A version 1 item: (document, label, what an update of it keeps)."""
    rng = writer.rng
    headline = writer.headline()
    topic = rng.choice(MEDIA_TOPICS)
    place = rng.choice(PLACES)
    urgency = rng.choices(list(URGENCY_WEIGHTS), weights=list(URGENCY_WEIGHTS.values()))[0]
    created = start + dt.timedelta(seconds=30 * index)
    data = g2_item(
        guid=guid,
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
    label = "item:recurring" if writer.is_recurring(headline) else "item"
    return data, label, (headline, topic, place, urgency, created)


def updated_item(writer: Writer, guid: str, original) -> bytes:
    """Version 2 of an item, 45 minutes later: new headline suffix, summary and body."""
    headline, topic, place, urgency, created = original
    return g2_item(
        guid=guid,
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


def ingest_order(folder: Path) -> list[Path]:
    """The order services.wire_ingest_path uses (oldest first, then by name)."""
    return sorted(
        (p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")),
        key=lambda p: (p.stat().st_mtime, p.name),
    )
