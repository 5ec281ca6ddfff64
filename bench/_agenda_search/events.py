# ruff: noqa: E501  (word lists read better unwrapped)
"""What the generated events are: titles per category, and when they happen (one date, a few
dates, a long exhibition, or a rule: weekly, every other week, monthly « 1er dimanche »,
daily for a season), drawn the way organisers and editors would post them."""

from __future__ import annotations

import bisect
import itertools
import random
from datetime import datetime, time, timedelta

WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]

# category: (weight, titles)
CATEGORIES = {
    "concert": (
        14,
        [
            "Concert de l'harmonie",
            "Soirée jazz",
            "Chorale de Noël",
            "Rock au bar",
            "Récital d'orgue",
            "Fest-noz",
            "Concert de musique baroque",
        ],
    ),
    "spectacle": (
        8,
        [
            "Spectacle de magie",
            "Cirque sous chapiteau",
            "Soirée cabaret",
            "One-man-show",
            "Spectacle de marionnettes",
        ],
    ),
    "theatre": (
        8,
        [
            "Théâtre amateur : Le Malade imaginaire",
            "Comédie de boulevard",
            "Lecture théâtralisée",
            "Impro au café",
        ],
    ),
    "exposition": (
        8,
        [
            "Exposition : peintres du bocage",
            "Photographies de la côte",
            "Sculptures sur bois",
            "Exposition de maquettes",
        ],
    ),
    "cinema": (
        6,
        [
            "Ciné-club",
            "Projection en plein air",
            "Festival du court métrage",
            "Documentaire et débat",
        ],
    ),
    "sport": (
        10,
        [
            "Randonnée pédestre",
            "Course nature",
            "Tournoi de pétanque",
            "Match de handball",
            "Sortie vélo",
            "Marche nordique",
        ],
    ),
    "fete": (
        8,
        [
            "Fête de la Saint-Jean",
            "Foire aux moutons",
            "Fête du cidre",
            "Bal populaire",
            "Fête de la mer",
        ],
    ),
    "marche": (
        12,
        [
            "Marché du terroir",
            "Marché bio",
            "Marché de producteurs",
            "Marché aux puces",
            "Marché de Noël",
        ],
    ),
    "vide-grenier": (
        8,
        [
            "Vide-grenier du comité des fêtes",
            "Vide-greniers de l'école",
            "Bourse aux jouets",
            "Braderie",
        ],
    ),
    "conference": (
        6,
        [
            "Conférence : l'histoire du bocage",
            "Café philo",
            "Rencontre avec un auteur",
            "Conférence sur les oiseaux du littoral",
        ],
    ),
    "famille": (
        7,
        [
            "Heure du conte",
            "Atelier créatif pour enfants",
            "Chasse aux œufs",
            "Ferme pédagogique",
            "Jeux en famille",
        ],
    ),
    "autre": (
        5,
        [
            "Atelier cuisine",
            "Portes ouvertes",
            "Don du sang",
            "Loto des pompiers",
            "Concours de belote",
        ],
    ),
}
CATEGORY_NAMES = list(CATEGORIES)
CATEGORY_CUM = list(itertools.accumulate(weight for weight, _titles in CATEGORIES.values()))
QUALIFIERS = [
    "",
    "",
    "",
    " de printemps",
    " d'été",
    " d'automne",
    " d'hiver",
    " du dimanche",
    " des familles",
    " solidaire",
]
TIMES = [
    time(10, 0),
    time(14, 0),
    time(14, 30),
    time(15, 0),
    time(18, 0),
    time(18, 30),
    time(20, 0),
    time(20, 30),
    time(21, 0),
]
DURATIONS = [
    None,
    None,
    timedelta(hours=1, minutes=30),
    timedelta(hours=2),
    timedelta(hours=3),
    timedelta(hours=4),
]
VENUE_NAMES = [
    "Salle des fêtes",
    "Église",
    "Médiathèque",
    "Place de la Mairie",
    "Stade municipal",
    "Salle polyvalente",
    "Théâtre",
    "Centre culturel",
    "Halle",
    "Parc",
]

