"""Our staff screens look right in Chromium with no 'unsafe-inline' in style-src: their look
comes from static/css/admin.css, not from style attributes. The admin's own policy keeps
'unsafe-inline' for Wagtail; our screens do not depend on it."""

import re
import shutil
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from rotative.accounts import services as account_services
from rotative.accounts.tests.factories import ReaderFactory
from rotative.classifieds import services as ad_services
from rotative.classifieds.tests.factories import HOUSE
from rotative.comments.tests.factories import comment_post
from rotative.core.tests.browser import PageWatch, logged_in_page
from rotative.geo.tests.factories import commune
from rotative.live import services as live_services
from rotative.news.tests.factories import ArticlePageFactory
from rotative.newsletter import digest as digests
from rotative.newsletter.tests.factories import SubscriberFactory
from rotative.wire import services as wire_services
from rotative.wire.tests.factories import WireSourceFactory, wire_item

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
    pytest.mark.django_db(transaction=True),
]


LETTER_DAY = date(2026, 11, 20)


@pytest.fixture
def screens(live_server, section, settings):
    """One of everything our staff screens list, and the address of each screen."""
    settings.SITE_URL = live_server.url
    staff = get_user_model().objects.create_superuser(
        "redaction", "redaction@example.fr", "Rédaction-2026!"
    )
    reader = ReaderFactory(email="lectrice@example.fr", display_name="Marie L.")
    # A fixed morning, long past: the letter's stories are online whatever the hour of the run.
    send_time = digests.local_at(LETTER_DAY, digests.SEND_AT)
    article = ArticlePageFactory(
        parent=section, title="La digue tient bon", published_at=send_time - timedelta(hours=2)
    )
    comment = comment_post(user=reader, article=article, body="Courage aux habitants.")
    ad = ad_services.ad_draft_save(owner=reader, fields={**HOUSE, "commune": commune("carantilly")})
    ad_services.ad_submit(ad=ad)
    account_services.professional_request(
        user=reader, company_name="Marie SARL", siret="73282932000074"
    )
    entry = live_services.live_entry_publish(author=staff, body="<p>Route fermée.</p>")
    dispatch = wire_services.dispatch_store(item=wire_item(), source=WireSourceFactory())
    digest = digests.digest_compose(day=LETTER_DAY)
    subscriber = SubscriberFactory(email="abonne@example.fr")
    connection.close()  # the live server's threads take their own connections
    return {
        "staff": staff,
        "paths": [
            "/admin/commentaires/?onglet=all",
            f"/admin/commentaires/{comment.pk}/",
            "/admin/annonces/",
            "/admin/professionnels/",
            "/admin/en-direct/",
            f"/admin/en-direct/{entry.pk}/",
            "/admin/fil/",
            f"/admin/fil/{dispatch.pk}/",
            "/admin/lettre-du-matin/",
            f"/admin/lettre-du-matin/{digest.pk}/?q=digue",
            "/admin/abonnes/",
            f"/admin/abonnes/{subscriber.pk}/",
        ],
    }


def without_inline_styles(route):
    """The admin's answer, its policy's style-src without 'unsafe-inline'. The letter's
    preview (framed) is the mail as sent: mail clients need its inline styles."""
    if route.request.url.split("?")[0].endswith("/apercu/"):
        return route.continue_()
    response = route.fetch()
    headers = dict(response.headers)
    headers["content-security-policy"] = re.sub(
        r"style-src [^;]*", "style-src 'self'", headers["content-security-policy"]
    )
    route.fulfill(response=response, headers=headers)


def test_our_staff_screens_need_no_inline_style(chromium, screens, live_server):
    page = logged_in_page(chromium, live_server.url, screens["staff"])
    page.set_viewport_size({"width": 1280, "height": 900})
    page.route(re.compile(r"/admin/"), without_inline_styles)
    watch = PageWatch(page)
    for path in screens["paths"]:
        watch.visit(live_server.url + path)
    # Each refusal is reported twice: as a console line, which does not say what was refused,
    # and as an event naming its source. The rich-text field of En direct (Wagtail's
    # vendor.js) still writes a <style>: why the admin's policy keeps 'unsafe-inline'.
    ours = [
        problem
        for problem in watch.problems
        if not problem.startswith("console: Applying inline style")
        and "/static/wagtailadmin/" not in problem
    ]
    assert ours == []

    # The stylesheet does what the style attributes did.
    page.goto(live_server.url + "/admin/commentaires/?onglet=all")
    tabs = page.locator("nav.staff-tabs")
    assert tabs.evaluate("e => getComputedStyle(e).display") == "flex"
    current = tabs.locator("[aria-current=page]")
    assert current.evaluate("e => getComputedStyle(e).fontWeight") == "700"
    reason = page.locator(".staff-actions input[name=reason]").first
    assert reason.evaluate("e => getComputedStyle(e).width") == "192px"  # 12rem
    page.goto(live_server.url + "/admin/fil/")
    assert page.locator("form.wire-filters").evaluate("e => getComputedStyle(e).display") == "flex"
    page.context.close()
    connection.close()
