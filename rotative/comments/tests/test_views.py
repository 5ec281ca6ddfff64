"""The comment space in the article page and its forms, as a reader uses them."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rotative.comments.models import Comment
from rotative.comments.tests.conftest import comments_section, text_of
from rotative.comments.tests.factories import comment_post, comments_bulk
from rotative.core.bot_trap import form_stamp

pytestmark = pytest.mark.django_db


def post_form(client, article, body, **extra):
    data = {"body": body, "rendered": form_stamp(0), "website": "", **extra}
    return client.post(f"/commentaires/article/{article.pk}/", data)


class TestAnonymousReader:
    def test_sees_the_invitation_with_links_back_to_the_comments(self, client, article):
        block = comments_section(client.get(article.url))
        assert text_of(block.select_one(".comments__notice")) == (
            "L'espace des commentaires est ouvert aux inscrits. Connectez-vous ou créez un "
            "compte pour pouvoir commenter cet article."
        )
        links = {a.get_text(): a["href"] for a in block.select(".comments__notice a")}
        back = "/manche/digue/%23commentaires"
        assert links == {
            "Connectez-vous": f"/compte/connexion/?next={back}",
            "créez un compte": f"/compte/inscription/?next={back}",
        }
        assert block.select_one("form") is None

    def test_posting_sends_to_the_login_page(self, client, article):
        response = post_form(client, article, "Anonyme.")
        assert response.status_code == 302 and "/compte/connexion/" in response["Location"]
        assert not Comment.objects.exists()


class TestForm:
    def test_comment_is_published_and_the_reader_lands_on_it(self, client, article, marie):
        client.force_login(marie)
        response = post_form(client, article, "La digue a tenu, ouf.")
        comment = Comment.objects.get()
        assert response["Location"] == f"{article.url}#commentaire-{comment.pk}"
        page = client.get(article.url)
        assert "Votre commentaire est publié." in page.content.decode()
        assert text_of(
            BeautifulSoup(page.content, "html.parser").select_one(".article__comments")
        ) == ("1 commentaire")

    def test_honeypot_filled_is_refused_and_nothing_stored(self, client, article, marie):
        client.force_login(marie)
        response = post_form(client, article, "Achetez !", website="http://spam.example")
        assert response.status_code == 400
        page = BeautifulSoup(response.content, "html.parser")
        assert "n'a pas pu être envoyé" in text_of(page.select_one(".form-errors"))
        assert not Comment.objects.exists()

    def test_the_bot_trap_and_a_forged_stamp_are_written_to_the_security_log(
        self, client, article, marie, caplog
    ):
        client.force_login(marie)
        caplog.set_level("INFO", logger="rotative.security")
        post_form(client, article, "Achetez !", website="http://spam.example")
        post_form(client, article, "Achetez !", rendered="0:forged")
        events = [r.event for r in caplog.records if r.name == "rotative.security"]
        assert events == ["bot_trap", "signed_value_invalid"]

    def test_too_fast_is_refused_and_keeps_what_was_typed(self, client, article, marie):
        client.force_login(marie)
        response = post_form(client, article, "Écrit en un éclair.", rendered=form_stamp())
        assert response.status_code == 400
        page = BeautifulSoup(response.content, "html.parser")
        assert "Vous avez été très rapide" in text_of(page.select_one(".form-errors"))
        assert page.select_one("textarea[name=body]").get_text().strip() == "Écrit en un éclair."
        assert not Comment.objects.exists()

    def test_refusal_by_a_rule_keeps_the_text_and_says_why(self, client, article, marie):
        from rotative.comments.models import ModerationWord

        ModerationWord.objects.create(word="abruti", action="reject")
        client.force_login(marie)
        response = post_form(client, article, "Quel abruti, ce chauffard.")
        page = BeautifulSoup(response.content, "html.parser")
        assert "terme refusé sur ce site : « abruti »" in text_of(page.select_one(".form-errors"))
        assert "Quel abruti" in page.select_one("textarea[name=body]").get_text()

    def test_form_without_csrf_token_is_refused(self, article, marie):
        from django.test import Client

        client = Client(enforce_csrf_checks=True)
        client.force_login(marie)
        assert post_form(client, article, "Sans jeton.").status_code == 403

    def test_reply_report_edit_and_delete_pages(self, client, article, marie, paul):
        first = comment_post(user=marie, article=article, body="Question sur la digue ?")
        client.force_login(paul)
        reply_page = client.get(f"/commentaires/article/{article.pk}/?reponse={first.pk}")
        assert "En réponse à Marie L." in text_of(BeautifulSoup(reply_page.content, "html.parser"))
        post_form(client, article, "Réponse de Paul.", parent=first.pk)
        reply = Comment.objects.get(parent=first)
        report = client.post(f"/commentaires/{first.pk}/signaler/", {"reason": "off_topic"})
        assert report.status_code == 302
        assert first.reports.get().reason == "off_topic"
        assert client.get(f"/commentaires/{first.pk}/modifier/").status_code == 404  # not his
        client.post(f"/commentaires/{reply.pk}/modifier/", {"body": "Réponse corrigée."})
        client.post(f"/commentaires/{reply.pk}/supprimer/")
        reply.refresh_from_db()
        assert reply.status == Comment.Status.DELETED and reply.body == ""


class TestVolume:
    def test_500_comments_cost_the_same_queries_as_5_and_are_paginated(
        self, client, section, marie
    ):
        from rotative.news.tests.factories import ArticlePageFactory

        small = ArticlePageFactory(parent=section, slug="petit")
        big = ArticlePageFactory(parent=section, slug="grand")
        comments_bulk(article=small, author=marie, count=5, replies_each=1)
        comments_bulk(article=big, author=marie, count=250, replies_each=1)
        client.force_login(marie)
        counts = []
        for article in (small, big):
            client.get(article.url)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(article.url)
            counts.append(len(queries))
        assert counts[0] == counts[1], counts
        block = comments_section(response)
        assert len(block.select(".comments__thread")) == 20
        assert text_of(block.find("h2")) == "Réagir à cet article (500)"
        older = block.select_one(".comments__pages a")
        assert text_of(older) == "Commentaires plus anciens"
        page2 = comments_section(client.get(big.url + older["href"].split("#")[0]))
        assert "Commentaire numéro 20." in text_of(page2)
