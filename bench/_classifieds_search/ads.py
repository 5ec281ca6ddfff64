# ruff: noqa: E501  (f-strings of ad texts read better unwrapped)
"""Ads as COPY lines: one generator per category, French titles and descriptions."""

from __future__ import annotations

import datetime as dt
import math
import re

from _classifieds_search.words import (
    CAR_ENDINGS,
    CAR_OPTIONS,
    CAR_TITLES,
    CATEGORIES,
    CATEGORY_CUM,
    COLUMNS,
    CONDITION_CUM,
    CONDITION_PHRASES,
    CONDITIONS,
    EMPTY,
    ENERGY,
    ENERGY_CUM,
    FEES_RENT,
    FEES_SALE,
    FLAT_TITLES,
    FUEL_LABEL,
    FUELS,
    GOODS,
    GOODS_CUM,
    GOODS_ENDINGS,
    GOODS_TYPES,
    HOME_ENDINGS,
    HOME_FEATURES,
    HOUSE_TITLES,
    LAND_PHRASES,
    LAND_TITLES,
    PARKING_TITLES,
    PREMISES_TITLES,
    PROPERTY_CUM,
    PROPERTY_PRICES,
    PROPERTY_TYPES,
    SITUATIONS,
    STUDIO_TITLES,
    VEHICLE_CUM,
    VEHICLE_TYPES,
    VEHICLES,
    N,
    pick,
)


def _log_uniform(rng, low, high):
    return math.exp(rng.uniform(math.log(low), math.log(high)))


def _round_price(value):
    if value >= 10_000:
        return int(round(value / 1_000) * 1_000)
    if value >= 1_000:
        return int(round(value / 50) * 50)
    if value >= 100:
        return int(round(value / 5) * 5)
    return max(1, int(value))


def _thousands(value):
    return f"{value:,}".replace(",", " ")


