"""How the authorization test walks the URL resolver, fills each pattern and judges answers."""

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote

from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from rotative.core.tests.authz.world import OWNER, ROLES, World

ALL = frozenset(ROLES)
NOBODY = frozenset()
LOGGED_IN = ALL - {"anonymous"}
# Acting for a reader (ads, messages, comments) needs a confirmed address (issue 12, point 1).
CONFIRMED = LOGGED_IN - {"unconfirmed"}
STAFF = frozenset({"moderator", "editor", "admin"})
MODERATORS = frozenset({"moderator", "admin"})
EDITORS = frozenset({"editor", "admin"})
ADMINS = frozenset({"admin"})

# A 200 that only asks the reader to confirm their address is a refusal (allauth's page).
REFUSAL_TEMPLATES = {"account/verified_email_required.html"}


@dataclass(frozen=True)
class Probe:
    """One request to make for a URL pattern, and who may get a 2xx from it.

    get/post: the roles that may get a 2xx (the others must not). POST is only sent as the
    roles refused it: an allowed POST is the view's own business, not authorization's.
    witness: who must get a 2xx on GET (a role or OWNER), so that a URL filled with a wrong
    id cannot pass by answering 404 to everyone; None when nobody may (then say why).
    """

    get: frozenset
    post: frozenset = NOBODY
    witness: str | None = "admin"
    kwargs: Callable[[World], dict] | None = None
    path: Callable[[World], str] | None = None
    query: str | Callable[[World], str] = ""
    why: str = ""
    known: str = ""  # the point of issue 12 that a failure here belongs to, if any
    ok_statuses: frozenset = frozenset()  # non-2xx answers that are not failures (e.g. 503)


def P(get, post=None, **kwargs) -> Probe:  # noqa: N802 (reads as a table row)
    return Probe(get=frozenset(get), post=frozenset(get if post is None else post), **kwargs)


# --- the URL resolver ------------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    route: str  # the whole route, prefixes joined: what a reader of urls.py recognises
    name: str | None  # namespaced
    view: str
    pattern: URLPattern = field(compare=False, hash=False)


def url_patterns() -> list[Pattern]:
    def walk(patterns, prefix, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = namespace
                if entry.namespace:
                    inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                yield from walk(entry.url_patterns, prefix + str(entry.pattern), inner)
            else:
                name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
                yield Pattern(prefix + str(entry.pattern), name, entry.lookup_str, entry)

    return list(walk(get_resolver().url_patterns, "", None))


class Shadowed(Exception):
    """An earlier pattern of the same route answers in its place: it cannot be reached."""


ME = "__me__"  # in a path or a parameter: the requesting role's own user id


def probe_url(pattern: Pattern, probe: Probe, world: World, role: str) -> str:
    me = str(world.users[role if role != "anonymous" else "buyer"].pk)
    if probe.path is not None:
        url = probe.path(world).replace(ME, me)
    else:
        kwargs = probe.kwargs(world) if probe.kwargs else {}
        kwargs = {key: me if value == ME else value for key, value in kwargs.items()}
        url = reverse(pattern.name, kwargs=kwargs)
    match = resolve(url)
    # Our own pattern answers there instead: the same route, or a catch-all put before
    # Wagtail's to close a whole family of its views (its password reset: one login for all).
    # (Django's route drops the "^" of a nested regex; ours keeps what urls.py says.)
    same_route = match.route == pattern.route.replace("/^", "/")
    replaced = same_route or match.route.endswith("<path:rest>")
    if match.func is not pattern.pattern.callback and replaced:
        raise Shadowed(url)
    # The URL must exercise the pattern it classifies, not a neighbour that also matches.
    assert match.func is pattern.pattern.callback, (
        f"{url} is meant for {pattern.route} but resolves to {match.route}"
    )
    query = probe.query(world) if callable(probe.query) else probe.query
    return url + (f"?{query}" if query else "")


def rules_for(pattern: Pattern, table: dict) -> list[Probe] | None:
    if pattern.route in table:
        return table[pattern.route]
    return table.get(pattern.name) if pattern.name else None


# --- answers -----------------------------------------------------------------------------------


def fetch(client, method: str, url: str):
    """One request, its writes rolled back: every request sees the same world."""
    with transaction.atomic():
        response = client.get(url) if method == "GET" else client.post(url, data={})
        body = b"".join(response.streaming_content) if response.streaming else response.content
        transaction.set_rollback(True)
    return response, body


def granted(response) -> bool:
    if not 200 <= response.status_code < 300:
        return False
    templates = {template.name for template in getattr(response, "templates", []) or []}
    return not templates & REFUSAL_TEMPLATES


def leaked(body: bytes, url: str, role: str, world: World) -> list[str]:
    """The markers of objects `role` may not read found in the answer (the URL itself aside:
    a page may repeat the address it was asked for)."""
    text = body.decode("utf-8", "replace").lower()
    for echoed in {url, quote(url, safe=""), quote(url), url.replace("&", "&amp;")}:
        text = text.replace(echoed.lower(), "")
    return [
        marker for marker, roles in world.secrets.items() if role not in roles and marker in text
    ]


def judge(*, pattern, probe, url, role, method, response, body, world) -> list[str]:
    """What is wrong with one answer, as lines for the failure report."""
    problems = []
    status = response.status_code
    where = f"{role:<12} {method:<4} {url} → {status}"
    note = f"  [known: {probe.known}]" if probe.known else ""
    allowed = probe.get if method == "GET" else probe.post
    if status >= 500 and status not in probe.ok_statuses:
        problems.append(f"{where}: server error{note}")
    elif granted(response) and role not in allowed and role != OWNER:
        problems.append(f"{where}: unexpected 2xx ({pattern.route}){note}")
    if role != OWNER:
        found = leaked(body, url, role, world)
        if found:
            problems.append(f"{where}: shows {', '.join(found)}{note}")
    return problems