# How an event happens: (weight, kind). Half the events repeat (the brief of the bench).
ONE_OFF = [(80, "timed"), (12, "day"), (5, "exhibition"), (3, "dates")]
RECURRING = [
    (35, "weekly"),
    (25, "weekly-until"),
    (5, "fortnightly"),
    (25, "monthly"),
    (10, "daily-season"),
]


def pick(rng: random.Random, weighted):
    cum = list(itertools.accumulate(weight for weight, _kind in weighted))
    return weighted[bisect.bisect(cum, rng.random() * cum[-1])][1]


def category_and_title(rng: random.Random) -> tuple[str, str]:
    category = CATEGORY_NAMES[bisect.bisect(CATEGORY_CUM, rng.random() * CATEGORY_CUM[-1])]
    return category, rng.choice(CATEGORIES[category][1]) + rng.choice(QUALIFIERS)


def when(rng: random.Random, *, recurring: bool, today, paris) -> dict:
    """starts_at, duration, all_day, recurrence and extra_dates as the services take them
    (the organiser's form writes rules the same way: BYDAY of the first date, UNTIL at 23:59:59)."""

    def at(day, moment=None):
        return datetime.combine(day, moment or time(0, 0)).replace(tzinfo=paris)

    if not recurring:
        kind = pick(rng, ONE_OFF)
        day = today + timedelta(days=rng.randint(-30, 365))
        if kind == "timed":
            return {
                "starts_at": at(day, rng.choice(TIMES)),
                "duration": rng.choice(DURATIONS),
                "all_day": False,
            }
        if kind == "day":
            return {"starts_at": at(day), "duration": None, "all_day": True}
        if kind == "exhibition":
            return {
                "starts_at": at(day),
                "duration": timedelta(days=rng.randint(7, 60)),
                "all_day": True,
            }
        moment = rng.choice(TIMES)
        extra = sorted({day + timedelta(days=rng.randint(1, 60)) for _ in range(rng.randint(2, 4))})
        return {
            "starts_at": at(day, moment),
            "duration": rng.choice(DURATIONS),
            "all_day": False,
            "extra_dates": [
                datetime.combine(other, moment).isoformat(timespec="minutes") for other in extra
            ],
        }
    kind = pick(rng, RECURRING)
    day = today + timedelta(days=rng.randint(-120, 45))
    weekday = WEEKDAYS[day.weekday()]
    moment = rng.choice(TIMES)
    until = (day + timedelta(days=rng.randint(30, 270))).strftime("%Y%m%dT235959")
    if kind == "weekly":
        rule = f"FREQ=WEEKLY;BYDAY={weekday}"
    elif kind == "weekly-until":
        rule = f"FREQ=WEEKLY;BYDAY={weekday};UNTIL={until}"
    elif kind == "fortnightly":
        rule = f"FREQ=WEEKLY;INTERVAL=2;BYDAY={weekday}"
    elif kind == "monthly":
        nth = min((day.day - 1) // 7 + 1, 4)
        rule = f"FREQ=MONTHLY;BYDAY={nth}{weekday}" + (
            f";UNTIL={until}" if rng.random() < 0.5 else ""
        )
    else:  # an exhibition open every afternoon for a season
        rule = f"FREQ=DAILY;UNTIL={(day + timedelta(days=rng.randint(14, 90))).strftime('%Y%m%dT235959')}"
        return {
            "starts_at": at(day, time(14, 0)),
            "duration": timedelta(hours=4),
            "all_day": False,
            "recurrence": rule,
        }
    return {
        "starts_at": at(day, moment),
        "duration": rng.choice(DURATIONS),
        "all_day": False,
        "recurrence": rule,
    }
