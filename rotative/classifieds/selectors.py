"""Finding ads: the search readers run, the counts per category, the side blocks, what a
saved search matches, the conversations about an ad."""

import math
from dataclasses import dataclass, field
from datetime import datetime

from django.core.cache import cache
from django.db import connection
from django.db.models import BooleanField, Count, Exists, F, Max, OuterRef, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Power
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils import timezone

from rotative.classifieds import categories as c
from rotative.classifieds.forms import SearchForm
from rotative.classifieds.models import Ad, AdMessage
from rotative.core.utils import search_fold
from rotative.geo.models import Commune
from rotative.geo.selectors import bounding_box

KM_PER_DEGREE = 111.2
SIDE_BLOCKS_CACHE_KEY = "classifieds:side-blocks"
SIDE_BLOCKS_CACHE_SECONDS = 60
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


MODERATE = "classifieds.change_ad"
# What a moderator opens from the admin queue: every ad once submitted, never a draft (the
# owner's work in progress) nor a deleted one (the owner took it back).
MODERATED_STATUSES = (
    Ad.Status.PENDING,
    Ad.Status.PUBLISHED,
    Ad.Status.REJECTED,
    Ad.Status.SOLD,
)


def ads_visible_to(*, user, now=None):
    """The ads this user may see, whatever the page: the only way views find an ad by id.

    Online ads for everyone; the owner's own ads in any state but deleted; submitted ads for
    moderators. Any other id answers the same 404 as an id that never existed, so sequential
    ids enumerate nothing that is not already listed by the search.
    """
    now = now or timezone.now()
    visible = Q(status=Ad.Status.PUBLISHED, expires_at__gt=now)
    if getattr(user, "is_authenticated", False) and user.is_active:
        visible |= Q(owner_id=user.pk) & ~Q(status=Ad.Status.DELETED)
        if user.has_perm(MODERATE):
            visible |= Q(status__in=MODERATED_STATUSES)
    return Ad.objects.filter(visible)


def ads_reported():
    """Online ads with a report no moderator has dealt with yet, for the admin's tab.

    An EXISTS, not a filter across the reports: `reports__resolved_at__isnull=True` joins
    the reports with a LEFT JOIN, and an ad without any report matched it too.
    """
    from rotative.classifieds.models import AdReport

    open_report = AdReport.objects.filter(ad=OuterRef("pk"), resolved_at__isnull=True)
    return Ad.objects.filter(Exists(open_report), status=Ad.Status.PUBLISHED)


def ads_of_owner(*, user):
    """The owner's own ads that they may still see, edit or act on (not the deleted ones)."""
    return ads_visible_to(user=user).filter(owner_id=user.pk)


