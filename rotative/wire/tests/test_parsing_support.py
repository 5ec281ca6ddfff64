"""Shared helpers of the wire parser tests (no tests here; no Django, no database)."""

import re
from datetime import datetime
from pathlib import Path

from rotative.testing import shared_data_dir
from rotative.wire.parsing import WireItem

FIXTURES = Path(__file__).resolve().parent / "fixtures"
# The real agency samples live beside the repository, never inside it (see their README).
SAMPLES = shared_data_dir() / "wire"

SAFE_TAGS = {"p", "br", "h2", "h3", "h4", "blockquote", "ul", "ol", "li"} | {
    "a",
    "b",
    "strong",
    "i",
    "em",
    "sub",
    "sup",
}
_TAG = re.compile(r"<(/?)([a-zA-Z0-9]+)([^>]*)>")
_ATTR = re.compile(r'\s([a-zA-Z-]+)="([^"]*)"')


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def assert_safe_html(body: str) -> None:
    """Only the allowed tags, no attribute but href (http/https/mailto) and the fixed rel on a."""
    for closing, tag, attrs in _TAG.findall(body):
        assert tag in SAFE_TAGS, f"tag {tag!r} in {body[:200]!r}"
        found = dict(_ATTR.findall(attrs))
        if tag != "a" or closing:
            assert not attrs.strip(), f"attributes {attrs!r} on {tag}"
            continue
        assert set(found) <= {"href", "rel"}, found
        assert found.get("rel") == "noopener noreferrer nofollow"
        if "href" in found:
            assert found["href"].lower().startswith(("http://", "https://", "mailto:"))
    lowered = body.lower()
    assert "<script" not in lowered and "javascript:" not in lowered and "onerror" not in lowered


def assert_valid_item(item: WireItem) -> None:
    assert isinstance(item, WireItem)
    assert item.guid
    assert item.format in ("newsml-g2", "newsml-1.2")
    assert item.kind in ("text", "picture", "package", "composite", "other")
    assert item.pub_status in ("usable", "withheld", "canceled")
    assert isinstance(item.version, int)
    for value in (item.embargoed, item.first_created, item.version_created):
        assert value is None or (isinstance(value, datetime) and value.tzinfo is not None)
    assert set(item.signals) <= {"update", "correction", "kill"}
    assert item.urgency is None or 0 <= item.urgency <= 9
    assert_safe_html(item.body_html)
