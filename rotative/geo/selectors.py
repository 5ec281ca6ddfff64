"""Finding communes by name or postal code, and those around one."""

import math
import re

from django.db.models import Q

from rotative.geo.models import Commune
from rotative.geo.names import fold

EARTH_RADIUS_KM = 6371.0


def commune_search(*, query: str, limit: int = 10) -> list[Commune]:
    """By postal code (its first digits) or by name, accents, hyphens and `St` aside.

    One result per commune and postal code; a former commune now part of another (La
    Poste's localities: Chef-du-Pont in Sainte-Mère-Église) is found by its own name too,
    and labelled with both. Names that start with the words typed come first, then names
    that contain them.
    """
    query = (query or "").strip()
    if query.isdigit():
        if len(query) < 2:
            return []
        rows = Commune.objects.filter(postal_code__startswith=query).order_by(
            "postal_code", "name_key", "locality"
        )
        return _one_per_commune(rows[: limit * 8], key=None, limit=limit)
    key = fold(query)
    if len(key) < 2:
        return []
    ordering = ("name_key", "postal_code", "locality")
    found = _one_per_commune(
        Commune.objects.filter(
            Q(name_key__startswith=key) | Q(locality_key__startswith=key)
        ).order_by(*ordering)[: limit * 8],
        key=key,
        limit=limit,
    )
    if len(found) < limit:
        seen = {(c.insee, c.postal_code, c.matched_locality) for c in found}
        more = _one_per_commune(
            Commune.objects.filter(name_key__contains=f" {key}").order_by(*ordering)[: limit * 8],
            key=key,
            limit=limit,
        )
        found += [c for c in more if (c.insee, c.postal_code, c.matched_locality) not in seen]
    return found[:limit]


def _one_per_commune(rows, *, key: str | None, limit: int) -> list[Commune]:
    found, seen = [], set()
    for commune in rows:
        by_locality = bool(key and commune.locality_key.startswith(key))
        commune.matched_locality = commune.locality if by_locality else ""
        identity = (commune.insee, commune.postal_code, commune.matched_locality)
        if identity in seen:
            continue
        seen.add(identity)
        found.append(commune)
        if len(found) == limit:
            break
    return found


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine), in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = math.radians(lat2 - lat1), math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def bounding_box(lat: float, lon: float, km: float) -> tuple[float, float, float, float]:
    """(min lat, max lat, min lon, max lon) around a point: an index can filter on it."""
    dlat = math.degrees(km / EARTH_RADIUS_KM)
    dlon = math.degrees(km / (EARTH_RADIUS_KM * max(math.cos(math.radians(lat)), 0.01)))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def communes_near(*, commune: Commune, km: float) -> list[tuple[Commune, float]]:
    """Communes within `km` of `commune`, nearest first, with their distance."""
    if commune.latitude is None:
        return []
    south, north, west, east = bounding_box(commune.latitude, commune.longitude, km)
    candidates = Commune.objects.filter(
        latitude__range=(south, north), longitude__range=(west, east)
    )
    found = []
    for other in candidates:
        distance = distance_km(commune.latitude, commune.longitude, other.latitude, other.longitude)
        if distance <= km:
            found.append((other, round(distance, 1)))
    return sorted(found, key=lambda pair: (pair[1], pair[0].name))


LABEL = re.compile(r"^(?P<name>.+?)\s*\((?:(?P<within>[^,()]+),\s*)?(?P<postal>\d{5})\)\s*$")


def commune_resolve(*, text: str) -> tuple[Commune | None, list[Commune]]:
    """What a reader typed or picked (`Carantilly (50570)`, `50570`, `carantilly`): the
    commune when it is clear, else the candidates to choose from."""
    text = (text or "").strip()
    match = LABEL.match(text)
    if match:
        rows = Commune.objects.filter(postal_code=match["postal"])
        wanted = fold(match["within"] or match["name"])
        exact = [commune for commune in rows if commune.name_key == wanted]
        if exact:
            return exact[0], []
    candidates = commune_search(query=match["name"] if match else text, limit=8)
    if len(candidates) == 1:
        return candidates[0], []
    key = fold(text)
    exact = [commune for commune in candidates if commune.name_key == key]
    if len({(commune.insee, commune.postal_code) for commune in exact}) == 1:
        return exact[0], []
    return None, candidates
