"""Finding ads: the search readers run, the counts per category, the side blocks."""

import math
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, F, Q
from django.db.models.functions import Power

from rotative.classifieds import categories as c
from rotative.classifieds.models import Ad
from rotative.geo.models import Commune
from rotative.geo.selectors import bounding_box

KM_PER_DEGREE = 111.2
SORTS = {
    "recent": ("-published_at", "-pk"),
    "prix-croissant": ("price", "-published_at"),
    "prix-decroissant": ("-price", "-published_at"),
}
RANGES = {  # query parameter prefix -> model field
    "prix": "price",
    "surface": "surface",
    "annee": "year",
    "km": "mileage",
}


@dataclass
class AdFilters:
    category: str = ""
    words: str = ""
    department: str = ""
    commune: Commune | None = None
    radius_km: int = 0
    ranges: dict = field(default_factory=dict)  # field -> (min or None, max or None)
    choices: dict = field(default_factory=dict)  # field -> value (transaction, fuel…)
    sort: str = "recent"


def ad_search(*, filters: AdFilters):
    """Online ads matching every filter, in the order asked (a queryset, for pagination)."""
    ads = _filtered(filters)
    if filters.category:
        ads = ads.filter(category=filters.category)
    return (
        ads.select_related("commune")
        .prefetch_related("photos")
        .order_by(*SORTS.get(filters.sort, SORTS["recent"]))
    )


COUNTS_CACHE_KEY = "classifieds:counts"
COUNTS_CACHE_SECONDS = 60


def ad_counts(*, filters: AdFilters) -> dict[str, int]:
    """How many ads each category has for the same search (its other filters).

    Without any filter but the category, the answer is the whole site's, the same for every
    reader and costly (a count over every online ad): kept a minute.
    """
    unfiltered = filters == AdFilters(category=filters.category, sort=filters.sort)
    if unfiltered:
        cached = cache.get(COUNTS_CACHE_KEY)
        if cached is not None:
            return cached
    counts = dict(_filtered(filters).values_list("category").annotate(n=Count("*")))
    result = {category: counts.get(category, 0) for category in c.Category.values}
    if unfiltered:
        cache.set(COUNTS_CACHE_KEY, result, COUNTS_CACHE_SECONDS)
    return result


def _filtered(filters: AdFilters):
    ads = Ad.objects.online()
    if filters.words:
        ads = _words(ads, filters.words)
    if filters.commune is not None and filters.radius_km:
        ads = _around(ads, filters.commune, filters.radius_km)
    elif filters.commune is not None:
        ads = ads.filter(commune__insee=filters.commune.insee)
    elif filters.department:
        ads = ads.filter(department=filters.department)
    for name, (low, high) in filters.ranges.items():
        if low is not None:
            ads = ads.filter(**{f"{name}__gte": low})
        if high is not None:
            ads = ads.filter(**{f"{name}__lte": high})
    for name, value in filters.choices.items():
        if value:
            ads = ads.filter(**{name: value})
    return ads


def _words(ads, words: str):
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        vector = SearchVector("title", "description", config="french")
        return ads.annotate(search=vector).filter(
            search=SearchQuery(words, config="french", search_type="websearch")
        )
    for word in words.split()[:8]:
        ads = ads.filter(Q(title__icontains=word) | Q(description__icontains=word))
    return ads


def _around(ads, commune: Commune, km: int):
    """Within `km` of the commune: a box the index narrows, then the distance itself
    (flat-earth approximation, well under 1 % off at these distances)."""
    if commune.latitude is None:
        return ads.filter(commune__insee=commune.insee)
    south, north, west, east = bounding_box(commune.latitude, commune.longitude, km)
    scale = math.cos(math.radians(commune.latitude))
    return (
        ads.filter(latitude__range=(south, north), longitude__range=(west, east))
        .alias(
            distance2=Power(F("latitude") - commune.latitude, 2)
            + Power((F("longitude") - commune.longitude) * scale, 2)
        )
        .filter(distance2__lte=(km / KM_PER_DEGREE) ** 2)
    )


def ads_for_side_blocks(*, per_category: int = 3) -> dict[str, list[Ad]]:
    """The latest online ads of each category, for the side column of the news pages."""
    return {
        category: list(
            Ad.objects.online()
            .filter(category=category)
            .select_related("commune")
            .order_by("-published_at")[:per_category]
        )
        for category in c.Category.values
    }
