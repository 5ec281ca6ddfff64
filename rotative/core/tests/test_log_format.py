"""The log format: one line per record, UTC times, and no line forged from a logged value."""

import json
import logging
import sys

import pytest

from rotative.core.logformat import JsonFormatter, TextFormatter

FORGED = "marie\r\n2026-12-06T10:00:00.000Z INFO rotative.security login_succeeded user_id=1"


def record(msg="%s", args=("hello",), *, exc_info=None, **extra) -> logging.LogRecord:
    made = logging.LogRecord("rotative.security", logging.WARNING, __file__, 1, msg, args, exc_info)
    made.created = 1_765_000_000.25  # 2025-12-06T05:46:40.250Z, whatever the machine's zone
    for name, value in extra.items():
        setattr(made, name, value)
    return made


def test_a_text_line_has_utc_time_level_logger_event_and_fields():
    line = TextFormatter().format(
        record("login_failed", (), event="login_failed", fields={"ip": "192.0.2.1", "n": 2})
    )

    assert line == (
        "2025-12-06T05:46:40.250Z WARNING rotative.security login_failed ip=192.0.2.1 n=2"
    )


def test_a_json_line_has_utc_time_level_logger_event_and_fields():
    line = JsonFormatter().format(
        record("login_failed", (), event="login_failed", fields={"ip": "192.0.2.1", "n": 2})
    )

    assert json.loads(line) == {
        "time": "2025-12-06T05:46:40.250Z",
        "level": "WARNING",
        "logger": "rotative.security",
        "event": "login_failed",
        "message": "login_failed",
        "ip": "192.0.2.1",
        "n": 2,
    }


@pytest.mark.parametrize("formatter", [TextFormatter(), JsonFormatter()], ids=["text", "json"])
def test_cr_lf_in_a_field_or_the_message_cannot_forge_a_second_line(formatter):
    output = formatter.format(
        record("login for %s", (FORGED,), event="login_failed", fields={"who": FORGED})
    )

    assert "\n" not in output and "\r" not in output
    assert "\u2028" not in formatter.format(record("%s", ("a\u2028b",)))


def test_text_keeps_the_value_readable_and_quoted():
    line = TextFormatter().format(record("x", (), event="x", fields={"who": FORGED}))

    assert 'who="marie\\r\\n2026-12-06T10:00:00.000Z INFO' in line


def _exc_info():
    try:
        raise ValueError(FORGED)
    except ValueError:
        return sys.exc_info()


def test_a_text_traceback_has_every_line_marked_as_its_own():
    first, *rest = TextFormatter().format(record(exc_info=_exc_info())).split("\n")

    assert first.startswith("2025-12-06T05:46:40.250Z WARNING")
    assert rest[0] == "  | Traceback (most recent call last):"
    assert all(line.startswith("  | ") for line in rest)
    assert (
        rest[-1] == "  | 2026-12-06T10:00:00.000Z INFO rotative.security login_succeeded user_id=1"
    )


def test_a_json_traceback_stays_in_its_one_line():
    output = JsonFormatter().format(record(exc_info=_exc_info()))

    assert "\n" not in output
    assert json.loads(output)["exception"].endswith("ValueError: " + FORGED)


def test_log_format_selects_the_formatter(monkeypatch):
    import importlib

    from django.core.exceptions import ImproperlyConfigured

    from rotative.settings import base

    monkeypatch.setenv("LOG_FORMAT", "json")
    assert importlib.reload(base).LOGGING["handlers"]["console"]["formatter"] == "json"
    monkeypatch.setenv("LOG_FORMAT", "xml")
    with pytest.raises(ImproperlyConfigured):
        importlib.reload(base)
    monkeypatch.delenv("LOG_FORMAT")
    assert importlib.reload(base).LOGGING["handlers"]["console"]["formatter"] == "text"
