"""Les pronostics: the region's football matches and the readers' predictions of their scores.

Plain models: readers predict in volume (DESIGN.md). A competition (Ligue 1, a regional cup)
holds its scoring rules and its seasons; a season its match days; a match day its matches and,
optionally, one bonus match whose points count double. A prediction keeps its grade and points
once scored, and the result version it was scored against (`scored_version`), so that a
result is applied to each prediction exactly once, and a corrected result once more.
"""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rotative.pronostics.scoring import Grade, Rules

MAX_GOALS = 99
PARIS = ZoneInfo("Europe/Paris")  # kick-offs are entered and shown in Paris time


class Competition(models.Model):
    name = models.CharField(_("nom"), max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    points_exact = models.PositiveSmallIntegerField(_("points du score exact"), default=4)
    points_difference = models.PositiveSmallIntegerField(_("points du bon écart"), default=3)
    points_outcome = models.PositiveSmallIntegerField(_("points du bon résultat"), default=2)
    bonus_multiplier = models.PositiveSmallIntegerField(
        _("multiplicateur du match bonus"), default=2
    )

    class Meta:
        verbose_name = _("compétition")
        verbose_name_plural = _("compétitions")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                name="pronostics_competition_points_order",
                condition=Q(points_exact__gte=F("points_difference"))
                & Q(points_difference__gte=F("points_outcome")),
            ),
            models.CheckConstraint(
                name="pronostics_competition_bonus_positive", condition=Q(bonus_multiplier__gte=1)
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def rules(self) -> Rules:
        return Rules(
            exact=self.points_exact,
            difference=self.points_difference,
            outcome=self.points_outcome,
            bonus_multiplier=self.bonus_multiplier,
        )


class Season(models.Model):
    competition = models.ForeignKey(
        Competition, verbose_name=_("compétition"), on_delete=models.CASCADE, related_name="seasons"
    )
    label = models.CharField(_("saison"), max_length=40)  # « 2026-2027 »
    slug = models.SlugField(max_length=40)

    class Meta:
        verbose_name = _("saison")
        verbose_name_plural = _("saisons")
        ordering = ["competition", "-label"]
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "slug"], name="pronostics_season_unique_slug"
            )
        ]

    def __str__(self):
        return f"{self.competition.name} {self.label}"


