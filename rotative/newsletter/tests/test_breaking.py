"""Breaking-news and topic alerts, from the editor's flag to a real SMTP server and a real
(local) push service: who gets them, what they say, and never twice."""

import pytest
from django.conf import settings
from django.db import transaction
from taggit.models import Tag

from rotative.core.identity import site_identity
from rotative.live import services as live_services
from rotative.live.models import LiveEntry
from rotative.news.tests.factories import ArticlePageFactory, ImageFactory, SectionPageFactory
from rotative.newsletter import services
from rotative.newsletter.models import Alert, Mailing
from rotative.newsletter.tests.factories import SubscriberFactory
from rotative.newsletter.tests.push_service import (  # noqa: F401 (a fixture)
    Browser,
    push_service_fixture,
)

pytestmark = pytest.mark.django_db

TITLE = "La digue de Granville a cédé"


@pytest.fixture
def browser(push_service):
    browser = Browser()
    services.push_subscription_save(
        endpoint=push_service.endpoint("marie"), **browser.subscription_json("x")["keys"]
    )
    return browser


def subject(message) -> str:
    # A long encoded subject is folded onto the next header line: what the reader sees is
    # the text without the fold's leading space.
    return str(message["Subject"]).strip()


def recipients(messages, subject_start=""):
    return sorted(m["To"] for m in messages if subject(m).startswith(subject_start))


def test_a_flagged_article_alerts_confirmed_breaking_subscribers_and_browsers_once(
    section, smtp_server, push_service, browser, django_capture_on_commit_callbacks
):
    SubscriberFactory(email="alertes@example.fr")
    SubscriberFactory(email="matin-seulement@example.fr", breaking=False)
    SubscriberFactory(email="pas-confirme@example.fr", confirmed=False)
    gone = SubscriberFactory(email="parti@example.fr")
    services.subscriber_unsubscribe(subscriber=gone)

    with django_capture_on_commit_callbacks(execute=True):
        article = ArticlePageFactory(parent=section, title=TITLE, slug="digue", is_breaking=True)

    (message,) = smtp_server.wait_for(1)
    assert message["To"] == "alertes@example.fr"
    assert subject(message) == f"Alerte info : {TITLE}"
    story_url = settings.SITE_URL + article.url
    text = smtp_server.text(message)
    assert story_url in text and "/newsletter/desinscription/" in text
    html = message.get_body(preferencelist=("html",)).get_content()
    assert f'href="{story_url}"' in html and 'name="viewport"' in html
    assert "__ROTATIVE_" not in html + text  # every placeholder replaced
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    (request,) = push_service.received("marie")
    assert browser.read(request) == {
        "title": f"{site_identity().name} · Alerte info",
        "body": TITLE,
        "url": story_url,
        "tag": f"alerte-{Alert.objects.get(kind='breaking').pk}",
    }

    # Published again, unflagged then flagged again: never a second alert.
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
        article.is_breaking = False
        article.save_revision().publish()
        article.is_breaking = True
        article.save_revision().publish()
    assert len(smtp_server.messages) == 1
    assert len(push_service.requests) == 1
    assert Alert.objects.filter(kind="breaking").count() == 1
    assert Mailing.objects.filter(kind="breaking").count() == 1


def test_setting_the_flag_on_a_live_article_alerts_then(
    section, smtp_server, django_capture_on_commit_callbacks
):
    SubscriberFactory(email="alertes@example.fr")
    with django_capture_on_commit_callbacks(execute=True):
        article = ArticlePageFactory(parent=section, title=TITLE, slug="digue")
    assert smtp_server.messages == []  # not breaking, and nobody follows Manche

    article.is_breaking = True
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    assert [subject(m) for m in smtp_server.wait_for(1)] == [f"Alerte info : {TITLE}"]


