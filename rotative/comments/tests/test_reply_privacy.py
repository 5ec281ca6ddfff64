"""Answering a comment: only a published comment of the same article may be quoted.

The reply form quotes the comment it answers, so an id in `?reponse=` or in the form's
`parent` field must never bring out words a moderator held or refused, nor their author.
"""

import pytest
from bs4 import BeautifulSoup

from rotative.comments import services
from rotative.comments.models import Comment
from rotative.comments.tests.conftest import comments_section, text_of
from rotative.comments.tests.factories import comment_post
from rotative.core.bot_trap import form_stamp
from rotative.news.tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db

SECRET = "Texte retenu par la modération"


def reply_page(client, article, reponse):
    return client.get(f"/commentaires/article/{article.pk}/?reponse={reponse}")


def post_reply(client, article, parent, body="Je réponds.", **extra):
    data = {"body": body, "parent": parent, "rendered": form_stamp(0), "website": "", **extra}
    return client.post(f"/commentaires/article/{article.pk}/", data)


@pytest.fixture
def held(premoderated, marie):
    comment = comment_post(user=marie, article=premoderated, body=SECRET)
    assert comment.status == Comment.Status.PENDING
    return comment


@pytest.fixture
def refused(article, marie, moderator):
    comment = comment_post(user=marie, article=article, body=SECRET)
    return services.comment_reject(moderator=moderator, comment=comment, reason="Hors sujet")


def assert_nothing_shown(response):
    html = response.content.decode()
    assert SECRET not in html
    assert "Marie L." not in html


class TestReplyForm:
    def test_a_published_comment_is_quoted_with_its_author(self, client, article, marie, paul):
        first = comment_post(user=marie, article=article, body="La digue a tenu.")
        client.force_login(paul)
        response = reply_page(client, article, first.pk)
        assert response.status_code == 200
        quote = BeautifulSoup(response.content, "html.parser").select_one(".comment-form__reply")
        assert text_of(quote) == "En réponse à Marie L. : « La digue a tenu. »"

    def test_a_held_comment_is_not_found_and_not_quoted(self, client, premoderated, held, paul):
        client.force_login(paul)
        response = reply_page(client, premoderated, held.pk)
        assert response.status_code == 404
        assert_nothing_shown(response)

    def test_a_refused_comment_is_not_found_and_not_quoted(self, client, article, refused, paul):
        client.force_login(paul)
        response = reply_page(client, article, refused.pk)
        assert response.status_code == 404
        assert_nothing_shown(response)

    def test_a_comment_hidden_by_reports_is_not_found(self, client, article, marie, paul):
        comment = comment_post(user=marie, article=article, body=SECRET)
        Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.PENDING)
        client.force_login(paul)
        response = reply_page(client, article, comment.pk)
        assert response.status_code == 404
        assert_nothing_shown(response)

    def test_a_comment_of_another_article_is_not_found(self, client, article, section, marie, paul):
        other = ArticlePageFactory(parent=section, slug="autre")
        comment = comment_post(user=marie, article=other, body=SECRET)
        client.force_login(paul)
        response = reply_page(client, article, comment.pk)
        assert response.status_code == 404
        assert_nothing_shown(response)

    def test_unknown_and_malformed_ids_are_not_found(self, client, article, paul):
        client.force_login(paul)
        for reponse in ("999999", "99999999999999999999", "abc", "-1", "²"):
            assert reply_page(client, article, reponse).status_code == 404, reponse
        # A NUL is refused before any view, on every database (core ImpossibleInputMiddleware).
        assert reply_page(client, article, "%00").status_code == 400

    def test_the_author_sees_their_held_comment_only_under_the_article(
        self, client, premoderated, held, marie
    ):
        client.force_login(marie)
        assert reply_page(client, premoderated, held.pk).status_code == 404
        block = comments_section(client.get(premoderated.url))
        assert SECRET in text_of(block.select_one(".comment--pending"))


class TestReplyPosted:
    def test_answering_a_held_comment_is_refused_without_quoting_it(
        self, client, premoderated, held, paul
    ):
        client.force_login(paul)
        response = post_reply(client, premoderated, held.pk, body="Ma réponse.")
        assert response.status_code == 400
        assert_nothing_shown(response)
        page = BeautifulSoup(response.content, "html.parser")
        assert "n'accepte plus de réponse" in text_of(page.select_one(".form-errors"))
        assert page.select_one("textarea[name=body]").get_text().strip() == "Ma réponse."
        assert Comment.objects.filter(author=paul).count() == 0

    def test_a_form_error_on_a_refused_parent_does_not_quote_it(
        self, client, article, refused, paul
    ):
        client.force_login(paul)
        # Too fast: the form is shown again, the one place that used to quote the parent.
        response = post_reply(client, article, refused.pk, rendered=form_stamp())
        assert response.status_code == 400
        assert_nothing_shown(response)
        assert Comment.objects.filter(author=paul).count() == 0

    def test_answering_a_published_comment_joins_its_thread(self, client, article, marie, paul):
        first = comment_post(user=marie, article=article, body="La digue a tenu.")
        client.force_login(paul)
        response = post_reply(client, article, first.pk)
        assert response.status_code == 302
        assert Comment.objects.get(author=paul).parent == first
