"""Units of the wire parser: safe loading, encodings, dates, sanitising."""

import importlib
from datetime import UTC, datetime, timedelta, timezone

import pytest
from lxml import etree

from rotative.wire.parsing import WireParseError, parse
from rotative.wire.parsing.dates import parse_datetime
from rotative.wire.parsing.html import from_element, from_plain_text, safe_href
from rotative.wire.parsing.xml import _parser, load, repair_encoding

from .test_parsing_support import fixture

G2 = "http://iptc.org/std/nar/2006-10-01/"


def minimal(headline: str = "Titre", body: str = "<p>Texte</p>", declaration: str = "") -> str:
    return (
        f'{declaration}<newsItem xmlns="{G2}" guid="test:1" version="1">'
        f'<itemMeta><itemClass qcode="ninat:text"/></itemMeta>'
        f"<contentMeta><headline>{headline}</headline></contentMeta>"
        f'<contentSet><inlineXML><html xmlns="http://www.w3.org/1999/xhtml"><body>{body}'
        f"</body></html></inlineXML></contentSet></newsItem>"
    )


# --- safe loading ------------------------------------------------------------------------


def test_hardened_parser_never_resolves_external_entities():
    # Defence in depth: even without our refusal, the parser does not read /etc/passwd.
    data = fixture("xxe.xml")
    root = etree.fromstring(data, _parser())
    assert "root:" not in etree.tostring(root, encoding="unicode")


def test_internal_dtd_without_entities_is_refused():
    data = b"<!DOCTYPE newsItem [<!ELEMENT newsItem ANY>]>" + minimal().encode()
    with pytest.raises(WireParseError, match="DTD interne"):
        parse(data)


def test_external_dtd_is_not_loaded_and_its_entities_refused():
    doctype = b'<!DOCTYPE newsItem SYSTEM "http://127.0.0.1:9/NewsML.dtd">'
    assert parse(doctype + minimal().encode())[0].headline == "Titre"  # not fetched
    with pytest.raises(WireParseError, match="entité &eacute;"):
        parse(doctype + minimal(headline="D&eacute;c&egrave;s").encode())


def test_entities_are_refused_in_utf16_too():
    data = fixture("billion_laughs.xml").replace(b'encoding="UTF-8"', b'encoding="UTF-16"')
    with pytest.raises(WireParseError, match="entités"):
        parse(data.decode().encode("utf-16"))


def test_utf16_document():
    text = minimal(headline="Décès", declaration='<?xml version="1.0" encoding="UTF-16"?>')
    assert parse(text.encode("utf-16"))[0].headline == "Décès"


def test_depth_bomb_is_refused():
    body = "<div>" * 400 + "x" + "</div>" * 400
    with pytest.raises(WireParseError, match="XML bien formé"):
        parse(minimal(body=body).encode())


def test_unknown_encoding_is_refused():
    with pytest.raises(WireParseError, match="ligne 1"):
        parse(minimal(declaration='<?xml version="1.0" encoding="klingon"?>').encode())


def test_unexpected_errors_are_wrapped(monkeypatch):
    module = importlib.import_module("rotative.wire.parsing.parse")

    def explode(data):
        raise RuntimeError("boum")

    monkeypatch.setattr(module, "_dispatch", explode)
    with pytest.raises(WireParseError) as refused:
        parse(b"<x/>")
    assert refused.value.reason == "Document illisible : RuntimeError: boum"


# --- encodings ---------------------------------------------------------------------------

LATIN1_DECL = '<?xml version="1.0" encoding="iso-8859-1"?>'


def test_declared_latin1_with_utf8_bytes_is_read_as_utf8():
    data = minimal(headline="Décès à Sélestat", declaration=LATIN1_DECL).encode("utf-8")
    fixed, declared, used = repair_encoding(data)
    assert (declared, used) == ("iso-8859-1", "utf-8")
    assert fixed.count(b"\n") == data.count(b"\n")
    item = parse(data)[0]
    assert item.headline == "Décès à Sélestat"
    assert item.extra["encoding"] == {"declared": "iso-8859-1", "used": "utf-8"}


