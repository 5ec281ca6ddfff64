"""The agenda elsewhere on the site: under an article naming a commune, in the side column,
on the home page, in the sitemaps."""

from datetime import UTC, datetime
from xml.etree import ElementTree

import pytest
import time_machine

from rotative.agenda.tests.factories import event, paris, venue
from rotative.geo.tests.factories import commune
from rotative.news.tests.factories import ArticlePageFactory, body

pytestmark = pytest.mark.django_db
NOW = datetime(2027, 6, 9, 10, 0, tzinfo=UTC)  # a Wednesday
SM = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def agenda(organiser):
    for where in ("carantilly", "coutances"):
        commune(where)
    parvis = venue("coutances", name="Place du Parvis")
    with time_machine.travel(NOW, tick=False):
        return {
            "soon": event(
                title="Jazz sur le parvis",
                performers="Quartet du Parvis",
                venue=parvis,
                starts_at=paris(2027, 6, 12, 19, 0),
            ),
            "later": event(
                title="Marché de la Saint-Jean",
                category="marche",
                venue=parvis,
                starts_at=paris(2027, 6, 19, 8, 0),  # in 10 days
            ),
            "pending": event(
                organiser=organiser,
                title="Zqx fête en attente",
                venue=parvis,
                starts_at=paris(2027, 6, 11, 20, 0),
            ),
            "elsewhere": event(title="Loto du comité", starts_at=paris(2027, 6, 11, 20, 0)),
        }


def get(client, url):
    with time_machine.travel(NOW, tick=False):
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_an_article_naming_coutances_shows_its_week(client, section, agenda):
    with time_machine.travel(NOW, tick=False):
        article = ArticlePageFactory(
            parent=section,
            title="La cathédrale rouvre ses portes",
            chapo="À Coutances, les travaux de la façade s'achèvent après deux ans.",
        )
    html = get(client, article.url)
    block = html.split('class="agenda-article"', 1)[1].split("</aside>", 1)[0]
    assert "Sortir cette semaine : Coutances" in block
    assert "Jazz sur le parvis" in block and "Quartet du Parvis" in block
    assert "Marché de la Saint-Jean" not in block  # in ten days
    assert "Zqx" not in html  # pending
    assert "Loto du comité" not in block  # Carantilly: not named
    assert "/agenda/?commune=Coutances%20%2850200%29" in block


def test_an_article_naming_no_commune_has_no_block(client, section, agenda):
    with time_machine.travel(NOW, tick=False):
        article = ArticlePageFactory(
            parent=section,
            title="Les coutances du métier",  # a lower-case word is no commune
            body=body({"type": "paragraph", "value": "<p>Rien à Saint-Germain.</p>"}),
        )
    assert 'class="agenda-article"' not in get(client, article.url)


def test_side_column_and_home_page_show_what_is_next(client, home, section, agenda):
    with time_machine.travel(NOW, tick=False):
        ArticlePageFactory(parent=section, title="Une nouvelle du jour")
        ArticlePageFactory(parent=section, title="Une autre nouvelle")  # the lead is apart
    html = get(client, "/")
    side = html.split('class="agenda-side"', 1)[1].split("</section>", 1)[0]
    # The next dates, soonest first, pending ones never.
    assert side.index("Loto du comité") < side.index("Jazz sur le parvis")
    assert "Zqx" not in html
    home_block = html.split('class="section-block agenda-home"', 1)[1].split("</section>", 1)[0]
    assert "Sorties ce week-end" in home_block
    assert "Jazz sur le parvis" in home_block  # Saturday
    assert "Loto du comité" not in home_block  # Friday is not the weekend
    assert "À venir" in get(client, section.url)


def test_the_agenda_pages_do_not_repeat_the_side_block(client, agenda):
    assert 'class="agenda-side"' not in get(client, "/agenda/")


def test_the_side_column_held_for_the_site_still_leaves_it_out_of_the_agenda(
    client, section, agenda
):
    for _ in range(2):  # the second time from the side column held (core's {% held %})
        assert 'class="agenda-side"' in get(client, section.url)
    assert 'class="agenda-side"' not in get(client, "/agenda/")


def test_sitemaps_list_upcoming_published_events_and_their_venues(client, home, agenda, settings):
    # `home`: the index starts with the Wagtail site's pages, and an earlier test of the same
    # worker may have flushed the site its migration made.
    index = ElementTree.fromstring(get(client, "/sitemap.xml"))
    maps = [loc.text for loc in index.findall("sm:sitemap/sm:loc", SM)]
    assert maps[0].endswith("/sitemap-pages.xml")
    assert any(m.endswith("/sitemap-sorties.xml") for m in maps)
    events = ElementTree.fromstring(get(client, "/sitemap-sorties.xml"))
    locations = [loc.text for loc in events.findall("sm:url/sm:loc", SM)]
    assert settings.SITE_URL + agenda["soon"].get_absolute_url() in locations
    assert not any("zqx" in loc for loc in locations)
    venues = ElementTree.fromstring(get(client, "/sitemap-lieux.xml"))
    assert settings.SITE_URL + agenda["soon"].venue.get_absolute_url() in [
        loc.text for loc in venues.findall("sm:url/sm:loc", SM)
    ]


def test_a_past_event_leaves_the_sitemap(client, agenda):
    with time_machine.travel(datetime(2027, 7, 1, tzinfo=UTC), tick=False):
        text = client.get("/sitemap-sorties.xml").content.decode()
    assert "jazz-sur-le-parvis" not in text
