"""Acting as a reader (ads, messages to advertisers, comments) needs a confirmed address,
whatever the session says: one made before confirmation, or by force_login, is not enough."""

import pytest
from allauth.account.models import EmailAddress
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model

from rotative.accounts.tests.factories import ReaderFactory
from rotative.alerts.models import SavedSearch
from rotative.classifieds.models import Ad, AdMessage
from rotative.classifieds.tests.factories import ad_online
from rotative.comments.models import Comment
from rotative.comments.tests.factories import comment_post
from rotative.core.bot_trap import form_stamp
from rotative.news.tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db

MESSAGE = "Pour publier une annonce, écrire à un annonceur ou commenter, votre adresse e-mail"


@pytest.fixture
def scene(section):
    """An ad online and an article with a comment by Léa, whose address is no longer confirmed
    (she changed it and has not followed the new link yet)."""
    moderator = get_user_model().objects.create_superuser("moderation", "m@example.fr", "x")
    seller = ReaderFactory(email="vendeur@example.fr", display_name="Yves V.")
    lea = ReaderFactory(email="lea@example.fr", display_name="Léa")
    article = ArticlePageFactory(parent=section, title="La digue tient", slug="digue")
    comment = comment_post(user=lea, article=article)
    EmailAddress.objects.filter(user=lea).update(verified=False)
    return {
        "ad": ad_online(owner=seller, moderator=moderator),
        "article": article,
        "comment": comment,
        "lea": lea,
    }


def _requests(scene):
    ad, article, comment = scene["ad"], scene["article"], scene["comment"]
    text = {"text": "Toujours disponible ?", "body": "Bravo.", "rendered": form_stamp(0)}
    return [
        ("get", "/annonces/deposer/", {}),
        ("post", f"/annonces/{ad.pk}/contacter/", text),
        ("get", f"/annonces/{ad.pk}/messages/{scene['lea'].pk}/", {}),
        ("post", f"/annonces/{ad.pk}/messages/{scene['lea'].pk}/", text),
        ("post", "/alertes/", {"kind": "annonces", "category": "immobilier", "query": "maison"}),
        ("post", f"/annonces/{ad.pk}/signaler/", {"reason": "arnaque"}),
        ("post", f"/commentaires/article/{article.pk}/", text),
        ("post", f"/commentaires/article/{article.pk}/", {**text, "parent": comment.pk}),
        ("post", f"/commentaires/{comment.pk}/modifier/", text),
        ("post", f"/commentaires/{comment.pk}/signaler/", {"reason": "spam"}),
        ("post", "/compte/professionnel/", {"company_name": "Garage Lebrun", "siret": "x"}),
    ]


def test_an_unconfirmed_reader_with_a_session_is_told_to_confirm_and_nothing_happens(
    client, scene, mailoutbox
):
    client.force_login(scene["lea"])
    ads, body = Ad.objects.count(), scene["comment"].body

    for method, path, data in _requests(scene):
        response = getattr(client, method)(path, data)

        assert response.status_code == 403, path
        page = BeautifulSoup(response.content.decode(), "html.parser")
        assert MESSAGE in " ".join(page.select_one("main").get_text(" ").split()), path
        assert page.select_one("main a[href='/compte/e-mail/']"), path

    assert (Ad.objects.count(), AdMessage.objects.count(), SavedSearch.objects.count()) == (
        ads,
        0,
        0,
    )
    assert Comment.objects.count() == 1
    scene["comment"].refresh_from_db()
    assert scene["comment"].body == body
    assert mailoutbox == []


def test_staff_are_not_exempt(client, home):
    editor = get_user_model().objects.create_superuser("chef", "chef@example.fr", "x")
    client.force_login(editor)

    assert client.get("/annonces/deposer/").status_code == 403


def test_the_link_leads_to_resending_the_confirmation(client, scene, mailoutbox):
    client.force_login(scene["lea"])

    page = client.get("/compte/e-mail/")
    client.post("/compte/e-mail/", {"action_send": "", "email": "lea@example.fr"})

    assert page.status_code == 200
    [mail] = mailoutbox
    assert mail.to == ["lea@example.fr"] and "/compte/confirm-email/" in mail.body


def test_a_confirmed_reader_still_gets_the_pages(client, scene):
    EmailAddress.objects.filter(user=scene["lea"]).update(verified=True)
    client.force_login(scene["lea"])

    assert client.get("/annonces/deposer/").status_code == 200
    assert client.get(f"/commentaires/article/{scene['article'].pk}/").status_code == 200
