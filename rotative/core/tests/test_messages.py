"""Confirmations and errors (Django's messages) show under the header, on every page, each level
in its own colour and said in words too."""

import shutil

import pytest
from bs4 import BeautifulSoup
from django.contrib import messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory

from rotative.accounts.tests.factories import PASSWORD, ReaderFactory


def rendered_messages(*levels_and_texts):
    request = RequestFactory().get("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    for level, text in levels_and_texts:
        messages.add_message(request, level, text)
    html = render_to_string("components/messages.html", {"messages": request._messages})
    return BeautifulSoup(html, "html.parser")


def test_each_level_has_its_class_role_and_words():
    soup = rendered_messages(
        (messages.SUCCESS, "Vos préférences sont enregistrées."),
        (messages.INFO, "Votre annonce sera relue."),
        (messages.WARNING, "Votre session va expirer."),
        (messages.ERROR, "L'envoi a échoué."),
    )
    shown = [
        (p["class"][1], p["role"], " ".join(p.get_text(" ").split()))
        for p in soup.select(".messages .message")
    ]
    assert shown == [
        ("message--success", "status", "Confirmation : Vos préférences sont enregistrées."),
        ("message--info", "status", "Information : Votre annonce sera relue."),
        ("message--warning", "status", "Attention : Votre session va expirer."),
        ("message--error", "alert", "Erreur : L'envoi a échoué."),
    ]


def test_no_messages_no_block():
    assert rendered_messages().select(".messages") == []


@pytest.mark.browser
@pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed")
@pytest.mark.django_db(transaction=True)
def test_after_logging_in_the_confirmation_shows_under_the_header(browser_pages, home, live_server):
    ReaderFactory(email="camille@example.fr", display_name="Camille D.")
    page = browser_pages()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/compte/connexion/?next=/")
    page.locator("main").get_by_label("E-mail").fill("camille@example.fr")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Connexion").click()
    page.wait_for_url(f"{live_server.url}/")

    message = page.get_by_role("status").filter(has_text="Connexion avec")
    assert message.is_visible()
    assert "Confirmation :" in message.inner_text()
    header = page.locator(".site-header").bounding_box()
    shown = message.bounding_box()
    assert header["y"] + header["height"] <= shown["y"] < 300
    colours = message.evaluate(
        "e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]"
    )
    assert colours == ["rgb(20, 83, 45)", "rgb(232, 245, 236)"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.reload()  # shown once
    assert page.locator(".messages").count() == 0
    connection.close()  # Playwright's greenlet has its own connection: give it back now
