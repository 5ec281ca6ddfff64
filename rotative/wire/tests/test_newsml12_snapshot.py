"""Characterisation of the NewsML 1.2 reader: every NewsML 1.2 document we hold (fixture and
agency samples), and variants of each, parse to exactly what they parsed to when the snapshot
was taken (newsml12_snapshot.json, written from the reader before it was split by element).

Variants: each element name removed in turn (every occurrence), and the management
values the reader decides on (status, embargo, instructions, revision, urgency). The three
documents themselves are kept whole in the snapshot; variants as a digest of their output.
To write the snapshot again (only when a change of output is intended):
`ROTATIVE_WRITE_SNAPSHOT=1 .venv/bin/python -m pytest <this file>`.
"""

import hashlib
import json
import os
from dataclasses import asdict
from datetime import datetime

import pytest
from lxml import etree

from rotative.testing import skip_unless_present
from rotative.wire.parsing import WireParseError, parse

from .test_parsing_support import FIXTURES, SAMPLES

SNAPSHOT = FIXTURES.parent / "newsml12_snapshot.json"
DOCUMENTS = {
    "fixture:afp_newsml12_latin1.xml": FIXTURES / "afp_newsml12_latin1.xml",
    "sample:afp.xml": SAMPLES / "afp.xml",
    "sample:afp20.xml": SAMPLES / "afp20.xml",
}
# The NewsManagement elements put in place of Status, by what they change.
MANAGEMENT = {
    "canceled": '<Status FormalName="Canceled"/>',
    "withheld": '<Status FormalName="Withheld"/>',
    "unknown-status": '<Status FormalName="Brouillon"/>',
    "embargo": '<Status FormalName="Embargoed"/><StatusWillChange>'
    '<FutureStatus FormalName="Usable"/><DateAndTime>20240711T060000+0200</DateAndTime>'
    "</StatusWillChange>",
    "embargo-without-date": '<Status FormalName="Embargoed"/>',
    "usable-will-change": '<Status FormalName="Usable"/><StatusWillChange><FutureStatus '
    'FormalName="Usable"/><DateAndTime>20240711T060000+0200</DateAndTime></StatusWillChange>',
    "usable-will-withhold": '<Status FormalName="Usable"/><StatusWillChange><FutureStatus '
    'FormalName="Withheld"/><DateAndTime>20240711T060000+0200</DateAndTime></StatusWillChange>',
    "correction": '<Status FormalName="Usable"/><Instruction FormalName="Rectificatif"/>',
    "kill": '<Status FormalName="Usable"/><Instruction FormalName="Suppression"/>',
    "urgency-9": '<Status FormalName="Usable"/><Urgency FormalName="9"/>',
    "urgency-12": '<Status FormalName="Usable"/><Urgency FormalName="12"/>',
    "associated": '<Status FormalName="Usable"/><AssociatedWith NewsItem="urn:x:1"/>'
    '<AssociatedWith NewsItem=" "/>',
}

pytestmark = skip_unless_present(SAMPLES)


def _jsonable(value):
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(type(value))


def outcome(data: bytes):
    try:
        items = parse(data)
    except WireParseError as error:
        return {"refused": error.reason}
    return json.loads(json.dumps([asdict(item) for item in items], default=_jsonable))


def digest(value) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()[:16]


def _serialise(root) -> bytes:
    return etree.tostring(root, encoding="utf-8", xml_declaration=True)


def variants(data: bytes) -> dict[str, bytes]:
    """The document without each element name in turn, and with other management values."""
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False))
    found = {}
    names = sorted({el.tag for el in root.iter() if isinstance(el.tag, str)} - {"NewsML"})
    for name in names:
        copy = etree.fromstring(_serialise(root))
        for el in list(copy.iter(name)):
            el.getparent().remove(el)
        found[f"without {name}"] = _serialise(copy)
    for label, replacement in MANAGEMENT.items():
        copy = etree.fromstring(_serialise(root))
        for status in list(copy.iter("Status")):
            management = status.getparent()
            at = management.index(status)
            management.remove(status)
            for offset, new in enumerate(etree.fromstring(f"<x>{replacement}</x>")):
                management.insert(at + offset, new)
        found[label] = _serialise(copy)
    for revision in ("2", "x"):
        copy = etree.fromstring(_serialise(root))
        for el in copy.iter("RevisionId"):
            el.text = revision
        found[f"revision {revision}"] = _serialise(copy)
    return found


def snapshot_now() -> dict:
    taken = {}
    for name, path in DOCUMENTS.items():
        data = path.read_bytes()
        taken[name] = {
            "whole": outcome(data),
            "variants": {label: digest(outcome(v)) for label, v in variants(data).items()},
        }
    return taken


def test_newsml12_items_are_read_as_when_the_snapshot_was_taken():
    now = snapshot_now()
    if os.environ.get("ROTATIVE_WRITE_SNAPSHOT"):
        SNAPSHOT.write_text(json.dumps(now, indent=1, ensure_ascii=False, sort_keys=True) + "\n")
        pytest.skip("snapshot written")
    expected = json.loads(SNAPSHOT.read_text())
    for name in DOCUMENTS:
        assert now[name]["whole"] == expected[name]["whole"], name
        changed = {
            label
            for label, value in now[name]["variants"].items()
            if expected[name]["variants"].get(label) != value
        }
        assert changed == set(), name
        assert set(now[name]["variants"]) == set(expected[name]["variants"]), name
