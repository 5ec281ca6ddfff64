"""Every URL of the site, the admin and the feeds, asked by every role about what it does not
own: nobody gets a 2xx they should not, nothing private shows in any answer, nothing fails.

The URLs come from the URL resolver, so a new view cannot escape: one missing from
authz.TABLE fails test_every_url_pattern_is_classified. Who may get what is in that
table, the objects in authz/world.py, the judging in authz/engine.py.
"""

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client

from rotative.core.tests.authz import TABLE
from rotative.core.tests.authz.build import world_build
from rotative.core.tests.authz.engine import (
    Shadowed,
    fetch,
    judge,
    probe_url,
    rules_for,
    url_patterns,
)
from rotative.core.tests.authz.world import OWNER, ROLES

# Who may see what is decided in Python, not by the database: walked once, by `make test`.
pytestmark = pytest.mark.once


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module, rolled back at its end; each request is rolled back too."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield world_build()
        transaction.set_rollback(True)


def test_every_url_pattern_is_classified():
    patterns = url_patterns()
    missing = [
        f"{pattern.route}  (name {pattern.name!r}, view {pattern.view})"
        for pattern in patterns
        if rules_for(pattern, TABLE) is None
    ]
    known = {pattern.route for pattern in patterns} | {pattern.name for pattern in patterns}
    stale = sorted(set(TABLE) - known)
    assert not stale, (
        f"Rows of rotative/core/tests/authz/ that match no URL pattern any more: {stale}"
    )
    assert not missing, (
        "These URL patterns are not in rotative/core/tests/authz/ (site.py or an admin_*.py): "
        "add each one, by route or name, with the roles that may get a 2xx and the object "
        "that fills its parameters:\n" + "\n".join(missing)
    )


def _client_as(role, world) -> Client:
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


@pytest.mark.parametrize("role", [*ROLES, OWNER])
def test_no_role_gets_what_it_may_not(role, world, db):
    """OWNER only proves the URLs are filled with real objects (see Probe.witness)."""
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
    assert not problems, f"{len(problems)} problem(s) as {role}:\n" + "\n".join(problems)
