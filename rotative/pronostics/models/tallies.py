"""The leaderboards' running totals, kept by the scoring (services/scores.py).

Summing a season's predictions at every page view reads millions of rows once 100,000 readers
play; the scoring keeps instead one line per reader and scope, in the same transaction as the
predictions it scores: a season, a match day, a Paris calendar month of a season. Each line
holds the tie-break columns of scoring.leaderboard_order, and each table an index in that
order, so that a page of a leaderboard is a range of one index and a reader's rank a count
over it. A line exists once one of the reader's predictions in the scope is scored (a
cancelled match's 0 included), as the leaderboards always did. An account deleted takes its
lines with it (CASCADE).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# scoring.leaderboard_order's rule on a tally's columns (selectors.STANDING_ORDER).
ORDER = ["-points", "-exact", "-outcomes", "since", "user"]


class Tally(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("joueur"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    # Plain integers, no « ≥ 0 » check: the scoring's upsert proposes each reader's change
    # (which a correction makes negative) as the row to insert, and the check would refuse it
    # before the conflict turns it into an addition to the existing line.
    points = models.IntegerField(_("points"), default=0)
    exact = models.IntegerField(_("scores exacts"), default=0)
    outcomes = models.IntegerField(_("bons résultats"), default=0)
    since = models.DateTimeField(_("premier pronostic"))  # in scope, scored

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.user_id}: {self.points}"


class SeasonTally(Tally):
    season = models.ForeignKey("Season", on_delete=models.CASCADE, related_name="+", db_index=False)

    class Meta:
        verbose_name = _("total de la saison")
        verbose_name_plural = _("totaux des saisons")
        constraints = [
            models.UniqueConstraint(fields=["season", "user"], name="pronostics_seasontally_unique")
        ]
        indexes = [models.Index(fields=["season", *ORDER], name="pronostics_seasontally_rank")]


class MonthTally(Tally):
    season = models.ForeignKey("Season", on_delete=models.CASCADE, related_name="+", db_index=False)
    month = models.DateField(_("mois"))  # its first day, Paris time

    class Meta:
        verbose_name = _("total du mois")
        verbose_name_plural = _("totaux des mois")
        constraints = [
            models.UniqueConstraint(
                fields=["season", "month", "user"], name="pronostics_monthtally_unique"
            )
        ]
        indexes = [
            models.Index(fields=["season", "month", *ORDER], name="pronostics_monthtally_rank")
        ]


class MatchDayTally(Tally):
    match_day = models.ForeignKey(
        "MatchDay", on_delete=models.CASCADE, related_name="+", db_index=False
    )

    class Meta:
        verbose_name = _("total de la journée")
        verbose_name_plural = _("totaux des journées")
        constraints = [
            models.UniqueConstraint(
                fields=["match_day", "user"], name="pronostics_matchdaytally_unique"
            )
        ]
        indexes = [models.Index(fields=["match_day", *ORDER], name="pronostics_matchdaytally_rank")]
