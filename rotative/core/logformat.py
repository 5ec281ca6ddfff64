"""One log format for every process: readable text by default, JSON lines with LOG_FORMAT=json.

Each line carries the time (ISO 8601, UTC, so that servers in different zones and the
daylight-saving change sort alike), the level, the logger, the event and its fields. Nothing a
visitor typed may start a line of its own: CR, LF and the other control characters in values
are written as escapes, so a forged « login_succeeded » can never appear as a record.
Standard library only (logging.Formatter): the two formats are small enough not to need a
dependency.
"""

import json
import logging
from datetime import UTC, datetime

# Attributes every LogRecord has; anything else was passed through `extra`.
_RECORD_ATTRIBUTES = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "taskName",
}
_CONTROL = {code: f"\\x{code:02x}" for code in (*range(0x20), 0x7F)}
_CONTROL.update({ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"})
# Line and paragraph separators end lines for some readers; C1 controls confuse terminals.
_CONTROL.update({code: f"\\u{code:04x}" for code in (*range(0x80, 0xA0), 0x2028, 0x2029)})


def escape(value: object) -> str:
    """The value on one line: backslash and every control character written as an escape."""
    return str(value).replace("\\", "\\\\").translate(_CONTROL)


def record_event(record: logging.LogRecord) -> str:
    """The event's name: given by security_event(), else the message before its arguments
    (stable across occurrences, so lines group by it)."""
    return str(getattr(record, "event", None) or record.msg)


def record_fields(record: logging.LogRecord) -> dict:
    fields = dict(getattr(record, "fields", None) or {})
    for name, value in vars(record).items():
        # `request` is what Django's request logger attaches: an object, already in the message.
        if name not in _RECORD_ATTRIBUTES and name not in ("event", "fields", "request"):
            fields.setdefault(name, value)
    return fields


def utc_time(record: logging.LogRecord) -> str:
    moment = datetime.fromtimestamp(record.created, UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class TextFormatter(logging.Formatter):
    """`2026-12-06T17:50:27.123Z WARNING rotative.security login_failed ip=… route="…"`

    Fields are logfmt pairs; a traceback follows on lines starting with « | », which no
    record's line does."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        parts = [utc_time(record), record.levelname, record.name, escape(message)]
        for name, value in record_fields(record).items():
            parts.append(f"{escape(name)}={_logfmt_value(value)}")
        line = " ".join(parts)
        extra = self._exception_text(record)
        if extra:
            line += "".join(f"\n  | {escape(row)}" for row in extra.splitlines())
        return line

    def _exception_text(self, record: logging.LogRecord) -> str:
        text = ""
        if record.exc_info:
            text = self.formatException(record.exc_info)
        if record.stack_info:
            text = (text + "\n" if text else "") + self.formatStack(record.stack_info)
        return text


def _logfmt_value(value: object) -> str:
    text = escape("" if value is None else value)
    if not text or any(c in text for c in ' "='):
        return '"' + text.replace('"', '\\"') + '"'
    return text


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, event, message, then the fields.

    json.dumps already writes CR, LF and control characters as escapes; U+2028 and U+2029
    are escaped too, for the readers that end lines there."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": utc_time(record),
            "level": record.levelname,
            "logger": record.name,
            "event": record_event(record),
            "message": record.getMessage(),
        }
        for name, value in record_fields(record).items():
            entry.setdefault(name, value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        text = json.dumps(entry, ensure_ascii=False, default=str)
        return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
