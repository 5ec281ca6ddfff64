"""An event's life in a real browser: proposed by an organiser with a weekly rule, validated
in the admin's « Agenda » queue, found by a reader around a commune this weekend, exported
to their calendar."""

import shutil
import time
from datetime import UTC, date, datetime

import icalendar
import pytest
import time_machine
from django.db import connection

from rotative.accounts.services import account_email_confirm
from rotative.accounts.tests.factories import PASSWORD, ReaderFactory
from rotative.agenda.recurrence import PARIS
from rotative.agenda.tests.factories import event, paris
from rotative.geo.tests.factories import commune

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
    pytest.mark.django_db(transaction=True),
]

# A Thursday: « ce week-end » is Saturday 20 and Sunday 21 March 2027. The clock ticks from
# there, in the server's thread too (time_machine changes the whole process's clock); the
# browser keeps its own, which only sees dates the server wrote.
NOW = datetime(2027, 3, 18, 9, 0, tzinfo=UTC)


def log_in(page, base, email, next_path="/"):
    page.goto(f"{base}/compte/connexion/?next={next_path}")
    page.locator("main").get_by_label("E-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Connexion").click()
    page.wait_for_url(f"**{next_path}")


def search(page, base, *, where, radius, when):
    page.goto(f"{base}/agenda/")
    filters = page.locator("form.agenda-filters")
    filters.get_by_label("Quand").select_option(label=when)
    filters.get_by_label("Commune").fill(where)
    filters.get_by_label("Autour").select_option(label=radius)
    filters.get_by_role("button", name="Chercher").click()
    page.wait_for_url("**/agenda/?*")
    return page.locator(".agenda-card")


@pytest.fixture
def clock():
    # Before anyone logs in: a session opened at the real date would have expired by then.
    with time_machine.travel(NOW, tick=True) as traveller:
        yield traveller


def test_propose_validate_find_around_a_commune_and_export(
    clock, browser_pages, home, live_server, settings
):
    from django.contrib.auth import get_user_model

    settings.SITE_URL = live_server.url
    settings.COMMENTS_MIN_FILL_SECONDS = 1
    for key in ("carantilly", "coutances", "cherbourg"):
        commune(key)
    ReaderFactory(email="organisateur@example.fr", display_name="Comité des fêtes")
    moderator = get_user_model().objects.create_superuser(
        "moderation", "moderation@example.fr", PASSWORD
    )
    account_email_confirm(user=moderator)
    # Published by the newsroom the same Saturday, 66 km from Carantilly: too far.
    event(title="Marché de Cherbourg", where="cherbourg", starts_at=paris(2027, 3, 20, 8, 0))

    # The organiser proposes a market every Saturday morning until June, in Coutances.
    page = browser_pages()
    log_in(page, live_server.url, "organisateur@example.fr", next_path="/agenda/proposer/")
    form = page.locator("form.agenda-form")
    form.get_by_label("Titre").fill("Marché du terroir")
    form.get_by_label("Catégorie").select_option(label="Marché")
    form.get_by_label("Description").fill("Producteurs du bocage : cidre, fromages, légumes.")
    form.locator("#id_venue_name").fill("Parvis de la cathédrale")
    form.locator("#id_venue_address").fill("Parvis Notre-Dame")
    form.get_by_label("Commune").fill("Coutances (50200)")
    form.locator("#id_day").fill("2027-03-20")
    form.get_by_label("Heure de début").fill("08:00")
    form.get_by_label("Heure de fin").fill("13:00")
    form.get_by_label("Répétition").select_option(label="Chaque semaine, le même jour")
    form.get_by_label("Jusqu'au").fill("2027-06-26")
    form.get_by_label("Gratuit").check()
    time.sleep(1.1)  # a human takes more than a second to fill it
    form.get_by_role("button", name="Envoyer pour validation").click()
    assert "sera publiée dès qu'un modérateur" in page.locator(".messages").inner_text()
    assert "En attente de validation" in page.locator(".agenda-notice").inner_text()

    # Waiting for validation, it is not in the agenda yet.
    reader = browser_pages()
    cards = search(
        reader, live_server.url, where="Carantilly (50570)", radius="20 km", when="Ce week-end"
    )
    assert cards.count() == 0

    # The moderator validates it in the admin's « Agenda » queue.
    admin = browser_pages()
    admin.goto(live_server.url + "/admin/")  # the admin sends to the one login, and back
    log_in(admin, live_server.url, "moderation@example.fr", next_path="/admin/")
    admin.get_by_role("button", name="Agenda", exact=True).click()
    admin.get_by_role("link", name="À valider", exact=True).click()
    row = admin.locator("tr", has_text="Marché du terroir")
    assert "Coutances (50200)" in row.inner_text()
    row.get_by_role("button", name="Valider").click()
    # The POST redirects to the queue's own address: wait for what it says, not for the URL.
    admin.get_by_text("Sortie validée").wait_for()
    assert admin.locator("tr", has_text="Marché du terroir").count() == 0

    # A reader looks for what's on this weekend within 20 km of Carantilly (Coutances: 14 km).
    cards = search(
        reader, live_server.url, where="Carantilly (50570)", radius="20 km", when="Ce week-end"
    )
    assert cards.count() == 1
    card = cards.first.inner_text().lower()  # the date is capitalised by the style sheet
    assert "samedi 20 mars à 08h00" in card
    assert "parvis de la cathédrale, coutances (50200)" in card and "gratuit" in card
    # Next week it is there again, on the next Saturday.
    cards = search(
        reader,
        live_server.url,
        where="Carantilly (50570)",
        radius="20 km",
        when="La semaine prochaine",
    )
    assert "samedi 27 mars à 08h00" in cards.first.inner_text().lower()

    cards.first.get_by_role("link", name="Marché du terroir").click()
    dates = reader.locator(".agenda-event__dates").inner_text().lower()
    assert "samedi 20 mars 2027 à 08h00 – 13h00" in dates
    assert "samedi 27 mars 2027 à 08h00 – 13h00" in dates

    # « Ajouter à mon agenda »: a calendar file that repeats the market by itself.
    with reader.expect_download() as download_info:
        reader.get_by_role("link", name="Ajouter à mon agenda").click()
    download = download_info.value
    assert download.suggested_filename == "marche-du-terroir.ics"
    with open(download.path(), "rb") as file:
        calendar = icalendar.Calendar.from_ical(file.read())
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Marché du terroir"
    assert vevent["DTSTART"].params["TZID"] == "Europe/Paris"
    assert vevent.decoded("DTSTART") == datetime(2027, 3, 20, 8, 0, tzinfo=PARIS)
    assert vevent.decoded("DTEND") == datetime(2027, 3, 20, 13, 0, tzinfo=PARIS)
    rule = vevent["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"] and rule["BYDAY"] == ["SA"]
    assert rule["UNTIL"][0].date() == date(2027, 6, 26)
    assert "Coutances" in str(vevent["LOCATION"])
    connection.close()  # Playwright's greenlet has its own connection: give it back now
