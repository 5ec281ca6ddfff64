"""The rules of the comment space, as readers and moderators meet them."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from rotative.accounts.tests.factories import ReaderFactory
from rotative.comments import services
from rotative.comments.models import Comment, CommentSettings, ModerationWord
from rotative.comments.tests.conftest import comments_section, text_of
from rotative.comments.tests.factories import comment_post

pytestmark = pytest.mark.django_db


class TestPosting:
    def test_post_moderated_comment_shows_at_once_with_name_and_relative_time(
        self, client, article, marie
    ):
        # The clock stands still: under load, a second could pass before the page is read.
        with time_machine.travel(timezone.now(), tick=False):
            comment = comment_post(user=marie, article=article, body="Bravo aux bénévoles !")
            assert comment.status == Comment.Status.PUBLISHED
            block = comments_section(client.get(article.url))
        shown = block.select_one(f"#commentaire-{comment.pk}")
        assert "Bravo aux bénévoles !" in text_of(shown)
        assert "Marie L." in text_of(shown)
        assert text_of(shown.select_one("time")) == "maintenant"  # naturaltime, in French
        assert "marie@example.fr" not in client.get(article.url).content.decode()

    def test_premoderated_section_holds_comments_until_approved(
        self, client, premoderated, marie, moderator
    ):
        comment = comment_post(user=marie, article=premoderated, body="J'étais sur place.")
        assert comment.status == Comment.Status.PENDING
        assert "J'étais sur place." not in text_of(comments_section(client.get(premoderated.url)))
        client.force_login(marie)  # its author sees it, flagged as waiting
        own = text_of(comments_section(client.get(premoderated.url)))
        assert "attend la validation d'un modérateur" in own and "J'étais sur place." in own
        client.logout()
        services.comment_approve(moderator=moderator, comment=comment)
        assert "J'étais sur place." in text_of(comments_section(client.get(premoderated.url)))

    def test_unconfirmed_address_cannot_comment(self, article):
        newcomer = ReaderFactory(email="nouveau@example.fr", verified=False)
        with pytest.raises(services.CommentError, match="Confirmez votre adresse e-mail"):
            comment_post(user=newcomer, article=article)

    def test_empty_and_too_long_comments_are_refused(self, article, marie):
        with pytest.raises(services.CommentError, match="vide"):
            comment_post(user=marie, article=article, body=" \n\u200b ")
        with pytest.raises(services.CommentError, match="2000 caractères"):
            comment_post(user=marie, article=article, body="a" * 2001)

    def test_a_reply_to_a_reply_joins_the_same_thread(self, article, marie, paul):
        first = comment_post(user=marie, article=article, body="Premier.")
        reply = comment_post(user=paul, article=article, body="Réponse.", parent=first)
        again = comment_post(user=marie, article=article, body="Et encore.", parent=reply)
        assert reply.parent == first and again.parent == first

    def test_posting_too_fast_or_too_often_is_refused(self, settings, article, marie):
        services.comment_post(user=marie, article=article, body="Un.")
        with pytest.raises(services.CommentError, match="patientez quelques secondes"):
            services.comment_post(user=marie, article=article, body="Deux.")
        settings.COMMENTS_MIN_INTERVAL_SECONDS = 0
        settings.COMMENTS_RATE_LIMIT = (3, 3600)
        services.comment_post(user=marie, article=article, body="Deux.")
        services.comment_post(user=marie, article=article, body="Trois.")
        with pytest.raises(services.CommentError, match="réessayez plus tard"):
            services.comment_post(user=marie, article=article, body="Quatre.")
        assert Comment.objects.count() == 3


@pytest.mark.django_db
def test_with_the_cache_down_a_comment_is_refused_as_unavailable_not_as_too_soon(article, marie):
    # Redis unreachable (nothing listens on port 1): the limit cannot count, so it refuses,
    # and says why (core.ratelimit.refusal_reason), not that the reader went too fast.
    from django.test import override_settings

    unreachable = {
        "default": {
            "BACKEND": "rotative.core.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    with (
        override_settings(CACHES=unreachable),
        pytest.raises(services.CommentError, match="momentanément indisponible"),
    ):
        services.comment_post(user=marie, article=article, body="Le pont est-il rouvert ?")
    assert Comment.objects.count() == 0


class TestWordList:
    def test_banned_word_is_refused_whatever_its_case_and_accents(self, article, marie):
        ModerationWord.objects.create(word="crétin", action=ModerationWord.Action.REJECT)
        with pytest.raises(services.CommentError, match="« crétin »"):
            comment_post(user=marie, article=article, body="Quel CRETIN ce maire.")
        # A whole word only: "crétinisme" is another word.
        comment_post(user=marie, article=article, body="Le crétinisme, maladie oubliée.")

    def test_suspect_word_holds_the_comment_for_a_moderator(self, client, article, marie):
        ModerationWord.objects.create(word="arnaque", action=ModerationWord.Action.HOLD)
        comment = comment_post(user=marie, article=article, body="Cette vente est une arnaque.")
        assert comment.status == Comment.Status.PENDING
        assert comment.held_reason == "Mot à vérifier : arnaque"
        assert "arnaque" not in client.get(article.url).content.decode()


class TestOwnComments:
    def test_edit_within_ten_minutes_then_no_more(self, client, article, marie):
        comment = comment_post(user=marie, article=article, body="Premiere version.")
        services.comment_edit(user=marie, comment=comment, body="Première version.")
        shown = text_of(comments_section(client.get(article.url)))
        assert "Marie L. maintenant (modifié) Première version." in shown
        Comment.objects.filter(pk=comment.pk).update(
            created_at=timezone.now() - timedelta(minutes=11)
        )
        comment.refresh_from_db()
        with pytest.raises(services.CommentError, match="dix minutes"):
            services.comment_edit(user=marie, comment=comment, body="Trop tard.")

    def test_only_the_author_edits_or_deletes(self, article, marie, paul):
        comment = comment_post(user=marie, article=article)
        with pytest.raises(services.CommentError):
            services.comment_edit(user=paul, comment=comment, body="Usurpation.")
        with pytest.raises(services.CommentError):
            services.comment_delete(user=paul, comment=comment)

    def test_deleted_comment_leaves_its_replies_under_a_notice(self, client, article, marie, paul):
        first = comment_post(user=marie, article=article, body="Je me suis trompée.")
        comment_post(user=paul, article=article, body="Pas du tout !", parent=first)
        lonely = comment_post(user=marie, article=article, body="Sans réponse.")
        services.comment_delete(user=marie, comment=first)
        services.comment_delete(user=marie, comment=lonely)
        shown = text_of(comments_section(client.get(article.url)))
        assert "Je me suis trompée." not in shown and "Sans réponse." not in shown
        assert "Ce commentaire a été supprimé par son auteur." in shown
        assert "Pas du tout !" in shown
        assert shown.startswith("Réagir à cet article (1)")  # only Paul's reply counts


class TestClosing:
    def test_closed_article_section_or_old_article_takes_no_comment(
        self, client, article, section, marie
    ):
        article.comments_open = False
        article.save_revision().publish()
        with pytest.raises(services.CommentError, match="fermés"):
            comment_post(user=marie, article=article)
        assert "Les commentaires sont fermés" in client.get(article.url).content.decode()

        article.comments_open = True
        article.save_revision().publish()
        section.comments_open = False
        section.save_revision().publish()
        with pytest.raises(services.CommentError, match="fermés"):
            comment_post(user=marie, article=article)

        section.comments_open = True
        section.save_revision().publish()
        setting = CommentSettings.for_site(article.get_site())
        setting.close_after_days = 2
        setting.save()
        type(article).objects.filter(pk=article.pk).update(
            first_published_at=timezone.now() - timedelta(days=3)
        )
        article.refresh_from_db()
        with pytest.raises(services.CommentError, match="fermés"):
            comment_post(user=marie, article=article)


class TestReportsAndModeration:
    def test_report_once_and_enough_reports_hide_the_comment(self, client, article, marie):
        comment = comment_post(user=marie, article=article, body="Propos limite.")
        readers = [ReaderFactory() for _ in range(3)]
        services.comment_report(user=readers[0], comment=comment, reason="abuse")
        with pytest.raises(services.CommentError, match="déjà signalé"):
            services.comment_report(user=readers[0], comment=comment, reason="spam")
        with pytest.raises(services.CommentError, match="propre commentaire"):
            services.comment_report(user=marie, comment=comment, reason="spam")
        services.comment_report(user=readers[1], comment=comment, reason="spam")
        assert "Propos limite." in client.get(article.url).content.decode()
        services.comment_report(user=readers[2], comment=comment, reason="abuse")
        comment.refresh_from_db()
        assert comment.status == Comment.Status.PENDING
        assert comment.held_reason == "Signalé par 3 lecteurs"
        assert "Propos limite." not in client.get(article.url).content.decode()

    def test_reject_needs_a_reason_and_ban_stops_the_reader(self, article, marie, moderator):
        comment = comment_post(user=marie, article=article, body="Premier dérapage.")
        with pytest.raises(services.CommentError, match="motif"):
            services.comment_reject(moderator=moderator, comment=comment, reason=" ")
        services.comment_reject(moderator=moderator, comment=comment, reason="Hors sujet")
        comment.refresh_from_db()
        assert comment.status == Comment.Status.REJECTED
        assert comment.rejection_reason == "Hors sujet"
        services.reader_ban(moderator=moderator, user=marie, reason="Insultes répétées")
        with pytest.raises(services.CommentError, match="ne peut plus publier"):
            comment_post(user=marie, article=article)
        services.reader_unban(user=marie)
        comment_post(user=marie, article=article, body="De retour, et calme.")


class TestAccountData:
    def test_export_lists_the_readers_comments(self, article, marie):
        from rotative.accounts import services as accounts

        comment_post(user=marie, article=article, body="Mon avis sur la digue.")
        exported = accounts.account_export(user=marie)["commentaires"]
        assert exported["comments"][0]["text"] == "Mon avis sur la digue."
        assert exported["comments"][0]["url"].endswith(article.url)

    @pytest.mark.parametrize("choice", ["anonymise", "remove"])
    def test_deleted_account_comments_follow_the_sites_choice(
        self, client, article, marie, paul, choice
    ):
        from rotative.accounts import services as accounts

        setting = CommentSettings.for_site(article.get_site())
        setting.on_account_deletion = choice
        setting.save()
        first = comment_post(user=marie, article=article, body="Avis de Marie.")
        comment_post(user=paul, article=article, body="Réponse de Paul.", parent=first)
        accounts.account_delete(user=marie)
        shown = text_of(comments_section(client.get(article.url)))
        assert "Marie L." not in shown and "Réponse de Paul." in shown
        if choice == "anonymise":
            assert "Compte supprimé maintenant Avis de Marie." in shown
        else:
            assert "Avis de Marie." not in shown
            assert "Ce commentaire a été supprimé par son auteur." in shown
