"""The demo's predictions game: an invented regional league of twelve clubs (names written
for the project, in real communes of the Manche and the Calvados), its 2026-2027 season of 22
match days, half of it played and scored, the next match day open, ~30 readers who predicted
a few hundred scores, and a private league, « Les copains du Phare ».

The results go through the services, as editors would enter them; the matches of each match
day, then the few hundred predictions, are written at once (bulk INSERTs rather than a locked
read and a write each), then every played match is scored once by match_score, which keeps the
leaderboards' tallies. Deterministic (a fixed seed): the same game on every install, only
placed in time around the demo's `now`.
"""

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from rotative.core.demo.registry import DemoRun
from rotative.geo.models import Commune
from rotative.pronostics import services
from rotative.pronostics.models import PARIS, Competition, Match, Prediction

COMPETITION = "Régionale Manche-Calvados"
SEASON = "2026-2027"
LEAGUE = "Les copains du Phare"
SEED = 2027
PLAYED_DAYS = 11  # of 22: the first half of the season is played, the 12th is next

# (name, short name, INSEE of its commune, its ground)
CLUBS = [
    ("Olympique de la Baie", "OB Avranches", "50025", "Stade des Prés-Salés"),
    ("Entente Coutances-Bocage", "ECB", "50147", "Stade de la Cathédrale"),
    ("Cormorans de Granville", "Cormorans", "50218", "Stade du Roc"),
    ("Racing du Cotentin Valognes", "RC Valognes", "50615", "Parc des Hôtels particuliers"),
    ("Étoile de la Vire Saint-Lô", "Étoile de la Vire", "50502", "Stade des Remparts"),
    ("Avant-garde des Marais", "AG Marais", "50099", "Stade des Portes-du-Cotentin"),
    ("Jeunesse dinandière de Villedieu", "JD Villedieu", "50639", "Stade de la Fonderie"),
    ("Sporting du Bessin", "Sporting Bessin", "14047", "Stade de la Tapisserie"),
    ("Goélands de Port-en-Bessin", "Goélands", "14515", "Stade du Môle"),
    ("Athlétique du Bocage virois", "AB Vire", "14762", "Stade de l'Écluse"),
    ("Conquérants de Falaise", "Conquérants", "14258", "Stade Guillaume-le-Bâtard"),
    ("Cidriers du Pays d'Auge", "Cidriers", "14366", "Stade des Vergers"),
]

# Display names of the players the demo makes besides the other parts' readers.
PLAYERS = [
    "Kévin du Val-Saire",
    "Gwen L.",
    "Tonton Raymond",
    "Aurélie M.",
    "Pierrot50",
    "Malo",
    "Sandrine C.",
    "Le Cormoran masqué",
    "Yannick H.",
    "Lucie de Bréhal",
    "Dédé la Hague",
    "Nathalie P.",
    "Thibault",
    "Mémé Germaine",
    "Jérôme V.",
    "Capucine",
    "Fanfan du Bessin",
    "Loïc T.",
    "Océane",
    "Bastien de Vire",
    "Marine R.",
    "Goal de Granville",
    "Sylvain K.",
    "Clémence",
    "Fred le Normand",
    "Inès B.",
]
# Readers the other demo parts made (accounts, comments): they play too.
KNOWN_READERS = [
    "lectrice@example.fr",
    "jean-yves@example.fr",
    "soizic@example.fr",
    "herve@example.fr",
]
LEAGUE_MEMBERS = 6  # the owner (the demo reader) and five friends

# How often a team scores so many goals in a match: a regional league's spread.
GOALS = [0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 3, 3, 4]


def _day_label(number: int) -> str:
    return "1re journée" if number == 1 else f"{number}e journée"