def test_an_expired_flag_republished_does_not_alert(
    section, smtp_server, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    SubscriberFactory(email="alertes@example.fr")
    article = ArticlePageFactory(parent=section, title=TITLE, slug="digue")
    article.is_breaking = True
    article.breaking_until = timezone.now() - timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    assert not Alert.objects.filter(kind="breaking").exists()
    assert smtp_server.messages == []


def test_a_flagged_live_entry_alerts_once_even_when_edited(
    smtp_server, push_service, browser, django_capture_on_commit_callbacks
):
    SubscriberFactory(email="alertes@example.fr")
    with django_capture_on_commit_callbacks(execute=True):
        entry = live_services.live_entry_publish(
            author=None,
            body="<p>Incendie dans une usine de Coutances : la route est coupée.</p>",
            is_breaking=True,
        )
    (message,) = smtp_server.wait_for(1)
    assert subject(message) == (
        "Alerte info : Incendie dans une usine de Coutances : la route est coupée."
    )
    url = f"{settings.SITE_URL}/en-direct/#direct-{entry.pk}"
    assert url in smtp_server.text(message)
    assert browser.read(push_service.received("marie")[0])["url"] == url

    with django_capture_on_commit_callbacks(execute=True):
        live_services.live_entry_edit(
            entry=entry, body="<p>Incendie à Coutances : la route est rouverte.</p>"
        )
    assert len(smtp_server.messages) == 1 and len(push_service.requests) == 1

    # An entry posted plainly, then flagged: the edit alerts.
    with django_capture_on_commit_callbacks(execute=True):
        plain = live_services.live_entry_publish(author=None, body="<p>Vent fort à Granville.</p>")
    assert len(smtp_server.messages) == 1
    with django_capture_on_commit_callbacks(execute=True):
        live_services.live_entry_edit(entry=plain, is_breaking=True)
    assert recipients(smtp_server.wait_for(2), "Alerte info : Vent fort") == ["alertes@example.fr"]


def test_a_flagged_entry_is_alerted_in_its_transaction_and_rolled_back_with_it(
    django_capture_on_commit_callbacks,
):
    # Live announces (core.signals.breaking_entry_posted), the newsletter listens: the alert's
    # row is written with the entry and nothing leaves before the commit.
    SubscriberFactory(email="alertes@example.fr")
    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        entry = live_services.live_entry_publish(
            author=None, body="<p>Alerte à la bombe : fausse alerte.</p>", is_breaking=True
        )
        assert Alert.objects.filter(live_entry=entry, kind=Alert.Kind.BREAKING).count() == 1
        raise RuntimeError("the desk's transaction fails")
    assert not Alert.objects.exists()
    assert callbacks == []


def test_topic_alerts_reach_followers_of_the_section_or_a_tag_only_once(
    home, section, smtp_server, django_capture_on_commit_callbacks
):
    calvados = SectionPageFactory(parent=home, title="Calvados", slug="calvados")
    storm = Tag.objects.create(name="Tempête", slug="tempete")
    market = Tag.objects.create(name="Marchés", slug="marches")

    def follower(email, *, sections=(), tags=(), breaking=False):
        subscriber = SubscriberFactory(email=email, breaking=breaking)
        return services.subscriber_preferences_update(
            subscriber=subscriber,
            morning=True,
            breaking=breaking,
            sections=list(sections),
            tags=list(tags),
            communes=[],
        )

    follower("manche@example.fr", sections=[section])
    follower("tempete@example.fr", tags=[storm])
    follower("les-deux@example.fr", sections=[section], tags=[storm])
    follower("calvados@example.fr", sections=[calvados])
    follower("marches@example.fr", tags=[market])
    follower("rien@example.fr")
    follower("pas-confirme@example.fr", sections=[section])  # confirmed by choosing, see below
    from rotative.newsletter.models import Subscriber

    Subscriber.objects.filter(email="pas-confirme@example.fr").update(status="pending")

    with django_capture_on_commit_callbacks(execute=True):
        article = ArticlePageFactory(
            parent=section, title="Coup de vent sur la côte", slug="vent", tags=["Tempête"]
        )
    received = smtp_server.wait_for(3)
    assert recipients(received) == [
        "les-deux@example.fr",
        "manche@example.fr",
        "tempete@example.fr",
    ]
    assert {subject(m) for m in received} == {"Manche : Coup de vent sur la côte"}
    assert settings.SITE_URL + article.url in smtp_server.text(received[0])
    assert "Tempête" in smtp_server.text(received[0])

    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()  # an update is not a new story
    assert len(smtp_server.messages) == 3
    assert Mailing.objects.filter(kind="topic").count() == 1


def test_a_breaking_story_leaves_out_of_its_topic_alert_whoever_the_breaking_alert_reached(
    section, smtp_server, django_capture_on_commit_callbacks
):
    def follower(email, *, breaking):
        subscriber = SubscriberFactory(email=email, breaking=breaking)
        services.subscriber_preferences_update(
            subscriber=subscriber,
            morning=True,
            breaking=breaking,
            sections=[section],
            tags=[],
            communes=[],
        )

    follower("alertes-et-manche@example.fr", breaking=True)
    follower("manche-seulement@example.fr", breaking=False)
    SubscriberFactory(email="alertes@example.fr")

    with django_capture_on_commit_callbacks(execute=True):
        ArticlePageFactory(parent=section, title=TITLE, slug="digue", is_breaking=True)
    received = smtp_server.wait_for(3)
    assert len(received) == 3
    assert recipients(received, "Alerte info") == [
        "alertes-et-manche@example.fr",
        "alertes@example.fr",
    ]
    assert recipients(received, "Manche :") == ["manche-seulement@example.fr"]


# --- the editors' side ------------------------------------------------------------------------


@pytest.fixture
def editor(client):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_superuser(
        "redaction", "redaction@example.org", "motdepasse"
    )
    client.force_login(user)
    return user


def test_the_flag_is_set_in_the_wagtail_editor_and_alerts_on_publish(
    client, editor, section, smtp_server, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    from rotative.news.tests.test_admin import article_form

    SubscriberFactory(email="alertes@example.fr")
    add_url = reverse("wagtailadmin_pages:add", args=["news", "articlepage", section.pk])
    page = client.get(add_url).content.decode()
    assert 'name="is_breaking"' in page and "Alerte info" in page

    data = article_form(section, ImageFactory(), is_breaking="on")
    data["action-publish"] = "action-publish"
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(add_url, data).status_code == 302
    (message,) = smtp_server.wait_for(1)
    assert subject(message) == "Alerte info : Les ostréiculteurs de Blainville face à la tempête"

    from rotative.news.models import ArticlePage

    article = ArticlePage.objects.get()
    edit_url = reverse("wagtailadmin_pages:edit", args=[article.pk])
    assert 'name="is_breaking"' in client.get(edit_url).content.decode()
    data = article_form(section, article.lead_image, is_breaking="on")
    data["action-publish"] = "action-publish"
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(edit_url, data).status_code == 302
    assert len(smtp_server.messages) == 1


def test_the_flag_is_set_in_the_live_desk_and_alerts(
    client, editor, smtp_server, django_capture_on_commit_callbacks
):
    SubscriberFactory(email="alertes@example.fr")
    desk = client.get("/admin/en-direct/").content.decode()
    assert 'name="is_breaking"' in desk
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/en-direct/",
            {
                "body": '{"blocks":[{"key":"a","text":"Séisme ressenti à Cherbourg.",'
                '"type":"unstyled","depth":0,"inlineStyleRanges":[],"entityRanges":[]}],'
                '"entityMap":{}}',
                "is_breaking": "on",
            },
        )
    assert response.status_code == 302
    entry = LiveEntry.objects.get()
    assert entry.is_breaking
    (message,) = smtp_server.wait_for(1)
    assert subject(message) == "Alerte info : Séisme ressenti à Cherbourg."
    assert Alert.objects.get().live_entry == entry


def test_topic_alerts_reach_followers_of_a_commune_the_story_is_about(
    home, section, smtp_server, django_capture_on_commit_callbacks
):
    from rotative.geo.tests.factories import commune

    coutances, saint_pair = commune("coutances"), commune("saint-pair")
    for email, followed in (
        ("coutances@example.fr", coutances),
        ("st-pair@example.fr", saint_pair),
    ):
        services.subscriber_preferences_update(
            subscriber=SubscriberFactory(email=email, breaking=False),
            morning=True,
            breaking=False,
            sections=[],
            tags=[],
            communes=[followed],
        )
    with django_capture_on_commit_callbacks(execute=True):
        ArticlePageFactory(
            parent=section,
            title="Le marché du samedi déménage",
            slug="marche",
            communes=[coutances],
        )
    (message,) = smtp_server.wait_for(1)
    assert message["To"] == "coutances@example.fr"
    assert subject(message) == "Manche : Le marché du samedi déménage"


def test_a_browser_subscribed_for_saved_searches_only_gets_no_breaking_news(
    section, push_service, django_capture_on_commit_callbacks
):
    from rotative.accounts.tests.factories import ReaderFactory

    reader = ReaderFactory(email="recherches@example.fr")
    services.push_subscription_save(
        endpoint=push_service.endpoint("recherches"),
        **Browser().subscription_json("x")["keys"],
        user=reader,
        breaking_news=False,
    )
    services.push_subscription_save(
        endpoint=push_service.endpoint("info"), **Browser().subscription_json("x")["keys"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        ArticlePageFactory(parent=section, title=TITLE, slug="digue", is_breaking=True)

    assert push_service.received("info") and not push_service.received("recherches")


def test_a_batch_of_stories_mails_those_followed_and_closes_the_others_at_once(
    home, section, smtp_server, django_capture_on_commit_callbacks
):
    """The wire's batches (core.batching): one task for all their alerts, where the stories
    nobody follows are closed together without a mailing, and the others mailed as ever."""
    from rotative.core.batching import batched

    calvados = SectionPageFactory(parent=home, title="Calvados", slug="calvados")
    storm = Tag.objects.create(name="Tempête", slug="tempete")
    for email, sections, tags in (
        ("manche@example.fr", [section], []),
        ("tempete@example.fr", [], [storm]),
    ):
        services.subscriber_preferences_update(
            subscriber=SubscriberFactory(email=email, breaking=False),
            morning=True,
            breaking=False,
            sections=sections,
            tags=tags,
            communes=[],
        )
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic(), batched():
        followed = ArticlePageFactory(parent=section, title="La digue tient", slug="digue")
        by_tag = ArticlePageFactory(
            parent=calvados, title="Coup de vent à Honfleur", slug="vent", tags=["Tempête"]
        )
        nobody = ArticlePageFactory(parent=calvados, title="La foire de Lisieux", slug="foire")
    received = smtp_server.wait_for(2)
    assert sorted((m["To"], subject(m)) for m in received) == [
        ("manche@example.fr", "Manche : La digue tient"),
        ("tempete@example.fr", "Calvados : Coup de vent à Honfleur"),
    ]
    alerts = {alert.article_id: alert for alert in Alert.objects.filter(kind="topic")}
    assert all(alert.mailed_at is not None for alert in alerts.values())
    assert alerts[followed.pk].mailing and alerts[by_tag.pk].mailing
    assert alerts[nobody.pk].mailing is None
