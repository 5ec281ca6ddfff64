"""Reads of l'emploi: the search, an employer's offers, the moderators' queue."""

import math
from dataclasses import dataclass

from django.core.paginator import Page
from django.db import connection
from django.db.models import BooleanField, Count, F, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Power
from django.utils import timezone

from rotative.core.pagination import ids_page
from rotative.core.utils import search_fold
from rotative.geo.selectors import bounding_box
from rotative.jobs.models import JobApplication, JobOffer

PER_PAGE = 20
KM_PER_DEGREE = 111.2
MAX_WORDS = 8


@dataclass(frozen=True)
class OfferFilters:
    words: str = ""
    contract: str = ""
    commune: object = None
    radius_km: int | None = None
    remote: str = ""
    salary_min: int | None = None  # euros per month; « selon profil » does not match


def offers_matching(*, filters: OfferFilters, now=None):
    """The online offers the criteria find, newest first."""
    offers = JobOffer.objects.online(now).select_related("commune", "employer")
    if filters.words:
        # Both sides folded: « developpeur » finds « Développeur ».
        for word in search_fold(filters.words).split()[:MAX_WORDS]:
            offers = offers.filter(search_text__contains=word)
    if filters.contract:
        offers = offers.filter(contract=filters.contract)
    if filters.remote == "oui":
        offers = offers.exclude(remote="aucun")
    elif filters.remote:
        offers = offers.filter(remote=filters.remote)
    if filters.salary_min:
        offers = offers.filter(salary_monthly_max__gte=filters.salary_min)
    if filters.commune is not None:
        offers = _around(offers, filters.commune, filters.radius_km)
    return offers.order_by("-published_at", "-pk")


def offer_search(*, filters: OfferFilters, page: int = 1, per_page: int = PER_PAGE) -> Page:
    """A page of the search: the page's ids and the number of matches in one statement
    (core.pagination), then the page's offers with their commune and employer by id."""
    offers = offers_matching(filters=filters)
    found, ids = ids_page(offers, page=page, per_page=per_page, order_by=("-published_at", "-pk"))
    by_id = JobOffer.objects.select_related("commune", "employer").in_bulk(ids)
    found.object_list = [by_id[pk] for pk in ids if pk in by_id]
    return found


def _around(offers, commune, km: int | None):
    """In the commune, or within `km` of it: a box the index narrows, then the distance
    (flat-earth approximation, well under 1 % off at these distances). A fully remote offer
    is found wherever the candidate lives."""
    remote = Q(remote="total")
    if not km or commune.latitude is None:
        return offers.filter(Q(commune__insee=commune.insee) | remote)
    south, north, west, east = bounding_box(commune.latitude, commune.longitude, km)
    scale = math.cos(math.radians(commune.latitude))
    if connection.vendor == "postgresql":
        # The GiST index of migration 0003 returns just the box's offers; PostgreSQL ANDs
        # them (ORed with the fully remote ones) with the words' trigram index.
        near = RawSQL(
            "point(jobs_joboffer.longitude, jobs_joboffer.latitude) "
            "<@ box(point(%s, %s), point(%s, %s))",
            [west, south, east, north],
            output_field=BooleanField(),
        )
    else:
        near = Q(latitude__range=(south, north), longitude__range=(west, east))
    return offers.alias(
        distance2=Power(F("latitude") - commune.latitude, 2)
        + Power((F("longitude") - commune.longitude) * scale, 2)
    ).filter((near & Q(distance2__lte=(km / KM_PER_DEGREE) ** 2)) | remote)


def offers_of(*, user):
    """« Mes offres »: every offer the account posted, the latest first, with how many
    applications each received through the site (and how many are not read yet)."""
    return (
        JobOffer.objects.filter(posted_by=user)
        .select_related("commune")
        .annotate(
            applications_count=Count("applications"),
            applications_new=Count("applications", filter=Q(applications__seen_at__isnull=True)),
        )
        .order_by("-created_at", "-pk")
    )


def applications_of(*, offer: JobOffer):
    """The applications an offer received through the site, the latest first."""
    return JobApplication.objects.filter(offer=offer).order_by("-created_at", "-pk")


def applications_sent(*, user):
    """« Mes candidatures »: what the reader sent through the site, the latest first, with
    the offer it answered (whatever that offer's state now)."""
    return (
        JobApplication.objects.filter(candidate=user)
        .select_related("offer__employer", "offer__commune")
        .order_by("-created_at", "-pk")
    )


def application_of(*, offer: JobOffer, user) -> JobApplication | None:
    """The application `user` sent to `offer`, if any (one per offer)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return JobApplication.objects.filter(offer=offer, candidate=user).first()


def moderation_queue():
    return (
        JobOffer.objects.filter(status=JobOffer.Status.PENDING)
        .select_related("commune", "employer", "posted_by")
        .order_by("created_at", "pk")
    )


def offers_expired_due(*, now=None):
    return JobOffer.objects.filter(
        status=JobOffer.Status.PUBLISHED, expires_at__lte=now or timezone.now()
    )
