"""The « Alerte info » banner on every page follows the newest alert: an article published or
republished with the flag ticked, or a flagged En direct entry, whichever is newer; it goes
when the flag is taken off or the alert ends, and the shared cache is purged each time."""

import threading
from datetime import datetime, timedelta
from http.server import ThreadingHTTPServer
from zoneinfo import ZoneInfo

import pytest
import time_machine
from bs4 import BeautifulSoup

from rotative.live import services as live_services
from rotative.live.models import LiveBlogPage
from rotative.news.models import ArticlePage
from rotative.news.tests.factories import ArticlePageFactory
from rotative.news.tests.test_publishing import PurgeRecorder

MORNING = datetime(2026, 12, 6, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))


def banner(client, url="/"):
    response = client.get(url)
    assert response.status_code == 200, url
    found = BeautifulSoup(response.content.decode(), "html.parser").select_one(".breaking")
    if found is None:
        return None
    link = found.select_one("a")
    return link.get_text(strip=True), link["href"]


def flag(article, *, on=True):
    """What the editor does: tick (or untick) « Alerte info », then « Publier »."""
    article = ArticlePage.objects.get(pk=article.pk)
    article.is_breaking = on
    article.full_clean()  # the admin form's clean: the alert's default end
    article.save_revision().publish()
    return article


@pytest.fixture
def clock():
    with time_machine.travel(MORNING, tick=False) as traveller:
        yield traveller


@pytest.mark.django_db
class TestTheNewestAlertShows:
    def test_a_second_article_alert_takes_the_banner_on_every_page(self, client, section, clock):
        first = flag(ArticlePageFactory(parent=section, title="Incendie à la raffinerie"))
        assert banner(client) == ("Incendie à la raffinerie", first.url)
        clock.shift(timedelta(minutes=20))
        second = flag(ArticlePageFactory(parent=section, title="La RN13 coupée à Carentan"))
        for url in ("/", section.url, first.url, second.url):
            assert banner(client, url) == ("La RN13 coupée à Carentan", second.url), url

    def test_ticking_an_older_story_makes_it_the_banner(self, client, section, clock):
        older = ArticlePageFactory(parent=section, title="Tempête sur le Cotentin")
        clock.shift(timedelta(minutes=30))
        flag(ArticlePageFactory(parent=section, title="Incendie à la raffinerie"))
        clock.shift(timedelta(minutes=30))
        flag(older)  # published before the other alert, ticked after it
        assert banner(client) == ("Tempête sur le Cotentin", older.url)
        assert banner(client, older.url) == ("Tempête sur le Cotentin", older.url)

    def test_a_newer_breaking_live_entry_overtakes_an_article_alert_and_back(
        self, client, section, clock
    ):
        flag(ArticlePageFactory(parent=section, title="Incendie à la raffinerie"))
        clock.shift(timedelta(minutes=10))
        entry = live_services.live_entry_publish(
            author=None,
            body="<p>Le pont de <b>Granville</b> est fermé à la circulation.</p>",
            is_breaking=True,
        )
        assert banner(client) == (
            "Le pont de Granville est fermé à la circulation.",
            f"/en-direct/#direct-{entry.pk}",
        )
        clock.shift(timedelta(minutes=10))
        newest = flag(ArticlePageFactory(parent=section, title="Le pont de Granville rouvre"))
        assert banner(client) == ("Le pont de Granville rouvre", newest.url)

    def test_an_entry_alert_leads_to_its_article_once_published(self, client, section, clock):
        story = ArticlePageFactory(parent=section, title="Le pont de Granville fermé")
        draft = ArticlePageFactory(
            parent=section, title="Pont : le détail", publish=False, live=False
        )
        entry = live_services.live_entry_publish(
            author=None, body="<p>Le pont est fermé.</p>", article=draft, is_breaking=True
        )
        assert banner(client)[1] == f"/en-direct/#direct-{entry.pk}"  # never to a 404
        live_services.live_entry_edit(entry=entry, article=story)
        assert banner(client) == ("Le pont est fermé.", story.url)

    def test_an_entry_that_is_not_an_alert_leaves_the_banner_alone(self, client, section, clock):
        article = flag(ArticlePageFactory(parent=section, title="Incendie à la raffinerie"))
        clock.shift(timedelta(minutes=10))
        live_services.live_entry_publish(author=None, body="<p>Marché de Noël ouvert.</p>")
        assert banner(client) == ("Incendie à la raffinerie", article.url)

    def test_a_draft_blogs_alert_stays_private_a_published_blogs_shows(
        self, client, section, clock
    ):
        blog = section.add_child(
            instance=LiveBlogPage(
                title="Conseil municipal", slug="conseil", chapo="À huis clos.", live=False
            )
        )
        blog.save_revision()
        entry = live_services.live_entry_publish(
            author=None, body="<p>Le maire démissionne.</p>", channel=blog.channel, is_breaking=True
        )
        assert banner(client) is None
        blog.save_revision().publish()
        assert banner(client) == ("Le maire démissionne.", f"{blog.url}#direct-{entry.pk}")


