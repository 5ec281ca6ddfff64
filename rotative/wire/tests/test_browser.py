"""An editor works the wire queue in a real browser: filter, preview, publish."""

import shutil

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from rotative.accounts.services import account_email_confirm
from rotative.news.models import ArticlePage
from rotative.news.tests.factories import SectionPageFactory
from rotative.wire import services
from rotative.wire.tests.factories import WireSourceFactory, wire_item

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def browser_page(chromium):
    return chromium.new_page(locale="fr-FR")


def test_editor_filters_previews_and_publishes_a_dispatch(
    browser_page, live_server, home, settings
):
    settings.SITE_URL = live_server.url
    SectionPageFactory(parent=home, title="International", slug="international")
    afp = WireSourceFactory(name="AFP")
    for guid, headline, urgency in [
        ("g1", "Séisme au large de la Grèce", 1),
        ("g2", "Bourse : Paris termine en hausse", 6),
    ]:
        dispatch = services.dispatch_store(
            item=wire_item(guid=guid, headline=headline, urgency=urgency), source=afp
        )
        services.dispatch_apply(dispatch=dispatch)
    desk = get_user_model().objects.create_superuser(
        "desk", "desk@example.org", "mot-de-passe-long"
    )
    account_email_confirm(user=desk)
    connection.close()  # the live server's threads take their own connections

    page = browser_page
    page.goto(live_server.url + "/compte/connexion/?next=/admin/")
    page.locator("main").get_by_label("E-mail").fill("desk@example.org")
    page.get_by_label("Mot de passe").fill("mot-de-passe-long")
    page.locator("main").get_by_role("button", name="Connexion").click()
    page.wait_for_url("**/admin/")
    page.goto(live_server.url + "/admin/fil/")
    rows = page.locator(".wire-queue td.title a")
    assert rows.all_inner_texts() == [
        "Bourse : Paris termine en hausse",
        "Séisme au large de la Grèce",
    ]

    page.select_option("select[name=urgency]", "3")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_url("**urgency=3**")
    assert rows.all_inner_texts() == ["Séisme au large de la Grèce"]

    rows.first.click()
    page.wait_for_url("**/admin/fil/*/")
    assert (
        "Moscou (AFP). Séisme au large de la Grèce"
        in page.locator(".dispatch-headline").inner_text()
    )
    # No topic of this story names a section: nothing is chosen for the editor, and the
    # browser will not send the form until a section is picked.
    assert page.locator("#wire-section").input_value() == ""
    preview_url = page.url
    page.get_by_role("button", name="Publier", exact=True).click()
    page.wait_for_timeout(300)
    assert page.url == preview_url
    assert page.evaluate("document.querySelector('#wire-section').validity.valueMissing")
    assert not ArticlePage.objects.filter(title="Séisme au large de la Grèce").exists()
    page.select_option("#wire-section", label="International")
    page.get_by_role("button", name="Publier", exact=True).click()
    page.wait_for_url("**/admin/fil/")
    assert "Dépêche publiée" in page.content()

    article = ArticlePage.objects.get(title="Séisme au large de la Grèce")
    connection.close()
    page.goto(live_server.url + article.url)
    assert page.locator("h1").inner_text() == "Moscou (AFP). Séisme au large de la Grèce"
