"""Saved searches and their alerts: new matching items (ads, events…) by mail, and by
notification on the reader's browsers when they asked, as they appear or once a day.

Each part registers what its searches are (kinds.py); this module knows none of them."""

import logging

from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from rotative.alerts import delivery
from rotative.alerts.kinds import ItemFacts, SearchInvalid, search_kind
from rotative.alerts.models import SavedSearch
from rotative.core.security_log import security_event
from rotative.core.utils import one_line

logger = logging.getLogger(__name__)
# Kept from when the alerts were the classifieds' own: stop links already mailed still work.
STOP_SALT = "rotative.classifieds.alert-stop"
MAX_SEARCHES = 20
MAX_ITEMS_PER_MAIL = 20


def saved_search_create(
    *, user, kind: str, category: str, query: str, frequency: str, by_push: bool = False
) -> SavedSearch:
    search = search_kind(kind)
    if search is None or (category and category not in search.categories):
        raise SearchInvalid(_("Cette recherche ne peut pas devenir une alerte."))
    if SavedSearch.objects.filter(user=user).count() >= MAX_SEARCHES:
        raise SearchInvalid(
            _("Vous avez déjà %(max)d alertes : supprimez-en une.") % {"max": MAX_SEARCHES}
        )
    params = QueryDict(query, mutable=True)
    params.pop("page", None)
    # Raises SearchInvalid: an invalid search would run unfiltered later and mail every new
    # item of the site.
    bounds = search.describe(category, params)
    # A cut query would be another search.
    if len(params.urlencode()) > SavedSearch._meta.get_field("query").max_length:
        raise SearchInvalid(_("Cette recherche est trop longue pour en faire une alerte."))
    return SavedSearch.objects.create(
        user=user,
        kind=kind,
        category=category if bounds.category is None else bounds.category,
        query=params.urlencode(),
        # The label is a mail's subject: a line break in the reader's words must not reach it.
        label=one_line(bounds.label)[:200],
        frequency=frequency,
        by_push=by_push,
        area_department=bounds.department,
        area_south=bounds.south,
        area_north=bounds.north,
        area_west=bounds.west,
        area_east=bounds.east,
        price_min=bounds.amount_min,
        price_max=bounds.amount_max,
    )


def saved_search_delete(*, user, pk: int) -> bool:
    return SavedSearch.objects.filter(user=user, pk=pk).delete()[0] > 0


def saved_search_push_set(*, user, pk: int, by_push: bool) -> bool:
    return SavedSearch.objects.filter(user=user, pk=pk).update(by_push=by_push) > 0


def saved_search_frequency_set(*, user, pk: int, frequency: str, now=None) -> bool:
    """Instant or daily. The daily digest starts from the change: the items an instant alert
    already sent are not sent again the next morning."""
    if frequency not in SavedSearch.Frequency.values:
        raise ValueError(f"Unknown frequency {frequency!r}.")
    changed = SavedSearch.objects.filter(user=user, pk=pk).exclude(frequency=frequency)
    if changed.update(frequency=frequency, checked_until=now or timezone.now()):
        return True
    return SavedSearch.objects.filter(user=user, pk=pk).exists()


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


def alerts_for_new_item(*, kind: str, item_id: int) -> int:
    """Instant alerts for one item just put online; returns how many readers were alerted."""
    search = search_kind(kind)
    facts = search.facts(item_id) if search else None
    if facts is None:
        return 0
    since = facts.published_at - timezone.timedelta(seconds=1)
    sent = 0
    for saved in _instant_candidates(kind, facts).select_related("user"):
        # One search that fails (a bad address, a mail server's refusal) is logged with its id
        # and the others still get their alert.
        try:
            item = search.matching(saved=saved, since=since).filter(pk=facts.pk).first()
            if item is not None:
                sent += delivery.alert_send(saved=saved, search=search, items=[item])
        except Exception:
            logger.exception(
                "Instant alert of saved search %s for %s %s failed", saved.pk, kind, facts.pk
            )
    return sent


def _instant_candidates(kind: str, item: ItemFacts):
    """The instant searches whose bounds the item is within: one query, however many readers
    have saved searches elsewhere in France or for other categories and prices."""
    if item.latitude is None:
        in_area = Q(area_south__isnull=True)
    else:
        in_area = Q(area_south__isnull=True) | Q(
            area_south__lte=item.latitude,
            area_north__gte=item.latitude,
            area_west__lte=item.longitude,
            area_east__gte=item.longitude,
        )
    searches = (
        SavedSearch.objects.filter(kind=kind, frequency=SavedSearch.Frequency.INSTANT)
        .filter(Q(category="") | Q(category=item.category))
        .filter(Q(area_department="") | Q(area_department=item.department))
        .filter(in_area)
    )
    if item.owner_id is not None:
        searches = searches.exclude(user_id=item.owner_id)
    if item.amount is not None:
        searches = searches.filter(Q(price_min__isnull=True) | Q(price_min__lte=item.amount))
        searches = searches.filter(Q(price_max__isnull=True) | Q(price_max__gte=item.amount))
    return searches


def alerts_daily(*, now=None) -> int:
    """The daily digest of each daily saved search: items published since the last one.

    A search whose alert fails is logged and keeps its `checked_until`: the next run sends
    its items again, and every other search gets its digest today.
    """
    now = now or timezone.now()
    sent = 0
    daily = SavedSearch.objects.filter(frequency=SavedSearch.Frequency.DAILY)
    for saved in daily.select_related("user").order_by("pk").iterator(chunk_size=500):
        search = search_kind(saved.kind)
        if search is None:  # a part removed from the site: nothing to look for
            continue
        try:
            items = list(
                search.matching(saved=saved, since=saved.checked_until)[:MAX_ITEMS_PER_MAIL]
            )
            if items:
                sent += delivery.alert_send(saved=saved, search=search, items=items)
        except Exception:
            logger.exception("Daily alert of saved search %s failed", saved.pk)
            continue
        with transaction.atomic():
            SavedSearch.objects.filter(pk=saved.pk).update(checked_until=now)
    return sent
