"""Comments in the app: the threads the article page shows, posting with a token under the
site's own rules, replying and reporting."""

import json

import pytest

from rotative.accounts.tests.factories import ReaderFactory
from rotative.api.tests.conftest import bearer
from rotative.comments import services
from rotative.comments.models import Comment, CommentReport, ModerationWord, ReaderBan
from rotative.comments.tests.factories import comment_post, comments_bulk
from rotative.core.ratelimit import rate_interval_reset
from rotative.news.tests.factories import ArticlePageFactory, SectionPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(section):
    return ArticlePageFactory(parent=section, title="La digue résiste", slug="digue")


@pytest.fixture
def paul(db):
    return ReaderFactory(email="paul@example.fr", display_name="Paul du Cotentin")


def send(client, url, data, key=None):
    headers = bearer(key) if key else {}
    return client.post(url, json.dumps(data), content_type="application/json", **headers)


def comments_url(article):
    return f"/api/v1/articles/{article.pk}/commentaires"


def test_threads_show_published_comments_and_replies_only(client, article, reader, paul):
    first = comment_post(user=paul, article=article, body="Bravo aux services.")
    comment_post(user=reader, article=article, body="Merci Paul.", parent=first)
    held = comment_post(user=paul, article=article, body="Un autre avis.")
    held.status = Comment.Status.PENDING
    held.save()
    gone = comment_post(user=paul, article=article, body="Retiré ensuite.")
    comment_post(user=reader, article=article, body="Pourquoi ?", parent=gone)
    services.comment_delete(user=paul, comment=gone)
    response = client.get(comments_url(article))
    assert response.status_code == 200
    threads = response.json()["results"]
    assert [(t["state"], t["author"], t["text"]) for t in threads] == [
        ("deleted", None, ""),
        ("published", "Paul du Cotentin", "Bravo aux services."),
    ]
    assert [(r["author"], r["text"]) for r in threads[1]["replies"]] == [
        ("Marie L.", "Merci Paul.")
    ]
    assert "Un autre avis" not in response.content.decode()


def test_threads_follow_by_cursor(client, article, paul):
    comments_bulk(article=article, author=paul, count=5, replies_each=1)
    seen, url = [], comments_url(article) + "?page_size=2"
    while url:
        page = client.get(url).json()
        seen += [t["text"] for t in page["results"]]
        assert all(len(t["replies"]) == 1 for t in page["results"])
        url = page["next"]
    assert seen == [f"Commentaire numéro {n}." for n in range(5)]


def test_no_comments_for_an_article_not_online(client, section, paul):
    draft = ArticlePageFactory(parent=section, publish=False, live=False)
    assert client.get(comments_url(draft)).status_code == 404


def test_a_reader_posts_with_the_app_token(client, article, reader, reader_key):
    response = send(client, comments_url(article), {"text": "Belle réaction."}, reader_key)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["state"] == "published" and data["author"] == "Marie L."
    assert data["message"] == "Votre commentaire est publié."
    comment = Comment.objects.get(pk=data["id"])
    assert comment.author == reader and comment.body == "Belle réaction."
    assert [t["text"] for t in client.get(comments_url(article)).json()["results"]] == [
        "Belle réaction."
    ]


def test_posting_without_a_token_is_a_401(client, article):
    response = send(client, comments_url(article), {"text": "Anonyme."})
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_required"
    assert not Comment.objects.exists()


def test_a_premoderated_section_holds_the_comment_like_on_the_web(client, home, reader, reader_key):
    section = SectionPageFactory(parent=home, title="Faits divers", slug="faits-divers")
    section.comments_moderation = "pre"
    section.save_revision().publish()
    article = ArticlePageFactory(parent=section)
    response = send(client, comments_url(article), {"text": "Terrible accident."}, reader_key)
    assert response.status_code == 201
    assert response.json()["state"] == "pending"
    assert "validation" in response.json()["message"]
    assert client.get(comments_url(article)).json()["results"] == []


def test_closed_comments_are_a_403_with_their_code(client, article, reader_key):
    article.comments_open = False
    article.save_revision().publish()
    response = send(client, comments_url(article), {"text": "Trop tard."}, reader_key)
    assert response.status_code == 403
    assert response.json()["code"] == "comments_closed"
    assert response.json()["message"] == "Les commentaires sont fermés pour cet article."


def test_a_banned_or_unconfirmed_reader_is_refused(client, article, reader, reader_key):
    ReaderBan.objects.create(user=reader, reason="Insultes")
    response = send(client, comments_url(article), {"text": "Encore moi."}, reader_key)
    assert response.status_code == 403 and response.json()["code"] == "banned"
    unconfirmed = ReaderFactory(verified=False)
    client.force_login(unconfirmed)
    response = send(client, comments_url(article), {"text": "Pas confirmé."})
    assert response.status_code == 403 and response.json()["code"] == "email_unverified"
    assert not Comment.objects.exists()


def test_the_word_list_and_the_rate_limit_apply(client, article, reader, reader_key):
    ModerationWord.objects.create(word="crétin", action=ModerationWord.Action.REJECT)
    response = send(client, comments_url(article), {"text": "Quel crétin."}, reader_key)
    assert response.status_code == 422 and response.json()["code"] == "comment_refused"
    assert "crétin" in response.json()["message"]
    rate_interval_reset(scope="comments", key=str(reader.pk))  # a refused one counts too
    assert send(client, comments_url(article), {"text": "Un."}, reader_key).status_code == 201
    response = send(client, comments_url(article), {"text": "Deux."}, reader_key)
    assert response.status_code == 429 and response.json()["code"] == "rate_limited"
    assert Comment.objects.count() == 1


