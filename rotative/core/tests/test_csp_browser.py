"""Every kind of page works in Chromium with the Content-Security-Policy enforced: no
violation, no script error, and the scripts that carry the nonce do run."""

import shutil

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from rotative.accounts.tests.factories import ReaderFactory
from rotative.classifieds.tests.factories import ad_online
from rotative.comments.tests.factories import comment_post
from rotative.core.tests.browser import PageWatch, logged_in_page
from rotative.live import services as live_services
from rotative.live.models import LiveBlogPage, LiveLabel
from rotative.live.tests.conftest import asgi_server  # noqa: F401 - the ASGI server, for En direct
from rotative.news.tests.factories import ArticlePageFactory, ImageFactory, SectionPageFactory
from rotative.newsletter import links
from rotative.newsletter.tests.factories import SubscriberFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def site(asgi_server, home, settings, tmp_path):  # noqa: F811
    settings.MEDIA_ROOT = str(tmp_path / "media")
    section = SectionPageFactory(parent=home, title="Manche", slug="manche")
    article = ArticlePageFactory(
        parent=section,
        title="La digue de Granville a cédé",
        slug="la-digue",
        lead_image=ImageFactory(),
        tags=["Tempête"],
    )
    blog = section.add_child(
        instance=LiveBlogPage(
            title="Tempête : le direct",
            slug="tempete-direct",
            chapo="Minute par minute.",
            state="live",
        )
    )
    blog.save_revision().publish()
    staff = get_user_model().objects.create_superuser(
        "redaction", "redaction@example.fr", "Rédaction-2026!"
    )
    label = LiveLabel.objects.create(name="Trafic", slug="trafic", colour="#e07b00")
    live_services.live_entry_publish(author=staff, body="<p>Route fermée.</p>", label=label)
    live_services.live_entry_publish(
        author=staff, body="<p>Vents à 120 km/h.</p>", channel=blog.channel
    )
    reader = ReaderFactory(email="lectrice@example.fr", display_name="Marie L.")
    comment_post(user=reader, article=article, body="Courage aux habitants.")
    ad = ad_online(owner=reader, moderator=staff)
    subscriber = SubscriberFactory(email="abonne@example.fr")
    return {
        "url": asgi_server,
        "home": home,
        "section": section,
        "article": article,
        "blog": blog,
        "ad": ad,
        "staff": staff,
        "reader": reader,
        "preferences": links.preferences_url(subscriber).removeprefix(settings.SITE_URL),
    }


def test_public_pages_run_under_the_policy_without_a_violation(chromium, site):
    base = site["url"]
    page = chromium.new_context(locale="fr-FR").new_page()
    watch = PageWatch(page)
    for path in [
        "/",
        site["section"].url,
        site["article"].url,
        "/sujets/tempete/",
        "/recherche/?q=digue",
        "/annonces/",
        site["ad"].get_absolute_url(),
        "/agenda/concerts/",
        "/newsletter/",
        "/newsletter/verifiez-votre-boite-mail/",
        site["preferences"],
        "/compte/connexion/",
        "/compte/inscription/",
        "/compte/mot-de-passe/oubli/",
        "/page-qui-n-existe-pas/",
    ]:
        watch.visit(base + path)

    # live.js (nonce) runs: the stream opens, and the label gets its colour without a
    # style attribute.
    for path in ["/en-direct/", site["blog"].url]:
        watch.visit(base + path)
        page.wait_for_selector(".live-list[data-live-state=open]", state="attached")
    page.goto(base + "/en-direct/")
    label = page.locator(".live-entry__label", has_text="Trafic")
    assert label.evaluate("e => getComputedStyle(e).color") == "rgb(224, 123, 0)"
    watch.collect()
    assert watch.problems == []
    page.context.close()  # its open streams, before the server stops
    connection.close()


def test_a_reader_s_pages_run_under_the_policy_without_a_violation(chromium, site):
    base = site["url"]
    page = logged_in_page(chromium, base, site["reader"])
    watch = PageWatch(page)
    for path in [
        site["article"].url,  # the comment form
        "/compte/",
        "/compte/e-mail/",
        "/compte/mot-de-passe/",
        "/compte/professionnel/",
        "/annonces/deposer/",
        "/annonces/mes-annonces/",
        "/alertes/",
        "/newsletter/mon-compte/",
    ]:
        watch.visit(base + path)
    # push.js (nonce) runs: it shows the alerts block this browser can use.
    assert page.locator("[data-push]").is_visible()
    assert watch.problems == []
    page.context.close()  # its open streams, before the server stops
    connection.close()


def test_the_admin_and_the_editors_bar_run_under_their_policies_without_a_violation(chromium, site):
    base = site["url"]
    page = logged_in_page(chromium, base, site["staff"])
    watch = PageWatch(page)
    # On the public site, Wagtail's bar for editors (its scripts carry the nonce).
    watch.visit(base + site["article"].url)
    page.locator("wagtail-userbar").wait_for(state="attached")
    assert page.locator("wagtail-userbar").evaluate("e => !!e.shadowRoot")
    for path in [
        "/admin/",
        f"/admin/pages/{site['section'].pk}/",
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
    watch.visit(f"{base}/admin/pages/{site['article'].pk}/edit/", settle_ms=600)
    page.locator("[data-side-panel-toggle=preview]").first.click()
    preview = page.frame_locator("iframe#w-preview-iframe")
    preview.locator("h1.article__title").wait_for(state="attached")
    watch.collect()
    assert watch.problems == []
    page.context.close()  # its open streams, before the server stops
    connection.close()