def immobilier(rng, place):
    """Column values of the immobilier part (dict) and the title, description, price."""
    kind = pick(rng, PROPERTY_TYPES, PROPERTY_CUM)
    sale = rng.random() < (0.8 if kind in ("maison", "terrain") else 0.55)
    surface = land = rooms = bedrooms = charges = fees = None
    energy = ghg = fees_by = ""
    if kind == "maison":
        surface = rng.randint(55, 230)
        rooms = max(2, min(10, surface // 25 + rng.randint(-1, 1)))
        land = rng.choice([0, 200, 300, 500, 800, 1_000, 1_500, 2_500, 5_000]) + rng.randint(0, 300)
        template = rng.choice(HOUSE_TITLES)
    elif kind == "appartement":
        surface = rng.randint(18, 140)
        rooms = max(1, min(6, surface // 22 + rng.randint(0, 1)))
        template = rng.choice(STUDIO_TITLES if rooms == 1 else FLAT_TITLES)
    elif kind == "terrain":
        land = rng.randint(250, 6_000)
        template = rng.choice(LAND_TITLES)
    elif kind == "parking":
        surface = rng.randint(10, 30)
        template = rng.choice(PARKING_TITLES)
    else:
        surface = rng.randint(30, 600)
        template = rng.choice(PREMISES_TITLES)
    if rooms:
        bedrooms = max(0, rooms - 1 - rng.randint(0, 1))
    if kind in ("maison", "appartement", "local"):
        energy = pick(rng, ENERGY, ENERGY_CUM)
        ghg = ENERGY[max(0, min(6, ENERGY.index(energy) + rng.randint(-1, 1)))]
    low, high, rent_low, rent_high = PROPERTY_PRICES[kind]
    size = surface or land or 0
    if sale:
        price = _round_price(_log_uniform(rng, low, high))
        if rng.random() < 0.5:
            fees, fees_by = _round_price(price * rng.uniform(0.03, 0.07)), rng.choice(FEES_SALE)
    else:
        price = _round_price(_log_uniform(rng, rent_low, rent_high))
        if kind == "appartement":
            charges = rng.randint(2, 25) * 10
        if rng.random() < 0.4:
            fees, fees_by = rng.randint(3, 12) * 50, rng.choice(FEES_RENT)
    title = template.format(rooms=rooms, surface=size, land=_thousands(land or 0))
    if not sale and kind != "terrain" and rng.random() < 0.5:
        title = f"Location {title[:1].lower()}{title[1:]}"
    if kind in ("maison", "appartement", "local"):
        features = rng.sample(HOME_FEATURES, rng.randint(2, 4))
        text = (
            f"{rng.choice(SITUATIONS)} à {place}, {kind} de {surface} m² "
            f"{'comprenant ' + str(rooms) + ' pièces, ' if rooms else ''}"
            f"avec {', '.join(features[:-1])} et {features[-1]}. "
            f"DPE {energy}, GES {ghg}. {rng.choice(HOME_ENDINGS)}"
        )
    elif kind == "terrain":
        text = (
            f"Terrain de {_thousands(land)} m² à {place}. "
            f"{' '.join(rng.sample(LAND_PHRASES, 2))} {rng.choice(HOME_ENDINGS)}"
        )
    else:
        text = f"{title} à {place}, accès sécurisé. {rng.choice(HOME_ENDINGS)}"
    values = {
        "transaction": "vente" if sale else "location",
        "property_type": kind,
        "surface": surface,
        "land_surface": land or None,
        "rooms": rooms,
        "bedrooms": bedrooms,
        "energy_class": energy,
        "ghg_class": ghg,
        "charges": charges,
        "fees": fees,
        "fees_paid_by": fees_by,
    }
    return values, title, text, price


def automobile(rng, place):
    kind = pick(rng, VEHICLE_TYPES, VEHICLE_CUM)
    brand, model, new_price, power = rng.choice(VEHICLES[kind])
    year = min(2025, max(1995, int(2025 - rng.expovariate(1 / 7))))
    age = 2026 - year
    km = int(age * rng.uniform(6_000, 22_000) + rng.randint(0, 5_000))
    if kind == "caravane" and not power:
        km, fuel = None, "autre"
    else:
        fuel = rng.choices(FUELS, weights=[44, 40, 8 if year >= 2005 else 0, 5 if year >= 2012 else 0, 2, 1])[0]  # fmt: skip
    gearbox = "automatique" if fuel in ("electrique", "hybride") or rng.random() < 0.25 else "manuelle"  # fmt: skip
    price = _round_price(max(400.0, new_price * 0.86**age * rng.uniform(0.75, 1.2)))
    title = rng.choice(CAR_TITLES).format(
        brand=brand,
        model=model,
        fuel=FUEL_LABEL[fuel],
        year=year,
        power=power,
        km=_thousands(km or 0),
    )
    title = re.sub(r"\s+", " ", title).replace(" ,", ",")
    options = rng.sample(CAR_OPTIONS, rng.randint(2, 4))
    text = (
        f"Vends {brand} {model} de {year}"
        f"{', ' + _thousands(km) + ' km' if km is not None else ''}"
        f"{', ' + FUEL_LABEL[fuel] if FUEL_LABEL[fuel] else ''}, boîte {gearbox}. "
        f"{'. '.join(options)}. Visible à {place}. {rng.choice(CAR_ENDINGS)}"
    )
    values = {
        "vehicle_type": kind,
        "brand": brand,
        "model_name": model,
        "year": year,
        "mileage": km if km is not None else 0,
        "fuel": fuel,
        "gearbox": gearbox,
        "power": power or None,
    }
    return values, title, text, price


def bonnes_affaires(rng, place):
    kind = pick(rng, GOODS_TYPES, GOODS_CUM)
    item, low, high = rng.choice(GOODS[kind])
    condition = pick(rng, CONDITIONS, CONDITION_CUM)
    phrase = rng.choice(CONDITION_PHRASES[condition])
    factor = {"neuf": 1.0, "tres-bon-etat": 0.8, "bon-etat": 0.6, "a-reparer": 0.25}[condition]
    price = _round_price(max(1.0, _log_uniform(rng, low, high) * factor))
    title = f"{item}, {phrase}" if rng.random() < 0.6 else item
    text = f"{item}, {phrase}. {' '.join(rng.sample(GOODS_ENDINGS, 2))} Secteur {place}."
    return {"goods_type": kind, "condition": condition}, title, text, price


GENERATORS = {
    "immobilier": immobilier,
    "automobile": automobile,
    "bonnes-affaires": bonnes_affaires,
}
PROFESSIONAL_SHARE = {"immobilier": 0.5, "automobile": 0.25, "bonnes-affaires": 0.03}


def _iso(moment: dt.datetime) -> str:
    return moment.isoformat()


def ad_lines(count, *, rng, communes, owners, now):
    """COPY text lines, one per ad (a generator: nothing is kept)."""
    day = 86_400.0
    for _ in range(count):
        category = pick(rng, CATEGORIES, CATEGORY_CUM)
        commune_id, department, latitude, longitude, place = rng.choice(communes)
        values, title, text, price = GENERATORS[category](rng, place)
        roll = rng.random()
        status = "published"
        if roll < 0.04:  # published long enough ago to have expired
            published = now - dt.timedelta(seconds=rng.uniform(60 * day + 60, 90 * day))
        else:
            published = now - dt.timedelta(seconds=rng.uniform(60, 60 * day - 600))
            if roll < 0.06:
                status = "sold"
            elif roll < 0.07:
                status = "deleted"
        created = published - dt.timedelta(seconds=rng.uniform(600, 2 * day))
        published_at = expires_at = None
        if roll < 0.08 and roll >= 0.07:  # waiting for a moderator
            status = "pending"
        else:
            published_at, expires_at = published, published + dt.timedelta(days=60)
        row = {
            **EMPTY,
            "owner_id": rng.choice(owners),
            "is_professional": "t" if rng.random() < PROFESSIONAL_SHARE[category] else "f",
            "category": category,
            "title": title[:80],
            "description": text[:4000],
            "price": price,
            "commune_id": commune_id,
            "department": department,
            "latitude": latitude,
            "longitude": longitude,
            "status": status,
            "review_notes": "",
            "rejection_reason": "",
            "created_at": _iso(created),
            "updated_at": _iso(published),
            "published_at": _iso(published_at) if published_at else None,
            "expires_at": _iso(expires_at) if expires_at else None,
            "renewal_notified_at": None,
            **values,
        }
        yield "\t".join(N if (value := row[column]) is None else str(value) for column in COLUMNS)
