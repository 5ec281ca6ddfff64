"""One rule each for « may I edit this comment » and « may I comment here »: the article page
offers exactly what the pages and services accept."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from bs4 import BeautifulSoup

from rotative.accounts.tests.factories import ReaderFactory
from rotative.comments import selectors, services
from rotative.comments.models import EDIT_WINDOW, Comment, ReaderBan
from rotative.comments.tests.conftest import comments_section, text_of
from rotative.comments.tests.factories import comment_post
from rotative.comments.tests.test_views import post_form

pytestmark = pytest.mark.django_db

WRITTEN = datetime(2026, 3, 14, 9, 0, tzinfo=UTC)


def _actions(client, article, comment) -> list[str]:
    block = comments_section(client.get(article.url))
    node = block.select_one(f"#commentaire-{comment.pk} .comment__actions")
    return [a.get_text() for a in node.select("a")] if node else []


class TestEditWindow:
    @pytest.mark.parametrize(
        ("after", "editable"),
        [(EDIT_WINDOW, True), (EDIT_WINDOW + timedelta(microseconds=1), False)],
        ids=["at-ten-minutes", "just-after"],
    )
    def test_link_page_and_service_agree_at_the_boundary(
        self, client, article, marie, after, editable
    ):
        with time_machine.travel(WRITTEN, tick=False):
            comment = comment_post(user=marie, article=article, body="Premier jet.")
        client.force_login(marie)
        with time_machine.travel(WRITTEN + after, tick=False):
            assert comment.editable_by(marie) is editable
            assert ("Modifier" in _actions(client, article, comment)) is editable
            page = client.get(f"/commentaires/{comment.pk}/modifier/")
            assert page.status_code == (200 if editable else 403)
            soup = BeautifulSoup(page.content, "html.parser")
            assert (soup.select_one("form.comment-form") is not None) is editable
            response = client.post(f"/commentaires/{comment.pk}/modifier/", {"body": "Relu."})
        comment.refresh_from_db()
        if editable:
            assert response.status_code == 302 and comment.body == "Relu."
        else:
            notice = "Un commentaire se modifie dans les dix minutes qui suivent sa publication."
            assert text_of(soup.select_one(".comments__notice")) == notice
            assert response.status_code == 400 and notice in response.content.decode()
            assert comment.body == "Premier jet."

    def test_someone_elses_or_a_withdrawn_comment_is_never_editable(self, article, marie, paul):
        with time_machine.travel(WRITTEN, tick=False):
            comment = comment_post(user=marie, article=article)
            assert not comment.editable_by(paul)
            with pytest.raises(services.CommentError, match="vos propres commentaires"):
                services.comment_edit(user=paul, comment=comment, body="Usurpation.")
            services.comment_delete(user=marie, comment=comment)
            assert not comment.editable_by(marie)
            with pytest.raises(services.CommentError, match="ne peut plus être modifié"):
                services.comment_edit(user=marie, comment=comment, body="Revenu.")


class TestWhoMayPost:
    def test_a_banned_reader_is_offered_no_form_and_the_comment_page_refuses_too(
        self, client, article, marie, paul
    ):
        first = comment_post(user=paul, article=article, body="Question sur la digue ?")
        ReaderBan.objects.create(user=marie, reason="Insultes répétées")
        client.force_login(marie)
        block = comments_section(client.get(article.url))
        notice = "Votre compte ne peut plus publier de commentaires."
        assert text_of(block.select_one(".comments__notice")) == notice
        assert block.select_one("form") is None
        assert "Répondre" not in _actions(client, article, first)
        for url in (f"/commentaires/article/{article.pk}/", f"?reponse={first.pk}"):
            url = url if url.startswith("/") else f"/commentaires/article/{article.pk}/{url}"
            page = client.get(url)
            assert page.status_code == 403
            soup = BeautifulSoup(page.content, "html.parser")
            assert text_of(soup.select_one(".comments__notice")) == notice
            assert soup.select_one("form.comment-form") is None
        response = post_form(client, article, "Je reviens quand même.")
        assert response.status_code == 400 and notice in response.content.decode()
        assert not Comment.objects.filter(author=marie).exists()

    def test_closed_comments_are_closed_to_everyone_first(self, client, article, marie, paul):
        first = comment_post(user=paul, article=article)
        article.comments_open = False
        article.save_revision().publish()
        ReaderBan.objects.create(user=marie, reason="Insultes répétées")
        unconfirmed = ReaderFactory(verified=False)
        for reader in (marie, paul, unconfirmed):
            assert selectors.comments_can_post(user=reader, article=article) == (False, "closed")
        client.force_login(paul)
        block = comments_section(client.get(article.url))
        closed = "Les commentaires sont fermés pour cet article."
        assert text_of(block.select_one(".comments__notice")) == closed
        assert "Répondre" not in _actions(client, article, first)
        page = client.get(f"/commentaires/article/{article.pk}/?reponse={first.pk}")
        assert page.status_code == 403 and closed in page.content.decode()
        # The service says the same as the page, whoever asks (it used to name the ban first).
        with pytest.raises(services.CommentError, match="fermés"):
            comment_post(user=marie, article=article)

    def test_the_reasons_in_the_order_the_page_gives_them(self, article, marie):
        from django.contrib.auth.models import AnonymousUser

        assert selectors.comments_can_post(user=marie, article=article) == (True, "")
        assert selectors.comments_can_post(user=AnonymousUser(), article=article) == (
            False,
            "anonymous",
        )
        unconfirmed = ReaderFactory(verified=False)
        ReaderBan.objects.create(user=unconfirmed, reason="Spam")
        assert selectors.comments_can_post(user=unconfirmed, article=article) == (
            False,
            "unconfirmed",
        )
        ReaderBan.objects.create(user=marie, reason="Spam")
        assert selectors.comments_can_post(user=marie, article=article) == (False, "banned")
