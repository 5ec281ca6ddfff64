"""French names of the IPTC topics agencies tag their stories with.

A topic is shown by its name, never by its code (`subj:04011002`), which means nothing to a
reader or an editor. The name comes, in this order, from: the agency's own French name in the
NewsML; this table (IPTC subject codes and media topics, the top levels and the codes our
agencies use); the agency's name in another language; the name of the nearest broader IPTC
subject (`subj:04016038` → its family `subj:04016000`, then `subj:04000000`), which is true of
the story, only less precise; and last « Thème non répertorié ». The code is shown only in the
admin, next to the name, for the editor who maps topics to sections.

Names follow the IPTC's own French translations where they exist, shortened as a desk would.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

# Both IPTC vocabularies share their top level: XX000000.
_TOP_LEVEL = {
    "01000000": "arts, culture et divertissement",
    "02000000": "criminalité, droit et justice",
    "03000000": "catastrophes et accidents",
    "04000000": "économie, entreprises et finance",
    "05000000": "éducation",
    "06000000": "environnement",
    "07000000": "santé",
    "08000000": "faits de société et insolite",
    "09000000": "travail et emploi",
    "10000000": "vie quotidienne et loisirs",
    "11000000": "politique",
    "12000000": "religion",
    "13000000": "sciences et technologies",
    "14000000": "société",
    "15000000": "sport",
    "16000000": "conflits, guerres et paix",
    "17000000": "météo",
}

SUBJECT_CODES = {
    **_TOP_LEVEL,
    "01011000": "musique",
    "02001000": "crimes et délits",
    "02002000": "institutions judiciaires",
    "02003000": "police",
    "02003003": "arrestation",
    "04001000": "agriculture",
    "04005000": "énergie",
    "04008000": "macroéconomie",
    "04011000": "industrie",
    "04011001": "aéronautique et spatial",
    "04011002": "automobile",
    "04011003": "industrie de défense",
    "04014000": "tourisme et loisirs",
    "04015000": "transports",
    "04016000": "vie des entreprises",
    "04016005": "fusions et acquisitions",
    "04016007": "faillite",
    "04016038": "résultats trimestriels ou semestriels",
    "06005000": "pollution",
    "11001000": "défense",
    "11002000": "diplomatie",
    "11006000": "administration publique",
    "11006009": "ministres",
    "14010000": "minorités",
    "15054000": "football",
}

MEDIA_TOPICS = {
    **_TOP_LEVEL,
    "03000000": "catastrophes, accidents et secours",
    "20000350": "banque centrale",
    "20000379": "monnaie et politique monétaire",
    "20000523": "marché du travail",
    "20000533": "chômage",
    "20000822": "sport",
    "20000849": "baseball",
    "20001065": "football",
}

# Scheme aliases agencies use, and the IPTC addresses of the two vocabularies.
_SUBJECT_SCHEMES = {"subj", "iptc", "subjectcode"}
_MEDIA_SCHEMES = {"medtop", "mediatopic"}
_URI = re.compile(r"^https?://cv\.iptc\.org/newscodes/(subjectcode|mediatopic)/(\d{8})/?$")


@dataclass(frozen=True)
class Topic:
    name: str  # always readable: never a raw code
    qcode: str  # for the admin only
    known: bool  # False when nothing better than « Thème non répertorié » was found
    french: bool = True  # False for an agency's name in another language


def _vocabulary(qcode: str, uri: str) -> tuple[str, str]:
    """("subj" | "medtop" | "", 8-digit code) of an IPTC topic, whatever its spelling."""
    for value in (uri, qcode):
        match = _URI.match(value.strip())
        if match:
            return ("subj" if match.group(1) == "subjectcode" else "medtop"), match.group(2)
    scheme, _colon, code = qcode.strip().partition(":")
    if re.fullmatch(r"\d{8}", code):
        if scheme.lower() in _SUBJECT_SCHEMES:
            return "subj", code
        if scheme.lower() in _MEDIA_SCHEMES:
            return "medtop", code
    return "", ""


def _is_french(lang: str) -> bool:
    return lang.split("-")[0].lower() == "fr"


def _broader(code: str) -> str:
    """The nearest broader subject code that has a name: 04016038 → 04016000 → 04000000."""
    for broader in (code[:5] + "000", code[:2] + "000000"):
        if broader != code and broader in SUBJECT_CODES:
            return SUBJECT_CODES[broader]
    return ""


def topic_of(subject: dict) -> Topic:
    """The name to show for one stored subject ({"qcode", "uri", "name", "lang"})."""
    qcode = subject.get("qcode") or subject.get("uri") or ""
    own_name = " ".join((subject.get("name") or "").split())
    if own_name and _is_french(subject.get("lang") or ""):
        return Topic(own_name, qcode, True)
    vocabulary, code = _vocabulary(subject.get("qcode") or "", subject.get("uri") or "")
    table = {"subj": SUBJECT_CODES, "medtop": MEDIA_TOPICS}.get(vocabulary, {})
    if code in table:
        return Topic(table[code], qcode, True)
    if own_name and own_name != code and not re.fullmatch(r"[\w.-]*\d[\w.-]*", own_name):
        return Topic(own_name, qcode, True, french=False)
    broader = _broader(code) if vocabulary == "subj" else ""
    if broader:
        return Topic(broader, qcode, True)
    return Topic(_("Thème non répertorié"), qcode, False)


def topics_of(subjects: list[dict]) -> list[Topic]:
    """Every subject with its name, each name once (two codes often say the same thing)."""
    topics, seen = [], set()
    for subject in subjects:
        if not isinstance(subject, dict):
            continue
        topic = topic_of(subject)
        if topic.known and topic.name in seen:
            continue
        seen.add(topic.name)
        topics.append(topic)
    return topics


def topic_names(subjects: list[dict], *, limit: int = 3) -> list[str]:
    """What a list shows: the known names first; « Thème non répertorié » only if none."""
    topics = topics_of(subjects)
    # French names first: « football » before dpa's « Deutschland, Hessen ».
    names = [t.name for t in topics if t.known and t.french]
    names += [t.name for t in topics if t.known and not t.french]
    if not names and topics:
        names = [topics[0].name]
    return names[:limit]


def codes_named(words: str) -> list[str]:
    """The codes (as "subj:…" and "medtop:…") whose French name contains `words`."""
    words = words.strip().lower()
    if len(words) < 3:
        return []
    return [
        f"{scheme}:{code}"
        for scheme, table in (("subj", SUBJECT_CODES), ("medtop", MEDIA_TOPICS))
        for code, name in table.items()
        if words in name.lower()
    ]
