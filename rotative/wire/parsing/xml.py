"""Safe loading of agency XML: size limit, encoding repair, hardened lxml parser, no DTD.

Everything that can go wrong before we look at the document's vocabulary is refused here with a
French sentence for the wire desk (WireParseError):

- inputs larger than MAX_BYTES are refused before lxml sees them;
- the parser never resolves entities, never touches the network, never loads a DTD and keeps
  libxml2's default limits (huge_tree=False: depth 256, text nodes of 10 MB, entity amplification);
- any internal DTD subset (where `<!ENTITY` declarations live: billion laughs, XXE) is refused,
  and so is any entity reference left unresolved in the tree (entities from an external DTD that
  we do not load would otherwise vanish silently from the text);
- an XML declaration that claims a Latin-1 family encoding while the bytes are UTF-8 (AFP's
  `afp20.xml`) is corrected to UTF-8, and ISO-8859-1 text carrying Windows-1252 punctuation
  (0x80-0x9F: ’ € « …) is read as Windows-1252, as browsers do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from .items import WireParseError

MAX_BYTES = 20 * 1024 * 1024  # 20 MiB

XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_LANG = f"{{{XML_NS}}}lang"

# Encodings whose every byte is a character: a wrong label produces mojibake, never an error.
_LATIN1_FAMILY = {
    "iso-8859-1",
    "iso8859-1",
    "iso_8859-1",
    "latin-1",
    "latin1",
    "l1",
    "iso-8859-15",
    "iso8859-15",
    "latin-9",
    "latin9",
    "windows-1252",
    "cp1252",
    "us-ascii",
    "ascii",
}
_ISO_8859_1 = {"iso-8859-1", "iso8859-1", "iso_8859-1", "latin-1", "latin1", "l1"}

_DECLARATION = re.compile(
    rb"^(\xef\xbb\xbf)?<\?xml[ \t\r\n][^>]*?encoding[ \t\r\n]*=[ \t\r\n]*"
    rb"""(["'])([A-Za-z0-9._\-]+)\2""",
)
_C1_BYTES = re.compile(rb"[\x80-\x9f]")
_UTF16_MARKERS = (b"\xff\xfe", b"\xfe\xff")


@dataclass(frozen=True)
class Loaded:
    root: etree._Element
    declared_encoding: str  # as written in the XML declaration, lower-cased ("" when none)
    used_encoding: str  # what the bytes were read as


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_pis=True,
    )


def _has_multibyte_utf8(data: bytes) -> bool:
    """True when `data` is valid UTF-8 and holds at least one non-ASCII character."""
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def repair_encoding(data: bytes) -> tuple[bytes, str, str]:
    """Return (bytes to parse, declared encoding, encoding actually used).

    Only the encoding pseudo-attribute of the XML declaration is rewritten, so line numbers in
    error messages still match the file as delivered.
    """
    match = _DECLARATION.match(data[:512])
    if match is None:
        if data.startswith(_UTF16_MARKERS):
            return data, "", "utf-16"
        return data, "", "utf-8"
    declared = match.group(3).decode("ascii").lower()
    used = declared
    if declared in _LATIN1_FAMILY and _has_multibyte_utf8(data):
        used = "utf-8"
    elif declared in _ISO_8859_1 and _C1_BYTES.search(data):
        # ISO-8859-1 has only invisible control characters at 0x80-0x9F: the sender meant
        # Windows-1252 (typographic apostrophes, euro sign, ellipsis...).
        used = "windows-1252"
    if used != declared:
        start, end = match.span(3)
        data = data[:start] + used.encode("ascii") + data[end:]
    return data, declared, used


def _syntax_reason(error: etree.XMLSyntaxError) -> str:
    message = (getattr(error, "msg", None) or str(error)).strip()
    message = re.sub(r",? line \d+, column \d+$", "", message)
    line = getattr(error, "lineno", None) or 1
    if "Document is empty" in message:
        return "Le fichier est vide ou ne contient aucun élément XML."
    if "entity amplification" in message or "entity reference loop" in message.lower():
        return (
            "Le fichier est refusé : il déclare des entités XML qui se démultiplient "
            f"(attaque « billion laughs », ligne {line})."
        )
    return f"Le fichier n'est pas du XML bien formé (ligne {line} : {message})."


