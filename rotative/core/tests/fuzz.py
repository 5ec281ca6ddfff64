"""A fuzzer of the site's URLs: every pattern of the URL resolver, hostile values everywhere.

- Each path parameter is replaced by hostile values (the huge number always, others in turn).
- Query strings and forms: one probe request tells whether the view reads any parameter;
  those that do get every hostile value in every parameter, by GET and by POST. The names
  are found in the code (request.GET/POST reads), the templates' forms and the site's form
  classes, so that a new parameter is fuzzed too.
- A POST with a JSON body that is not JSON, to the site's views.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

from django import forms
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.utils.datastructures import MultiValueDict

HUGE = "99999999999999999999"
HOSTILE_SEGMENTS = [
    HUGE,
    "abc",
    "0",
    "-1",
    "%00",
    quote("'\"<>", safe=""),
    "x" * 5000,
    "../..",
    "%C2%B2",  # "²": str.isdigit() says yes, int() says no
]
HOSTILE_VALUES = [HUGE, "abc", "\x00'\"<>", "-1", "1e400", "nan", "²", "../..", "0"]
# Wagtail's and allauth's parameters, and those the site reads through a constant.
KNOWN_PARAMETERS = {
    *("p", "q", "id", "ordering", "page", "locale", "collection_id", "tag", "parent", "next"),
    *("for_user", "page_type", "status", "login", "password1", "password2", "remember"),
    *("code", "key", "endpoint", "commentaires"),
}
# Paths scanners try, beside the patterns (none of them is mounted).
PROBED_PATHS = ["/django-admin/", "/django-admin/login/", "/wp-admin/", "/.env"]
# Views that answer 5xx by design, with why.
EXPECTED_5XX = {
    # The push stream needs the ASGI server; under WSGI (the test client) it tells the page
    # to poll instead (rotative/live/tests/test_push.py).
    "rotative.live.views.stream": {503},
    # Wagtail's page to try the error report: a 500 on purpose (superusers only).
    "wagtail.admin.views.home.error_test": {500},
}
# Server errors inside Wagtail's own admin views, for a logged-in editor sending hand-made
# values (no form of the admin sends them): upstream bugs, listed so that any other failure,
# and any new one, still fails the test. (method, URL pattern) -> what breaks.
# Views that an earlier pattern of ours replaces on purpose, so their own URL reaches ours:
# Wagtail's and Django's logins and password resets (one login for everyone, see
# rotative/accounts/urls.py) and allauth's session list (re-mounted behind re-authentication).
OVERRIDDEN_VIEWS = {
    "wagtail.admin.views.account.LoginView",
    "wagtail.admin.views.account.PasswordResetView",
    "wagtail.admin.views.account.PasswordResetDoneView",
    "wagtail.admin.views.account.PasswordResetConfirmView",
    "wagtail.admin.views.account.PasswordResetCompleteView",
    "django.contrib.auth.views.LoginView",
    "allauth.usersessions.views.ListUserSessionsView",
    "allauth.account.views.ConfirmEmailView",  # accounts.views.ConfirmEmailView answers
}

UPSTREAM_ADMIN_5XX = {
    ("GET", "/admin/choose-page/chosen-multiple/"): "int() of each id",
    ("GET", "/admin/images/chooser/"): "int() of the collection/page ids",
    ("GET", "/admin/images/chooser/results/"): "int() of the collection/page ids",
    ("GET", "/admin/images/chooser/chosen-multiple/"): "int() of each id",
    ("GET", "/admin/documents/chooser/chosen-multiple/"): "int() of each id",
    ("GET", "/admin/snippets/choose/news/author/chosen-multiple/"): "int() of each id",
    ("GET", "/admin/snippets/choose/home/pinnedtopic/chosen-multiple/"): "int() of each id",
    ("GET", "/admin/snippets/choose/news/author/chosen/<…>/"): "pk lookup of a non-integer",
    ("GET", "/admin/snippets/choose/home/pinnedtopic/chosen/<…>/"): "pk lookup of a non-integer",
    ("GET", "/admin/communes/choisir/chosen-multiple/"): "int() of each id (generic chooser)",
    ("GET", "/admin/workflows/edit/<…>/"): "int() of ?p= in the pages list",
    ("POST", "/admin/choose-external-link/"): "link form without its fields",
    ("POST", "/admin/redirects/import/process/"): "import without its uploaded file",
    ("POST", "/admin/pages/<…>/lock/"): "locking the root page",
    ("POST", "/admin/pages/<…>/unlock/"): "unlocking the root page",
    ("POST", "/admin/pages/<…>/set_position/"): "int() of ?position=",
    ("POST", "/admin/workflows/enable/<…>/"): "workflow that does not exist",
    ("POST", "/admin/workflows/remove/<…>/"): "workflow that does not exist",
    ("POST", "/admin/workflows/remove/<…>/<…>/"): "workflow that does not exist",
    ("POST", "/admin/workflows/tasks/enable/<…>/"): "task that does not exist",
    ("POST", "/admin/snippets/choose/news/author/create/"): "chooser without a creation form",
    ("POST", "/admin/snippets/choose/home/pinnedtopic/create/"): "chooser without a creation form",
    ("POST", "/admin/communes/choisir/create/"): "chooser without a creation form",
}
PACKAGE = Path(__file__).resolve().parents[2]
SLOT = "\x00slot\x00"
# "2026-12": the pronostics month converter (yyyy_mm) takes nothing else.
SAFE_SEGMENTS = ("1", "1/", "2026-12")


# --- the URLs ---------------------------------------------------------------------------


@dataclass
class Pattern:
    template: str  # the URL with SLOT where each parameter goes
    view: str
    suffix: str = ""  # what a value needs after it to match ("/" for Wagtail's page paths)

    @property
    def slots(self) -> int:
        return self.template.count(SLOT)

    @property
    def is_admin(self) -> bool:
        return self.template.startswith("/admin/")

    def url(self, value: str) -> str:
        return self.template.replace(SLOT, value + self.suffix)


def _route_template(route: str) -> str:
    return re.sub(r"<(?:\w+:)?\w+>", SLOT, route)


def _regex_template(regex: str) -> str:
    """A URL for a regex pattern: groups and wildcards become slots, escapes their letter."""
    regex = regex.removeprefix("^").removesuffix("$").removesuffix(r"\Z")
    out, i = [], 0
    while i < len(regex):
        if regex[i] == "\\":
            out.append(regex[i + 1])
            i += 2
        elif regex[i] == "(":
            depth, j = 0, i
            while True:
                if regex[j] == "\\":
                    j += 2
                    continue
                depth += {"(": 1, ")": -1}.get(regex[j], 0)
                if depth == 0:
                    break
                j += 1
            out.append(SLOT)
            i = j + 1
            if i < len(regex) and regex[i] in "?*+":
                i += 1
        elif regex[i : i + 2] in (".*", ".+"):
            out.append(SLOT)
            i += 2
        else:
            out.append(regex[i])
            i += 1
    return "".join(out)


def _walk(resolver: URLResolver, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in resolver.url_patterns:
        pattern = entry.pattern
        text = (
            _route_template(str(pattern))
            if type(pattern).__name__ == "RoutePattern"
            else _regex_template(str(pattern))
        )
        if isinstance(entry, URLResolver):
            yield from _walk(entry, prefix + text)
        else:
            yield prefix + text, entry


def url_patterns() -> tuple[list[Pattern], list[str]]:
    """Every view's URL template, checked to resolve to that very view; and the patterns
    this builder could not make a URL for (none, or the walk would miss views)."""
    patterns, unresolved = [], []
    for template, entry in _walk(get_resolver()):
        if entry.lookup_str in OVERRIDDEN_VIEWS:
            continue
        template = "/" + template
        found = None
        for safe in SAFE_SEGMENTS if SLOT in template else ("",):
            try:
                match = resolve(template.replace(SLOT, safe))
            except Resolver404:
                continue
            if match.func == entry.callback:
                found = Pattern(template, entry.lookup_str, safe[1:])
                break
        if found is None and template in {pattern.template for pattern in patterns}:
            # The same route twice (Django Ninja names each method of a path apart): the
            # first pattern's view answers every method, and is walked already.
            continue
        if found is None:
            unresolved.append(f"{template.replace(SLOT, '<…>')} ({entry.lookup_str})")
        else:
            patterns.append(found)
    return patterns, unresolved


def view_of(url: str) -> str:
    try:
        return resolve(url.split("?")[0].replace("%00", "\x00"))._func_path
    except Resolver404:
        return ""


# --- the parameters ---------------------------------------------------------------------


def parameter_names() -> list[str]:
    """The parameters a request may carry: read by the code, named in the templates' forms,
    or fields of the site's forms."""
    names = set(KNOWN_PARAMETERS)
    read = re.compile(r"request\.(?:GET|POST)(?:\.get(?:list)?\(|\[)[\"']([\w-]+)[\"']")
    for source in PACKAGE.rglob("*.py"):
        if "tests" not in source.parts:
            names |= set(read.findall(source.read_text()))
    named = re.compile(r'<(?:input|select|textarea|button)[^>]*\bname="([\w-]+)"')
    for template in PACKAGE.rglob("*.html"):
        names |= set(named.findall(template.read_text()))
    classes = [forms.BaseForm]
    while classes:
        form = classes.pop()
        classes += form.__subclasses__()
        if form.__module__.startswith("rotative."):
            names |= set(getattr(form, "base_fields", {}))
    return sorted(names)