def test_a_reply_joins_its_thread_and_only_a_published_comment_takes_one(
    client, article, reader, reader_key, paul
):
    top = comment_post(user=paul, article=article, body="Premier.")
    reply = comment_post(user=paul, article=article, body="Deuxième.", parent=top)
    response = send(
        client, comments_url(article), {"text": "D'accord.", "parent": reply.pk}, reader_key
    )
    assert response.status_code == 201
    assert response.json()["parent"] == top.pk  # a reply to a reply joins the same thread
    held = comment_post(user=paul, article=article, body="En attente.")
    held.status = Comment.Status.PENDING
    held.save()
    rate_interval_reset(scope="comments", key=str(reader.pk))
    response = send(
        client, comments_url(article), {"text": "Hein ?", "parent": held.pk}, reader_key
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "parent"


def test_a_nul_character_or_an_oversized_text_loses_nothing_and_fails_nothing(
    client, article, reader_key
):
    response = send(client, comments_url(article), {"text": "a" * 2001}, reader_key)
    assert response.status_code == 422
    response = send(client, comments_url(article), {"text": "Bon\x00jour"}, reader_key)
    assert response.status_code == 201
    assert Comment.objects.get().body == "Bonjour"


def test_a_reader_reports_a_comment_once(client, article, reader, reader_key, paul):
    comment = comment_post(user=paul, article=article, body="Tous des vendus.")
    url = f"/api/v1/commentaires/{comment.pk}/signalement"
    response = send(client, url, {"reason": "abuse", "details": "Insulte."}, reader_key)
    assert response.status_code == 201
    report = CommentReport.objects.get()
    assert (report.reporter, report.reason, report.details) == (reader, "abuse", "Insulte.")
    again = send(client, url, {"reason": "spam"}, reader_key)
    assert again.status_code == 409 and again.json()["code"] == "already_reported"
    assert send(client, url, {"reason": "n'importe"}, reader_key).status_code == 422


def test_only_a_published_comment_of_someone_else_can_be_reported(
    client, article, reader, reader_key, paul
):
    own = comment_post(user=reader, article=article, body="Le mien.")
    response = send(
        client, f"/api/v1/commentaires/{own.pk}/signalement", {"reason": "spam"}, reader_key
    )
    assert response.status_code == 403 and response.json()["code"] == "own_comment"
    held = Comment.objects.create(
        article=article, author=paul, body="Zqx", status=Comment.Status.PENDING
    )
    response = send(
        client, f"/api/v1/commentaires/{held.pk}/signalement", {"reason": "spam"}, reader_key
    )
    assert response.status_code == 404
    assert (
        send(client, f"/api/v1/commentaires/{held.pk}/signalement", {"reason": "spam"}).status_code
        == 401
    )


def test_the_threads_cost_a_fixed_number_of_queries(
    client, article, paul, django_assert_max_num_queries
):
    comments_bulk(article=article, author=paul, count=3, replies_each=2)
    with django_assert_max_num_queries(8):
        assert len(client.get(comments_url(article)).json()["results"]) == 3
    comments_bulk(article=article, author=paul, count=15, replies_each=2)
    with django_assert_max_num_queries(8):
        assert len(client.get(comments_url(article)).json()["results"]) == 18


def test_a_reader_withdraws_their_own_comment_only(client, article, reader, reader_key, paul):
    mine = comment_post(user=reader, article=article, body="Je retire.")
    theirs = comment_post(user=paul, article=article, body="Je reste.")
    response = client.delete(f"/api/v1/commentaires/{theirs.pk}", **bearer(reader_key))
    assert response.status_code == 404
    response = client.delete(f"/api/v1/commentaires/{mine.pk}", **bearer(reader_key))
    assert response.status_code == 204
    mine.refresh_from_db()
    assert mine.status == Comment.Status.DELETED and mine.body == ""
    assert [t["text"] for t in client.get(comments_url(article)).json()["results"]] == ["Je reste."]
    assert client.delete(f"/api/v1/commentaires/{mine.pk}", **bearer(reader_key)).status_code == 404
    assert client.delete(f"/api/v1/commentaires/{theirs.pk}").status_code == 401


def test_a_reader_sees_their_own_held_comment_and_no_one_else_does(
    client, home, reader, reader_key, paul
):
    section = SectionPageFactory(parent=home, title="Faits divers", slug="faits-divers")
    section.comments_moderation = "pre"
    section.save_revision().publish()
    article = ArticlePageFactory(parent=section)
    comment_post(user=reader, article=article, body="Le mien, en attente.")
    comment_post(user=paul, article=article, body="Celui de Paul, en attente.")
    mine = client.get(comments_url(article), **bearer(reader_key))
    assert [(c["state"], c["text"]) for c in mine.json()["own_pending"]] == [
        ("pending", "Le mien, en attente.")
    ]
    assert "private" in mine["Cache-Control"]
    anonymous = client.get(comments_url(article)).json()
    assert anonymous["own_pending"] == [] and anonymous["results"] == []
    bad = client.get(comments_url(article), **bearer("pas-une-cle"))
    assert bad.status_code == 401


def test_a_revoked_key_is_refused_on_a_following_page_too(client, article, paul, reader_key):
    from rotative.api.models import DeviceToken
    from rotative.api.services import token_revoke

    comments_bulk(article=article, author=paul, count=3)
    first = client.get(comments_url(article) + "?page_size=2", **bearer(reader_key))
    token_revoke(token=DeviceToken.objects.get())

    following = client.get(first.json()["next"], **bearer(reader_key))

    assert first.status_code == 200 and "private" in first["Cache-Control"]
    assert following.status_code == 401
    assert following.json()["code"] == "invalid_token"
