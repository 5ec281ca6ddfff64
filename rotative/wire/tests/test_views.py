"""The wire desk in the admin: queue with filters, preview, one-click publishing."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from rotative.news.models import ArticlePage
from rotative.news.tests.factories import SectionPageFactory
from rotative.wire import services
from rotative.wire.models import Dispatch
from rotative.wire.tests.factories import WireSourceFactory, wire_item


@pytest.fixture
def editor(db, client, home):  # home: the dashboard needs the page tree
    user = get_user_model().objects.create_superuser("desk", "desk@example.org", "motdepasse")
    client.force_login(user)
    return user


@pytest.fixture
def dispatches(db):
    afp, reuters = WireSourceFactory(name="AFP"), WireSourceFactory(name="Reuters")
    stored = {}
    for key, source, overrides in [
        ("urgent", afp, {"guid": "a1", "urgency": 1, "headline": "Séisme au large de la Grèce"}),
        (
            "sport",
            afp,
            {
                "guid": "a2",
                "urgency": 5,
                "headline": "Le Tour de France passera par Caen",
                "subjects": (),
            },
        ),
        (
            "reuters",
            reuters,
            {"guid": "r1", "urgency": 4, "headline": "Bourse : Paris termine en hausse"},
        ),
        (
            "script",
            afp,
            {
                "guid": "a3",
                "urgency": 4,
                "headline": "Corps piégé",
                "body_html": "<p>Texte <script>alert(1)</script><img src=x onerror=alert(2)></p>",
            },
        ),
    ]:
        dispatch = services.dispatch_store(item=wire_item(**overrides), source=source)
        services.dispatch_apply(dispatch=dispatch)
        stored[key] = dispatch
    return stored


def queue_titles(client, **params):
    html = client.get(reverse("wire_queue"), params).content.decode()
    from bs4 import BeautifulSoup

    return [a.text for a in BeautifulSoup(html, "html.parser").select(".wire-queue td.title a")]


@pytest.mark.django_db
class TestQueue:
    def test_queue_lists_newest_first_and_filters(self, client, editor, dispatches):
        assert queue_titles(client) == [
            "Corps piégé",
            "Bourse : Paris termine en hausse",
            "Le Tour de France passera par Caen",
            "Séisme au large de la Grèce",
        ]
        reuters = dispatches["reuters"].source_id
        assert queue_titles(client, source=reuters) == ["Bourse : Paris termine en hausse"]
        assert queue_titles(client, urgency=3) == ["Séisme au large de la Grèce"]
        assert "Le Tour de France passera par Caen" not in queue_titles(
            client, topic="medtop:11000000"
        )
        assert queue_titles(client, status="published") == []

    def test_only_the_latest_version_is_listed(self, client, editor, dispatches):
        update = services.dispatch_store(
            item=wire_item(guid="a1", version=2, headline="Séisme : le bilan s'alourdit"),
            source=None,
        )
        services.dispatch_apply(dispatch=update)
        titles = queue_titles(client)
        assert (
            "Séisme : le bilan s'alourdit" in titles and "Séisme au large de la Grèce" not in titles
        )

    def test_readers_and_anonymous_users_cannot_see_the_desk(self, client, dispatches):
        assert client.get(reverse("wire_queue")).status_code == 302  # to the admin login
        reader = get_user_model().objects.create_user("lecteur", "l@example.org", "motdepasse")
        client.force_login(reader)
        assert client.get(reverse("wire_queue")).status_code in (302, 403)


@pytest.mark.django_db
class TestPreviewAndPublish:
    def test_preview_shows_the_story_with_its_body_sanitised(self, client, editor, dispatches):
        html = client.get(reverse("wire_preview", args=[dispatches["script"].pk])).content.decode()
        assert "Corps piégé" in html and "Texte" in html
        assert "<script>alert(1)" not in html and "onerror" not in html

    def test_publish_in_one_click(self, client, editor, dispatches, home):
        section = SectionPageFactory(parent=home, title="International", slug="international")
        dispatch = dispatches["urgent"]
        response = client.post(
            reverse("wire_publish", args=[dispatch.pk]),
            {"section": section.pk, "action": "publish"},
        )
        assert response.status_code == 302
        dispatch.refresh_from_db()
        assert dispatch.status == Dispatch.Status.PUBLISHED
        article = ArticlePage.objects.get(pk=dispatch.article_id)
        assert article.live and article.title == "Séisme au large de la Grèce"
        assert client.get(article.url).status_code == 200

    def test_edit_before_publishing_opens_the_editor_on_a_draft(
        self, client, editor, dispatches, home
    ):
        section = SectionPageFactory(parent=home, title="Sports", slug="sports")
        dispatch = dispatches["sport"]
        response = client.post(
            reverse("wire_publish", args=[dispatch.pk]), {"section": section.pk, "action": "edit"}
        )
        dispatch.refresh_from_db()
        assert response["Location"] == reverse(
            "wagtailadmin_pages:edit", args=[dispatch.article_id]
        )
        assert not ArticlePage.objects.get(pk=dispatch.article_id).live

    def test_publishing_without_section_keeps_the_dispatch_and_says_why(
        self, client, editor, dispatches
    ):
        dispatch = dispatches["reuters"]
        response = client.post(
            reverse("wire_publish", args=[dispatch.pk]), {"action": "publish"}, follow=True
        )
        assert "Choisissez une rubrique pour cette dépêche." in response.content.decode()
        dispatch.refresh_from_db()
        assert dispatch.article_id is None

    def test_settings_screens_are_in_french(self, client, editor):
        html = client.get("/admin/").content.decode()
        assert "Fil d&#x27;agences" in html or "Fil d'agences" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["wiresource", "topicmapping", "publishingrule", "quarantinedfile"]
)
def test_settings_screens_list_and_add(client, editor, name):
    assert client.get(reverse(f"{name}:index")).status_code == 200
    assert client.get(reverse(f"{name}:add")).status_code == 200


@pytest.mark.django_db
def test_administrator_adds_a_drop_folder_source(client, editor, tmp_path, settings):
    settings.WIRE_DROP_ROOT = tmp_path
    response = client.post(
        reverse("wiresource:add"),
        {
            "name": "AFP France",
            "kind": "folder",
            "path": str(tmp_path),
            "url": "",
            "poll_minutes": 2,
            "enabled": "on",
        },
    )
    assert response.status_code == 302
    from rotative.wire.models import WireSource

    assert WireSource.objects.get(name="AFP France").path == str(tmp_path)
    bad = client.post(
        reverse("wiresource:add"),
        {"name": "Sans dossier", "kind": "folder", "path": "", "url": "", "poll_minutes": 2},
    )
    assert "Indiquez le dossier de dépôt." in bad.content.decode()


@pytest.mark.django_db
def test_quarantined_original_is_downloadable_only_in_the_admin(client, editor, settings):
    services.wire_ingest_bytes(data=b"<oops", filename="casse.xml")
    from rotative.wire.models import QuarantinedFile

    record = QuarantinedFile.objects.get()
    assert not record.original.path.startswith(str(settings.MEDIA_ROOT))  # no public URL
    response = client.get(reverse("wire_quarantine_download", args=[record.pk]))
    assert b"".join(response.streaming_content) == b"<oops"
    listing = client.get(reverse("quarantinedfile:index")).content.decode()
    assert "casse.xml" in listing and "Télécharger l&#x27;original" in listing
    client.logout()
    assert client.get(reverse("wire_quarantine_download", args=[record.pk])).status_code == 302
