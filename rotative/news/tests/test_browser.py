"""An editor works on stories in the French Wagtail admin, in a real browser: the date fields
show and keep French dates (06/12/2026 14:05), so republishing, adding a correction and saving
a scheduled story again go through."""

import re
import shutil
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from rotative.accounts.services import account_email_confirm
from rotative.core.tests.browser import logged_in_page
from rotative.news.models import ArticleCorrection, ArticlePage
from rotative.news.tests.factories import ArticlePageFactory, ImageFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
    pytest.mark.django_db(transaction=True),
]

PARIS = ZoneInfo("Europe/Paris")
FRENCH_DATETIME = re.compile(r"^\d\d/\d\d/\d{4} \d\d:\d\d$")


def paris(*args):
    return datetime(*args, tzinfo=PARIS)


def said(page) -> str:
    """The page's text, French non-breaking spaces as plain ones."""
    return re.sub(r"[\s\u00a0\u202f]+", " ", page.locator("body").inner_text())


@pytest.fixture
def editor(db):
    user = get_user_model().objects.create_superuser(
        "redaction", "redaction@example.org", "mot-de-passe-long"
    )
    account_email_confirm(user=user)
    return user


def publish(page, name="Publier"):
    """« Publier » (« Programmer pour publication » with a date) sits under the footer's
    « Plus d'actions »."""
    page.get_by_role("button", name="Plus d'actions").click()
    page.get_by_role("button", name=name, exact=True).click()


def test_editor_republishes_the_breaking_story_with_its_dates(
    chromium, live_server, home, section, editor, settings
):
    settings.SITE_URL = live_server.url
    article = ArticlePageFactory(
        parent=section, title="Incendie au port de Cherbourg", lead_image=ImageFactory()
    )
    article.is_breaking = True
    article.breaking_until = paris(2099, 1, 15, 14, 5)
    article.expire_at = paris(2099, 1, 31, 23, 30)
    article.corrections = [
        ArticleCorrection(date=paris(2026, 11, 20, 10, 30), text="Le nom du quai a été corrigé.")
    ]
    article.save_revision().publish()
    connection.close()  # the live server's threads take their own connections

    page = logged_in_page(chromium, live_server.url, editor)
    edit_url = f"{live_server.url}/admin/pages/{article.pk}/edit/"
    page.goto(edit_url)
    assert page.locator("[name=breaking_until]").input_value() == "15/01/2099 14:05"
    assert page.locator("[name=expire_at]").input_value() == "31/01/2099 23:30"
    assert page.locator("[name='corrections-0-date']").input_value() == "20/11/2026 10:30"

    # A second correction comes dated now, ready to publish: nothing to retype.
    page.get_by_role("button", name="Ajouter un(e) rectificatif").click()
    new_date = page.locator("[name='corrections-1-date']").input_value()
    assert FRENCH_DATETIME.match(new_date), new_date
    page.locator("[name='corrections-1-text']").fill("L'heure de l'incendie a été précisée.")
    page.locator("#id_title").fill("Incendie au port de Cherbourg : le feu est maîtrisé")
    publish(page)
    page.wait_for_url("**/admin/pages/*/")
    assert "La page « Incendie au port de Cherbourg : le feu est maîtrisé » a été publiée." in said(
        page
    )

    page.goto(edit_url)
    assert page.locator("[name=breaking_until]").input_value() == "15/01/2099 14:05"
    assert page.locator("[name=expire_at]").input_value() == "31/01/2099 23:30"
    assert page.locator("[name='corrections-0-date']").input_value() == "20/11/2026 10:30"
    assert page.locator("[name='corrections-1-date']").input_value() == new_date
    assert "Saisissez une date et une heure valides" not in said(page)

    story = ArticlePage.objects.get(pk=article.pk)
    assert story.is_breaking and story.breaking_until == paris(2099, 1, 15, 14, 5)
    assert [c.text for c in story.corrections.order_by("sort_order")] == [
        "Le nom du quai a été corrigé.",
        "L'heure de l'incendie a été précisée.",
    ]
    connection.close()
    page.goto(live_server.url + story.url)
    assert (
        "Incendie au port de Cherbourg : le feu est maîtrisé"
        in page.locator(".breaking").inner_text()
    )
    assert "Rectificatif du vendredi 20 novembre 2026 à 10h30" in said(page)


def test_editor_saves_a_scheduled_story_again(chromium, live_server, home, section, editor):
    article = ArticlePageFactory(
        parent=section, title="Dépêche sous embargo", lead_image=ImageFactory(), publish=False
    )
    article.go_live_at = paris(2099, 1, 16, 6, 45)
    article.save_revision()
    connection.close()

    page = logged_in_page(chromium, live_server.url, editor)
    edit_url = f"{live_server.url}/admin/pages/{article.pk}/edit/"
    page.goto(edit_url)
    assert page.locator("[name=go_live_at]").input_value() == "16/01/2099 06:45"
    page.locator("#id_title").fill("Dépêche sous embargo, complétée")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    page.wait_for_load_state()
    assert "La page « Dépêche sous embargo, complétée » a été mise à jour." in said(page)
    assert page.locator("[name=go_live_at]").input_value() == "16/01/2099 06:45"

    publish(page, "Programmer pour publication")
    page.wait_for_url("**/admin/pages/*/")
    assert "« Dépêche sous embargo, complétée » a été planifiée pour publication." in said(page)
    story = ArticlePage.objects.get(pk=article.pk)
    assert not story.live
    assert story.scheduled_revision.approved_go_live_at == paris(2099, 1, 16, 6, 45)
