"""The desk's sign-off at the end of an agency story: « hh/ph/ts/hd », « pa-mra/ial », « jlb/ber ».

AFP closes every story with the initials of the journalists and editors who handled it, groups
of 2 to 5 lowercase letters joined by « - » (a bureau and its reporter: « pa-mra ») and separated
by « / », sometimes with a trailing « / » (« pa-mra/ ») when the copy left before being
edited. It is the newsroom's internal routing, never meant for readers: it is dropped from the
body, and only from its very end, and only when it stands alone:

- as the whole last paragraph (« <p>hh/ph/ts/hd</p> », the NITF and XHTML form),
- after a line break in the last paragraph (« …voitures.<br>hh/ph/ts/hd »),
- after the end of the last sentence, where plain text joined the line to the paragraph
  (« …voitures. jlb/ber »); plain text is also cut line by line before it is joined.

Digits never belong to it (« 24/7 », « 12/05 » stay), nor single letters (« km/h »), nor
capitals or accents (« SNCF/RATP », « été/hiver »), nor a word glued to the sentence before it.
"""

from __future__ import annotations

import re

_GROUP = r"[a-z]{2,5}(?:-[a-z]{2,5})*"
# At least one « / »: « pa-mra/ », « jlb/ber », « hh/ph/ts/hd », « bur-jm/dw/ »
SIGNOFF = rf"(?:{_GROUP}/)+(?:{_GROUP})?"
_SIGNOFF_ONLY = re.compile(rf"{SIGNOFF}")
# What may end the sentence a sign-off follows on the same line.
_SENTENCE_END = r"[.!?…»\"”)\]]"
_SPACE = r"(?:\s|&nbsp;|\xa0)"
_HTML_TAIL = re.compile(
    rf"(?P<lead><p>{_SPACE}*|<br>{_SPACE}*|(?<={_SENTENCE_END}){_SPACE}+)"
    rf"(?P<signoff>{SIGNOFF})"
    rf"{_SPACE}*(?:<br>{_SPACE}*)*</p>{_SPACE}*$"
)
_TRAILING_BREAKS = re.compile(rf"(?:{_SPACE}*<br>)+{_SPACE}*</p>$")


def is_signoff(value: str) -> bool:
    return bool(_SIGNOFF_ONLY.fullmatch(value.strip()))


def strip_html(body_html: str) -> tuple[str, str]:
    """(body without its closing sign-off, the sign-off or "") of sanitised HTML."""
    match = _HTML_TAIL.search(body_html)
    if match is None:
        return body_html, ""
    head = body_html[: match.start()]
    if match.group("lead").startswith("<p>"):
        body = head.rstrip()  # the whole paragraph was the sign-off
    else:
        body = _TRAILING_BREAKS.sub("</p>", head.rstrip() + "</p>")
    return body, match.group("signoff")


def strip_text(value: str) -> tuple[str, str]:
    """(plain text without a last line that is only a sign-off, the sign-off or "")."""
    lines = value.rstrip().splitlines()
    if lines and is_signoff(lines[-1]):
        return "\n".join(lines[:-1]), lines[-1].strip()
    return value, ""
