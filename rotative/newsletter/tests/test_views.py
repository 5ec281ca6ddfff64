"""What readers see: the call to action, sign-up, the signed pages, the account page, and the
mail provider's webhook."""

import json
from urllib.parse import urlsplit

import pytest

from rotative.accounts.tests.factories import PASSWORD, ReaderFactory
from rotative.newsletter import links, services
from rotative.newsletter.models import Subscriber, Suppression
from rotative.newsletter.tests.conftest import soup, text_of
from rotative.newsletter.tests.factories import SubscriberFactory
from rotative.newsletter.views import SIGNATURE_HEADER, webhook_signature

pytestmark = pytest.mark.django_db


def path_of(url: str) -> str:
    return urlsplit(url).path


def test_article_page_invites_to_sign_up_under_the_article_and_in_the_footer(client, article):
    response = client.get(article.url)
    page = soup(response)
    after_article = page.select_one("article ~ .newsletter-cta")
    assert text_of(after_article.h2) == "Restez informé ! Recevez des alertes"
    assert after_article.select_one("input[name=source]")["value"] == article.url
    assert page.select_one(".site-footer .newsletter-cta form")
    # Comments come after the call to action, and the page stays publicly cacheable.
    html = response.content.decode()
    assert html.index("newsletter-cta--article") < html.index('id="commentaires"')
    assert "public" in response["Cache-Control"]


