"""Wagtail's own front-end login form (/_util/login/, for pages restricted to logged-in
readers) is no way round the readers' login: no lockout, no rate limit and no confirmed
address there. It sends readers to the site's login page instead."""

import pytest
from django.test import Client

from rotative.accounts.tests.factories import PASSWORD, ReaderFactory

pytestmark = pytest.mark.django_db


def test_wagtail_login_form_logs_no_one_in():
    reader = ReaderFactory(email="pas-confirme@example.fr", verified=False)
    client = Client()
    response = client.post(
        "/_util/login/?next=/compte/", {"username": reader.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert client.get("/annonces/deposer/").status_code == 302  # still anonymous


def test_wagtail_login_page_leads_to_the_readers_login():
    response = Client().get("/_util/login/?next=/manche/reserve/")
    assert response.status_code == 302
    assert response["Location"] == "/compte/connexion/?next=/manche/reserve/"