def test_real_latin1_stays_latin1():
    data = minimal(headline="Décès à Sélestat", declaration=LATIN1_DECL).encode("iso-8859-1")
    assert repair_encoding(data)[2] == "iso-8859-1"
    item = parse(data)[0]
    assert item.headline == "Décès à Sélestat"
    assert "encoding" not in item.extra


def test_latin1_with_windows_1252_punctuation():
    data = minimal(headline="L’été – 5 €", declaration=LATIN1_DECL).encode("cp1252")
    assert parse(data)[0].headline == "L’été – 5 €"


def test_loaded_reports_encodings():
    loaded = load(minimal().encode())
    assert (loaded.declared_encoding, loaded.used_encoding) == ("", "utf-8")


# --- dates -------------------------------------------------------------------------------

PARIS_SUMMER = timezone(timedelta(hours=2))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("20240710T103000Z", datetime(2024, 7, 10, 10, 30, tzinfo=UTC)),
        ("20240710T103000+0200", datetime(2024, 7, 10, 10, 30, tzinfo=PARIS_SUMMER)),
        ("2024-07-10T10:30:00+02:00", datetime(2024, 7, 10, 10, 30, tzinfo=PARIS_SUMMER)),
        ("2024-07-10T10:30:00+0200", datetime(2024, 7, 10, 10, 30, tzinfo=PARIS_SUMMER)),
        ("2014-07-16T15:53:10.000Z", datetime(2014, 7, 16, 15, 53, 10, tzinfo=UTC)),
        ("2024-07-10T10:30:00.1234567Z", datetime(2024, 7, 10, 10, 30, 0, 123456, tzinfo=UTC)),
        ("2017-08-29T17:15:41", datetime(2017, 8, 29, 17, 15, 41, tzinfo=UTC)),
        ("  2018-10-12T06:42:04Z \n", datetime(2018, 10, 12, 6, 42, 4, tzinfo=UTC)),
        ("2024-07-10", datetime(2024, 7, 10, tzinfo=UTC)),
        (
            "2024-07-10T10:30-05:00",
            datetime(2024, 7, 10, 10, 30, tzinfo=timezone(-timedelta(hours=5))),
        ),
        ("", None),
        (None, None),
    ],
)
def test_dates(value, expected):
    result = parse_datetime(value, "versionCreated")
    assert result == expected
    assert result is None or result.tzinfo is not None


@pytest.mark.parametrize(
    "value",
    ["hier", "2024-13-01T00:00:00Z", "2024-02-30", "20240710T253000Z", "2024-07-10T10:30:00+2500"],
)
def test_bad_dates_are_refused_naming_the_field(value):
    with pytest.raises(WireParseError, match="embargoed"):
        parse_datetime(value, "embargoed")


def test_bad_embargo_refuses_the_item():
    data = fixture("g2_embargoed.xml").replace(b"2024-07-05T08:00:00+02:00", b"vendredi 8h")
    with pytest.raises(WireParseError, match="« embargoed »"):
        parse(data)


# --- sanitising --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("href", "kept"),
    [
        ("https://example.org/a?b=c", True),
        ("http://example.org", True),
        ("mailto:a@example.org", True),
        ("javascript:alert(1)", False),
        (" java\tscript:alert(1)", False),
        ("vbscript:x", False),
        ("data:text/html,x", False),
        ("/relatif", False),
        ("//evil.example.org", False),
        ("", False),
    ],
)
def test_safe_href(href, kept):
    assert bool(safe_href(href)) is kept


def test_nitf_mapping_on_a_bare_element():
    body = etree.fromstring(
        "<body.content><hl2>Titre</hl2><block><p>Un</p>nu</block><table><tr><td>a</td>"
        "<td>b</td></tr></table><p>  </p><p><br/></p></body.content>"
    )
    assert from_element(body) == "<h2>Titre</h2><p>Un</p><p>nu</p><p>a b</p>"


def test_plain_text():
    assert from_plain_text("a\nb\n\n\n c & <d>\r\n\r\ne") == (
        "<p>a b</p><p>c &amp; &lt;d&gt;</p><p>e</p>"
    )
    assert from_plain_text("   \n\n ") == ""
