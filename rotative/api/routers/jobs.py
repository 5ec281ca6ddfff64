"""L'emploi in the app: the site's search of offers, an online offer, posting an offer for a
verified professional (the site's one rule), and the reader's own applications."""

from datetime import date, datetime
from typing import Literal

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from rotative.accounts.selectors import is_verified_professional
from rotative.api.auth import READER, reader
from rotative.api.errors import AUTH_ERRORS, COMMON_ERRORS, ApiError, ErrorOut, not_found
from rotative.api.formbridge import form_data, form_invalid
from rotative.api.market import COMMUNE_TEXT, CommuneOut, commune_out
from rotative.api.pagination import CursorPagination
from rotative.core.seo import absolute
from rotative.jobs import selectors, services
from rotative.jobs.forms import OfferForm, search_form
from rotative.jobs.models import JobOffer
from rotative.jobs.services import PARIS
from rotative.jobs.views import OFFERS_REFUSAL, offer_post_allowed

router = Router(tags=["Emploi"])
mine_router = Router(tags=["Emploi"])

ContractCode = Literal["cdi", "cdd", "interim", "alternance", "stage", "saisonnier", "freelance"]
RemoteCode = Literal["aucun", "partiel", "total"]
SALARY_MAX = 1_000_000


class OfferOut(Schema):
    id: int
    title: str
    contract: ContractCode
    contract_label: str = Field(..., description="« CDI », « CDD 6 mois »…")
    working_time: Literal["plein", "partiel"]
    remote: RemoteCode
    remote_label: str
    commune: CommuneOut
    employer: str = Field(..., description="Le nom de l'employeur.")
    salary_label: str = Field(
        ..., description="« 2 000 – 2 400 € brut par mois », « Selon profil »."
    )
    salary_min: int | None = Field(None, description="En euros bruts, par `salary_period`.")
    salary_max: int | None = Field(None, description="En euros bruts, par `salary_period`.")
    salary_period: Literal["mois", "annee", ""]
    salary_on_profile: bool
    closing_date: date | None = Field(None, description="Date limite de candidature.")
    published_at: datetime | None
    url: str = Field(..., description="La page de l'offre sur le site.")

    @staticmethod
    def resolve_remote_label(offer) -> str:
        return str(offer.get_remote_display())

    @staticmethod
    def resolve_commune(offer) -> dict:
        return commune_out(offer.commune)

    @staticmethod
    def resolve_employer(offer) -> str:
        return offer.employer.company_name

    @staticmethod
    def resolve_url(offer) -> str:
        return absolute(offer.get_absolute_url())


class OfferDetailOut(OfferOut):
    description: str = Field(..., description="Texte brut ; les sauts de ligne comptent.")
    profile: str = Field(..., description="Le profil recherché, texte brut.")
    apply_by: Literal["site", "lien", "email"] = Field(
        ...,
        description="« lien » : postuler à `apply_url` ; « site » (avec un CV) et « email » "
        "(relayé par le journal) : sur la page de l'offre, `url`.",
    )
    apply_url: str
    expires_at: datetime | None = Field(None, description="En ligne jusqu'à.")


class OfferSearchIn(Schema):
    q: str = Field("", max_length=100, description="Métier, compétence, entreprise…")
    contrat: ContractCode | None = None
    commune: str = Field("", max_length=120, description="« Saint-Lô (50000) », « 50000 ».")
    rayon: int | None = Field(
        None,
        ge=0,
        le=50,
        description="Autour de la commune, en km : 10, 20, 30 ou 50 (sans : la commune seule). "
        "Les offres en télétravail total sont trouvées partout.",
    )
    teletravail: Literal["oui", "total"] | None = None
    salaire: int | None = Field(
        None, ge=0, le=SALARY_MAX, description="Salaire minimum, en euros bruts par mois."
    )


@router.get("", response={200: list[OfferOut], **COMMON_ERRORS}, summary="Chercher des offres")
@paginate(CursorPagination, ordering=("-published_at", "-pk"))
def offer_list(request, filters: Query[OfferSearchIn]):
    """The online offers the site's search finds, the latest first (also with words: no
    order by relevance or distance, as on the site)."""
    form = search_form(form_data(filters.dict()))
    if form.is_bound and not form.is_valid():
        # The site shows the search without the wrong criterion; the app is told instead.
        raise form_invalid(form)
    return selectors.offers_matching(filters=form.filters())