@pytest.mark.django_db
class TestTheBannerGoes:
    def test_unticking_gives_the_banner_back_to_the_previous_alert_then_none(
        self, client, section, clock
    ):
        first = flag(ArticlePageFactory(parent=section, title="Incendie à la raffinerie"))
        clock.shift(timedelta(minutes=5))
        second = flag(ArticlePageFactory(parent=section, title="La RN13 coupée à Carentan"))
        flag(second, on=False)
        assert banner(client) == ("Incendie à la raffinerie", first.url)
        flag(first, on=False)
        assert banner(client) is None

    def test_alerts_end_after_four_hours_by_default(self, client, section, clock):
        flag(ArticlePageFactory(parent=section, title="Incendie à la raffinerie"))
        clock.shift(timedelta(minutes=30))
        live_services.live_entry_publish(
            author=None, body="<p>Le pont de Granville est fermé.</p>", is_breaking=True
        )
        clock.shift(timedelta(hours=3, minutes=45))  # the article's end, not the entry's
        assert banner(client)[0] == "Le pont de Granville est fermé."
        clock.shift(timedelta(minutes=30))
        assert banner(client) is None

    def test_an_expired_alert_ticked_again_is_a_new_alert(self, client, section, clock):
        article = flag(ArticlePageFactory(parent=section, title="Incendie à la raffinerie"))
        clock.shift(timedelta(hours=5))
        assert banner(client) is None
        article.title = "Incendie à la raffinerie : le feu est éteint"
        article.save_revision().publish()  # still ticked: an old alert is not news again
        assert banner(client) is None
        flag(article, on=False)
        flag(article)
        assert banner(client) == ("Incendie à la raffinerie : le feu est éteint", article.url)

    def test_a_scheduled_alert_lasts_four_hours_from_its_publication(self, section, clock):
        article = ArticlePageFactory(parent=section, title="Résultats du bac", publish=False)
        article.go_live_at = MORNING + timedelta(hours=6)
        article.is_breaking = True
        article.full_clean()
        assert article.breaking_until == MORNING + timedelta(hours=10)

    def test_a_deleted_or_unflagged_entry_leaves_the_banner(self, client, home, clock):
        entry = live_services.live_entry_publish(
            author=None, body="<p>Le pont de Granville est fermé.</p>", is_breaking=True
        )
        live_services.live_entry_edit(entry=entry, is_breaking=False)
        assert banner(client) is None
        live_services.live_entry_edit(entry=entry, is_breaking=True)
        assert banner(client) is not None
        live_services.live_entry_delete(entry=entry)
        assert banner(client) is None


@pytest.fixture
def front_cache(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    PurgeRecorder.received = []
    settings.VARNISH_URLS = [f"http://127.0.0.1:{server.server_port}"]
    yield PurgeRecorder.received
    server.shutdown()


@pytest.mark.django_db
class TestTheCacheIsPurged:
    """Every page carries the banner: behind Varnish it is an ESI fragment of its own, which a
    change of alert purges; the pages themselves stay cached."""

    def test_ticking_and_unticking_purge_the_banner(
        self, client, section, front_cache, settings, django_capture_on_commit_callbacks
    ):
        banner_url = settings.SITE_URL + "/fragments/alerte-info/"
        article = ArticlePageFactory(parent=section, title="Tempête sur le Cotentin")
        front_cache.clear()
        with django_capture_on_commit_callbacks(execute=True):
            flag(article)
        assert banner_url in front_cache
        assert banner(client, section.url) == ("Tempête sur le Cotentin", article.url)
        front_cache.clear()
        with django_capture_on_commit_callbacks(execute=True):
            flag(article, on=False)
        assert banner_url in front_cache  # the flag taken off: the banner goes
        assert banner(client, section.url) is None

    def test_a_breaking_entry_purges_the_banner_when_posted_and_removed(
        self, client, home, front_cache, settings, django_capture_on_commit_callbacks
    ):
        banner_url = settings.SITE_URL + "/fragments/alerte-info/"
        app_feed = settings.SITE_URL + "/api/v1/direct"

        def pages(purged):  # the app's feed is purged with every entry (rotative/api)
            assert app_feed in purged
            return [url for url in purged if "/api/" not in url]

        with django_capture_on_commit_callbacks(execute=True):
            entry = live_services.live_entry_publish(author=None, body="<p>Une entrée.</p>")
        assert pages(front_cache) == []  # an ordinary entry: the side column updates itself
        front_cache.clear()
        with django_capture_on_commit_callbacks(execute=True):
            live_services.live_entry_edit(entry=entry, is_breaking=True)
        assert pages(front_cache) == [banner_url]  # not a single page
        front_cache.clear()
        with django_capture_on_commit_callbacks(execute=True):
            live_services.live_entry_delete(entry=entry)
        assert pages(front_cache) == [banner_url]
