"""The site's own admin screens appear in the menu only for the staff allowed to use them."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

pytestmark = pytest.mark.django_db

SCREENS = [
    "Lettre du matin",
    "Abonnés",
    "Comptes professionnels",
    "Petites annonces",
    "Pronostics",
]


def labels_in(response) -> set[str]:
    # The sidebar's items travel as JSON in the page (accents escaped).
    page = response.content.decode()
    return {label for label in SCREENS if json.dumps(label)[1:-1] in page}


def test_the_menu_lists_a_screen_only_for_who_holds_its_permission(client, home):
    users = get_user_model().objects
    client.force_login(users.create_superuser("chef", "chef@example.fr", "x"))
    assert labels_in(client.get("/admin/")) == set(SCREENS)

    pigiste = users.create_user("pigiste", "pigiste@example.fr", "x")
    pigiste.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_subscriber"),
    )
    client.force_login(pigiste)
    assert labels_in(client.get("/admin/")) == {"Abonnés"}
