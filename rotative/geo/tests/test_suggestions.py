"""Commune fields suggest communes as the reader types: the field names the suggestions' URL
and its own list, and the URL answers the labels a reader would pick."""

import pytest
from bs4 import BeautifulSoup

from rotative.geo.tests.factories import commune

pytestmark = pytest.mark.django_db


def test_commune_fields_carry_their_suggestions(client):
    commune("carantilly")

    page = BeautifulSoup(client.get("/agenda/").content, "html.parser")

    field = page.select_one('input[name="commune"]')
    assert field["data-communes"] == "/communes.json"
    assert field["autocomplete"] == "off"
    assert page.select_one(f"datalist#{field['list']}") is not None
    answer = client.get(field["data-communes"], {"q": "cara"}).json()
    assert answer == {"communes": ["Carantilly (50570)"]}
