"""The morning newsletter: composition, the editor's changes, sending once, the mail itself."""

import re
from datetime import datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from taggit.models import Tag

from rotative.home.models import HomePage, PinnedTopic
from rotative.news.models import ArticlePage, ArticleViewCount
from rotative.news.tests.factories import ArticlePageFactory, ImageFactory, SectionPageFactory
from rotative.newsletter import digest as digests
from rotative.newsletter import services, tasks
from rotative.newsletter.models import Delivery, Digest, Mailing, Subscriber
from rotative.newsletter.tests.factories import SubscriberFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def day():
    return timezone.localdate()


@pytest.fixture
def send_time(day):
    return digests.local_at(day, digests.SEND_AT)


def story(section, title, published_at, **kwargs):
    return ArticlePageFactory(parent=section, title=title, published_at=published_at, **kwargs)


def views(article, count, at):
    ArticleViewCount.objects.create(
        article=article, hour=at.replace(minute=0, second=0, microsecond=0), count=count
    )


def titles(digest):
    return [item.article.title for item in digest.items.select_related("article")]


# --- composition -----------------------------------------------------------------------------


def test_composition_picks_the_days_stories_in_editorial_order(home, section, day, send_time):
    other = SectionPageFactory(parent=home, title="Calvados", slug="calvados", nav_order=200)
    Tag.objects.create(name="Tempête", slug="tempete")
    hours = lambda n: send_time - timedelta(hours=n)  # noqa: E731

    story(section, "Trop ancien", hours(25))
    story(section, "Après l'envoi", send_time + timedelta(minutes=5))
    ArticlePageFactory(parent=section, title="Brouillon", publish=False)
    plain_recent = story(section, "Manche récent", hours(2))
    story(section, "Manche ancien", hours(20))
    story(other, "Calvados récent", hours(1))
    read = story(other, "Très lu", hours(10))
    views(read, 500, hours(3))
    views(read, 9999, hours(30))  # views before the window do not count
    less_read = story(section, "Un peu lu", hours(12))
    views(less_read, 40, hours(4))
    story(other, "Sujet épinglé", hours(15), tags=["Tempête"])
    story(other, "Alerte", hours(16), is_breaking=True)
    pinned_page = story(other, "Page épinglée", hours(18))
    lead = story(other, "La Une", hours(23))
    HomePage.objects.filter(pk=home.pk).update(lead_article=lead)
    PinnedTopic.objects.create(label="Tempête", tag=Tag.objects.get(slug="tempete"))
    PinnedTopic.objects.create(label="Dossier", page=pinned_page)
    PinnedTopic.objects.create(
        label="Expiré", page=plain_recent, expires_at=timezone.now() - timedelta(hours=1)
    )

    digest = digests.digest_compose(day=day)

    assert titles(digest) == [
        "La Une",
        "Page épinglée",
        "Alerte",
        "Sujet épinglé",
        "Très lu",
        "Un peu lu",
        "Manche récent",  # the first section of the menu first, then the newest
        "Manche ancien",
    ]  # eight stories: « Calvados récent » is the ninth
    assert [item.position for item in digest.items.all()] == list(range(1, 9))
    assert digest.status == Digest.Status.DRAFT
    assert "La lettre du matin du" in digest.subject


def test_composition_is_idempotent_and_never_undoes_an_editors_work(section, day, send_time):
    first = story(section, "Premier", send_time - timedelta(hours=3))
    second = story(section, "Second", send_time - timedelta(hours=2))
    digest = digests.digest_compose(day=day)
    items = list(digest.items.values_list("pk", flat=True))
    assert digests.digest_compose(day=day).pk == digest.pk
    assert list(digest.items.values_list("pk", flat=True)) == items  # nothing rewritten

    # An untouched draft takes in a story published later in the night.
    story(section, "Tombé à 6 h", send_time - timedelta(minutes=30))
    assert titles(digests.digest_compose(day=day)) == ["Tombé à 6 h", "Second", "Premier"]

    # Once an editor has changed it, it stays as they left it.
    editor_item = digest.items.get(article=first)
    digests.digest_item_move(digest=digest, user=None, item_id=editor_item.pk, offset=-1)
    story(section, "Tombé à 6 h 45", send_time - timedelta(minutes=15))
    assert titles(digests.digest_compose(day=day)) == ["Tombé à 6 h", "Premier", "Second"]
    assert Digest.objects.count() == 1
    assert second.pk in digest.items.values_list("article", flat=True)


def test_a_sent_digest_can_no_longer_be_changed(section, day, send_time):
    story(section, "Premier", send_time - timedelta(hours=3))
    SubscriberFactory()
    digest = digests.digest_compose(day=day)
    digests.digest_send(digest=digest)
    with pytest.raises(digests.DigestError):
        digests.digest_item_remove(digest=digest, user=None, item_id=digest.items.get().pk)
    with pytest.raises(digests.DigestError):
        digests.digest_send(digest=digest)
    assert digest.items.count() == 1 and Mailing.objects.filter(kind="digest").count() == 1


# --- the 07:00 run ---------------------------------------------------------------------------


