"""« Lire plus tard » on an article, an ad and an event: saved and taken back from the page,
with or without JavaScript; refused for what readers cannot open, past the cap, too fast."""

import json

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.test import Client

from rotative.agenda import services as agenda
from rotative.bookmarks import services
from rotative.bookmarks.models import Bookmark
from rotative.bookmarks.selectors import bookmarks_for
from rotative.bookmarks.tests.factories import ArticlePageFactory, saved
from rotative.classifieds import services as ads

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


def html(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def button_of(response):
    return html(response).select_one(".bookmark")


def messages_of(response) -> list[str]:
    """The messages as read on screen (the level said to screen readers left out)."""
    found = html(response).select(".messages .message")
    for hidden in [span for message in found for span in message.select(".visually-hidden")]:
        hidden.decompose()
    return [message.get_text(" ", strip=True) for message in found]


def titles(user) -> list[str]:
    return [b.item.title for b in bookmarks_for(user=user)]


def test_an_anonymous_reader_is_offered_to_log_in_and_come_back(client, article):
    button = button_of(client.get(article.url))

    link = button.select_one("a")
    assert link.get_text(" ", strip=True).startswith("Lire plus tard")
    assert link["href"] == "/compte/connexion/?next=/manche/digue/"
    assert button.select_one("form") is None


def test_saving_an_article_without_javascript_comes_back_to_it_saved(client, reader, article):
    client.force_login(reader)
    form = button_of(client.get(article.url)).select_one("form")
    assert form.select_one("button").get_text(strip=True) == "Lire plus tard"

    data = {field["name"]: field["value"] for field in form.select("input[type=hidden]")}
    response = client.post(form["action"], data, follow=True)

    assert response.redirect_chain == [("/manche/digue/", 302)]
    assert messages_of(response) == ["Enregistré dans « À lire plus tard »."]
    button = button_of(response).select_one("button")
    assert button.get_text(" ", strip=True) == "Enregistré (retirer de ma liste)"
    assert titles(reader) == ["La digue de Granville a cédé"]

    # The same button takes it back.
    form = button_of(response).select_one("form")
    response = client.post(form["action"], {"next": "/manche/digue/"}, follow=True)
    assert messages_of(response) == ["Retiré de « À lire plus tard »."]
    assert button_of(response).select_one("button").get_text(strip=True) == "Lire plus tard"
    assert titles(reader) == []


def test_with_javascript_the_answer_says_what_the_button_becomes(client, reader, article):
    client.force_login(reader)

    answer = client.post(f"/compte/a-lire/enregistrer/article/{article.pk}/", **JSON)

    assert answer.status_code == 200
    assert answer.json() == {
        "saved": True,
        "kind": "article",
        "label": "Enregistré",
        "action": f"/compte/a-lire/retirer/article/{article.pk}/",
        "url": "/manche/digue/",
        "message": "Enregistré dans « À lire plus tard ».",
    }
    answer = client.post(f"/compte/a-lire/retirer/article/{article.pk}/", **JSON)
    assert answer.json()["saved"] is False
    assert answer.json()["action"] == f"/compte/a-lire/enregistrer/article/{article.pk}/"
    assert answer.json()["label"] == "Lire plus tard"
    assert Bookmark.objects.count() == 0


def test_the_ad_and_the_event_pages_have_the_button_too(client, reader, ad, outing):
    client.force_login(reader)
    for target, kind in ((ad, "annonce"), (outing, "evenement")):
        form = button_of(client.get(target.get_absolute_url())).select_one("form")
        assert form["action"] == f"/compte/a-lire/enregistrer/{kind}/{target.pk}/"
        client.post(form["action"], {"next": target.get_absolute_url()})

    assert titles(reader) == ["Fête de la coquille", "Leica Q2 à l'état neuf"]
    assert "Enregistré" in button_of(client.get(ad.get_absolute_url())).get_text()


def test_saving_twice_keeps_one_bookmark(reader, article):
    first, second = saved(reader, article, article)

    assert first.pk == second.pk
    assert Bookmark.objects.count() == 1


def test_an_unpublished_article_is_refused_with_its_reason(client, reader, section):
    draft = ArticlePageFactory(parent=section, title="Scoop pas encore publié", publish=False)
    client.force_login(reader)

    response = client.post(
        f"/compte/a-lire/enregistrer/article/{draft.pk}/", {"next": "/"}, follow=True
    )
    assert messages_of(response) == ["Cet article n'est plus disponible."]
    answer = client.post(f"/compte/a-lire/enregistrer/article/{draft.pk}/", **JSON)
    assert answer.status_code == 400
    assert answer.json() == {"error": "Cet article n'est plus disponible."}
    assert "Scoop" not in answer.content.decode()
    assert Bookmark.objects.count() == 0


def test_an_ad_no_longer_online_is_refused_and_its_page_offers_no_button(client, reader, ad):
    ads.ad_mark_sold(owner=ad.owner, ad=ad)
    client.force_login(reader)

    answer = client.post(f"/compte/a-lire/enregistrer/annonce/{ad.pk}/", **JSON)

    assert answer.status_code == 400
    assert answer.json() == {"error": "Cette annonce n'est plus disponible."}
    with pytest.raises(ValidationError) as refused:
        services.bookmark_add(user=reader, target=ad)
    assert refused.value.code == "unavailable"
    assert Bookmark.objects.count() == 0
    # Its owner still opens its page: nothing to save there.
    client.force_login(ad.owner)
    response = client.get(ad.get_absolute_url())
    assert response.status_code == 200 and button_of(response) is None


def test_a_cancelled_event_is_refused(reader, outing, moderator):
    agenda.event_update(event=outing, by=moderator, status="annule")
    outing.refresh_from_db()

    with pytest.raises(ValidationError) as refused:
        services.bookmark_add(user=reader, target=outing)
    assert refused.value.messages == ["Cette sortie n'est plus disponible."]


def test_anything_else_cannot_be_saved(reader, section):
    with pytest.raises(ValidationError) as refused:
        services.bookmark_add(user=reader, target=section)
    assert refused.value.code == "not_bookmarkable"


def test_a_full_list_says_so(client, reader, section, monkeypatch):
    monkeypatch.setattr(services, "MAX_BOOKMARKS", 2)
    stories = [ArticlePageFactory(parent=section) for _ in range(3)]
    saved(reader, *stories[:2])
    client.force_login(reader)

    answer = client.post(f"/compte/a-lire/enregistrer/article/{stories[2].pk}/", **JSON)

    assert answer.status_code == 400
    assert answer.json()["error"] == (
        "Votre liste « À lire plus tard » est pleine (2 contenus) : "
        "retirez-en quelques-uns pour en enregistrer d'autres."
    )
    # Saving again what is already there is not refused.
    assert (
        client.post(f"/compte/a-lire/enregistrer/article/{stories[0].pk}/", **JSON).status_code
        == 200
    )


def test_the_form_needs_its_csrf_token(reader, article):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)

    response = client.post(f"/compte/a-lire/enregistrer/article/{article.pk}/", **JSON)

    assert response.status_code == 403
    assert Bookmark.objects.count() == 0


