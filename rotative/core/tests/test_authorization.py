"""Every URL of the site, the admin and the feeds, asked by every role about what it does not
own: nobody gets a 2xx they should not, nothing private shows in any answer, nothing fails.

The walk is in authz/walk.py, its `world` fixture in conftest.py. The URLs come from the URL
resolver, so a new view cannot escape: one missing from authz.TABLE fails
test_every_url_pattern_is_classified. Who may get what is in that table, the objects in
authz/world.py, the judging in authz/engine.py.
"""

import pytest

from rotative.core.tests.authz import TABLE
from rotative.core.tests.authz.engine import rules_for, url_patterns
from rotative.core.tests.authz.walk import role_walk
from rotative.core.tests.authz.world import OWNER

# Who may see what is decided in Python, not by the database: walked once, by `make test`.
pytestmark = pytest.mark.once


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


# Half the roles here, the other half in test_authorization_other_roles.py: the two walks run on
# the two test processes at once (the slowest file sets the suite's time). OWNER first: it
# edits a comment whose window of 10 minutes starts when the world is built.
@pytest.mark.parametrize("role", [OWNER, "anonymous", "unconfirmed", "moderator"])
def test_no_role_gets_what_it_may_not(role, world, db):
    problems = role_walk(role, world)
    assert not problems, f"{len(problems)} problem(s) as {role}:\n" + "\n".join(problems)