@router.get(
    "/{int:offer_id}",
    response={200: OfferDetailOut, 401: ErrorOut, 404: ErrorOut, **COMMON_ERRORS},
    summary="Une offre",
)
def offer_detail(request, offer_id: int):
    """An online offer; any other (draft, waiting, refused, filled or expired) is a 404."""
    offer = (
        JobOffer.objects.online().select_related("commune", "employer").filter(pk=offer_id).first()
    )
    if offer is None:
        raise not_found(_("Cette offre n'existe pas ou n'est plus en ligne."))
    if reader(request).pk != offer.posted_by_id:
        services.offer_viewed(offer=offer)  # the employer's count of views, as on the site
    return offer


class OfferIn(Schema):
    """The site's offer form, field for field."""

    title: str = Field(..., min_length=1, max_length=120)
    contract: ContractCode
    contract_months: int | None = Field(None, ge=1, le=36, description="Pour un CDD.")
    working_time: Literal["plein", "partiel"]
    commune: str = COMMUNE_TEXT
    remote: RemoteCode
    salary_min: int | None = Field(None, ge=0, le=SALARY_MAX, description="En euros bruts.")
    salary_max: int | None = Field(None, ge=0, le=SALARY_MAX, description="En euros bruts.")
    salary_period: Literal["mois", "annee"] | None = None
    salary_on_profile: bool = False
    description: str = Field(..., min_length=1, max_length=8000)
    profile: str = Field(..., min_length=1, max_length=4000)
    apply_by: Literal["site", "lien", "email"]
    apply_url: str | None = Field(None, max_length=300)
    apply_email: str | None = Field(None, max_length=254)
    closing_date: date | None = None
    draft: bool = Field(False, description="Garder en brouillon au lieu d'envoyer à la rédaction.")


@router.post(
    "",
    response={201: OfferDetailOut, **AUTH_ERRORS},
    auth=READER,
    summary="Déposer une offre",
)
def offer_post(request, payload: OfferIn):
    """For a verified professional account only (its SIRET checked by the newsroom), as on
    the site; the offer waits for a moderator. At most 30 offers a day."""
    user = request.user
    if not is_verified_professional(user=user):
        raise ApiError(
            403,
            "professional_required",
            _("Seul un compte professionnel vérifié (SIRET contrôlé) peut déposer une offre."),
        )
    values = payload.dict()
    submit = not values.pop("draft")
    values["commune_text"] = values.pop("commune")
    form = OfferForm(form_data(values), today=timezone.now().astimezone(PARIS).date())
    if not form.is_valid():
        raise form_invalid(form, names={"commune_text": "commune"})
    if not offer_post_allowed(request):
        raise ApiError(
            429,
            "daily_limit_reached",
            OFFERS_REFUSAL,
            headers={"Retry-After": "86400"},
        )
    try:
        offer = services.offer_save(by=user, offer=None, submit=submit, **form.offer_fields())
    except services.JobsError as error:
        raise ApiError(422, "offer_refused", error.message) from error
    return Status(201, offer)


class OfferSummaryOut(Schema):
    id: int
    title: str
    employer: str
    commune: CommuneOut
    state: Literal["online", "closed", "offline"] = Field(
        ..., description="En ligne, pourvue ou expirée, ou retirée."
    )
    url: str | None = Field(None, description="La page de l'offre, tant qu'elle existe.")


class ApplicationOut(Schema):
    id: int
    created_at: datetime
    offer: OfferSummaryOut

    @staticmethod
    def resolve_offer(application) -> dict:
        offer = application.offer
        if offer.is_online():
            state = "online"
        elif offer.was_published:
            state = "closed"
        else:
            state = "offline"
        return {
            "id": offer.pk,
            "title": offer.title,
            "employer": offer.employer.company_name,
            "commune": commune_out(offer.commune),
            "state": state,
            "url": absolute(offer.get_absolute_url()) if state != "offline" else None,
        }


@mine_router.get(
    "/candidatures",
    response={200: list[ApplicationOut], **AUTH_ERRORS},
    auth=READER,
    summary="Mes candidatures",
)
@paginate(CursorPagination, ordering=("-created_at", "-pk"))
def my_applications(request):
    """The applications the reader sent through the site (with a CV, kept six months),
    the latest first. Applying is done on the offer's page of the site for now."""
    return selectors.applications_sent(user=request.user)
