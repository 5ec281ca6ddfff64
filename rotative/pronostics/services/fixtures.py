"""The calendar and its results: competitions, seasons, clubs, match days, matches; results
recorded, corrected, postponed or cancelled, and the predictions scored against them."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rotative.core.slugs import slugify_fr
from rotative.core.utils import search_fold
from rotative.pronostics.models import (
    MAX_GOALS,
    Club,
    Competition,
    Match,
    MatchDay,
    Season,
)
from rotative.pronostics.services.errors import PronosticsError

EDIT_PERMISSION = "pronostics.change_match"


def _check_editor(by) -> None:
    # None: the site itself (the CSV import run by a command, a test's factory).
    if by is not None and not by.has_perm(EDIT_PERMISSION):
        raise PronosticsError(_("Seule la rédaction peut modifier les matchs."))


def goals_check(home: int, away: int) -> None:
    for goals in (home, away):
        if isinstance(goals, bool) or not isinstance(goals, int) or not 0 <= goals <= MAX_GOALS:
            raise PronosticsError(_("Un score va de 0 à %(max)s buts.") % {"max": MAX_GOALS})


def _check_aware(moment: datetime) -> None:
    if timezone.is_naive(moment):
        raise ValueError("Kick-offs are aware datetimes (Europe/Paris when entered).")


@transaction.atomic
def competition_create(*, name: str, **rules) -> Competition:
    name = " ".join(name.split())
    base = slugify_fr(name, max_length=120, fallback="competition")
    slug, n = base, 1
    while Competition.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    competition = Competition(name=name, slug=slug, **rules)
    try:
        competition.rules  # noqa: B018 (scoring.Rules checks the points' order)
    except ValueError:
        raise PronosticsError(
            _(
                "Le score exact rapporte au moins autant que le bon écart, le bon écart au "
                "moins autant que le bon résultat, et le match bonus multiplie par 1 au moins."
            )
        ) from None
    competition.save()
    return competition


@transaction.atomic
def season_create(*, competition: Competition, label: str) -> Season:
    label = " ".join(label.split())
    return Season.objects.create(
        competition=competition,
        label=label,
        slug=slugify_fr(label, max_length=40, fallback="saison"),
    )


def club_find(name: str) -> Club | None:
    """The club of that name or short name, whatever the accents and capitals."""
    key = search_fold(" ".join(name.split()))
    for club in Club.objects.all():  # a region's clubs: a few dozen rows
        if key in (search_fold(club.name), search_fold(club.short_name or "")):
            return club
    return None


@transaction.atomic
def club_find_or_create(*, name: str, short_name: str = "", commune=None) -> tuple[Club, bool]:
    found = club_find(name)
    if found:
        return found, False
    name = " ".join(name.split())
    return Club.objects.create(name=name, short_name=short_name, commune=commune), True


def match_day_label(number: int) -> str:
    # French ordinals: « 1re journée », then « 2e », « 12e ».
    if number == 1:
        return _("1re journée")
    return _("%(number)se journée") % {"number": number}


@transaction.atomic
def match_day_get_or_create(*, season: Season, number: int, label: str = "") -> MatchDay:
    day, _created = MatchDay.objects.get_or_create(
        season=season,
        number=number,
        defaults={"label": label or match_day_label(number)},
    )
    return day


@transaction.atomic
def match_create(
    *, match_day: MatchDay, home: Club, away: Club, kickoff: datetime, venue: str = ""
) -> Match:
    _check_aware(kickoff)
    if home.pk == away.pk:
        raise PronosticsError(_("Un club ne peut pas jouer contre lui-même."))
    busy = Match.objects.filter(match_day=match_day).filter(
        home__in=[home, away]
    ) | Match.objects.filter(match_day=match_day, away__in=[home, away])
    if busy.exists():
        raise PronosticsError(_("Un de ces clubs joue déjà lors de cette journée."))
    return Match.objects.create(
        match_day=match_day, home=home, away=away, kickoff=kickoff, venue=venue.strip()
    )


@transaction.atomic
def match_day_bonus_set(*, by, match_day: MatchDay, match: Match | None, now=None) -> MatchDay:
    """Readers must know which match counts double while they predict: the bonus is chosen
    before the day's first kick-off and no longer changes."""
    _check_editor(by)
    now = now or timezone.now()
    day = MatchDay.objects.select_for_update().get(pk=match_day.pk)
    if match is not None and match.match_day_id != day.pk:
        raise PronosticsError(_("Le match bonus doit être un match de cette journée."))
    if day.matches.filter(kickoff__lte=now).exists():
        raise PronosticsError(
            _("La journée a commencé : son match bonus ne peut plus être changé.")
        )
    day.bonus_match = match
    day.save(update_fields=["bonus_match"])
    return day


@transaction.atomic
def match_result_set(*, by, match: Match, home_score: int, away_score: int, now=None) -> Match:
    """Record the result, or correct it: every prediction of the match is scored against it,
    once (a correction scores them all again, once), by a task queued on commit."""
    _check_editor(by)
    goals_check(home_score, away_score)
    now = now or timezone.now()
    match = Match.objects.select_for_update().get(pk=match.pk)
    if match.status == Match.Status.CANCELLED:
        raise PronosticsError(_("Ce match est annulé : il n'a pas de résultat."))
    if now < match.kickoff:
        raise PronosticsError(
            _("Le match n'a pas encore commencé : son résultat ne peut pas être saisi.")
        )
    if match.status == Match.Status.PLAYED and match.result == (home_score, away_score):
        return match  # the same result again (a re-imported file): nothing to score
    match.status = Match.Status.PLAYED
    match.home_score, match.away_score = home_score, away_score
    match.result_version += 1
    match.result_by, match.result_at = by, now
    match.save()
    _score_later(match)
    return match


@transaction.atomic
def match_postpone(*, by, match: Match, new_kickoff: datetime | None) -> Match:
    """With a new date the match is open to predictions again until then (`postponed_from`
    remembers the first date); without one it is « reporté » and predictions wait."""
    _check_editor(by)
    match = Match.objects.select_for_update().get(pk=match.pk)
    if match.status in (Match.Status.PLAYED, Match.Status.CANCELLED):
        raise PronosticsError(
            _("Ce match est %(status)s : il ne peut pas être reporté.")
            % {"status": match.get_status_display().lower()}
        )
    if match.postponed_from is None:
        match.postponed_from = match.kickoff
    if new_kickoff is None:
        match.status = Match.Status.POSTPONED
    else:
        _check_aware(new_kickoff)
        match.status = Match.Status.SCHEDULED
        match.kickoff = new_kickoff
    match.save()
    return match


@transaction.atomic
def match_cancel(*, by, match: Match) -> Match:
    """Predictions are kept and score nothing (0 points), a result entered before included."""
    _check_editor(by)
    match = Match.objects.select_for_update().get(pk=match.pk)
    if match.status == Match.Status.CANCELLED:
        return match
    match.status = Match.Status.CANCELLED
    match.home_score = match.away_score = None
    match.result_version += 1
    match.save()
    _score_later(match)
    return match


def _score_later(match: Match) -> None:
    # The editor's request returns at once: a background worker scores the match's readers
    # (tens of thousands of predictions) after the result is committed, and the catch-up job
    # (scores.scores_catch_up) after it if the task is lost.
    from rotative.pronostics.tasks import pronostics_match_score

    pk = match.pk
    transaction.on_commit(lambda: pronostics_match_score.enqueue(pk))
