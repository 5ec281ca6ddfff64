"""Passwords made of the paper's name, « rotative », the reader's address or name are refused,
at sign-up and when changing the password; the common-password list stays."""

import pytest
from wagtail.models import Site

from rotative.accounts.tests.conftest import field_errors, log_in
from rotative.accounts.tests.factories import PASSWORD, ReaderFactory

pytestmark = pytest.mark.django_db

REFUSED = (
    "Votre mot de passe ne doit contenir ni le nom du journal, ni votre adresse e-mail, ni votre "
    "nom affiché, ni un mot aussi facile à deviner."
)


@pytest.fixture
def paper(home):
    Site.objects.filter(is_default_site=True).update(site_name="Le Phare normand")


def sign_up(client, password, *, email="goeland.joyeux@example.fr", display_name="Cormoran50"):
    data = {
        "email": email,
        "display_name": display_name,
        "password1": password,
        "password2": password,
    }
    return client.post("/compte/inscription/", data)


@pytest.mark.parametrize(
    "password",
    [
        "LePhareNormand-2026!",  # the paper's name
        "Ph@re-de-Cherbourg-1944",  # one of its words, a digit-for-letter swap aside
        "Normandie-ou-NORMAND-77",  # the other, any case
        "Rotative-Cherbourg-1944",  # the software's
        "Goeland.Joyeux-1944!",  # the address's local part
        "Joyeux-Cherbourg-1944",  # a word of it
        "Cormoran50-Cherbourg",  # the display name
        "azerty123",  # a common password, still refused
    ],
)
def test_sign_up_refuses_a_password_made_of_context_words(client, paper, password):
    response = sign_up(client, password)

    assert response.status_code == 200
    errors = field_errors(response, "password1")
    assert errors, errors
    if password != "azerty123":
        assert REFUSED in errors


def test_sign_up_accepts_a_password_of_other_words(client, paper):
    response = sign_up(client, PASSWORD)

    assert response.status_code == 302  # on to « Vérifiez votre adresse e-mail »


def test_changing_the_password_refuses_the_display_name_and_the_address(client, paper):
    reader = ReaderFactory(email="sterne.naine@example.fr", display_name="Goélette")
    log_in(client, reader.email)

    for password in ("Goelette-de-Granville-9", "Sterne-de-Granville-9"):
        response = client.post(
            "/compte/mot-de-passe/",
            {"oldpassword": PASSWORD, "password1": password, "password2": password},
        )
        assert REFUSED in field_errors(response, "password1")
