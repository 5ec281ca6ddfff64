"""What a saved search of l'emploi is, for the alerts engine (rotative.alerts.kinds),
registered in apps.py: « CDI, infirmier, Saint-Lô + 20 km » mails the new offers that
match it."""

from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rotative.alerts.kinds import ItemFacts, ItemLine, SearchBounds, SearchInvalid, SearchKind
from rotative.jobs.forms import REMOTE_SEARCH, SearchForm
from rotative.jobs.models import Contract, JobOffer
from rotative.jobs.selectors import offers_matching

KIND = "emploi"


def describe(category: str, params: QueryDict) -> SearchBounds:
    form = SearchForm(params)
    if not form.is_valid():
        raise SearchInvalid(
            _("Cette recherche contient un critère invalide : corrigez-la d'abord.")
        )
    filters = form.filters()
    # No bounds by place: a fully remote offer matches a search of any place (see
    # selectors._around), so each new offer runs the searches of its contract in full.
    return SearchBounds(
        label=_label(filters), category=filters.contract or "", amount_min=filters.salary_min
    )


def _label(filters) -> str:
    parts = []
    if filters.words:
        parts.append(f"« {filters.words} »")
    parts.append(
        str(Contract(filters.contract).label) if filters.contract else _("Toutes les offres")
    )
    if filters.commune is not None:
        parts.append(
            filters.commune.label + (f" + {filters.radius_km} km" if filters.radius_km else "")
        )
    if filters.remote:
        parts.append(str(dict(REMOTE_SEARCH)[filters.remote]).lower())
    if filters.salary_min:
        parts.append(_("%(amount)s € par mois au moins") % {"amount": filters.salary_min})
    return ", ".join(parts)


def matching(*, saved, since):
    form = SearchForm(QueryDict(saved.query))
    if not form.is_valid():
        return JobOffer.objects.none()
    return (
        offers_matching(filters=form.filters())
        .filter(published_at__gt=since)
        .order_by("published_at", "pk")
    )


def facts(pk: int) -> ItemFacts | None:
    offer = JobOffer.objects.online().filter(pk=pk).first()
    if offer is None or offer.published_at is None:
        return None
    return ItemFacts(
        pk=offer.pk,
        category=offer.contract,
        department=offer.department,
        latitude=offer.latitude,
        longitude=offer.longitude,
        amount=offer.salary_monthly_max,
        owner_id=offer.posted_by_id,
        published_at=offer.published_at,
    )


def line(offer: JobOffer) -> ItemLine:
    details = [offer.employer.company_name, offer.contract_label, str(offer.commune)]
    details.append(offer.salary_label)
    return ItemLine(title=offer.title, details=", ".join(details), url=offer.get_absolute_url())


def search_path(category: str, query: str) -> str:
    path = reverse("jobs:search")
    return f"{path}?{query}" if query else path


JOBS = SearchKind(
    name=KIND,
    label=gettext_lazy("L'emploi"),
    subject=gettext_lazy("Nouvelles offres d'emploi : %(label)s"),
    intro=gettext_lazy("Nouvelles offres d'emploi pour votre recherche « %(label)s » :"),
    categories=frozenset(Contract.values),
    describe=describe,
    matching=matching,
    facts=facts,
    line=line,
    search_path=search_path,
)
