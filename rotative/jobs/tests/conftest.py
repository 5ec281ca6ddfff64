import pytest

from rotative.jobs.tests import factories


@pytest.fixture
def boss(db):
    return factories.employer(email="rh@laiterie.example.fr")