class Club(models.Model):
    name = models.CharField(_("nom"), max_length=120, unique=True)
    short_name = models.CharField(_("nom court"), max_length=40, blank=True)
    commune = models.ForeignKey(
        "geo.Commune",
        verbose_name=_("commune"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("club")
        verbose_name_plural = _("clubs")
        ordering = ["name"]

    def __str__(self):
        return self.name


class MatchDay(models.Model):
    season = models.ForeignKey(
        Season, verbose_name=_("saison"), on_delete=models.CASCADE, related_name="match_days"
    )
    number = models.PositiveSmallIntegerField(_("numéro"))
    label = models.CharField(_("nom"), max_length=80, blank=True)  # « 12e journée »
    # Its points count `Competition.bonus_multiplier` times; chosen before the day starts.
    bonus_match = models.ForeignKey(
        "Match",
        verbose_name=_("match bonus"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("journée")
        verbose_name_plural = _("journées")
        ordering = ["season", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["season", "number"], name="pronostics_matchday_unique_number"
            )
        ]

    def __str__(self):
        return self.label or _("Journée %(number)s") % {"number": self.number}


class Match(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "programme", _("Programmé")
        PLAYED = "joue", _("Joué")
        # No new date yet: predictions wait for it (a new date makes it « programmé » again,
        # `postponed_from` remembering the first one).
        POSTPONED = "reporte", _("Reporté")
        CANCELLED = "annule", _("Annulé")

    match_day = models.ForeignKey(
        MatchDay, verbose_name=_("journée"), on_delete=models.CASCADE, related_name="matches"
    )
    home = models.ForeignKey(
        Club, verbose_name=_("domicile"), on_delete=models.PROTECT, related_name="+"
    )
    away = models.ForeignKey(
        Club, verbose_name=_("extérieur"), on_delete=models.PROTECT, related_name="+"
    )
    kickoff = models.DateTimeField(_("coup d'envoi"))  # aware; shown in Europe/Paris
    postponed_from = models.DateTimeField(_("date initiale"), null=True, blank=True)
    venue = models.CharField(_("lieu"), max_length=120, blank=True)
    status = models.CharField(
        _("statut"), max_length=12, choices=Status.choices, default=Status.SCHEDULED
    )
    home_score = models.PositiveSmallIntegerField(_("buts à domicile"), null=True, blank=True)
    away_score = models.PositiveSmallIntegerField(_("buts à l'extérieur"), null=True, blank=True)
    # Bumped by every result recorded, corrected or annulled: predictions scored against an
    # older version are scored again, once (services.match_score).
    result_version = models.PositiveIntegerField(default=0)
    # The result version all its predictions (and the leaderboards' tallies) have been scored
    # against: the catch-up job finds the matches left behind in this small table.
    scored_version = models.PositiveIntegerField(default=0)
    result_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("résultat saisi par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    result_at = models.DateTimeField(_("résultat saisi le"), null=True, blank=True)

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matchs")
        ordering = ["kickoff", "pk"]
        constraints = [
            models.CheckConstraint(name="pronostics_match_two_clubs", condition=~Q(home=F("away"))),
            models.CheckConstraint(
                name="pronostics_match_score_range",
                condition=(
                    Q(home_score__isnull=True, away_score__isnull=True)
                    | Q(
                        home_score__gte=0,
                        home_score__lte=MAX_GOALS,
                        away_score__gte=0,
                        away_score__lte=MAX_GOALS,
                    )
                ),
            ),
            models.CheckConstraint(
                name="pronostics_match_played_has_score",
                condition=~Q(status="joue") | Q(home_score__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["match_day", "home", "away"], name="pronostics_match_unique_pairing"
            ),
        ]
        indexes = [
            # The month's leaderboard and the coming matches: a range of kick-offs.
            models.Index(fields=["kickoff"], name="pronostics_match_kickoff"),
        ]

    def __str__(self):
        return f"{self.home} – {self.away}"

    def has_started(self, now=None) -> bool:
        return (now or timezone.now()) >= self.kickoff

    @property
    def result(self) -> tuple[int, int] | None:
        if self.home_score is None:
            return None
        return (self.home_score, self.away_score)


class Prediction(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("joueur"),
        on_delete=models.CASCADE,
        related_name="pronostics",
    )
    match = models.ForeignKey(
        Match, verbose_name=_("match"), on_delete=models.CASCADE, related_name="predictions"
    )
    home_goals = models.PositiveSmallIntegerField(_("buts à domicile"))
    away_goals = models.PositiveSmallIntegerField(_("buts à l'extérieur"))
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    updated_at = models.DateTimeField(_("modifié le"), default=timezone.now)
    # Null until the match is scored; a cancelled match scores 0 for everyone.
    points = models.PositiveSmallIntegerField(_("points"), null=True, blank=True)
    grade = models.PositiveSmallIntegerField(
        _("résultat du pronostic"),
        choices=[
            (Grade.EXACT, _("Score exact")),
            (Grade.DIFFERENCE, _("Bon écart")),
            (Grade.OUTCOME, _("Bon résultat")),
            (Grade.MISS, _("Raté")),
        ],
        null=True,
        blank=True,
    )
    scored_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("pronostic")
        verbose_name_plural = _("pronostics")
        constraints = [
            models.UniqueConstraint(fields=["user", "match"], name="pronostics_prediction_unique"),
            models.CheckConstraint(
                name="pronostics_prediction_goals_range",
                condition=Q(home_goals__gte=0, home_goals__lte=MAX_GOALS)
                & Q(away_goals__gte=0, away_goals__lte=MAX_GOALS),
            ),
        ]
        # The leaderboards read the tallies (tallies.py), not the predictions: a match's
        # predictions are found by the foreign key's own index.
        indexes = [
            # A reader's own points (« mes pronostics », their total).
            models.Index(fields=["user", "points"], name="pronostics_prediction_user_pts"),
        ]

    def __str__(self):
        return f"{self.match}: {self.home_goals}-{self.away_goals}"


class League(models.Model):
    """A private league: its members' own leaderboard, joined through its invite link."""

    name = models.CharField(_("nom"), max_length=80)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créée par"),
        on_delete=models.CASCADE,
        related_name="pronostics_leagues_owned",
    )
    invite_token = models.CharField(max_length=43, unique=True)  # secrets.token_urlsafe
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)

    class Meta:
        verbose_name = _("ligue privée")
        verbose_name_plural = _("ligues privées")

    def __str__(self):
        return self.name


class LeagueMembership(models.Model):
    league = models.ForeignKey(
        League, verbose_name=_("ligue"), on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("membre"),
        on_delete=models.CASCADE,
        related_name="pronostics_memberships",
    )
    joined_at = models.DateTimeField(_("membre depuis"), default=timezone.now)

    class Meta:
        verbose_name = _("membre d'une ligue")
        verbose_name_plural = _("membres des ligues")
        constraints = [
            models.UniqueConstraint(fields=["league", "user"], name="pronostics_member_unique")
        ]

    def __str__(self):
        return f"{self.user_id} @ {self.league}"
