"""The commune chooser editors use in the admin (articles' « communes concernées »)."""

import pytest
from django.contrib.auth import get_user_model

from rotative.geo.tests.factories import commune

pytestmark = pytest.mark.django_db


def test_editors_find_a_commune_by_name_or_postal_code(client):
    client.force_login(get_user_model().objects.create_superuser("r", "r@example.fr", "x"))
    commune("saint-pair"), commune("coutances")
    by_name = client.get("/admin/communes/choisir/results/?q=st+pair").content.decode()
    assert "Saint-Pair-sur-Mer" in by_name and "Coutances" not in by_name
    by_code = client.get("/admin/communes/choisir/results/?q=50200").content.decode()
    assert "Coutances" in by_code and "Saint-Pair" not in by_code


def test_no_one_creates_a_commune_from_the_chooser():
    """Communes come from La Poste's file only: the chooser's « create » refuses (Wagtail
    sends a refused staff member back to the admin's home), and a POST to it no longer fails."""
    from django.test import Client

    from rotative.geo.models import Commune

    client = Client(raise_request_exception=False)
    client.force_login(get_user_model().objects.create_superuser("r", "r@example.fr", "x"))
    for response in (
        client.get("/admin/communes/choisir/create/"),
        client.post("/admin/communes/choisir/create/", {"name": "Nulle-Part"}),
    ):
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert not Commune.objects.exists()