def _round_robin(teams: list) -> list[list[tuple]]:
    """The circle method: each team meets every other once home, once away, in 22 rounds."""
    teams = list(teams)
    rounds = []
    for turn in range(len(teams) - 1):
        pairs = []
        for i in range(len(teams) // 2):
            home, away = teams[i], teams[-1 - i]
            pairs.append((home, away) if (turn + i) % 2 == 0 else (away, home))
        rounds.append(pairs)
        teams = [teams[0], teams[-1], *teams[1:-1]]
    return rounds + [[(away, home) for home, away in pairs] for pairs in rounds]


def _weekend_after(now: datetime) -> date:
    """The Saturday of the first weekend whose last kick-off is still to come."""
    today = timezone.localtime(now, PARIS).date()
    saturday = today + timedelta(days=5 - today.weekday())  # yesterday on a Sunday
    if datetime.combine(saturday + timedelta(days=1), time(15, 0), PARIS) <= now:
        saturday += timedelta(days=7)
    return saturday


def _kickoffs(saturday: date) -> list[datetime]:
    """Six matches: three on Saturday evening, three on Sunday afternoon (Paris)."""
    sunday = saturday + timedelta(days=1)
    return [
        datetime.combine(saturday, time(18, 0), PARIS),
        datetime.combine(saturday, time(18, 0), PARIS),
        datetime.combine(saturday, time(20, 0), PARIS),
        datetime.combine(sunday, time(15, 0), PARIS),
        datetime.combine(sunday, time(15, 0), PARIS),
        datetime.combine(sunday, time(15, 0), PARIS),
    ]


def _players():
    from django.contrib.auth import get_user_model

    from rotative.accounts.services import reader_create

    known = list(
        get_user_model().objects.filter(email__in=KNOWN_READERS).order_by("date_joined", "pk")
    )
    made = [
        # No password: nobody logs in as them (and hashing thirty would take seconds).
        reader_create(email=f"joueur{n:02d}@example.fr", password=None, display_name=name)
        for n, name in enumerate(PLAYERS, start=1)
    ]
    return known, made


def _guess(rng: random.Random, result: tuple[int, int] | None) -> tuple[int, int]:
    """A reader's guess: now and then the right score, often the right winner."""
    if result is not None and rng.random() < 0.12:
        return result
    home, away = rng.choice(GOALS[:11]), rng.choice(GOALS[:9])
    if result is not None and rng.random() < 0.35:
        # A reader who saw the home side's form: the right outcome, another score.
        if result[0] > result[1] and home <= away:
            home = away + 1
        elif result[0] < result[1] and home >= away:
            away = home + 1
    return home, away


@transaction.atomic
def demo_pronostics_load(run: DemoRun) -> None:
    rng = random.Random(SEED)
    now = run.now
    competition = services.competition_create(name=COMPETITION)
    season = services.season_create(competition=competition, label=SEASON)
    communes = {
        c.insee: c for c in Commune.objects.filter(locality="", insee__in={c[2] for c in CLUBS})
    }
    clubs, grounds = [], {}
    for name, short, insee, ground in CLUBS:
        club, _created = services.club_find_or_create(
            name=name, short_name=short, commune=communes.get(insee)
        )
        clubs.append(club)
        grounds[club.pk] = ground
    known, made = _players()
    players = known + made
    # Each player's assiduity: some predict every match, others now and then.
    keen = {player.pk: rng.choice((0.1, 0.2, 0.3, 0.45, 0.7)) for player in players}
    open_saturday = _weekend_after(now)
    predictions, results = [], []
    for number, pairs in enumerate(_round_robin(clubs), start=1):
        saturday = open_saturday + timedelta(weeks=number - PLAYED_DAYS - 1)
        day = services.match_day_get_or_create(
            season=season, number=number, label=_day_label(number)
        )
        # One INSERT per match day: the round robin has each club play once a day, never
        # against itself, at aware Paris kick-offs, which is all match_create would check.
        matches = Match.objects.bulk_create(
            Match(match_day=day, home=home, away=away, kickoff=kickoff, venue=grounds[home.pk])
            for (home, away), kickoff in zip(pairs, _kickoffs(saturday), strict=True)
        )
        # The bonus match is chosen on the Monday before the weekend.
        services.match_day_bonus_set(
            by=None,
            match_day=day,
            match=rng.choice(matches),
            now=datetime.combine(saturday - timedelta(days=5), time(9, 0), PARIS),
        )
        if number > PLAYED_DAYS + 1:
            continue  # later match days: the calendar only
        for match in matches:
            result = (rng.choice(GOALS), rng.choice(GOALS[:11]))
            is_played = match.kickoff + timedelta(hours=2) <= now
            for player in players:
                if rng.random() >= keen[player.pk] or (not is_played and rng.random() < 0.5):
                    continue
                # From the Monday before to three hours before kick-off, never after now:
                # `moment` is before the kick-off by construction (both terms of the min are),
                # which is what prediction_save would check; it is therefore skipped for one
                # bulk INSERT of the scheduled matches' predictions.
                moment = min(
                    match.kickoff - timedelta(hours=rng.randint(3, 120)),
                    now - timedelta(minutes=5),
                )
                home, away = _guess(rng, result if is_played else None)
                predictions.append(
                    Prediction(
                        user=player,
                        match=match,
                        home_goals=home,
                        away_goals=away,
                        created_at=moment,
                        updated_at=moment,
                    )
                )
            if is_played:
                results.append((match, result))
    Prediction.objects.bulk_create(predictions, batch_size=500)
    for match, result in results:
        _result_enter(match, result, now=match.kickoff + timedelta(hours=2))
    _league(players, now=now)
    run.counts.append(f"{len(results)} matchs joués et {len(predictions)} pronostics")


def _result_enter(match: Match, result: tuple[int, int], *, now: datetime) -> None:
    # match_result_set queues the scoring for a worker; the demo scores each match at once
    # (its predictions and the three tallies), so that a new install shows its leaderboards
    # (the queued task then finds nothing left to do).
    services.match_result_set(
        by=None, match=match, home_score=result[0], away_score=result[1], now=now
    )
    services.match_score(match=match)


def _league(players: list, *, now: datetime) -> None:
    owner = players[0]  # the demo reader (lectrice@example.fr) when the accounts part ran
    league = services.league_create(owner=owner, name=LEAGUE, now=now - timedelta(days=90))
    for offset, friend in enumerate(players[1:LEAGUE_MEMBERS], start=1):
        services.league_join(
            user=friend, token=league.invite_token, now=now - timedelta(days=90 - offset * 3)
        )


def demo_pronostics_loaded() -> bool:
    return Competition.objects.filter(name=COMPETITION).exists()
