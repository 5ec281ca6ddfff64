"""A mail's subject reads back exactly as written, whatever its length or its accents."""

from email import policy
from email.parser import BytesParser

import pytest
from django.core.mail import EmailMessage

BASE = "[TEST] La lettre du Phare normand du dimanche 6 décembre 2026 — édition spéciale"


@pytest.mark.parametrize("length", range(1, len(BASE) + 1))
def test_every_length_of_an_accented_subject_reads_back_unchanged(length):
    subject = BASE[:length].rstrip() or "é"
    message = EmailMessage(
        subject=subject, body="x", from_email="a@example.fr", to=["b@example.fr"]
    )
    raw = message.message().as_bytes(linesep="\r\n")
    assert BytesParser(policy=policy.default).parsebytes(raw)["Subject"] == subject
    assert b"Subject: \r\n" not in raw


@pytest.mark.parametrize("breaker", ["\r\n", "\n", "\r", "\u2028", "\x85", "\x00"])
def test_a_line_break_in_a_subject_becomes_a_space_and_injects_no_header(breaker):
    message = EmailMessage(
        subject=f"Alerte{breaker}Bcc: x@example.fr", body="x", to=["b@example.fr"]
    )
    parsed = BytesParser(policy=policy.default).parsebytes(message.message().as_bytes())
    assert parsed["Subject"] == "Alerte Bcc: x@example.fr"
    assert parsed["Bcc"] is None


def test_a_line_break_in_an_address_is_still_refused():
    message = EmailMessage(subject="Alerte", body="x", to=["b@example.fr\r\nBcc: x@example.fr"])
    with pytest.raises(ValueError):  # noqa: PT011 (Django's BadHeaderError or its own ValueError)
        message.message()


def test_french_no_break_spaces_in_a_subject_are_kept():
    subject = "Alerte info\u00a0: maison 120\u202f600\u00a0€"
    message = EmailMessage(subject=subject, body="x", to=["b@example.fr"])
    parsed = BytesParser(policy=policy.default).parsebytes(message.message().as_bytes())
    assert parsed["Subject"] == subject
