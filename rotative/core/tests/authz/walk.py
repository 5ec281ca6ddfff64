"""One role's walk of every URL pattern (test_authorization*.py run it, a role per test)."""

from django.core.cache import cache
from django.test import Client

from rotative.core.tests.authz import TABLE
from rotative.core.tests.authz.engine import (
    Shadowed,
    fetch,
    judge,
    probe_url,
    rules_for,
    url_patterns,
)
from rotative.core.tests.authz.world import OWNER


def _client_as(role, world) -> Client:
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


def role_walk(role, world) -> list[str]:
    """Every URL asked by `role`; the problems found. OWNER only proves the URLs are filled
    with real objects (see Probe.witness)."""
    client = _client_as(role, world)
    cookies = client.cookies
    problems = []
    for pattern in url_patterns():
        for probe in rules_for(pattern, TABLE) or []:
            if role == OWNER and probe.witness != OWNER:
                continue
            try:
                url = probe_url(pattern, probe, world, role)
            except Shadowed:
                continue
            except Exception as error:  # a table row that cannot be built says so, then goes on
                problems.append(f"{pattern.route}: cannot build its URL ({error!r})")
                continue
            methods = ["GET"]
            if role != OWNER and role not in probe.post:
                methods.append("POST")
            for method in methods:
                cache.clear()  # rate limits must not answer in the views' place
                response, body = fetch(client, method, url)
                client.cookies = cookies.__class__(cookies)  # a logout does not stick
                problems += judge(
                    pattern=pattern,
                    probe=probe,
                    url=url,
                    role=role,
                    method=method,
                    response=response,
                    body=body,
                    world=world,
                )
                if (
                    method == "GET"
                    and probe.witness == role
                    and not 200 <= response.status_code < 300
                ):
                    problems.append(
                        f"{role:<12} GET  {url} → {response.status_code}: the witness of "
                        f"{pattern.route} gets no 2xx, the URL is not filled with a real object"
                    )
    return problems