def test_sign_up_answers_the_same_whether_the_address_is_known_or_not(
    client, article, smtp_server, django_capture_on_commit_callbacks
):
    SubscriberFactory(email="connue@example.fr")
    answers = []
    for email in ("connue@example.fr", "nouvelle@example.fr"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/newsletter/", {"email": email, "source": article.url})
        answers.append((response.status_code, response["Location"]))
        page = client.get(response["Location"])
        assert "Vérifiez votre boîte mail…" in text_of(soup(page).h1)
    assert answers[0] == answers[1]
    assert Subscriber.objects.count() == 2
    new = Subscriber.objects.get(email="nouvelle@example.fr")
    assert new.status == "pending" and new.consents.get().source == article.url
    assert len(smtp_server.wait_for(2)) == 2  # a confirmation, a « déjà inscrit »


def test_a_wrong_address_keeps_what_was_typed(client):
    response = client.post("/newsletter/", {"email": "marie@", "source": "/manche/"})
    assert response.status_code == 400
    page = soup(response)
    assert page.select_one("input[name=email]")["value"] == "marie@"
    assert "n'est pas valide" in text_of(page.select_one(".form-error"))
    assert not Subscriber.objects.exists()


def test_sign_up_is_rate_limited_per_address_silently_and_per_ip_openly(
    client, settings, smtp_server, django_capture_on_commit_callbacks
):
    settings.NEWSLETTER_RATE_LIMITS = {"ip": (4, 3600), "email": (2, 3600)}
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/newsletter/", {"email": "cible@example.fr"})
        assert response.status_code == 302
    assert len(smtp_server.messages) == 2  # the third asked for nothing more

    client.post("/newsletter/", {"email": "autre@example.fr"})
    response = client.post("/newsletter/", {"email": "encore@example.fr"})
    assert response.status_code == 429
    assert "Trop de demandes" in text_of(soup(response).select_one(".form-errors"))
    assert soup(response).select_one("input[name=email]")["value"] == "encore@example.fr"


def test_the_confirmation_link_asks_for_a_click_and_a_forged_one_is_refused(client):
    subscriber = services.subscriber_signup(email="clic@example.fr", source="/", ip=None)
    path = path_of(links.confirm_url(subscriber))

    response = client.get(path)  # what a mail filter opening links does
    assert "Je confirme mon inscription" in text_of(
        soup(response).select_one(".newsletter-page form")
    )
    subscriber.refresh_from_db()
    assert subscriber.status == "pending"

    response = client.post(path, follow=True)
    subscriber.refresh_from_db()
    assert subscriber.status == "confirmed"
    assert "C'est confirmé" in text_of(soup(response).select_one(".messages"))
    assert client.get(path[:-3] + "xx/").status_code == 404


def test_forged_links_a_bad_webhook_signature_and_the_bot_trap_are_logged(client, settings, caplog):
    caplog.set_level("INFO", logger="rotative.security")
    settings.NEWSLETTER_WEBHOOK_SECRET = "s3cret"
    client.get("/newsletter/preferences/faux:jeton/")
    client.get(path_of(links.confirm_url(SubscriberFactory()))[:-3] + "xx/")
    post_webhook(client, {"type": "complaint", "email": "a@example.fr"}, secret="devine")
    client.post("/newsletter/", {"email": "robot@example.fr", "website": "http://x.example"})

    records = [r for r in caplog.records if r.name == "rotative.security"]
    assert [(r.event, r.fields.get("value")) for r in records] == [
        ("signed_value_invalid", "newsletter-manage"),
        ("signed_value_invalid", "newsletter-confirm"),
        ("signed_value_invalid", "newsletter-webhook"),
        ("bot_trap", None),
    ]
    assert "faux:jeton" not in str([vars(r) for r in records])  # the route, not the path


def test_preferences_by_signed_link_without_login(client, section, home):
    from rotative.geo.tests.factories import commune
    from rotative.news.tests.factories import ArticlePageFactory

    commune("carantilly")
    commune("coutances")
    ArticlePageFactory(parent=section, title="Tempête", slug="tempete", tags=["Tempête"])
    subscriber = SubscriberFactory()
    path = path_of(links.preferences_url(subscriber))

    page = soup(client.get(path))
    assert page.select_one("input[name=morning]").has_attr("checked")
    assert "Manche" in text_of(page.select_one("fieldset ~ fieldset"))

    response = client.post(
        path,
        {
            "action": "save",
            "breaking": "on",
            "sections": [section.pk],
            "add_tag": "tempête",
            "add_commune": "50570",
        },
    )
    assert response.status_code == 302
    subscriber.refresh_from_db()
    assert (subscriber.morning, subscriber.breaking) == (False, True)
    assert [s.title for s in subscriber.sections.all()] == ["Manche"]
    assert [t.name for t in subscriber.tags.all()] == ["Tempête"]
    assert [str(c) for c in subscriber.communes.all()] == ["Carantilly (50570)"]
    assert "Vos préférences sont enregistrées" in client.get(path).content.decode()

    response = client.post(path, {"action": "save", "add_commune": "Nulle-Part-sur-Mer"})
    assert response.status_code == 400
    assert "Aucune commune trouvée" in response.content.decode()

    assert client.get("/newsletter/preferences/faux:jeton/").status_code == 404


def test_leave_everything_from_the_preferences_page_then_erase_my_data(client):
    subscriber = SubscriberFactory(email="depart@example.fr")
    path = path_of(links.preferences_url(subscriber))
    response = client.post(path, {"action": "unsubscribe"})
    assert "Vous êtes désinscrit(e)" in text_of(soup(response).h1)
    subscriber.refresh_from_db()
    assert subscriber.status == "unsubscribed"

    erase = soup(client.get(path)).find("a", string="Supprimer mes données")["href"]
    assert "Supprimer définitivement" in client.get(erase).content.decode()
    assert Subscriber.objects.exists()  # not before the button
    response = client.post(erase)
    assert "Vos données ont été supprimées" in response.content.decode()
    assert not Subscriber.objects.exists()
    assert client.get(path).status_code == 404


def test_the_unsubscribe_page_asks_before_unsubscribing(client):
    subscriber = SubscriberFactory()
    path = path_of(links.unsubscribe_url(subscriber))
    assert "Me désinscrire de tout" in client.get(path).content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == "confirmed"
    client.post(path)
    subscriber.refresh_from_db()
    assert subscriber.status == "unsubscribed"


def test_a_reader_manages_the_same_choices_from_the_account(client, section):
    reader = ReaderFactory(email="Lectrice@example.fr", display_name="Marie L.")
    client.login(email="Lectrice@example.fr", password=PASSWORD)
    nav = soup(client.get("/compte/")).select_one(".account-nav")
    assert nav.find("a", string="Lettres et alertes")["href"] == "/newsletter/mon-compte/"

    page = soup(client.get("/newsletter/mon-compte/"))
    assert not page.select_one("input[name=morning]").has_attr("checked")
    response = client.post(
        "/newsletter/mon-compte/", {"action": "save", "morning": "on", "sections": [section.pk]}
    )
    assert response.status_code == 302
    subscriber = Subscriber.objects.get()
    assert (subscriber.email, subscriber.user, subscriber.status) == (
        "lectrice@example.fr",
        reader,
        "confirmed",
    )
    assert (subscriber.morning, subscriber.breaking) == (True, False)
    assert "no-cache" in client.get("/newsletter/mon-compte/")["Cache-Control"]

    client.post("/newsletter/mon-compte/", {"action": "unsubscribe"})
    subscriber.refresh_from_db()
    assert subscriber.status == "unsubscribed"


def test_account_page_needs_a_login(client):
    response = client.get("/newsletter/mon-compte/")
    assert response.status_code == 302 and "/compte/connexion/" in response["Location"]


# --- webhook -------------------------------------------------------------------------------


WEBHOOK_SECRET = "s3cret"  # noqa: S105 (a test value)


def post_webhook(client, payload, secret=WEBHOOK_SECRET, signature=None):
    body = json.dumps(payload).encode()
    return client.post(
        "/newsletter/webhook/",
        data=body,
        content_type="application/json",
        headers={SIGNATURE_HEADER: signature or webhook_signature(body, secret)},
    )


def test_webhook_suppresses_hard_bounces_and_complaints_and_ignores_soft_bounces(client, settings):
    settings.NEWSLETTER_WEBHOOK_SECRET = "s3cret"
    bounced = SubscriberFactory(email="inexistant@example.fr")
    complained = SubscriberFactory(email="grincheux@example.fr")
    full = SubscriberFactory(email="boite-pleine@example.fr")
    response = post_webhook(
        client,
        {
            "events": [
                {"type": "bounce", "bounce_type": "hard", "email": "inexistant@example.fr"},
                {"type": "complaint", "email": "Grincheux@example.fr"},
                {"type": "bounce", "bounce_type": "soft", "email": "boite-pleine@example.fr"},
            ]
        },
    )
    assert response.json() == {"suppressed": 2, "ignored": 1}
    for subscriber, status in (
        (bounced, "suppressed"),
        (complained, "suppressed"),
        (full, "confirmed"),
    ):
        subscriber.refresh_from_db()
        assert subscriber.status == status
    assert sorted(Suppression.objects.values_list("reason", flat=True)) == [
        "complaint",
        "hard_bounce",
    ]


def test_webhook_refuses_a_wrong_signature_and_is_off_without_a_secret(client, settings):
    SubscriberFactory(email="cible@example.fr")
    event = {"type": "complaint", "email": "cible@example.fr"}
    settings.NEWSLETTER_WEBHOOK_SECRET = ""
    assert post_webhook(client, event).status_code == 404
    settings.NEWSLETTER_WEBHOOK_SECRET = "s3cret"
    assert post_webhook(client, event, secret="devine").status_code == 403
    assert post_webhook(client, event, signature="sha256=").status_code == 403
    assert Subscriber.objects.get().status == "confirmed"
    assert post_webhook(client, event).status_code == 200
    assert Subscriber.objects.get().status == "suppressed"


def test_the_signup_pages_bot_trap_is_out_of_the_keyboards_way(client, home):
    # The hidden field bots fill (core.bot_trap): a reader tabbing through the form never
    # lands in it, and the browser never fills it in, as in the footer's form.
    trap = soup(client.get("/newsletter/")).select_one("form input[name=website]")
    assert (trap["tabindex"], trap["autocomplete"]) == ("-1", "off")
