"""Where each part of the site plugs its demo content into `manage.py load_demo`.

Each app registers its loader in its AppConfig.ready(), as it registers its layout slots
(core/site_parts.py): core then loads the demo without knowing which parts exist. Parts load
in `order`, each in its own transaction; a later part finds what the earlier ones made in the
database (the comments find the articles, the legal pages the home page).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class DemoRun:
    """What one `load_demo` made: the counts it prints and the logins it writes down."""

    now: datetime
    counts: list[str] = field(default_factory=list)  # « 70 articles »
    logins: dict[str, tuple[str, str]] = field(default_factory=dict)  # role: (login, password)


@dataclass(frozen=True)
class DemoPart:
    name: str
    order: int
    load: Callable[[DemoRun], None]
    # Whether this part's demo is already in the database (then the whole demo is).
    loaded: Callable[[], bool] | None = None


_parts: dict[str, DemoPart] = {}


def demo_part_register(
    *,
    name: str,
    order: int,
    load: Callable[[DemoRun], None],
    loaded: Callable[[], bool] | None = None,
) -> None:
    _parts[name] = DemoPart(name=name, order=order, load=load, loaded=loaded)


def demo_parts() -> list[DemoPart]:
    return sorted(_parts.values(), key=lambda part: part.order)