def ad_search(*, filters: AdFilters):
    """Online ads matching every filter, in the order asked (a queryset, for pagination)."""
    ads = _filtered(filters, with_category=True)
    # The communes of the page come in a second query, not a join: a join made PostgreSQL
    # hash every commune of France before sorting a dense area's ads (bench/classifieds_search).
    return ads.prefetch_related("commune", "photos").order_by(
        *SORTS.get(filters.sort, SORTS["recent"])
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
    counts = dict(
        _filtered(filters, with_category=False).values_list("category").annotate(n=Count("*"))
    )
    result = {category: counts.get(category, 0) for category in c.Category.values}
    if unfiltered:
        cache.set(COUNTS_CACHE_KEY, result, COUNTS_CACHE_SECONDS)
    return result


def _filtered(filters: AdFilters, *, with_category: bool):
    ads = Ad.objects.online()
    category = filters.category if with_category else ""
    if category:
        ads = ads.filter(category=category)
    if filters.words:
        department = filters.department if filters.commune is None else ""
        ads = _words(ads, filters.words, department=department, category=category)
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


def _words(ads, words: str, *, department: str, category: str):
    # Both sides folded (core.utils.search_fold): « zoe » finds « Zoé », « CHENE » finds « chêne ».
    words = search_fold(words)
    if connection.vendor == "postgresql":
        # The stored column, its GIN index and the department and category tokens come from
        # migrations 0007 and 0009 (PostgreSQL only): one index lookup narrows words and
        # place at once. The vector is made from the folded text, so the query is too.
        tokens = " ".join(
            token
            for token in (
                f"departement{department}" if department else "",
                f"categorie{category.replace('-', '')}" if category else "",
            )
            if token
        )
        query, params = "websearch_to_tsquery('french'::regconfig, %s)", [words]
        if tokens:
            query = f"({query} && plainto_tsquery('simple'::regconfig, %s))"
            params.append(tokens)
        sql = f"classifieds_ad.search_vector @@ {query}"
        # Constant SQL: the reader's words and the tokens are parameters.
        return ads.filter(RawSQL(sql, params, output_field=BooleanField()))  # noqa: S611 (see above)
    for word in words.split()[:8]:
        ads = ads.filter(search_text__contains=word)
    return ads


def _around(ads, commune: Commune, km: int):
    """Within `km` of the commune: a box the index narrows, then the distance itself
    (flat-earth approximation, well under 1 % off at these distances)."""
    if commune.latitude is None:
        return ads.filter(commune__insee=commune.insee)
    south, north, west, east = bounding_box(commune.latitude, commune.longitude, km)
    scale = math.cos(math.radians(commune.latitude))
    if connection.vendor == "postgresql":
        # The GiST index of migration 0007 returns just the box's ads.
        in_box = RawSQL(
            "point(classifieds_ad.longitude, classifieds_ad.latitude) "
            "<@ box(point(%s, %s), point(%s, %s))",
            [west, south, east, north],
            output_field=BooleanField(),
        )
    else:
        in_box = Q(latitude__range=(south, north), longitude__range=(west, east))
    return (
        ads.filter(in_box)
        .alias(
            distance2=Power(F("latitude") - commune.latitude, 2)
            + Power((F("longitude") - commune.longitude) * scale, 2)
        )
        .filter(distance2__lte=(km / KM_PER_DEGREE) ** 2)
    )


def ads_matching(*, category: str, query: str, since: datetime):
    """The online ads a saved search (its category and query) finds among those published
    after `since`."""
    form = SearchForm(QueryDict(query))
    if not form.is_valid():
        # Valid when saved, not any more (a commune merged since): an invalid search would
        # run without its criteria and mail every new ad of the site.
        return Ad.objects.none()
    filters, _place = form.to_filters(category=category)
    filters.sort = "recent"
    return ad_search(filters=filters).filter(published_at__gt=since)


def ads_for_side_blocks(*, per_category: int = 4) -> dict[str, list[Ad]]:
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


def side_blocks_html() -> str:
    """Immobilier, Automobile, Bonnes affaires in the side column of the news pages, kept
    rendered a minute: on every page, and rendering them costs more than reading them."""
    html = cache.get(SIDE_BLOCKS_CACHE_KEY)
    if html is None:
        ads = ads_for_side_blocks(per_category=4)
        html = render_to_string(
            "classifieds/sidebar.html",
            {"blocks": [(value, label, ads[value]) for value, label in c.Category.choices]},
        )
        cache.set(SIDE_BLOCKS_CACHE_KEY, html, SIDE_BLOCKS_CACHE_SECONDS)
    return html


def ads_awaiting_moderation_count() -> int:
    """Ads submitted and not yet validated or refused: the admin home's count."""
    return Ad.objects.filter(status=Ad.Status.PENDING).count()


def conversation_thread(*, ad: Ad, buyer_id: int, reader):
    """The messages of the conversation between the ad's owner and one reader, for either of
    them; None when `reader` is not a party or the reader never wrote about this ad."""
    if reader.pk not in (ad.owner_id, buyer_id) or buyer_id == ad.owner_id:
        return None
    thread = ad.messages.filter(buyer_id=buyer_id).select_related("sender__profile")
    return thread if thread.exists() else None


def conversations_of_ad(*, ad: Ad) -> list[dict]:
    """For the advertiser: one line per reader who wrote, newest first."""
    rows = (
        AdMessage.objects.filter(ad=ad)
        .values("buyer")
        .annotate(messages=Count("pk"), last=Max("created_at"))
        .order_by("-last")
    )
    return list(rows)
