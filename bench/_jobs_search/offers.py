"""What a generated offer is: a job of its employer's sector at its employer's commune (or
another), a title as posters write it (« Infirmier de nuit H/F », « Boulanger / Boulangère
H/F »), a description and a profile of a few sentences, a contract, a salary (a range by the
month or the year, or « selon profil »), and a state: mostly online, some expired, a few
waiting, refused or drafts."""

from __future__ import annotations

import bisect
import itertools
from datetime import timedelta

from _jobs_search.words import (
    CONDITIONS,
    EMPLOYER_NAMES,
    FLOWERS,
    MISSIONS,
    PROFILES,
    RIVERS,
    SECTORS,
    SIGNS,
    SURNAMES,
)

SECTOR_NAMES = list(SECTORS)
SECTOR_CUM = list(itertools.accumulate(weight for weight, _jobs, _adds in SECTORS.values()))
JOB_CUM = {
    sector: list(itertools.accumulate(job[0] for job in jobs))
    for sector, (_w, jobs, _adds) in SECTORS.items()
}
# Gross monthly pay of a sector's range: (low, high) of its bottom.
PAY = {
    "sante": (2000, 2700),
    "alimentation": (1800, 2200),
    "restauration": (1800, 2100),
    "industrie": (1850, 2500),
    "batiment": (1950, 2700),
    "transport": (1850, 2400),
    "agriculture": (1800, 2050),
    "bureau": (1950, 2900),
    "numerique": (2300, 3600),
    "services": (1750, 2050),
}
# contract: weight
CONTRACTS = {
    "cdi": 48,
    "cdd": 22,
    "interim": 12,
    "alternance": 5,
    "stage": 3,
    "saisonnier": 8,
    "freelance": 2,
}
CONTRACT_NAMES = list(CONTRACTS)
CONTRACT_CUM = list(itertools.accumulate(CONTRACTS.values()))
# state: (weight, status, days since publication (low, high), past its expiry)
STATES = [
    (82, "published", (0, 59)),
    (10, "expired", (61, 240)),
    (2, "published-late", (60, 62)),  # past its expiry, the nightly job not run yet
    (3, "pending", None),
    (1, "refused", None),
    (2, "draft", None),
]
STATE_CUM = list(itertools.accumulate(state[0] for state in STATES))
ONLINE_DAYS = 60


def weighted(rng, names, cum):
    return names[bisect.bisect(cum, rng.random() * cum[-1])]


def employer_name(rng, sector, town):
    patterns = [pattern for pattern, sectors in EMPLOYER_NAMES if sector in sectors]
    return rng.choice(patterns).format(
        nom=rng.choice(SURNAMES),
        ville=town,
        fleur=rng.choice(FLOWERS),
        riviere=rng.choice(RIVERS),
        enseigne=rng.choice(SIGNS),
    )


def title(rng, sector) -> tuple[str, str]:
    """(title, the job's masculine name)."""
    _weight, jobs, additions = SECTORS[sector]
    _w, masculine, feminine = jobs[
        bisect.bisect(JOB_CUM[sector], rng.random() * JOB_CUM[sector][-1])
    ]
    draw = rng.random()
    if draw < 0.55 or masculine == feminine:
        name = masculine
    elif draw < 0.85:
        name = f"{masculine} / {feminine}"
    else:
        name = feminine
    if rng.random() < 0.4:
        name = f"{name} {rng.choice(additions)}"
    return f"{name} H/F", masculine


def salary(rng, sector, contract) -> dict:
    if rng.random() < 0.18:
        return {
            "salary_min": None,
            "salary_max": None,
            "salary_period": "",
            "salary_on_profile": True,
        }
    low = rng.randint(*PAY[sector]) // 10 * 10
    if contract in ("alternance", "stage"):
        low = rng.randint(600, 1400) // 10 * 10
    high = low + rng.choice([0, 100, 200, 300, 400, 600])
    yearly = rng.random() < (0.35 if sector in ("bureau", "numerique") else 0.05)
    if yearly:
        low, high = low * 13 // 100 * 100, high * 13 // 100 * 100
    return {
        "salary_min": low,
        "salary_max": high if rng.random() < 0.85 else None,
        "salary_period": "annee" if yearly else "mois",
        "salary_on_profile": False,
    }


def texts(rng, sector, employer, job, commune_name) -> tuple[str, str]:
    missions = rng.sample(MISSIONS[sector], min(3, len(MISSIONS[sector])))
    description = "\n".join(
        [
            f"{employer} recrute un(e) {job.lower()} pour son site de {commune_name}.",
            " ".join(missions),
            " ".join(rng.sample(CONDITIONS, 2)),
        ]
    )
    profile = " ".join(rng.sample(PROFILES, 2))
    return description, profile


def state(rng, now) -> dict:
    _weight, status, days = STATES[bisect.bisect(STATE_CUM, rng.random() * STATE_CUM[-1])]
    created = now - timedelta(days=rng.uniform(0, 240), minutes=rng.randint(0, 600))
    if days is None:
        return {"status": status, "created_at": created, "published_at": None, "expires_at": None}
    published = now - timedelta(days=rng.uniform(*days), minutes=rng.randint(0, 1440))
    return {
        "status": "published" if status == "published-late" else status,
        "created_at": min(created, published - timedelta(hours=rng.randint(2, 48))),
        "published_at": published,
        "expires_at": published + timedelta(days=ONLINE_DAYS),
    }


def offer_fields(rng, *, employer, communes, now) -> dict:
    """One offer's fields, as the posting form and the moderation would leave them."""
    sector = employer["sector"] if rng.random() < 0.85 else weighted(rng, SECTOR_NAMES, SECTOR_CUM)
    commune = employer["commune"] if rng.random() < 0.8 else rng.choice(communes)
    contract = weighted(rng, CONTRACT_NAMES, CONTRACT_CUM)
    if sector == "agriculture" and rng.random() < 0.4:
        contract = "saisonnier"
    text, job = title(rng, sector)
    description, profile = texts(rng, sector, employer["name"], job, employer["town"])
    fields = {
        "employer_id": employer["pk"],
        "posted_by_id": employer["user_id"],
        "title": text,
        "contract": contract,
        "contract_months": rng.choice([3, 6, 6, 9, 12, 18]) if contract == "cdd" else None,
        "working_time": "partiel" if rng.random() < 0.18 else "plein",
        "commune": commune,
        "remote": "total"
        if sector == "numerique" and rng.random() < 0.3 or rng.random() < 0.005
        else "partiel"
        if sector in ("bureau", "numerique") and rng.random() < 0.5
        else "aucun",
        **salary(rng, sector, contract),
        "description": description,
        "profile": profile,
        **state(rng, now),
        "views": rng.randint(0, 400),
    }
    if rng.random() < 0.6:
        fields.update(apply_by="email", apply_email=f"recrutement{employer['pk']}@example.org")
    else:
        fields.update(apply_by="lien", apply_url=f"https://emplois.example.org/{employer['pk']}")
    if rng.random() < 0.3 and fields["published_at"] is not None:
        closing = (fields["published_at"] + timedelta(days=rng.randint(14, 45))).date()
        fields["closing_date"] = closing
    return fields
