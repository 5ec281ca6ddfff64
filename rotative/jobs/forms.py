"""The candidate's search (GET, a shareable URL) and the employer's offer form."""

from datetime import date, timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from rotative.core.bot_trap import BotTrapMixin
from rotative.geo.forms import commune_from_text
from rotative.jobs import cv as cv_rules
from rotative.jobs import discrimination
from rotative.jobs.models import ApplyBy, Contract, Remote, SalaryPeriod, WorkingTime
from rotative.jobs.selectors import OfferFilters
from rotative.jobs.services import salary_problem

RADII = [
    ("", _("Dans la commune")),
    ("10", "10 km"),
    ("20", "20 km"),
    ("30", "30 km"),
    ("50", "50 km"),
]
REMOTE_SEARCH = [
    ("", _("Indifférent")),
    ("oui", _("Télétravail possible")),
    ("total", _("Télétravail total")),
]
SALARY_MAX = 1_000_000
CLOSING_AHEAD = timedelta(days=365)


class SearchForm(forms.Form):
    """Every criterion is a GET parameter: the page's address is the search, to share."""

    q = forms.CharField(
        label=_("Mots"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("Métier, compétence, entreprise…")}),
    )
    contrat = forms.ChoiceField(
        label=_("Contrat"), choices=[("", _("Tous"))] + list(Contract.choices), required=False
    )
    commune = forms.CharField(
        label=_("Commune"),
        required=False,
        max_length=120,
        widget=forms.TextInput(attrs={"placeholder": _("Saint-Lô, 50000…")}),
    )
    rayon = forms.ChoiceField(label=_("Autour"), choices=RADII, required=False)
    teletravail = forms.ChoiceField(label=_("Télétravail"), choices=REMOTE_SEARCH, required=False)
    salaire = forms.IntegerField(
        label=_("Salaire minimum (€ brut par mois)"),
        required=False,
        min_value=0,
        max_value=SALARY_MAX,
        widget=forms.NumberInput(attrs={"step": 100, "inputmode": "numeric"}),
    )

    def clean(self):
        cleaned = super().clean()
        self.commune = None
        text = cleaned.get("commune")
        if text:
            try:
                self.commune = commune_from_text(text)
            except forms.ValidationError as error:
                self.add_error("commune", error)
        return cleaned

    def filters(self) -> OfferFilters:
        """The criteria the reader got right (the page says which are not)."""
        data = getattr(self, "cleaned_data", {})
        return OfferFilters(
            words=" ".join((data.get("q") or "").split()),
            contract=data.get("contrat") or "",
            commune=getattr(self, "commune", None),
            radius_km=int(data["rayon"]) if data.get("rayon") else None,
            remote=data.get("teletravail") or "",
            salary_min=data.get("salaire") or None,
        )


def search_form(params) -> SearchForm:
    form = SearchForm(params or None)
    if form.is_bound:
        form.is_valid()
    return form


