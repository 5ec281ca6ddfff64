"""The authorization walk (see test_authorization.py) for the other half of the roles."""

import pytest

from rotative.core.tests.authz.walk import role_walk
from rotative.core.tests.authz.world import ROLES

pytestmark = pytest.mark.once

ROLES_HERE = ["reader", "professional", "editor", "admin"]


def test_the_two_files_walk_every_role():
    from rotative.core.tests import test_authorization

    marks = test_authorization.test_no_role_gets_what_it_may_not.pytestmark
    there = next(m.args[1] for m in marks if m.name == "parametrize")
    assert sorted([*ROLES_HERE, *there]) == sorted([*ROLES, "owner"])


@pytest.mark.parametrize("role", ROLES_HERE)
def test_no_role_gets_what_it_may_not(role, world, db):
    problems = role_walk(role, world)
    assert not problems, f"{len(problems)} problem(s) as {role}:\n" + "\n".join(problems)
