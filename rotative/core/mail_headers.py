"""Subjects that every mail reader shows as they were written, whatever their length, and
that nobody's text can break.

Django 5.2 encodes a non-ASCII header (RFC 2047) without counting the header's own name, so a
subject of about 60 characters or more gets its first encoded word pushed to a continuation
line: `Subject: ` ends empty and strict readers (Python's own parser among them) show the
subject with a leading space. Encoding with the name counted folds it where it should.
Django 6 builds messages with the modern email API and needs none of this.
"""

import re
from email.header import Header

from django.core.mail import message as django_message

_original = django_message.forbid_multi_line_headers

# Line breaks of every kind (CR, LF, NEL, Unicode's separators) and the other control characters.
_BREAKS = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]+")


def header_text(value) -> str:
    """Text from readers, editors or agencies (an article title, a display name, a saved
    search's name) made fit for a header: its line breaks become spaces. Django would refuse
    the whole message instead (BadHeaderError), and with it the rest of a batch."""
    # Nothing else is touched: French subjects carry no-break spaces ("120 600 €", "info :").
    return _BREAKS.sub(" ", str(value)).strip(" ")


def _forbid_multi_line_headers(name, val, encoding):
    if name.lower() not in django_message.ADDRESS_HEADERS:
        # Every header but addresses: a subject is text, one line of it. An address with a
        # line break is still refused (there is no safe way to guess what it meant).
        val = header_text(val)
    name, encoded = _original(name, val, encoding)
    if encoded != val and name.lower() not in django_message.ADDRESS_HEADERS:
        # The original only encoded it (it checked for line breaks first): encode it again,
        # this time knowing how much of the first line the header's name takes.
        charset = encoding or django_message.settings.DEFAULT_CHARSET
        encoded = Header(str(val), charset, header_name=name).encode()
    return name, encoded


def install() -> None:
    django_message.forbid_multi_line_headers = _forbid_multi_line_headers