def test_the_morning_run_sends_once_to_confirmed_morning_subscribers_only(
    section, day, send_time, smtp_server, django_capture_on_commit_callbacks
):
    story(section, "La digue a tenu", send_time - timedelta(hours=3))
    SubscriberFactory(email="lectrice@example.fr")
    SubscriberFactory(email="pas-confirme@example.fr", confirmed=False)
    SubscriberFactory(email="pas-le-matin@example.fr", morning=False)
    services.subscriber_unsubscribe(subscriber=SubscriberFactory(email="partie@example.fr"))
    services.address_suppress(
        email=SubscriberFactory(email="rebond@example.fr").email, reason="hard_bounce"
    )

    with django_capture_on_commit_callbacks(execute=True):
        tasks.digest_send_morning.enqueue(day=day.isoformat())
    (received,) = smtp_server.wait_for(1)
    assert received["To"] == "lectrice@example.fr"
    assert received["Subject"].startswith("La lettre du matin du")

    # Run again (a second worker, a retried task): nobody gets a second copy.
    with django_capture_on_commit_callbacks(execute=True):
        tasks.digest_send_morning.enqueue(day=day.isoformat())
        tasks.digest_prepare.enqueue(day=day.isoformat())
    assert len(smtp_server.messages) == 1
    digest = Digest.objects.get(date=day)
    assert digest.is_sent and digest.sent_at is not None
    assert Mailing.objects.filter(kind=Mailing.Kind.DIGEST).count() == 1
    assert list(digest.mailing.deliveries.values_list("status", flat=True)) == ["sent"]


def test_a_run_after_its_day_sends_nothing(section, day, send_time, smtp_server):
    story(section, "Hier", send_time - timedelta(days=1, hours=3))
    SubscriberFactory()
    assert digests.digest_morning_send(day=day - timedelta(days=1)) is None
    assert not Digest.objects.exists() and not smtp_server.messages


def test_an_empty_morning_sends_nothing(day, home, smtp_server):
    SubscriberFactory()
    assert digests.digest_morning_send(day=day) is None
    assert Digest.objects.get(date=day).status == Digest.Status.DRAFT
    assert not Mailing.objects.filter(kind="digest").exists()


def test_the_schedule_follows_paris_time_across_daylight_saving():
    spring = datetime(2026, 3, 28, 8, 0, tzinfo=PARIS)  # DST starts the next night
    moment = digests.next_at(digests.SEND_AT, now=spring)
    assert (moment.astimezone(PARIS).date().isoformat(), moment.astimezone(PARIS).hour) == (
        "2026-03-29",
        7,
    )
    assert moment.utcoffset() == timedelta(hours=2)
    early = datetime(2026, 11, 26, 5, 0, tzinfo=PARIS)
    assert digests.next_at(digests.PREPARE_AT, now=early).astimezone(PARIS).time().isoformat() == (
        "05:30:00"
    )
    assert digests.next_at(digests.SEND_AT, now=early).date() == early.date()


# --- the mail --------------------------------------------------------------------------------


def test_the_mail_has_both_parts_unsubscribe_headers_and_links_that_resolve(
    client, section, day, send_time, smtp_server, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "http://testserver"
    story(
        section,
        "La digue de Granville résiste",
        send_time - timedelta(hours=3),
        lead_image=ImageFactory(caption="La digue sous les vagues"),
        chapo="Les vagues ont passé la digue sans la rompre.",
    )
    story(
        section,
        "Crues: la Sienne déborde",
        send_time - timedelta(hours=4),
        agency="AFP",
        dateline="Coutances",
    )
    SubscriberFactory(email="lectrice@example.fr")
    digest = digests.digest_compose(day=day)
    with django_capture_on_commit_callbacks(execute=True):
        digests.digest_send(digest=digest)
    (message,) = smtp_server.wait_for(1)

    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/newsletter/desinscription/" in message["List-Unsubscribe"]
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Coutances (AFP). Crues: la Sienne déborde" in text
    assert "Lire l'article : http://testserver/manche/" in text
    assert "__ROTATIVE_" not in text + html

    page = BeautifulSoup(html, "html.parser")
    assert not page.find_all(["script", "link", "style"])  # inline styles only
    assert page.find("table", attrs={"role": "presentation"}) is not None
    assert "max-width:600px" in html
    preheader = page.find("div", style=re.compile("display:none"))
    assert "La digue de Granville résiste" in preheader.get_text()
    (image,) = page.find_all("img")
    assert image["alt"] == "La digue sous les vagues"
    assert image["src"].startswith("http://testserver/") and image["src"].endswith(".jpg")
    read_links = [
        a["href"] for a in page.find_all("a") if a.get_text(strip=True) == "Lire l'article"
    ]
    assert len(read_links) == 2
    hrefs = {a["href"] for a in page.find_all("a")}
    assert all(href.startswith("http://testserver/") for href in hrefs)
    for href in hrefs | {image["src"]}:
        response = client.get(urlsplit(href).path)
        assert response.status_code == 200, href
    assert any("/newsletter/preferences/" in href for href in hrefs)
    assert str(message["List-Unsubscribe"]).strip(" <>") in hrefs


def test_an_unpublished_story_is_left_out_of_the_mail(section, day, send_time):
    kept = story(section, "Gardé", send_time - timedelta(hours=3))
    gone = story(section, "Retiré", send_time - timedelta(hours=2))
    digest = digests.digest_compose(day=day)
    ArticlePage.objects.get(pk=gone.pk).unpublish()
    html, text = digests.digest_render(digest=digest)
    assert kept.title in text and gone.title not in text and gone.title not in html


def test_subscribers_states_are_untouched_by_a_digest(section, day, send_time):
    story(section, "Premier", send_time - timedelta(hours=3))
    pending = SubscriberFactory(confirmed=False)
    digests.digest_send(digest=digests.digest_compose(day=day))
    pending.refresh_from_db()
    assert pending.status == Subscriber.Status.PENDING
    assert not Delivery.objects.filter(subscriber=pending, mailing__kind="digest").exists()
