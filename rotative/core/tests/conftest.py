"""`public_site`: the public site that the browser tests walk (test_csp_browser,
test_accessibility_browser): one page of every kind a reader meets, with content in each (an
article with its image, a live label, a comment, an ad, an event, a job offer, legal pages)."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from rotative.accounts.tests.factories import ReaderFactory
from rotative.agenda.tests.factories import event
from rotative.bookmarks.services import bookmark_add
from rotative.classifieds.tests.factories import ad_online
from rotative.comments.tests.factories import comment_post
from rotative.jobs.tests.factories import offer
from rotative.legal.demo import legal_pages_create
from rotative.live import services as live_services
from rotative.live.models import LiveBlogPage, LiveLabel
from rotative.live.tests.conftest import asgi_server  # noqa: F401 - the ASGI server, for En direct
from rotative.news.tests.factories import (
    ArticlePageFactory,
    AuthorFactory,
    ImageFactory,
    SectionPageFactory,
)
from rotative.newsletter import links
from rotative.newsletter.tests.factories import SubscriberFactory
from rotative.pronostics import services as pronostics
from rotative.pronostics.tests.factories import match, match_day


def game_played_and_open(reader):
    """Les pronostics with a match day played and scored, and the next one open."""
    now = timezone.now()
    played = match(day=match_day(1), kickoff=now - timedelta(days=3))
    coming = match("SM Caen B", "AS Cherbourg", day=match_day(2), kickoff=now + timedelta(days=3))
    pronostics.prediction_save(
        user=reader, match=played, home_goals=2, away_goals=1, now=now - timedelta(days=4)
    )
    pronostics.prediction_save(user=reader, match=coming, home_goals=1, away_goals=1)
    pronostics.match_result_set(by=None, match=played, home_score=2, away_score=0)
    return pronostics.league_create(owner=reader, name="Les copains du port")


@pytest.fixture
def public_site(asgi_server, home, settings, tmp_path):  # noqa: F811
    settings.MEDIA_ROOT = str(tmp_path / "media")
    section = SectionPageFactory(parent=home, title="Manche", slug="manche")
    article = ArticlePageFactory(
        parent=section,
        title="La digue de Granville a cédé",
        slug="la-digue",
        lead_image=ImageFactory(),
        tags=["Tempête"],
        authors=[AuthorFactory(name="Inès Vautier")],
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
    label = LiveLabel.objects.create(name="Trafic", slug="trafic", colour="#b36200")
    live_services.live_entry_publish(author=staff, body="<p>Route fermée.</p>", label=label)
    live_services.live_entry_publish(
        author=staff, body="<p>Vents à 120 km/h.</p>", channel=blog.channel
    )
    reader = ReaderFactory(email="lectrice@example.fr", display_name="Marie L.")
    comment_post(user=reader, article=article, body="Courage aux habitants.")
    ad = ad_online(owner=reader, moderator=staff)
    # « À lire plus tard » has something to list (an ad of someone else's: hers has no button).
    bookmark_add(user=reader, target=article)
    bookmark_add(user=reader, target=ad_online(owner=staff, moderator=staff, title="Vélo de ville"))
    subscriber = SubscriberFactory(email="abonne@example.fr")
    legal_pages_create(home=home)
    league = game_played_and_open(reader)
    return {
        "league": league,
        "event": event(),
        "offer": offer(),
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


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The authorization walk's objects (authz/build.py), built once for each module that
    walks, rolled back at its end; each request is rolled back too."""
    from django.db import transaction

    from rotative.core.tests.authz.build import world_build

    with django_db_blocker.unblock(), transaction.atomic():
        yield world_build()
        transaction.set_rollback(True)


@pytest.fixture
def site_data(section):
    """The URL fuzzer's (test_hostile_input*.py): one of each kind of object, so that the real
    pages are there to be fuzzed too."""
    from rotative.comments.tests.factories import comment_post
    from rotative.live import services as live
    from rotative.live.models import LiveBlogPage
    from rotative.news.tests.factories import ArticlePageFactory

    article = ArticlePageFactory(
        parent=section, title="La digue de Granville tient bon", slug="digue", tags=["Tempête"]
    )
    comment_post(user=ReaderFactory(), article=article, body="La digue a tenu.")
    blog = section.add_child(
        instance=LiveBlogPage(title="Soirée électorale", slug="soiree", chapo="Résultats.")
    )
    blog.save_revision().publish()
    live.live_entry_publish(author=None, body="<p>Premiers résultats.</p>")
    return [section.get_parent(), section, article, blog]


@pytest.fixture
def patterns():
    """Every URL pattern the fuzzer builds a URL for (core/tests/fuzz.py)."""
    from rotative.core.tests.fuzz import url_patterns

    found, unresolved = url_patterns()
    assert not unresolved, "URL patterns the fuzzer cannot build:\n" + "\n".join(unresolved)
    return found
