"""A reader in a real browser (Debian's chromium driven by Playwright)."""

import shutil

import pytest
from django.db import connection

from rotative.news.models import ArticleViewCount
from rotative.news.tests.factories import (
    ArticlePageFactory,
    AuthorFactory,
    ImageFactory,
    SectionPageFactory,
    body,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def page(chromium):
    # A reader's browser: headless user agents are not counted as readers.
    user_agent = chromium.new_page().evaluate("navigator.userAgent").replace("Headless", "")
    context = chromium.new_context(
        locale="fr-FR", timezone_id="Europe/Paris", user_agent=user_agent
    )
    yield context.new_page()
    context.close()


@pytest.fixture
def newsroom(home, settings, live_server):
    settings.SITE_URL = live_server.url
    manche = SectionPageFactory(parent=home, title="Manche", slug="manche")
    monde = SectionPageFactory(parent=home, title="France-Monde", slug="france-monde")
    ArticlePageFactory(
        parent=manche, title="Coutances : le marché couvert rouvre ses portes", tags=["Coutances"]
    )
    lead = ArticlePageFactory(
        parent=monde,
        title="Le sommet de Bruxelles s'achève sans accord",
        slug="sommet-de-bruxelles",
        chapo="Les Vingt-Sept se sont séparés au petit matin, sans compromis sur le budget.",
        agency="AFP",
        dateline="Bruxelles",
        lead_image=ImageFactory(caption="La salle du Conseil européen", credit="AFP"),
        tags=["Europe", "Diplomatie"],
        authors=[AuthorFactory(name="Inès Vautier")],
        body=body(
            {
                "type": "paragraph",
                "value": "<p>Négociations toute la nuit à l'Élysée puis à Bruxelles.</p>",
            },
            {"type": "intertitle", "value": "Un budget en suspens"},
            {
                "type": "quote",
                "value": {"text": "Nous reviendrons en janvier.", "attribution": "Une diplomate"},
            },
        ),
    )
    home.lead_article = lead
    home.save_revision().publish()
    return {"url": live_server.url, "lead": lead}


def test_reader_follows_the_lead_story_and_searches(page, newsroom):
    page.goto(newsroom["url"] + "/")
    assert page.locator(".site-nav").get_by_role("link", name="France-Monde").is_visible()
    lead_link = page.locator(".la-une").get_by_role("link", name="Le sommet de Bruxelles")
    lead_link.click()
    page.wait_for_url("**/france-monde/sommet-de-bruxelles/")

    title = page.locator("h1.article__title")
    assert title.inner_text() == "Bruxelles (AFP). Le sommet de Bruxelles s'achève sans accord"
    assert "sans compromis sur le budget" in page.locator(".article__chapo").inner_text()
    figure = page.locator(".article__image")
    assert figure.locator("img").evaluate("img => img.complete && img.naturalWidth > 0")
    assert figure.locator("figcaption").inner_text() == "La salle du Conseil européen - AFP"
    assert page.locator(".article__body h2").inner_text() == "Un budget en suspens"
    assert "Nous reviendrons en janvier." in page.locator(".article__body blockquote").inner_text()
    assert "Par Inès Vautier avec AFP" in page.locator(".article__byline").inner_text()
    assert page.locator(".article__dates").inner_text().startswith("Publié le ")
    assert page.locator(".article__tags a").all_inner_texts() == ["Diplomatie", "Europe"]
    assert page.locator(".article__section").inner_text() == "FRANCE-MONDE"  # shown in capitals

    # The reading was counted by the page's beacon, without any cookie.
    page.wait_for_timeout(300)
    assert ArticleViewCount.objects.filter(article=newsroom["lead"]).exists()
    connection.close()  # Playwright's greenlet has its own connection: give it back now
    assert page.context.cookies() == []

    page.get_by_label("Rechercher", exact=True).fill("elysee")
    page.get_by_role("button", name="Rechercher").first.click()
    page.wait_for_url("**/recherche/?q=elysee")
    assert page.get_by_role("status").inner_text() == "1 article correspond à « elysee »."
    assert "Le sommet de Bruxelles" in page.locator(".search-results").inner_text()
