"""« Recevoir les alertes sur ce navigateur » when it fails: the reader reads a French sentence
saying what to do, never the browser's own error (« AbortError: Registration failed - push
service not available », « TypeError: Failed to fetch »)."""

import shutil

import pytest
from django.db import connection

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
    pytest.mark.django_db(transaction=True),
]

SIGN_UP_PAGE = "/newsletter/verifiez-votre-boite-mail/"

# The browser's push service answers with a subscription, as it would on a real phone.
WORKING_PUSH_SERVICE = """
PushManager.prototype.subscribe = async function () {
  return {
    endpoint: "https://fcm.googleapis.com/fcm/send/essai",
    toJSON() {
      return { endpoint: this.endpoint, keys: { p256dh: "cle", auth: "secret" } };
    },
  };
};
"""


@pytest.fixture
def reader_page(chromium, home, live_server):
    context = chromium.new_context(locale="fr-FR", timezone_id="Europe/Paris")
    context.grant_permissions(["notifications"], origin=live_server.url)
    page = context.new_page()
    yield page
    context.close()
    connection.close()  # Playwright's greenlet has its own connection: give it back now


def status_after_click(page, url) -> str:
    page.goto(url)
    page.get_by_role("button", name="Recevoir les alertes sur ce navigateur").click()
    status = page.locator("[data-push-status]")
    for _ in range(100):  # wait_for_function is blocked by the CSP (no unsafe-eval)
        if status.inner_text().strip():
            break
        page.wait_for_timeout(100)
    return status.inner_text()


def test_a_push_service_that_fails_is_explained_in_french(reader_page, live_server):
    # Headless chromium has no push service: its subscribe() rejects, in English.
    said = status_after_click(reader_page, live_server.url + SIGN_UP_PAGE)
    assert said == (
        "Le service de notifications de votre navigateur n'a pas répondu : "
        "réessayez dans quelques minutes."
    )


def test_a_lost_connection_is_explained_in_french(reader_page, live_server):
    reader_page.add_init_script(WORKING_PUSH_SERVICE)
    reader_page.route("**/newsletter/notifications/abonnement/", lambda route: route.abort())
    said = status_after_click(reader_page, live_server.url + SIGN_UP_PAGE)
    assert said == (
        "Le site n'a pas pu être joint : vérifiez votre connexion à Internet et réessayez."
    )


def test_the_sites_own_refusal_is_shown_as_it_is(reader_page, live_server):
    # The endpoint is not a known push service: the server refuses it, in French.
    reader_page.add_init_script(WORKING_PUSH_SERVICE.replace("fcm.googleapis.com", "evil.test"))
    said = status_after_click(reader_page, live_server.url + SIGN_UP_PAGE)
    assert said and "Error" not in said and "fetch" not in said
    assert said != "L'abonnement aux notifications n'a pas abouti : réessayez plus tard."
