"""Reminders of the match days a reader has not predicted: their opt-in and what was sent."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rotative.pronostics.models.game import MatchDay


class ReminderPreference(models.Model):
    """A reader's opt-in to the reminders of the match days they have not predicted yet.
    Off until they turn it on (rappels/)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("joueur"),
        on_delete=models.CASCADE,
        related_name="pronostics_reminders",
    )
    by_email = models.BooleanField(_("rappel par e-mail"), default=False)
    by_push = models.BooleanField(_("rappel par notification"), default=False)
    updated_at = models.DateTimeField(_("modifié le"), default=timezone.now)

    class Meta:
        verbose_name = _("rappel des pronostics")
        verbose_name_plural = _("rappels des pronostics")

    def __str__(self):
        return f"{self.user_id}: e-mail {self.by_email}, notification {self.by_push}"


class ReminderSent(models.Model):
    """One reminder of one match day to one reader. The row is written before the reminder
    goes out and its unique constraint is the lock: however many workers run the job, or
    run it again, one of them only gets to send it.

    `window` is the Monday (Paris) of the week of the day's first match left to predict: a
    match day is played within a week, so one reminder each; a postponed match moved to a
    later week opens a new window and is reminded on its own."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("joueur"),
        on_delete=models.CASCADE,
        related_name="pronostics_reminders_sent",
    )
    match_day = models.ForeignKey(
        MatchDay, verbose_name=_("journée"), on_delete=models.CASCADE, related_name="+"
    )
    window = models.DateField(_("semaine"))
    sent_at = models.DateTimeField(_("envoyé le"), default=timezone.now)
    matches = models.PositiveSmallIntegerField(_("matchs à pronostiquer"), default=0)
    by_email = models.BooleanField(_("par e-mail"), default=False)
    by_push = models.BooleanField(_("par notification"), default=False)

    class Meta:
        verbose_name = _("rappel envoyé")
        verbose_name_plural = _("rappels envoyés")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "match_day", "window"], name="pronostics_reminder_once"
            )
        ]

    def __str__(self):
        return f"{self.user_id} @ {self.match_day_id} ({self.window})"
