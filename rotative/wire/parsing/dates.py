"""Agency dates to aware datetimes.

NewsML-G2 uses ISO 8601 extended format (`2018-10-21T16:25:32-05:00`, `2014-07-16T15:53:10.000Z`,
sometimes `+0100` without colon); NewsML 1.2 uses the basic format (`20240710T103000Z`,
`20240710T103000+0200`). A date-time without zone is taken as UTC, a bare date as midnight UTC.
An empty element means "no date"; a non-empty value we cannot read is refused, naming the field,
because a misread embargo must never let an item out early.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

from .items import WireParseError

_ISO = re.compile(
    r"""^(?P<y>\d{4})-?(?P<mo>\d{2})-?(?P<d>\d{2})
    (?:[T ](?P<h>\d{2}):?(?P<mi>\d{2})(?::?(?P<s>\d{2})(?:[.,](?P<f>\d+))?)?)?
    [ ]?(?P<tz>Z|[+-]\d{2}(?::?\d{2})?)?$""",
    re.VERBOSE,
)


def _zone(value: str | None) -> timezone:
    if not value or value == "Z":
        return UTC
    sign = -1 if value[0] == "-" else 1
    digits = value[1:].replace(":", "")
    hours = int(digits[:2])
    minutes = int(digits[2:4] or 0)
    if hours > 23 or minutes > 59:
        raise ValueError("fuseau horaire hors limites")
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def parse_datetime(value: str | None, field: str) -> datetime | None:
    """Parse an agency date; None for an empty value; WireParseError naming `field` otherwise."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    match = _ISO.match(value)
    if match is None:
        raise WireParseError(f"Date illisible dans « {field} » : « {value[:40]} ».")
    parts = match.groupdict()
    try:
        fraction = (parts["f"] or "0")[:6].ljust(6, "0")
        return datetime(
            int(parts["y"]),
            int(parts["mo"]),
            int(parts["d"]),
            int(parts["h"] or 0),
            int(parts["mi"] or 0),
            int(parts["s"] or 0),
            int(fraction),
            tzinfo=_zone(parts["tz"]),
        )
    except ValueError:
        raise WireParseError(f"Date impossible dans « {field} » : « {value[:40]} ».") from None
