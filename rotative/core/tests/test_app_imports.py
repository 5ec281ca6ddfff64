"""core is the ground every part stands on and imports none of them; feature apps do not
import each other where core holds the seam (docs/architecture.md,
« Apps do not lean on each other»): live announces a breaking entry and the newsletter
listens (core.signals); classifieds checks the word list and traps bots through core, not
through comments. Read from the source (ast), imports inside functions included; the apps'
tests may cross, they exercise the whole site."""

import ast
from pathlib import Path

import pytest

ROTATIVE = Path(__file__).resolve().parents[2]

FORBIDDEN = [
    ("live", "newsletter"),
    ("newsletter", "live"),
    ("classifieds", "comments"),
    # The alerts engine knows the parts only through the kinds they register (alerts/kinds.py).
    ("alerts", "classifieds"),
    ("alerts", "agenda"),
    # Two parts side by side: what both need (search_fold) is in core.utils.
    ("jobs", "classifieds"),
    # « À lire plus tard » reaches the parts through their models' registry (bookmarks/kinds.py)
    # and they show its button through layout slots: neither imports the other.
    *[(part, "bookmarks") for part in ("news", "classifieds", "agenda")],
    *[("bookmarks", part) for part in ("news", "classifieds", "agenda")],
]


def imported_apps(app: str, root: Path = ROTATIVE) -> dict[str, list[str]]:
    """{other app: ["file:line", ...]} for every `rotative.<other>` import in app's code."""
    found: dict[str, list[str]] = {}
    for path in sorted((root / app).rglob("*.py")):
        if "tests" in path.relative_to(root).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
                if node.module == "rotative":  # from rotative import newsletter
                    modules = [f"rotative.{alias.name}" for alias in node.names]
            else:
                continue
            for module in modules:
                parts = module.split(".")
                if parts[0] == "rotative" and len(parts) > 1 and parts[1] != app:
                    where = f"{path.relative_to(root)}:{node.lineno}"
                    found.setdefault(parts[1], []).append(where)
    return found


def test_core_imports_no_part_of_the_site():
    # The parts plug into core (layout slots, demo parts, recurring jobs, alert sources):
    # core never reaches into them, so it cannot close an import cycle with any of them.
    assert imported_apps("core") == {}


@pytest.mark.parametrize(("app", "other"), FORBIDDEN)
def test_app_does_not_import_the_other(app, other):
    assert imported_apps(app).get(other, []) == [], (
        f"{app} imports {other}: go through a seam in core (core/signals.py, "
        f"core/moderation.py, core/bot_trap.py) instead"
    )


def test_pronostics_leans_only_on_core_accounts_geo_and_the_push_channel():
    # The game stands apart from the news parts: its pages, reminders and blocks elsewhere
    # go through core's seams (layout slots, recurring jobs, demo parts). Its push reminders
    # go to the readers' browsers through the newsletter's Web Push channel, as alerts do.
    assert set(imported_apps("pronostics")) <= {"core", "accounts", "geo", "newsletter"}


def test_the_check_sees_every_form_of_import(tmp_path):
    (tmp_path / "live" / "tests").mkdir(parents=True)
    (tmp_path / "live" / "services.py").write_text(
        "import rotative.core.utils\n"
        "from rotative import newsletter\n"
        "def alert():\n"
        "    from rotative.newsletter.services.alerts import breaking_alert_send\n"
    )
    (tmp_path / "live" / "tests" / "test_x.py").write_text("import rotative.comments\n")
    assert imported_apps("live", root=tmp_path) == {
        "core": ["live/services.py:1"],
        "newsletter": ["live/services.py:2", "live/services.py:4"],
    }