def test_saving_too_fast_is_refused(client, reader, section, monkeypatch):
    monkeypatch.setattr(services, "ADDS_PER_HOUR", 2)
    stories = [ArticlePageFactory(parent=section) for _ in range(3)]
    client.force_login(reader)
    for story in stories[:2]:
        assert (
            client.post(f"/compte/a-lire/enregistrer/article/{story.pk}/", **JSON).status_code
            == 200
        )

    answer = client.post(f"/compte/a-lire/enregistrer/article/{stories[2].pk}/", **JSON)
    assert answer.status_code == 429
    assert "beaucoup de contenus en peu de temps" in answer.json()["error"]
    response = client.post(
        f"/compte/a-lire/enregistrer/article/{stories[2].pk}/",
        {"next": stories[2].url},
        follow=True,
    )
    assert messages_of(response) == [
        "Vous avez enregistré beaucoup de contenus en peu de temps : réessayez plus tard."
    ]
    assert Bookmark.objects.count() == 2


def test_an_anonymous_post_is_sent_to_log_in(client, article):
    response = client.post(f"/compte/a-lire/enregistrer/article/{article.pk}/")

    assert response.status_code == 302
    assert response["Location"].startswith("/compte/connexion/?next=/manche/digue/")
    assert Bookmark.objects.count() == 0


def test_coming_back_goes_nowhere_but_this_site(client, reader, article):
    client.force_login(reader)

    response = client.post(
        f"/compte/a-lire/enregistrer/article/{article.pk}/", {"next": "https://ailleurs.example/"}
    )

    assert response["Location"] == "/manche/digue/"


def test_one_reader_cannot_take_anothers_bookmark_away(client, reader, other_reader, article):
    saved(reader, article)
    client.force_login(other_reader)

    client.post(f"/compte/a-lire/retirer/article/{article.pk}/")

    assert titles(reader) == ["La digue de Granville a cédé"]


@pytest.mark.parametrize("path", ["enregistrer/video/1/", "enregistrer/article/999999/"])
def test_unknown_kinds_and_ids_are_not_found(client, reader, home, path):
    client.force_login(reader)

    assert client.post(f"/compte/a-lire/{path}").status_code == 404
    assert client.get(f"/compte/a-lire/{path}").status_code == 405


def test_the_button_is_in_the_page_with_no_script_of_its_own_inline(client, reader, article):
    client.force_login(reader)
    page = html(client.get(article.url))

    script = page.select_one('script[src$="js/bookmarks.js"]')
    assert script is not None and script.get("nonce")
    form = page.select_one("form[data-bookmark]")
    assert form["data-kind"] == "article" and form["data-url"] == "/manche/digue/"
    assert json.loads(json.dumps(form.attrs))  # plain attributes, nothing to run


def test_an_advertiser_is_not_offered_to_save_their_own_ad(client, ad):
    client.force_login(ad.owner)

    assert button_of(client.get(ad.get_absolute_url())) is None
