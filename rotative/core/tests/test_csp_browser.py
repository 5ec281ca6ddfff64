"""Every kind of page works in Chromium with the Content-Security-Policy enforced: no
violation, no script error, and the scripts that carry the nonce do run."""

import shutil

import pytest
from django.db import connection

from rotative.core.tests.browser import PageWatch, logged_in_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
    pytest.mark.django_db(transaction=True),
]


def test_public_pages_run_under_the_policy_without_a_violation(chromium, public_site):
    base = public_site["url"]
    page = chromium.new_context(locale="fr-FR").new_page()
    watch = PageWatch(page)
    for path in [
        "/",
        public_site["section"].url,
        public_site["article"].url,
        "/sujets/tempete/",
        "/recherche/?q=digue",
        "/annonces/",
        public_site["ad"].get_absolute_url(),
        "/agenda/concerts/",
        "/newsletter/",
        "/newsletter/verifiez-votre-boite-mail/",
        public_site["preferences"],
        "/compte/connexion/",
        "/compte/inscription/",
        "/compte/mot-de-passe/oubli/",
        "/application/",
        "/hors-ligne/",
        "/page-qui-n-existe-pas/",
    ]:
        watch.visit(base + path)

    # live.js (nonce) runs: the stream opens, and the label gets its colour without a
    # style attribute.
    for path in ["/en-direct/", public_site["blog"].url]:
        watch.visit(base + path)
        page.wait_for_selector(".live-list[data-live-state=open]", state="attached")
    page.goto(base + "/en-direct/")
    label = page.locator(".live-entry__label", has_text="Trafic")
    assert label.evaluate("e => getComputedStyle(e).color") == "rgb(179, 98, 0)"
    watch.collect()
    assert watch.problems == []
    page.context.close()  # its open streams, before the server stops
    connection.close()


def test_a_reader_s_pages_run_under_the_policy_without_a_violation(chromium, public_site):
    base = public_site["url"]
    page = logged_in_page(chromium, base, public_site["reader"])
    watch = PageWatch(page)
    for path in [
        public_site["article"].url,  # the comment form
        "/compte/",
        "/compte/e-mail/",
        "/compte/mot-de-passe/",
        "/compte/professionnel/",
        "/annonces/deposer/",
        "/annonces/mes-annonces/",
        "/alertes/",
        "/compte/a-lire/",  # « À lire plus tard », and its button on the article above
        "/newsletter/mon-compte/",
    ]:
        watch.visit(base + path)
    # push.js (nonce) runs: it shows the alerts block this browser can use.
    assert page.locator("[data-push]").is_visible()
    assert watch.problems == []
    page.context.close()  # its open streams, before the server stops
    connection.close()


def test_the_admin_and_the_editors_bar_run_under_their_policies_without_a_violation(
    chromium, public_site
):
    base = public_site["url"]
    page = logged_in_page(chromium, base, public_site["staff"])
    watch = PageWatch(page)
    # On the public site, Wagtail's bar for editors (its scripts carry the nonce).
    watch.visit(base + public_site["article"].url)
    page.locator("wagtail-userbar").wait_for(state="attached")
    assert page.locator("wagtail-userbar").evaluate("e => !!e.shadowRoot")
    for path in [
        "/admin/",
        f"/admin/pages/{public_site['section'].pk}/",
        "/admin/commentaires/",
        "/admin/annonces/",
        "/admin/en-direct/",
        "/admin/fil/",
        "/admin/lettre-du-matin/",
        "/admin/professionnels/",
        "/admin/images/",
    ]:
        watch.visit(base + path)
    # The page editor, with its live preview framed by the admin.
    watch.visit(f"{base}/admin/pages/{public_site['article'].pk}/edit/", settle_ms=600)
    page.locator("[data-side-panel-toggle=preview]").first.click()
    preview = page.frame_locator("iframe#w-preview-iframe")
    preview.locator("h1.article__title").wait_for(state="attached")
    watch.collect()
    assert watch.problems == []
    page.context.close()  # its open streams, before the server stops
    connection.close()
