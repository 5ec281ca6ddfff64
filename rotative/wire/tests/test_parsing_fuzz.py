"""Property test: whatever is done to a valid document, `parse` returns items or refuses it.

Mutations of real documents (fixtures and a few agency samples): delete a byte range, insert
random bytes, duplicate a slice, truncate, swap an element name, flip the declared encoding.
The only acceptable outcomes are a list of valid WireItems or a WireParseError with an explicit
reason (never the catch-all "Document illisible", which would mean an unhandled case).
"""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rotative.wire.parsing import WireParseError, parse

from .test_parsing_support import FIXTURES, SAMPLES, assert_valid_item

_SEED_FIXTURES = [
    "g2_text.xml",
    "g2_picture.xml",
    "g2_package.xml",
    "g2_newsmessage.xml",
    "g2_inlinedata.xml",
    "g2_nitf.xml",
    "script_body.xml",
    "afp_newsml12_latin1.xml",
]
_SEED_SAMPLES = [
    "afp20.xml",
    "afp.xml",
    "dpa.xml",
    "ansa-newsmlg2-text.xml",
    "reuters_KBN0FL0NM_v10.xml",
]
SEEDS = [(FIXTURES / name).read_bytes() for name in _SEED_FIXTURES] + [
    (SAMPLES / name).read_bytes() for name in _SEED_SAMPLES if (SAMPLES / name).is_file()
]
ENCODINGS = [
    b"UTF-8",
    b"iso-8859-1",
    b"UTF-16",
    b"us-ascii",
    b"windows-1252",
    b"EBCDIC-US",
    b"nope",
    b"UTF-32",
]
_TAG_NAME = re.compile(rb"<(/?)([A-Za-z][\w.:-]*)")
_DECLARED = re.compile(rb'encoding="[^"]*"')


@st.composite
def mutated(draw):
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 4))):
        op = draw(
            st.sampled_from(["delete", "insert", "duplicate", "truncate", "swap", "encoding"])
        )
        size = len(data)
        at = draw(st.integers(0, size))
        if op == "delete":
            del data[at : at + draw(st.integers(1, 200))]
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=40))
        elif op == "duplicate":
            start = draw(st.integers(0, size))
            data[at:at] = data[start : start + draw(st.integers(1, 400))]
        elif op == "truncate":
            del data[at:]
        elif op == "swap":
            names = [m for m in _TAG_NAME.finditer(bytes(data))]
            if names:
                target = draw(st.sampled_from(names))
                other = draw(st.sampled_from(names)).group(2)
                data[target.start(2) : target.end(2)] = other
        else:
            match = _DECLARED.search(bytes(data))
            new = b'encoding="' + draw(st.sampled_from(ENCODINGS)) + b'"'
            if match:
                data[match.start() : match.end()] = new
    return bytes(data)


@settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mutated())
def test_parse_returns_items_or_refuses(data):
    try:
        items = parse(data)
    except WireParseError as error:
        assert isinstance(error.reason, str) and error.reason
        assert not error.reason.startswith("Document illisible"), error.reason
        return
    assert isinstance(items, list) and items
    for item in items:
        assert_valid_item(item)
