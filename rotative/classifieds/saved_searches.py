"""What a saved search of ads is, for the alerts engine (rotative.alerts.kinds), registered in
apps.py: how its query is read and bounded, which ads are new for it, how an ad is listed in
an alert."""

from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rotative.alerts.kinds import ItemFacts, ItemLine, SearchBounds, SearchInvalid, SearchKind
from rotative.classifieds import categories as c
from rotative.classifieds.formatting import ad_price, thousands
from rotative.classifieds.forms import SearchForm
from rotative.classifieds.models import Ad
from rotative.geo.selectors import bounding_box

KIND = "annonces"


def describe(category: str, params: QueryDict) -> SearchBounds:
    form = SearchForm(params)
    if not form.is_valid():
        raise SearchInvalid(
            _("Cette recherche contient un critère invalide : corrigez-la d'abord.")
        )
    filters, place = form.to_filters(category=category)
    return SearchBounds(label=_label(filters, place), **_bounds(filters))


def _bounds(filters) -> dict:
    bounds = {}
    commune = filters.commune
    if commune is not None and filters.radius_km and commune.latitude is not None:
        south, north, west, east = bounding_box(
            commune.latitude, commune.longitude, filters.radius_km
        )
        bounds.update(south=south, north=north, west=west, east=east)
    elif commune is not None:
        bounds["department"] = commune.department
    elif filters.department:
        bounds["department"] = filters.department
    low, high = filters.ranges.get("price", (None, None))
    return {**bounds, "amount_min": low, "amount_max": high}


def _label(filters, place) -> str:
    parts = [
        str(c.Category(filters.category).label) if filters.category else _("Toutes les annonces")
    ]
    if filters.words:
        parts.append(f"« {filters.words} »")
    if place is not None:
        parts.append(place.label + (f" + {filters.radius_km} km" if filters.radius_km else ""))
    elif filters.department:
        parts.append(_("département %(code)s") % {"code": filters.department})
    if "price" in filters.ranges:
        low, high = filters.ranges["price"]
        parts.append(f"{thousands(low or 0)}–{thousands(high) or '…'}\u00a0€")
    return ", ".join(parts)


def matching(*, saved, since):
    from rotative.classifieds.selectors import ads_matching

    return ads_matching(category=saved.category, query=saved.query, since=since)


def facts(pk: int) -> ItemFacts | None:
    ad = Ad.objects.filter(pk=pk).first()
    if ad is None or not ad.is_online:
        return None
    return ItemFacts(
        pk=ad.pk,
        category=ad.category,
        department=ad.department,
        latitude=ad.latitude,
        longitude=ad.longitude,
        amount=ad.price,
        owner_id=ad.owner_id,
        published_at=ad.published_at,
    )


def line(ad: Ad) -> ItemLine:
    return ItemLine(
        title=ad.title, details=f"{ad.commune}, {ad_price(ad)}", url=ad.get_absolute_url()
    )


def search_path(category: str, query: str) -> str:
    path = (
        reverse("classifieds:category", args=[category])
        if category
        else reverse("classifieds:search")
    )
    return f"{path}?{query}" if query else path


ADS = SearchKind(
    name=KIND,
    label=gettext_lazy("Petites annonces"),
    subject=gettext_lazy("Nouvelles annonces : %(label)s"),
    intro=gettext_lazy("Nouvelles annonces pour votre recherche « %(label)s » :"),
    categories=frozenset(c.Category.values),
    describe=describe,
    matching=matching,
    facts=facts,
    line=line,
    search_path=search_path,
)
