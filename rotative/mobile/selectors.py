"""What the installable app is made of: its manifest, its colours, what its service worker
keeps and the version that tells browsers to update it."""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from rotative.core.identity import article_guess, name_rest, site_identity
from rotative.mobile.icons import ICONS

# What the app looks like before its first page is drawn, read from the site's stylesheet so
# that a new brand colour reaches the phone's title bar too; these if it cannot be read.
STYLESHEET = "css/site.css"
FALLBACK_COLOURS = {"theme": "#0b3d6e", "background": "#ffffff"}
# Under the icon on a home screen: launchers cut names beyond about twelve letters.
SHORT_NAME_MAX = 12
START_URL = "/?source=app"

# The caches of the service worker (templates/mobile/sw.js), named here because the offline
# page's script lists two of them. A new name (v2) when what they hold changes shape: the
# worker drops every cache it does not name.
CACHES = {
    "shell": "shell-v1",  # the offline page and the last home page
    "static": "static-v1",  # the site's own stylesheets and scripts
    "pages": "pages-v1",  # the last articles the reader opened
    "saved": "saved-v1",  # the articles the reader saved (« À lire plus tard »)
    "images": "images-v1",  # the images of the pages read
}
RECENT_PAGES = 30
SAVED_PAGES = 200  # a bound, so that a script gone wrong cannot fill the phone
STATIC_FILES = 80
IMAGES = 60


@lru_cache(maxsize=1)
def theme_colours() -> dict[str, str]:
    """--brand (the title bar, the icons) and --paper (the splash screen) of site.css."""
    from django.contrib.staticfiles import finders

    path = finders.find(STYLESHEET)
    colours = dict(FALLBACK_COLOURS)
    if path is None:
        return colours
    text = Path(path).read_text(encoding="utf-8")
    for key, variable in (("theme", "--brand"), ("background", "--paper")):
        found = re.search(rf"{variable}\s*:\s*(#[0-9a-fA-F]{{6}})\b", text)
        if found:
            colours[key] = found.group(1).lower()
    return colours


def short_name(name: str) -> str:
    """The name, or without its article when too long for a home screen: « Phare normand »."""
    if len(name) <= SHORT_NAME_MAX:
        return name
    return name_rest(name, article_guess(name)) or name


def icon_version(name: str) -> str:
    """In the icons' addresses: a renamed paper gets new icons past every cache."""
    return hashlib.sha256(name.encode()).hexdigest()[:8]


def icon_url(name: str, icon: str) -> str:
    return f"{reverse('mobile:icon', kwargs={'icon': icon})}?v={icon_version(name)}"


def apple_touch_icon_url(name: str) -> str:
    return f"{reverse('mobile:apple_touch_icon')}?v={icon_version(name)}"


def app_manifest(request) -> dict:
    paper = site_identity(request)
    colours = theme_colours()
    icons = [
        {
            "src": icon_url(paper.name, key),
            "sizes": f"{size}x{size}",
            "type": "image/png",
            "purpose": "maskable" if maskable else "any",
        }
        for key, (size, maskable) in ICONS.items()
    ]
    return {
        "id": "/",
        "name": paper.name,
        "short_name": short_name(paper.name),
        "description": paper.tagline or _("L'actualité %(of_paper)s") % {"of_paper": paper.of_name},
        "lang": "fr",
        "dir": "ltr",
        "start_url": START_URL,
        "scope": "/",
        "display": "standalone",
        "orientation": "any",
        "theme_color": colours["theme"],
        "background_color": colours["background"],
        "categories": ["news"],
        "icons": icons,
    }


def _own_static_files() -> list[str]:
    """The site's own stylesheets and scripts (rotative/static/), as paths under STATIC_URL."""
    root = Path(settings.STATICFILES_DIRS[0])
    return sorted(
        path.relative_to(root).as_posix()
        for folder in ("css", "js")
        for path in (root / folder).glob("*.*")
        if path.suffix in (".css", ".js")
    )


def _compute_worker_version() -> str:
    """Changes with the site's stylesheets and scripts and the app's templates: the worker's
    text changes with it, the browser installs the new one, which fetches them afresh."""
    digest = hashlib.sha256()
    root = Path(settings.STATICFILES_DIRS[0])
    templates = Path(settings.TEMPLATES[0]["DIRS"][0]) / "mobile"
    files = [root / name for name in _own_static_files()]
    files += sorted(templates.glob("*"))
    files.append(Path(settings.TEMPLATES[0]["DIRS"][0]) / "base.html")
    for path in files:
        digest.update(path.as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


_cached_version = lru_cache(maxsize=1)(_compute_worker_version)


def worker_version() -> str:
    # Under DEBUG a developer edits the files while the server runs: read them each time.
    return _compute_worker_version() if settings.DEBUG else _cached_version()


def worker_precache() -> list[str]:
    """Fetched afresh when a new worker installs: the offline page and the site's own static
    files (the embedded mode serves them under fixed names, so a cached old copy would
    otherwise outlive a deployment)."""
    return [reverse("mobile:offline"), *(static(name) for name in _own_static_files())]


def worker_context(request) -> dict:
    """What templates/mobile/sw.js is rendered with (`config` as JSON for the script)."""
    config = {
        "caches": CACHES,
        "precache": worker_precache(),
        "offline_url": reverse("mobile:offline"),
        "logout_url": reverse("account_logout"),
        "static_prefix": static(""),
        "media_prefix": settings.MEDIA_URL,
        "limits": {
            "pages": RECENT_PAGES,
            "saved": SAVED_PAGES,
            "static": STATIC_FILES,
            "images": IMAGES,
        },
        # Never answered by the worker: the admin, the account pages, the health checks.
        "never": ["/admin/", "/django-admin/", "/compte/", "/sante/", "/documents/"],
    }
    return {
        "site_name": site_identity(request).name,
        "version": worker_version(),
        "config": config,
        "config_json": mark_safe(json.dumps(config, ensure_ascii=False)),  # noqa: S308 - ours
    }
