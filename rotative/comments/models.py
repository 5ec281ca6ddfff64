"""Readers' comments under articles, their reports, and the moderators' tools."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from rotative.core import moderation

BODY_MAX_LENGTH = 2000
# How long after writing it an author may still rewrite a comment (said on the edit page).
EDIT_WINDOW = timedelta(minutes=10)


class CommentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Comment.Status.PUBLISHED)

    def for_article(self, article):
        return self.filter(article=article)

    def awaiting_moderation(self):
        return self.filter(status=Comment.Status.PENDING)

    def reported(self):
        return self.filter(status=Comment.Status.PUBLISHED, open_reports__gt=0)


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("En attente de modération")
        PUBLISHED = "published", _("Publié")
        REJECTED = "rejected", _("Refusé")
        DELETED = "deleted", _("Supprimé par son auteur")

    article = models.ForeignKey(
        "news.ArticlePage", on_delete=models.CASCADE, related_name="comments"
    )
    # Null once the reader has deleted their account and the site keeps their words.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
    )
    # One level of threading: a reply always points at a top-level comment.
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    body = models.TextField(_("commentaire"), max_length=BODY_MAX_LENGTH)
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    held_reason = models.CharField(_("motif de mise en attente"), max_length=200, blank=True)
    rejection_reason = models.CharField(_("motif du refus"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("écrit le"), default=timezone.now)
    edited_at = models.DateTimeField(_("modifié le"), null=True, blank=True)
    moderated_at = models.DateTimeField(_("modéré le"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("modéré par"),
    )
    open_reports = models.PositiveIntegerField(_("signalements à traiter"), default=0)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("commentaire")
        verbose_name_plural = _("commentaires")
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["article", "parent", "status", "-created_at"], name="comment_thread"
            ),
            models.Index(fields=["status", "-created_at"], name="comment_queue"),
            models.Index(fields=["author", "-created_at"], name="comment_author_history"),
        ]

    def __str__(self):
        return self.body[:60]

    @property
    def is_reply(self) -> bool:
        return self.parent_id is not None

    def edit_refusal(self, user, now: datetime | None = None) -> str | None:
        """Why `user` may not rewrite this comment at `now`, or None when they may.

        The one rule for the « Modifier » link, the edit page and comment_edit: its author,
        while it is published or held, within EDIT_WINDOW of its writing (boundary included).
        """
        if not getattr(user, "is_authenticated", False) or self.author_id != user.pk:
            return gettext("Vous ne pouvez modifier que vos propres commentaires.")
        if self.status not in (self.Status.PUBLISHED, self.Status.PENDING):
            return gettext("Ce commentaire ne peut plus être modifié.")
        if (now or timezone.now()) - self.created_at > EDIT_WINDOW:
            return gettext(
                "Un commentaire se modifie dans les dix minutes qui suivent sa publication."
            )
        return None

    def editable_by(self, user, now: datetime | None = None) -> bool:
        return self.edit_refusal(user, now) is None


class CommentReport(models.Model):
    class Reason(models.TextChoices):
        ABUSE = "abuse", _("Insultes, propos haineux ou harcèlement")
        SPAM = "spam", _("Publicité ou spam")
        OFF_TOPIC = "off_topic", _("Hors sujet")
        FALSE = "false", _("Fausse information")
        PRIVACY = "privacy", _("Atteinte à la vie privée")
        OTHER = "other", _("Autre")

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_reports"
    )
    reason = models.CharField(_("motif"), max_length=10, choices=Reason.choices)
    details = models.CharField(_("précisions"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("signalé le"), default=timezone.now)
    resolved_at = models.DateTimeField(_("traité le"), null=True, blank=True)

    class Meta:
        verbose_name = _("signalement")
        verbose_name_plural = _("signalements")
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="one_report_per_reader")
        ]

    def __str__(self):
        return self.get_reason_display()


class ModerationWord(models.Model):
    class Action(models.TextChoices):
        # The values are the shared word list's (core.moderation), which this model keeps.
        REJECT = moderation.REJECT, _("Refuser le commentaire")
        HOLD = moderation.HOLD, _("Mettre en attente de modération")

    word = models.CharField(
        _("mot ou expression"),
        max_length=100,
        unique=True,
        help_text=_("Cherché comme mot entier, sans tenir compte des majuscules ni des accents."),
    )
    action = models.CharField(_("action"), max_length=6, choices=Action.choices)

    class Meta:
        verbose_name = _("mot interdit ou suspect")
        verbose_name_plural = _("mots interdits ou suspects")
        ordering = ["word"]

    def __str__(self):
        return self.word

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        moderation.moderation_words_changed()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        moderation.moderation_words_changed()
        return result


class ReaderBan(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="comment_ban",
        verbose_name=_("lecteur"),
    )
    reason = models.CharField(_("motif"), max_length=500)
    banned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("banni par"),
    )
    created_at = models.DateTimeField(_("banni le"), default=timezone.now)

    class Meta:
        verbose_name = _("lecteur banni")
        verbose_name_plural = _("lecteurs bannis")

    def __str__(self):
        return str(self.user)


@register_setting(icon="comment")
class CommentSettings(BaseSiteSetting):
    class OnAccountDeletion(models.TextChoices):
        ANONYMISE = "anonymise", _("Les garder, signés « Compte supprimé »")
        REMOVE = "remove", _("Les retirer du site")

    close_after_days = models.PositiveSmallIntegerField(
        _("fermer les commentaires après (jours)"),
        default=30,
        help_text=_("Compté depuis la première publication de l'article ; 0 : jamais."),
    )
    on_account_deletion = models.CharField(
        _("commentaires d'un compte supprimé"),
        max_length=10,
        choices=OnAccountDeletion.choices,
        default=OnAccountDeletion.ANONYMISE,
    )
    hide_after_reports = models.PositiveSmallIntegerField(
        _("masquer après (signalements)"),
        default=3,
        help_text=_(
            "Un commentaire signalé par autant de lecteurs est masqué en attendant un "
            "modérateur ; 0 : jamais."
        ),
    )

    class Meta:
        verbose_name = _("réglages des commentaires")
