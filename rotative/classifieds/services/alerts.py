"""Saved searches and their alerts: new matching ads by mail, as they appear or daily."""

import logging

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from rotative.classifieds import selectors
from rotative.classifieds.formatting import thousands
from rotative.classifieds.forms import SearchForm
from rotative.classifieds.models import Ad, SavedSearch, one_line
from rotative.classifieds.services.ads import AdError
from rotative.core.identity import from_email, mail_context
from rotative.core.security_log import security_event
from rotative.geo.selectors import bounding_box

logger = logging.getLogger(__name__)
STOP_SALT = "rotative.classifieds.alert-stop"
MAX_SEARCHES = 20
MAX_ADS_PER_MAIL = 20


def saved_search_create(*, user, category: str, query: str, frequency: str) -> SavedSearch:
    if SavedSearch.objects.filter(user=user).count() >= MAX_SEARCHES:
        raise AdError(
            _("Vous avez déjà %(max)d alertes : supprimez-en une.") % {"max": MAX_SEARCHES}
        )
    params = QueryDict(query, mutable=True)
    params.pop("page", None)
    form = SearchForm(params)
    # An invalid search would run unfiltered later (to_filters ignores it): every new ad
    # of the site would be mailed. A cut query would be another search.
    if not form.is_valid():
        raise AdError(_("Cette recherche contient un critère invalide : corrigez-la d'abord."))
    if len(params.urlencode()) > SavedSearch._meta.get_field("query").max_length:
        raise AdError(_("Cette recherche est trop longue pour en faire une alerte."))
    filters, place = form.to_filters(category=category)
    return SavedSearch.objects.create(
        user=user,
        category=category,
        query=params.urlencode(),
        label=_label(filters, place)[:200],
        frequency=frequency,
        **_bounds(filters),
    )


def _bounds(filters) -> dict:
    """What an ad must satisfy before the search runs in full (see SavedSearch's fields)."""
    bounds = {}
    commune = filters.commune
    if commune is not None and filters.radius_km and commune.latitude is not None:
        south, north, west, east = bounding_box(
            commune.latitude, commune.longitude, filters.radius_km
        )
        bounds.update(area_south=south, area_north=north, area_west=west, area_east=east)
    elif commune is not None:
        bounds["area_department"] = commune.department
    elif filters.department:
        bounds["area_department"] = filters.department
    low, high = filters.ranges.get("price", (None, None))
    return {**bounds, "price_min": low, "price_max": high}


def _label(filters, place) -> str:
    from rotative.classifieds.categories import Category

    parts = [
        str(Category(filters.category).label) if filters.category else _("Toutes les annonces")
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
    # The label is a mail's subject: a line break in the reader's words must not reach it.
    return one_line(", ".join(parts))


def stop_token(saved: SavedSearch) -> str:
    return signing.dumps(saved.pk, salt=STOP_SALT)


def saved_search_stop(*, token: str) -> bool:
    """The one-click stop of every alert mail: no login, the signed token is the proof."""
    try:
        pk = signing.loads(token, salt=STOP_SALT)
    except signing.BadSignature:
        security_event("signed_value_invalid", level=logging.WARNING, value="ads-alert-stop")
        return False
    return SavedSearch.objects.filter(pk=pk).delete()[0] > 0


# --- sending --------------------------------------------------------------------------------


def alerts_for_new_ad(*, ad_id: int) -> int:
    """Instant alerts for one ad just approved; returns how many mails were sent."""
    ad = Ad.objects.filter(pk=ad_id).first()
    if ad is None or not ad.is_online:
        return 0
    sent = 0
    since = ad.published_at - timezone.timedelta(seconds=1)
    for saved in _instant_candidates(ad).select_related("user"):
        # One search that fails (a bad address, a mail server's refusal) is logged with its id
        # and the others still get their mail.
        try:
            if selectors.ads_matching(saved=saved, since=since).filter(pk=ad.pk).exists():
                sent += _send(saved=saved, ads=[ad])
        except Exception:
            logger.exception("Instant alert of saved search %s for ad %s failed", saved.pk, ad.pk)
    return sent


def _instant_candidates(ad: Ad):
    """The instant searches whose bounds the ad is within: one query, however many readers
    have saved searches elsewhere in France or for other categories and prices."""
    if ad.latitude is None:
        in_area = Q(area_south__isnull=True)
    else:
        in_area = Q(area_south__isnull=True) | Q(
            area_south__lte=ad.latitude,
            area_north__gte=ad.latitude,
            area_west__lte=ad.longitude,
            area_east__gte=ad.longitude,
        )
    return (
        SavedSearch.objects.filter(frequency=SavedSearch.Frequency.INSTANT)
        .exclude(user_id=ad.owner_id)
        .filter(Q(category="") | Q(category=ad.category))
        .filter(Q(area_department="") | Q(area_department=ad.department))
        .filter(in_area)
        .filter(Q(price_min__isnull=True) | Q(price_min__lte=ad.price))
        .filter(Q(price_max__isnull=True) | Q(price_max__gte=ad.price))
    )


def alerts_daily(*, now=None) -> int:
    """The daily digest of each daily saved search: ads published since the last one.

    A search whose mail fails is logged and keeps its `checked_until`: the next run sends
    its ads again, and every other search gets its digest today.
    """
    now = now or timezone.now()
    sent = 0
    for saved in SavedSearch.objects.filter(frequency=SavedSearch.Frequency.DAILY).select_related(
        "user"
    ):
        try:
            ads = list(
                selectors.ads_matching(saved=saved, since=saved.checked_until)[:MAX_ADS_PER_MAIL]
            )
            if ads:
                sent += _send(saved=saved, ads=ads)
        except Exception:
            logger.exception("Daily alert of saved search %s failed", saved.pk)
            continue
        with transaction.atomic():
            SavedSearch.objects.filter(pk=saved.pk).update(checked_until=now)
    return sent


def _send(*, saved: SavedSearch, ads: list[Ad]) -> int:
    user = saved.user
    if not user.email or not user.is_active:
        return 0
    stop_url = settings.SITE_URL + reverse("classifieds:alert_stop", args=[stop_token(saved)])
    context = {
        "saved": saved,
        "ads": ads,
        "site_url": settings.SITE_URL,
        "search_url": settings.SITE_URL + saved.get_search_url(),
        "stop_url": stop_url,
        **mail_context(),
    }
    mail = EmailMultiAlternatives(
        subject=_("Nouvelles annonces : %(label)s") % {"label": saved.label},
        body=render_to_string("emails/ad_alert.txt", context),
        from_email=from_email(),
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{stop_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    mail.attach_alternative(render_to_string("emails/ad_alert.html", context), "text/html")
    mail.send()
    return 1
