"""A reader follows En direct in a real browser while an editor works in the admin."""

import re
import shutil
import time

import pytest
from django.db import connection

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
    pytest.mark.django_db(transaction=True),
]

PASSWORD = "Rédaction-2026!"
DESK = re.compile(r".*/admin/en-direct/(\?.*)?$")  # the desk, not an entry's edit page


def until(page, expression, arg=None, timeout=10.0):
    """Wait until `expression` is true in the page. Playwright's wait_for_function builds its
    predicate with eval(), which the site's Content-Security-Policy rightly forbids; evaluate()
    goes through the DevTools protocol, which the policy does not govern."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression, arg):
        assert time.monotonic() < deadline, f"still false after {timeout} s: {expression}"
        time.sleep(0.05)


def saved(desk, word):
    """Draftail copies the text into the form's field a moment after typing stops."""
    until(desk, "word => document.querySelector('input[name=body]').value.includes(word)", word)


def publish(desk, base_url, text):
    desk.goto(base_url + "/admin/en-direct/")
    editor = desk.locator(".public-DraftEditor-content")
    editor.click()
    editor.press_sequentially(text)
    saved(desk, text.split()[0])
    desk.get_by_role("button", name="Publier dans le direct").click()
    desk.wait_for_url(DESK)


def test_reader_sees_entries_come_change_and_go_even_across_a_cut(
    browser_pages, proxy, asgi_server, editor, labels
):
    relay, reader_url = proxy
    desk = browser_pages()
    desk.goto(asgi_server + "/compte/connexion/?next=/admin/")
    desk.locator("main").get_by_label("E-mail").fill("redaction@example.fr")
    desk.get_by_label("Mot de passe").fill(PASSWORD)
    desk.locator("main").get_by_role("button", name="Connexion").click()
    desk.wait_for_url("**/admin/")

    reader = browser_pages()
    reader.goto(reader_url + "/en-direct/")
    feed = reader.locator("main .live-list")
    reader.wait_for_selector("main .live-list[data-live-state=open]", state="attached")

    publish(desk, asgi_server, "Accident sur l'A84 à hauteur de Villedieu : une voie fermée.")
    entry = feed.locator(".live-entry", has_text="Accident sur l'A84")
    entry.wait_for(timeout=2000)  # within two seconds, without a reload

    desk.locator("li", has_text="Accident sur l'A84").get_by_role("link", name="Modifier").click()
    desk.locator(".public-DraftEditor-content").click()
    desk.keyboard.press("End")
    desk.keyboard.type(" Déviation par Percy.")
    saved(desk, "Percy")
    desk.get_by_role("button", name="Enregistrer").click()
    desk.wait_for_url(DESK)
    feed.locator(".live-entry", has_text="Déviation par Percy.").wait_for(timeout=2000)

    desk.locator("li", has_text="Accident sur l'A84").get_by_role(
        "button", name="Supprimer"
    ).click()
    desk.wait_for_url(DESK)
    entry.wait_for(state="detached", timeout=2000)

    relay.cut()  # the reader's connection drops (tunnel, lift, bad wifi)
    reader.wait_for_selector("main .live-list[data-live-state=error]", state="attached")
    publish(desk, asgi_server, "La circulation est rétablie sur l'A84.")
    relay.restore()
    feed.locator(".live-entry", has_text="La circulation est rétablie").wait_for(timeout=8000)
    assert feed.locator(".live-entry").count() == 1
    connection.close()  # Playwright's greenlet has its own connection: give it back now


def test_a_reader_scrolled_away_is_told_how_many_entries_came(browser_pages, asgi_server, editor):
    from rotative.live import services

    for n in range(30):
        services.live_entry_publish(author=editor, body=f"<p>Entrée ancienne numéro {n}.</p>")
    reader = browser_pages()
    reader.set_viewport_size({"width": 1000, "height": 600})
    reader.goto(asgi_server + "/en-direct/")
    reader.wait_for_selector("main .live-list[data-live-state=open]", state="attached")
    reader.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    until(reader, "document.querySelector('main .live-list').getBoundingClientRect().top < 0")
    services.live_entry_publish(author=editor, body="<p>Nouvelle un.</p>")
    services.live_entry_publish(author=editor, body="<p>Nouvelle deux.</p>")
    banner = reader.locator("main .live-new__button")
    banner.wait_for(timeout=3000)
    until(
        reader,
        "document.querySelector('main .live-new__button').textContent === '2 nouveaux messages'",
    )
    banner.click()
    reader.wait_for_selector("main .live-new", state="hidden")
    connection.close()