class ParameterSpy:
    """Records which of `names` a view reads from request.GET or request.POST."""

    def __init__(self, monkeypatch, names: list[str]):
        self.names, self.read = set(names), False
        for method in ("__getitem__", "get", "getlist", "__contains__"):
            original = getattr(MultiValueDict, method)

            def spy(data, key, *args, _original=original, **kwargs):
                if key in self.names:
                    self.read = True
                return _original(data, key, *args, **kwargs)

            monkeypatch.setattr(MultiValueDict, method, spy)

    def reset(self) -> bool:
        read, self.read = self.read, False
        return read


def hostile_query(value: str, names: list[str]) -> str:
    return urlencode({name: value for name in names} | {"q": value + "x" * 5000})


def hostile_form(value: str, names: list[str]) -> dict:
    return {name: value for name in names} | {"body": value + "x" * 5000}


# --- the requests -----------------------------------------------------------------------


@dataclass
class Fuzzer:
    client: Client
    spy: ParameterSpy
    names: list[str]
    share: int  # how many hostile path values besides the huge number
    values_share: int  # how many hostile parameter values besides it, for views that read any
    offset: int = 0  # where each role starts in the values, so that roles cover more
    user: object = None

    def errors(self, patterns: list[Pattern]) -> list[str]:
        errors = []
        for index, pattern in enumerate(patterns):
            for method, url, data in self._requests(index, pattern):
                status = self._send(method, url, data)
                if status < 500 or status in EXPECTED_5XX.get(view_of(url), ()):
                    continue
                verb = "GET" if method == "get" else "POST"
                if (verb, pattern.template.replace(SLOT, "<…>")) in UPSTREAM_ADMIN_5XX:
                    continue
                errors.append(f"{method.upper()} {_short(url, data)} -> {status}")
        return errors

    def _requests(self, index: int, pattern: Pattern):
        others = HOSTILE_SEGMENTS[1:]
        start = (index + self.offset) * self.share
        if pattern.slots:
            for value in [HUGE, *_share(others, start, self.share)]:
                yield "get", pattern.url(value), None
            form = hostile_form(HOSTILE_VALUES[start % len(HOSTILE_VALUES)], self.names)
            yield "post", pattern.url(_share(others, start + self.share, 1)[0]), form
        base = pattern.url("1")
        values = [HUGE, *_share(HOSTILE_VALUES[1:], start, self.values_share)]
        # A probe with harmless values: does the view read any parameter at all?
        yield "get", f"{base}?{hostile_query('1', self.names)}", None
        if self.spy.reset():
            for value in values:
                yield "get", f"{base}?{hostile_query(value, self.names)}", None
        yield "post", base, hostile_form("1", self.names)
        if self.spy.reset():
            for value in values:
                yield "post", base, hostile_form(value, self.names)
        if not pattern.is_admin:
            yield "json", base, None

    def _send(self, method: str, url: str, data) -> int:
        self.spy.reset()
        if method == "get":
            response = self.client.get(url)
        elif method == "json":
            response = self.client.post(url, b'{"\x00": [', content_type="application/json")
        else:
            response = self.client.post(url, data)
        if self.user is not None and settings.SESSION_COOKIE_NAME in response.cookies:
            self.client.force_login(self.user)  # logged out by the request: log in again
        return response.status_code


def _share(items: list, start: int, count: int) -> list:
    return [items[(start + k) % len(items)] for k in range(count)]


def _short(url: str, data) -> str:
    text = re.sub(r"x{20,}", "x…", url)
    if data is not None:
        sample = next(iter(data.values()))
        text += f" with every field = {sample!r}"
    return text[:200]


def fuzzer(
    monkeypatch, *, user=None, share: int, values_share: int = len(HOSTILE_VALUES), offset=0
) -> Fuzzer:
    client = Client(raise_request_exception=False, HTTP_USER_AGENT="Mozilla/5.0 Firefox/130.0")
    if user is not None:
        client.force_login(user)
    names = parameter_names()
    spy = ParameterSpy(monkeypatch, names)
    return Fuzzer(client, spy, names, share, values_share, offset, user)


def site_patterns(patterns, pages) -> list[Pattern]:
    """The site's patterns, and its real pages (served by the catch-all) for their queries."""
    categories = ["/annonces/immobilier/", "/annonces/automobile/", "/annonces/bonnes-affaires/"]
    real = [page.url for page in pages] + ["/sujets/tempete/", *categories]
    return [p for p in patterns if not p.is_admin] + [Pattern(url, view_of(url)) for url in real]
