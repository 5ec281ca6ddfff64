"""« À lire plus tard » from the app: one list with the site's, a reader's own only, and the
site's refusals (what readers cannot open, a full list, too many saves in an hour)."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from rotative.accounts.tests.factories import ReaderFactory
from rotative.api.services import token_create
from rotative.api.tests.conftest import bearer
from rotative.bookmarks import services
from rotative.bookmarks.models import Bookmark
from rotative.bookmarks.tests.factories import CAMERA, ArticlePageFactory, ad_online, event, saved
from rotative.classifieds import services as ads

pytestmark = pytest.mark.django_db

LIST = "/api/v1/a-lire"
T0 = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


@pytest.fixture
def article(section):
    return ArticlePageFactory(parent=section, title="La digue de Granville a cédé", slug="digue")


@pytest.fixture
def ad(db):
    moderator = get_user_model().objects.create_superuser("moderation", "mod@example.fr", "x")
    seller = ReaderFactory(email="vendeur@example.fr", display_name="Yves V.")
    return ad_online(owner=seller, moderator=moderator, **CAMERA)


@pytest.fixture
def outing(db):
    return event(title="Fête de la coquille", category="fete")


def save(client, key, kind, pk):
    return client.post(
        LIST, {"type": kind, "id": pk}, content_type="application/json", **bearer(key)
    )


def listed(client, key, query="") -> list[tuple[str, int, str | None]]:
    response = client.get(LIST + query, **bearer(key))
    assert response.status_code == 200
    return [(one["kind"], one["id"], one["title"]) for one in response.json()]


def test_saved_on_the_site_it_is_in_the_app(client, reader, reader_key, article):
    web = Client()
    web.force_login(reader)
    with time_machine.travel(T0, tick=False):
        web.post(f"/compte/a-lire/enregistrer/article/{article.pk}/")

    response = client.get(LIST, **bearer(reader_key))

    assert response.status_code == 200
    assert response.json() == [
        {
            "kind": "article",
            "kind_label": "Article",
            "id": article.pk,
            "available": True,
            "title": "La digue de Granville a cédé",
            "url": settings.SITE_URL + "/manche/digue/",
            "unavailable_message": None,
            "saved_at": "2026-12-07T10:00:00+01:00",
        }
    ]


def test_saved_in_the_app_it_is_on_the_site(client, reader, reader_key, ad):
    response = save(client, reader_key, "annonce", ad.pk)

    assert response.status_code == 201
    body = response.json()
    assert (body["kind"], body["id"], body["title"], body["available"]) == (
        "annonce",
        ad.pk,
        "Leica Q2 à l'état neuf",
        True,
    )
    assert body["message"] == "Enregistré dans « À lire plus tard »."
    assert body["url"] == settings.SITE_URL + ad.get_absolute_url()
    web = Client()
    web.force_login(reader)
    page = BeautifulSoup(web.get("/compte/a-lire/").content, "html.parser")
    titles = [one.get_text(strip=True) for one in page.select(".bookmarks__title")]
    assert titles == ["Leica Q2 à l'état neuf"]


def test_saving_again_keeps_the_first_save(client, reader_key, article):
    with time_machine.travel(T0, tick=False):
        assert save(client, reader_key, "article", article.pk).status_code == 201
    with time_machine.travel(T0 + timedelta(days=1), tick=False):
        again = save(client, reader_key, "article", article.pk)

    assert again.status_code == 200
    assert again.json()["saved_at"] == "2026-12-07T10:00:00+01:00"
    assert Bookmark.objects.count() == 1


def test_the_list_is_newest_first_and_filters_by_type(
    client, reader, reader_key, article, ad, outing
):
    for day, target in enumerate((article, ad, outing)):
        with time_machine.travel(T0 + timedelta(days=day), tick=False):
            saved(reader, target)

    assert listed(client, reader_key) == [
        ("evenement", outing.pk, "Fête de la coquille"),
        ("annonce", ad.pk, "Leica Q2 à l'état neuf"),
        ("article", article.pk, "La digue de Granville a cédé"),
    ]
    assert listed(client, reader_key, "?type=annonce") == [
        ("annonce", ad.pk, "Leica Q2 à l'état neuf")
    ]
    refused = client.get(LIST + "?type=page", **bearer(reader_key))
    assert refused.status_code == 422
    assert refused.json()["code"] == "invalid_input"


def test_another_reader_never_sees_nor_removes_them(client, reader, article):
    saved(reader, article)
    other = ReaderFactory(email="paul@example.fr")
    other_key = token_create(user=other, device="Téléphone de Paul")[1]

    assert listed(client, other_key) == []
    removed = client.delete(f"{LIST}/article/{article.pk}", **bearer(other_key))

    assert removed.status_code == 404
    assert removed.json()["code"] == "not_found"
    assert Bookmark.objects.filter(user=reader).count() == 1


def test_an_unpublished_article_is_refused_with_its_message(client, reader_key, section):
    draft = ArticlePageFactory(
        parent=section, title="Le scoop de demain", publish=False, live=False
    )

    response = save(client, reader_key, "article", draft.pk)

    assert response.status_code == 422
    assert response.json()["code"] == "unavailable"
    assert response.json()["message"] == "Cet article n'est plus disponible."
    assert not Bookmark.objects.exists()


def test_what_went_offline_is_listed_without_a_word_of_it(client, reader, reader_key, article, ad):
    saved(reader, article, ad)
    article.unpublish()
    ads.ad_mark_sold(owner=ad.owner, ad=ad)

    response = client.get(LIST, **bearer(reader_key))

    assert [
        (one["kind"], one["available"], one["title"], one["url"]) for one in response.json()
    ] == [
        ("annonce", False, None, None),
        ("article", False, None, None),
    ]
    assert response.json()[0]["unavailable_message"] == "Cette annonce n'est plus disponible."
    assert "Leica" not in response.content.decode()
    assert "digue" not in response.content.decode()
    # Taken out like anything else.
    assert client.delete(f"{LIST}/annonce/{ad.pk}", **bearer(reader_key)).status_code == 204


def test_a_missing_target_is_not_found(client, reader_key, article):
    response = save(client, reader_key, "annonce", article.pk)

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_removed_in_the_app_it_leaves_the_site_and_twice_is_404(
    client, reader, reader_key, article
):
    saved(reader, article)

    assert client.delete(f"{LIST}/article/{article.pk}", **bearer(reader_key)).status_code == 204
    again = client.delete(f"{LIST}/article/{article.pk}", **bearer(reader_key))

    assert again.status_code == 404
    assert again.json()["message"] == "Ce contenu n'est pas dans votre liste « À lire plus tard »."
    web = Client()
    web.force_login(reader)
    page = BeautifulSoup(web.get("/compte/a-lire/").content, "html.parser")
    assert page.select(".bookmarks__item") == []


def test_a_full_list_is_refused(client, reader, reader_key, article, ad, monkeypatch):
    monkeypatch.setattr(services, "MAX_BOOKMARKS", 1)
    saved(reader, article)

    response = save(client, reader_key, "annonce", ad.pk)

    assert response.status_code == 409
    assert response.json()["code"] == "too_many"
    assert "est pleine" in response.json()["message"]


def test_the_site_and_the_app_share_one_allowance_an_hour(
    client, reader, reader_key, section, monkeypatch
):
    monkeypatch.setattr(services, "ADDS_PER_HOUR", 2)
    stories = [ArticlePageFactory(parent=section) for _ in range(3)]
    web = Client()
    web.force_login(reader)
    web.post(f"/compte/a-lire/enregistrer/article/{stories[0].pk}/")
    assert save(client, reader_key, "article", stories[1].pk).status_code == 201

    response = save(client, reader_key, "article", stories[2].pk)

    assert response.status_code == 429
    assert response.json()["code"] == "rate_limited"
    assert response.json()["message"] == (
        "Vous avez enregistré beaucoup de contenus en peu de temps : réessayez plus tard."
    )
    assert response["Retry-After"] == "3600"
    assert Bookmark.objects.count() == 2


@pytest.mark.parametrize(
    ("method", "url", "body"),
    [
        ("get", LIST, None),
        ("post", LIST, {"type": "article", "id": 1}),
        ("delete", f"{LIST}/article/1", None),
    ],
)
def test_without_a_key_it_is_401(client, method, url, body):
    kwargs = {"content_type": "application/json", "data": body} if body else {}
    response = getattr(client, method)(url, **kwargs)

    assert response.status_code == 401
    assert response.json()["code"] == "authentication_required"


def test_hand_made_input_is_refused(client, reader_key):
    huge = save(client, reader_key, "article", 10**30)
    bad_kind = save(client, reader_key, "page", 1)
    bad_path = client.delete(f"{LIST}/page/1", **bearer(reader_key))

    assert (huge.status_code, bad_kind.status_code, bad_path.status_code) == (422, 422, 422)


def test_the_list_takes_a_bounded_number_of_queries(
    client, reader, reader_key, section, ad, outing, django_assert_max_num_queries
):
    saved(reader, *[ArticlePageFactory(parent=section) for _ in range(5)], ad, outing)
    client.get(LIST, **bearer(reader_key))  # warms Wagtail's site root paths

    with django_assert_max_num_queries(8):
        response = client.get(LIST, **bearer(reader_key))

    assert len(response.json()) == 7
