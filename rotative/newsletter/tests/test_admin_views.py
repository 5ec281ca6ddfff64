"""« Lettre du matin » in the admin: reorder, rewrite, add, remove, preview, test, send."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone

from rotative.news.tests.factories import ArticlePageFactory
from rotative.newsletter import digest as digests
from rotative.newsletter.models import Delivery, Digest, Mailing
from rotative.newsletter.tests.factories import SubscriberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def digest(section):
    send_time = digests.local_at(timezone.localdate(), digests.SEND_AT)
    for hours, title in ((2, "La digue tient bon"), (3, "Le marché de Coutances"), (4, "Un cerf")):
        ArticlePageFactory(
            parent=section, title=title, published_at=send_time - timedelta(hours=hours)
        )
    return digests.digest_compose(day=timezone.localdate())


@pytest.fixture
def editor(client):
    """A member of the desk: admin access and the right to edit the morning newsletter."""
    user = get_user_model().objects.create_user(
        "redaction", "redaction@example.fr", "mot-de-passe", first_name="Léa"
    )
    group = Group.objects.create(name="Desk")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="change_digest"),
    )
    user.groups.add(group)
    client.force_login(user)
    return user


def edit_url(digest):
    return reverse("newsletter_digest_edit", args=[digest.pk])


def form_data(digest, **changes):
    """What the edit page posts when the editor changes nothing but `changes`."""
    digest.refresh_from_db()
    data = {"subject": digest.subject, "intro": digest.intro}
    for item in digest.items.all():
        prefix = f"item-{item.pk}-"
        data |= {prefix + "position": item.position, prefix + "title": item.title}
        data[prefix + "summary"] = item.summary
    return data | changes


def order(digest):
    return [i.title or i.article.title for i in digest.items.select_related("article")]


def test_the_menu_and_pages_are_for_those_allowed(client, digest):
    user = get_user_model().objects.create_user("pigiste", "pigiste@example.fr", "x")
    user.groups.add(Group.objects.get_or_create(name="Moderators")[0])
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert "Lettre du matin" not in client.get("/admin/").content.decode()
    # Wagtail turns the refusal into a redirect to the dashboard with a message.
    for response in (
        client.get(reverse("newsletter_digests")),
        client.get(edit_url(digest)),
        client.get(reverse("newsletter_digest_preview", args=[digest.pk])),
        client.post(reverse("newsletter_digest_send", args=[digest.pk])),
    ):
        assert (response.status_code, response.get("Location")) in ((302, "/admin/"), (403, None))
    digest.refresh_from_db()
    assert digest.status == Digest.Status.DRAFT


def test_the_editor_reorders_rewrites_and_the_sent_mail_shows_it(
    client, editor, digest, smtp_server, django_capture_on_commit_callbacks
):
    SubscriberFactory(email="lectrice@example.fr")
    assert "Lettre du matin" in client.get("/admin/").content.decode()
    page = client.get(edit_url(digest))
    assert page.status_code == 200
    assert order(digest) == ["La digue tient bon", "Le marché de Coutances", "Un cerf"]
    first, second, third = digest.items.all()

    # Typed positions, a new title and summary, a new subject and intro, in one save.
    response = client.post(
        edit_url(digest),
        form_data(
            digest,
            subject="Votre lettre du jeudi",
            intro="Bonjour, voici l'essentiel.",
            **{
                f"item-{third.pk}-position": 1,
                f"item-{third.pk}-title": "Un cerf en pleine ville",
                f"item-{third.pk}-summary": "Il a traversé la place du marché.",
            },
        ),
    )
    assert response.status_code == 302
    assert order(digest) == [
        "Un cerf en pleine ville",
        "La digue tient bon",
        "Le marché de Coutances",
    ]
    # « Descendre » on the first one, and the typed text of the form is kept with it.
    client.post(
        edit_url(digest),
        form_data(digest, move=f"{third.pk}:down", **{f"item-{first.pk}-title": "Digue : ouf"}),
    )
    assert order(digest) == ["Digue : ouf", "Un cerf en pleine ville", "Le marché de Coutances"]
    client.post(edit_url(digest), form_data(digest, remove=str(second.pk)))
    assert order(digest) == ["Digue : ouf", "Un cerf en pleine ville"]
    digest.refresh_from_db()
    assert digest.edited and digest.edited_by == editor and digest.status == Digest.Status.DRAFT

    # The preview is the HTML that goes, with the changes.
    preview = client.get(reverse("newsletter_digest_preview", args=[digest.pk]))
    assert preview["X-Frame-Options"] == "SAMEORIGIN"
    html, text = digests.digest_preview(digest=digest)
    assert preview.content.decode() == html
    assert html.index("Digue : ouf") < html.index("Un cerf en pleine ville")
    assert "Il a traversé la place du marché." in html
    assert "Bonjour, voici l&#x27;essentiel." in html
    assert "Le marché de Coutances" not in html
    text_preview = client.get(
        reverse("newsletter_digest_preview", args=[digest.pk]) + "?format=texte"
    )
    assert text_preview.content.decode() == text

    # The 07:00 run keeps the editor's version, and sends it.
    with django_capture_on_commit_callbacks(execute=True):
        digests.digest_morning_send(day=digest.date)
    (mail,) = smtp_server.wait_for(1)
    assert mail["Subject"] == "Votre lettre du jeudi"
    body = mail.get_body(preferencelist=("html",)).get_content()
    assert body.index("Digue : ouf") < body.index("Un cerf en pleine ville")
    assert "Le marché de Coutances" not in body
    plain = mail.get_body(preferencelist=("plain",)).get_content()
    assert "Il a traversé la place du marché." in plain

    # Sent: the page no longer offers to change it.
    page = client.get(edit_url(digest)).content.decode()
    assert "Envoyer maintenant" not in page and "Monter" not in page
    response = client.post(edit_url(digest), form_data(digest, subject="Trop tard"))
    digest.refresh_from_db()
    assert digest.subject == "Votre lettre du jeudi"


def test_a_test_send_reaches_the_editor_only(
    client, editor, digest, smtp_server, django_capture_on_commit_callbacks
):
    SubscriberFactory(email="lectrice@example.fr")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("newsletter_digest_test", args=[digest.pk]), follow=True)
    assert "Test envoyé à redaction@example.fr" in response.content.decode()
    (mail,) = smtp_server.wait_for(1)
    assert mail["To"] == "redaction@example.fr"
    assert mail["Subject"] == f"[TEST] {digest.subject}"
    assert "La digue tient bon" in mail.get_body(preferencelist=("plain",)).get_content()
    assert "__ROTATIVE_" not in mail.as_string()
    digest.refresh_from_db()
    assert digest.status == Digest.Status.DRAFT and digest.mailing is None
    assert not Mailing.objects.filter(kind="digest").exists()
    assert not Delivery.objects.filter(mailing__kind="digest").exists()
    assert len(smtp_server.messages) == 1


def test_add_an_article_found_by_its_title(client, editor, digest, section):
    old = ArticlePageFactory(
        parent=section,
        title="Le pont de Saint-Lô rouvre",
        published_at=timezone.now() - timedelta(days=3),
    )
    page = client.get(edit_url(digest), {"q": "pont de saint"})
    results = BeautifulSoup(page.content, "html.parser").select(".digest-search-results li")
    assert [r.get_text(" ", strip=True) for r in results][0].startswith(
        "Ajouter Le pont de Saint-Lô"
    )
    client.post(reverse("newsletter_digest_add", args=[digest.pk]), {"article": old.pk})
    assert order(digest)[-1] == "Le pont de Saint-Lô rouvre"
    again = client.post(
        reverse("newsletter_digest_add", args=[digest.pk]), {"article": old.pk}, follow=True
    )
    assert "déjà dans la lettre" in again.content.decode()
    assert digest.items.count() == 4


@pytest.mark.parametrize("article", ["nan", "1e400", "99999999999999999999", "abc"])
def test_adding_an_impossible_article_id_says_it_does_not_exist(client, editor, digest, article):
    response = client.post(
        reverse("newsletter_digest_add", args=[digest.pk]), {"article": article}, follow=True
    )
    assert response.status_code == 200
    text = BeautifulSoup(response.content, "html.parser").get_text()
    assert "Cet article n'existe pas." in text


def test_a_bad_form_keeps_what_was_typed(client, editor, digest):
    item = digest.items.first()
    response = client.post(
        edit_url(digest),
        form_data(digest, subject="", **{f"item-{item.pk}-title": "Mon titre à garder"}),
    )
    assert response.status_code == 400
    assert "Mon titre à garder" in response.content.decode()
    digest.refresh_from_db()
    assert not digest.edited


def test_send_now_from_the_admin_sends_once(
    client, editor, digest, smtp_server, django_capture_on_commit_callbacks
):
    SubscriberFactory(email="lectrice@example.fr")
    url = reverse("newsletter_digest_send", args=[digest.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    smtp_server.wait_for(1)
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(url, follow=True)
    assert "déjà partie" in again.content.decode()
    assert len(smtp_server.messages) == 1
    digest.refresh_from_db()
    assert digest.sent_by == editor


def test_the_list_prepares_the_next_digest(client, editor, section):
    page = client.get(reverse("newsletter_digests")).content.decode()
    assert "Préparer la lettre du" in page
    response = client.post(reverse("newsletter_digest_prepare"))
    digest = Digest.objects.get()
    assert response.url == edit_url(digest)
    assert digest.date == digests.next_at(digests.SEND_AT).date()


@pytest.mark.parametrize(
    "field", [{"move": "²:up"}, {"remove": "²"}, {"move": "99999999999999999999:down"}]
)
def test_moving_or_removing_an_impossible_item_changes_nothing(client, editor, digest, field):
    before = list(digest.items.values_list("pk", "position"))
    response = client.post(edit_url(digest), form_data(digest, **field))
    assert response.status_code < 500
    assert list(digest.items.values_list("pk", "position")) == before