class OfferForm(forms.Form):
    title = forms.CharField(label=_("Intitulé du poste"), max_length=120)
    contract = forms.ChoiceField(label=_("Contrat"), choices=Contract.choices)
    contract_months = forms.IntegerField(
        label=_("Durée du CDD (mois)"), required=False, min_value=1, max_value=36
    )
    working_time = forms.ChoiceField(
        label=_("Temps de travail"), choices=WorkingTime.choices, widget=forms.RadioSelect
    )
    commune_text = forms.CharField(label=_("Commune du poste"), max_length=120)
    remote = forms.ChoiceField(label=_("Télétravail"), choices=Remote.choices)
    salary_min = forms.IntegerField(
        label=_("Salaire minimum (€ brut)"), required=False, min_value=0, max_value=SALARY_MAX
    )
    salary_max = forms.IntegerField(
        label=_("Salaire maximum (€ brut)"), required=False, min_value=0, max_value=SALARY_MAX
    )
    salary_period = forms.ChoiceField(
        label=_("Période"), choices=[("", "—")] + list(SalaryPeriod.choices), required=False
    )
    salary_on_profile = forms.BooleanField(label=_("Salaire selon profil"), required=False)
    description = forms.CharField(
        label=_("Description du poste"), max_length=8000, widget=forms.Textarea
    )
    profile = forms.CharField(
        label=_("Profil recherché"),
        max_length=4000,
        widget=forms.Textarea,
        help_text=_(
            "Compétences, diplômes, expérience. La loi interdit d'exiger un âge, un sexe, une "
            "origine, une situation de famille… (Code du travail, article L1132-1)."
        ),
    )
    apply_by = forms.ChoiceField(
        label=_("Comment postuler"),
        choices=ApplyBy.choices,
        initial=ApplyBy.FORM,
        widget=forms.RadioSelect,
        help_text=_(
            "Par le formulaire du site, le candidat joint un CV en PDF : vous le lisez dans "
            "« Mes offres », personne d'autre, et il est supprimé six mois après."
        ),
    )
    apply_url = forms.URLField(
        label=_("Lien pour postuler"), max_length=300, required=False, assume_scheme="https"
    )
    apply_email = forms.EmailField(
        label=_("Adresse qui reçoit les candidatures"),
        required=False,
        help_text=_("Jamais affichée : les candidats vous écrivent par le journal."),
    )
    closing_date = forms.DateField(
        label=_("Date limite de candidature"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Sans date, l'offre reste en ligne 60 jours (renouvelable)."),
    )

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.commune = None

    def clean_commune_text(self):
        self.commune = commune_from_text(self.cleaned_data["commune_text"])
        return self.commune.label

    def clean_closing_date(self):
        day = self.cleaned_data.get("closing_date")
        if day and day < self.today:
            raise forms.ValidationError(_("Cette date est passée."))
        if day and day > self.today + CLOSING_AHEAD:
            raise forms.ValidationError(_("Choisissez une date dans l'année qui vient."))
        return day

    def clean(self):
        cleaned = super().clean()
        problem = salary_problem(
            salary_min=cleaned.get("salary_min"),
            salary_max=cleaned.get("salary_max"),
            period=cleaned.get("salary_period") or "",
            on_profile=bool(cleaned.get("salary_on_profile")),
        )
        if problem:
            self.add_error("salary_min", problem)
        if cleaned.get("contract") == Contract.CDD and not cleaned.get("contract_months"):
            self.add_error("contract_months", _("Indiquez la durée du CDD en mois."))
        if cleaned.get("apply_by") == ApplyBy.LINK and not cleaned.get("apply_url"):
            self.add_error("apply_url", _("Indiquez le lien où postuler."))
        if cleaned.get("apply_by") == ApplyBy.EMAIL and not cleaned.get("apply_email"):
            self.add_error("apply_email", _("Indiquez l'adresse qui recevra les candidatures."))
        # Each text checked on its own, so that the reason shows under the field it is in.
        for name in ("title", "description", "profile"):
            if cleaned.get(name):
                for reason in discrimination.reasons(**{name: cleaned[name]}):
                    self.add_error(name, reason)
        return cleaned

    def offer_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "contract": data["contract"],
            "contract_months": data.get("contract_months"),
            "working_time": data["working_time"],
            "commune": self.commune,
            "remote": data["remote"],
            "salary_min": data.get("salary_min"),
            "salary_max": data.get("salary_max"),
            "salary_period": data.get("salary_period") or "",
            "salary_on_profile": bool(data.get("salary_on_profile")),
            "description": data["description"],
            "profile": data["profile"],
            "apply_by": data["apply_by"],
            "apply_url": data.get("apply_url") or "",
            "apply_email": data.get("apply_email") or "",
            "closing_date": data.get("closing_date"),
        }


def initial_of(offer) -> dict:
    """An offer's values, to edit it in the same form."""
    return {
        "title": offer.title,
        "contract": offer.contract,
        "contract_months": offer.contract_months,
        "working_time": offer.working_time,
        "commune_text": offer.commune.label,
        "remote": offer.remote,
        "salary_min": offer.salary_min,
        "salary_max": offer.salary_max,
        "salary_period": offer.salary_period,
        "salary_on_profile": offer.salary_on_profile,
        "description": offer.description,
        "profile": offer.profile,
        "apply_by": offer.apply_by,
        "apply_url": offer.apply_url,
        "apply_email": offer.apply_email,
        "closing_date": offer.closing_date,
    }


class ApplicationForm(BotTrapMixin, forms.Form):
    """A candidate's letter: relayed by e-mail, or kept on the site with a PDF CV (`with_cv`)."""

    name = forms.CharField(label=_("Vos nom et prénom"), max_length=120)
    message = forms.CharField(
        label=_("Votre message"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "L'employeur le reçoit par e-mail et vous répond à votre adresse de connexion."
        ),
    )
    cv = forms.FileField(
        label=_("Votre CV (PDF, %(limit)s Mo au plus)")
        % {"limit": cv_rules.MAX_BYTES // cv_rules.MEGABYTE},
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
        error_messages={
            "required": _("Joignez votre CV au format PDF."),
            "empty": _("Le fichier est vide : joignez votre CV au format PDF."),
        },
    )

    def __init__(self, *args, with_cv: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if with_cv:
            self.fields["message"].help_text = _(
                "L'employeur le lit sur le site avec votre CV et vous répond à votre adresse "
                "de connexion."
            )
        else:
            del self.fields["cv"]

    def clean_cv(self) -> bytes:
        """The file's bytes, once they are known to be a PDF of a bounded size (its name and
        the type the browser gives are not looked at)."""
        upload = self.cleaned_data["cv"]
        if upload.size > cv_rules.MAX_BYTES:
            raise forms.ValidationError(cv_rules.too_big_message())
        data = upload.read(cv_rules.MAX_BYTES + 1)
        problem = cv_rules.cv_problem(data)
        if problem:
            raise forms.ValidationError(problem)
        return data
