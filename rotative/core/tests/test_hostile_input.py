"""Hostile input on any URL gets a 4xx (or a redirect), never a server error.

Every pattern of the URL resolver is fuzzed (see fuzz.py): the site's, the accounts', the
admin's and Wagtail's page-serving catch-all, so that a new view is fuzzed the day it is
added; as an anonymous visitor here, as a reader on the site in test_hostile_input_reader.py,
as an editor in the admin in test_hostile_input_admin.py: three files, so that the two test
processes share the walks.
"""

import pytest
from bs4 import BeautifulSoup

from rotative.accounts.tests.factories import ReaderFactory
from rotative.core.tests.fuzz import PROBED_PATHS, fuzzer, site_patterns

pytestmark = pytest.mark.django_db


def test_every_kind_of_view_is_walked(patterns):
    views = {pattern.view for pattern in patterns}
    assert {
        "wagtail.views.serve",  # the catch-all that serves every page
        "wagtail.admin.views.home.default",  # the admin's catch-all
        "rotative.home.views.search",
        "rotative.comments.views.post",
        "rotative.news.views.article_view_beacon",
        "rotative.live.views.poll",
        "rotative.alerts.views.saved_searches",
        "allauth.account.views.LoginView",
    } <= views
    assert len([p for p in patterns if p.is_admin]) > 250


def test_site_urls_as_an_anonymous_visitor(patterns, site_data, monkeypatch):
    errors = fuzzer(monkeypatch, share=3).errors(site_patterns(patterns, site_data))
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize("path", PROBED_PATHS)
def test_paths_scanners_try_are_not_found_in_french(client, home, path):
    response = client.get(path)
    assert response.status_code == 404
    page = BeautifulSoup(response.content, "html.parser")
    assert page.h1.get_text() == "Page introuvable"


@pytest.mark.parametrize("url", ['/recherche/?q="', '/recherche/?q=digue"', "/recherche/?q=%22%22"])
def test_search_takes_quotes(client, site_data, url):
    # NUL is refused before any view (test_a_nul_character_in_a_query_is_a_bad_request...).
    response = client.get(url)
    assert response.status_code == 200


def test_search_still_finds_words_around_quotes(client, site_data):
    from django.core.management import call_command

    call_command("update_index", verbosity=0)
    page = BeautifulSoup(client.get('/recherche/?q="digue').content, "html.parser")
    assert page.select_one(f'a[href="{site_data[2].url}"]') is not None


def test_a_huge_article_id_on_the_comment_form_is_not_found(client, home):

    client.force_login(ReaderFactory())
    assert client.get("/commentaires/article/99999999999999999999/").status_code == 404


def test_a_number_too_large_for_the_database_is_refused_in_french(client, section):
    """SQLite cannot even compare it (a page chosen in an admin form): 400, not 500; PostgreSQL
    compares it and the form says no such page. Nothing is saved either way."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from rotative.wire.models import TopicMapping

    editor = get_user_model().objects.create_superuser(
        username="redaction", email="redaction@example.fr", password="Rédaction-2026!"
    )
    client.force_login(editor)
    response = client.post(
        "/admin/topicmapping/new/", {"qcode": "medtop:1", "section": "99999999999999999999"}
    )
    if connection.vendor == "sqlite":
        assert response.status_code == 400
        assert "Requête invalide" in response.content.decode()
    else:
        assert response.status_code == 200
        assert "choix valide" in response.content.decode()
    assert not TopicMapping.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "/en-direct/?etiquette=m%00teo",
        "/recherche/?q=%00",
        "/annonces/?ou=Caen%00",
        "/pronostics/ligues/rejoindre/%00/",  # in the path: a league's invite looked up by it
        "/%00/",  # scanners try it
    ],
)
def test_a_nul_character_in_a_query_is_a_bad_request_on_every_database(client, home, url):
    # PostgreSQL refuses NUL in any text: a lookup with it would fail there and not on SQLite.
    response = client.get(url)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Requête invalide" in page
    assert 'rel="stylesheet"' in page and "Se connecter" in page  # in the site's layout


def test_a_nul_character_in_a_form_is_a_bad_request(client, home):
    response = client.post("/newsletter/", {"email": "a\x00@example.fr"})
    assert response.status_code == 400


@pytest.mark.parametrize(
    "url",
    [
        "/admin/fil/?source=%C2%B2&urgency=%C2%B2",  # « ² » passes str.isdigit()
        "/admin/communes/choisir/chosen/x%E2%80%A6/",
        "/admin/documents/chooser/chosen/%27%22%3C%3E/",
        "/admin/images/chooser/99999999999999999999/select-format/",
    ],
)
def test_hand_made_ids_in_the_admin_are_not_server_errors(client, home, url):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_superuser("chef", "chef@example.fr", "x"))
    client.raise_request_exception = False
    assert client.get(url).status_code < 500
