"""The moderators' queue in the Wagtail admin, and the mail readers get about their comments."""

import pytest
from bs4 import BeautifulSoup

from rotative.comments import services
from rotative.comments.models import Comment
from rotative.comments.tests.conftest import text_of
from rotative.comments.tests.factories import comment_post

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    return text_of(BeautifulSoup(response.content, "html.parser").select_one("main") or "")


class TestQueue:
    def test_moderator_approves_a_held_comment_with_the_readers_history_beside(
        self, client, premoderated, marie, moderator
    ):
        old = comment_post(user=marie, article=premoderated, body="Un ancien avis.")
        services.comment_reject(moderator=moderator, comment=old, reason="Hors sujet")
        waiting = comment_post(user=marie, article=premoderated, body="Témoin de l'accident.")
        client.force_login(moderator)
        queue = page_text(client.get("/admin/commentaires/"))
        assert "À modérer (1)" in queue and "Témoin de l'accident." in queue
        detail = page_text(client.get(f"/admin/commentaires/{waiting.pk}/"))
        assert "Marie L." in detail and "marie@example.fr" in detail
        assert "refusés : 1" in detail and "Un ancien avis." in detail
        client.post(f"/admin/commentaires/{waiting.pk}/moderer/", {"action": "approve"})
        waiting.refresh_from_db()
        assert waiting.status == Comment.Status.PUBLISHED
        assert "Témoin de l'accident." in text_of(
            BeautifulSoup(client.get(premoderated.url).content, "html.parser").select_one(
                "#commentaires"
            )
        )

    def test_reported_tab_and_reject_then_ban(self, client, article, marie, paul, moderator):
        comment = comment_post(user=marie, article=article, body="Propos douteux.")
        services.comment_report(user=paul, comment=comment, reason="abuse", details="Insulte")
        client.force_login(moderator)
        reported = page_text(client.get("/admin/commentaires/?onglet=reported"))
        assert "Signalés (1)" in reported and "Propos douteux." in reported
        assert "Insulte" in page_text(client.get(f"/admin/commentaires/{comment.pk}/"))
        client.post(
            f"/admin/commentaires/{comment.pk}/moderer/",
            {"action": "ban", "reason": "Propos injurieux ou haineux"},
        )
        comment.refresh_from_db()
        assert comment.status == Comment.Status.REJECTED
        assert "Marie L." in page_text(client.get("/admin/commentaires/?onglet=banned"))
        with pytest.raises(services.CommentError):
            comment_post(user=marie, article=article)

    @pytest.mark.parametrize("next_url", ["//evil.example/", "https://evil.example/", "abc"])
    def test_the_way_back_stays_on_the_site(self, client, marie, moderator, next_url):
        client.force_login(moderator)
        response = client.post(
            f"/admin/commentaires/lecteurs/{marie.pk}/reintegrer/", {"next": next_url}
        )
        assert response.status_code == 302
        assert response["Location"] == "/admin/commentaires/"

    def test_readers_and_editors_without_the_permission_are_kept_out(self, client, marie):
        client.force_login(marie)
        assert client.get("/admin/commentaires/").status_code in (302, 403)


class TestNotifications:
    def test_reply_is_mailed_to_the_author_with_a_link_to_it(
        self, smtp_server, article, marie, paul, django_capture_on_commit_callbacks
    ):
        first = comment_post(user=marie, article=article, body="Qui était là ?")
        with django_capture_on_commit_callbacks(execute=True):
            reply = comment_post(user=paul, article=article, body="Moi !", parent=first)
        (message,) = smtp_server.wait_for(1)
        assert message["To"] == "marie@example.fr"
        assert message["Subject"].endswith("Paul du Cotentin a répondu à votre commentaire")
        body = smtp_server.text(message)
        assert "Moi !" in body
        assert smtp_server.first_link(article.url, message).endswith(f"#commentaire-{reply.pk}")
        assert smtp_server.first_link("/compte/", message)  # where to turn it off

    def test_a_display_name_with_a_line_break_still_gets_the_reply_mailed_on_one_line(
        self, smtp_server, article, marie, paul, django_capture_on_commit_callbacks
    ):
        # Written before the profile form's checks: the subject is built from it.
        type(paul.profile).objects.filter(pk=paul.profile.pk).update(
            display_name="Paul\r\nBcc: victime@example.org"
        )
        paul.refresh_from_db()
        first = comment_post(user=marie, article=article, body="Qui était là ?")
        with django_capture_on_commit_callbacks(execute=True):
            comment_post(user=paul, article=article, body="Moi !", parent=first)
        (message,) = smtp_server.wait_for(1)
        assert message["To"] == "marie@example.fr" and message["Bcc"] is None
        assert message["Subject"].endswith(
            "Paul Bcc: victime@example.org a répondu à votre commentaire"
        )

    def test_no_mail_when_the_reader_turned_it_off(
        self, smtp_server, article, marie, paul, django_capture_on_commit_callbacks
    ):
        marie.profile.notify_replies = False
        marie.profile.save()
        first = comment_post(user=marie, article=article, body="Qui était là ?")
        with django_capture_on_commit_callbacks(execute=True):
            comment_post(user=paul, article=article, body="Moi !", parent=first)
        with pytest.raises(AssertionError):
            smtp_server.wait_for(1, timeout=1)

    def test_rejection_is_mailed_with_its_reason(
        self, smtp_server, article, marie, moderator, django_capture_on_commit_callbacks
    ):
        comment = comment_post(user=marie, article=article, body="Un avis tranché.")
        with django_capture_on_commit_callbacks(execute=True):
            services.comment_reject(moderator=moderator, comment=comment, reason="Hors sujet")
        (message,) = smtp_server.wait_for(1)
        assert message["To"] == "marie@example.fr"
        body = smtp_server.text(message)
        assert "Motif : Hors sujet" in body and "Un avis tranché." in body


def test_the_count_under_the_title_follows_each_change_at_once(
    client, premoderated, marie, paul, moderator
):
    """The count is kept in the shared cache (selectors.comment_count): every change that
    publishes a comment or takes one away shows on the next page."""

    def count() -> str:
        page = BeautifulSoup(client.get(premoderated.url).content, "html.parser")
        return page.select_one(".article__comments").get_text(strip=True)

    assert count() == "0 commentaire"
    first = comment_post(user=marie, article=premoderated, body="Témoin de l'accident.")
    assert count() == "0 commentaire"  # held for a moderator
    services.comment_approve(moderator=moderator, comment=first)
    assert count() == "1 commentaire"
    second = comment_post(user=paul, article=premoderated, body="La route est rouverte.")
    services.comment_approve(moderator=moderator, comment=second)
    assert count() == "2 commentaires"
    services.comment_reject(moderator=moderator, comment=second, reason="Hors sujet")
    assert count() == "1 commentaire"
    services.comment_delete(user=marie, comment=first)
    assert count() == "0 commentaire"
    services.comment_approve(moderator=moderator, comment=second)
    services.comments_erase(paul)  # an account that goes, its comments withdrawn or unsigned
    assert count() == (
        "1 commentaire" if Comment.objects.filter(status="published").exists() else "0 commentaire"
    )