def _refuse_doctype(data: bytes) -> None:
    """Refuse entity declarations before lxml ever reads them (ASCII-compatible and UTF-16)."""
    for needle in ("<!ENTITY", "<!entity"):
        for encoding in ("ascii", "utf-16-le", "utf-16-be"):
            if needle.encode(encoding) in data:
                raise WireParseError(
                    "Le fichier est refusé : il déclare des entités XML (<!ENTITY>), "
                    "ce qu'aucune agence ne fait et qui sert aux attaques XXE "
                    "ou « billion laughs »."
                )


def load(data: bytes) -> Loaded:
    """Parse `data` safely; return the root element or raise WireParseError."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise WireParseError(
            f"Le fichier doit être lu en octets (bytes), pas en {type(data).__name__}."
        )
    data = bytes(data)
    if len(data) > MAX_BYTES:
        raise WireParseError(
            f"Le fichier est trop volumineux ({len(data) / 1024 / 1024:.1f} Mio ; "
            f"maximum {MAX_BYTES // 1024 // 1024} Mio)."
        )
    if not data.strip():
        raise WireParseError("Le fichier est vide.")
    _refuse_doctype(data)
    data, declared, used = repair_encoding(data)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as error:
        raise WireParseError(_syntax_reason(error)) from None
    except (ValueError, LookupError) as error:  # e.g. an encoding lxml cannot use at all
        raise WireParseError(f"Le fichier n'a pas pu être décodé ({error}).") from None
    if root is None:
        raise WireParseError("Le fichier ne contient aucun élément XML.")
    docinfo = root.getroottree().docinfo
    dtd = docinfo.internalDTD
    if dtd is not None and (
        not docinfo.system_url or any(dtd.iterelements()) or any(dtd.iterentities())
    ):
        # Only a bare reference to an external DTD (never loaded) is tolerated.
        raise WireParseError(
            "Le fichier est refusé : il contient une DTD interne (<!DOCTYPE … [ … ]>), "
            "qui peut déclarer des entités dangereuses."
        )
    for node in root.iter(etree.Entity):
        raise WireParseError(
            f"Le fichier utilise l'entité {node.text} définie dans une DTD externe, "
            "que nous ne chargeons pas par sécurité : le texte serait incomplet."
        )
    return Loaded(root=root, declared_encoding=declared, used_encoding=used)


# --- Namespace-agnostic navigation: match on namespace URI and local name, never on prefixes ---


def local(el: etree._Element) -> str:
    """Local name of an element ("" for comments and processing instructions)."""
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def namespace(el: etree._Element) -> str:
    tag = el.tag
    if not isinstance(tag, str) or not tag.startswith("{"):
        return ""
    return tag[1:].split("}", 1)[0]


def kids(el: etree._Element | None, name: str, ns: str | None = None) -> list[etree._Element]:
    """Direct children called `name` in namespace `ns` (any namespace when ns is None)."""
    if el is None:
        return []
    return [
        child
        for child in el
        if isinstance(child.tag, str)
        and local(child) == name
        and (ns is None or namespace(child) == ns)
    ]


def kid(el: etree._Element | None, name: str, ns: str | None = None) -> etree._Element | None:
    found = kids(el, name, ns)
    return found[0] if found else None


def text(el: etree._Element | None) -> str:
    """All the text of an element, whitespace collapsed (entity nodes never reach here)."""
    if el is None:
        return ""
    return " ".join("".join(el.itertext()).split())


def lang_of(el: etree._Element) -> str:
    """The xml:lang in scope for an element."""
    node: etree._Element | None = el
    while node is not None:
        value = node.get(XML_LANG)
        if value is not None:
            return value.strip()
        node = node.getparent()
    return ""
