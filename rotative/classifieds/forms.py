"""Ad forms: what advertisers type, checked here; the rules of moderation are in services."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from rotative.classifieds import categories as c
from rotative.classifieds.models import Ad
from rotative.core.bot_trap import BotTrapMixin
from rotative.geo.forms import CommuneInput, commune_from_text
from rotative.geo.selectors import commune_resolve

COMMON = ["title", "description", "price"]
DEPARTMENT = re.compile(r"^(\d{2}|2[AaBb]|97\d)$")
MAX_PRICE = 1_000_000_000  # the ad's own bound (Ad.price)
MAX_SURFACE = 10_000_000
MAX_MILEAGE = 10_000_000


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to ten photos at once; each is checked and re-encoded by classifieds.photos."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        from rotative.classifieds.photos import MAX_PHOTOS

        files = data if isinstance(data, (list, tuple)) else [data] if data else []
        files = [item for item in files if item]
        if len(files) > MAX_PHOTOS:  # refused before a single one is read
            raise forms.ValidationError(
                _("Au plus %(max)d photos par annonce : vous en avez envoyé %(count)d.")
                % {"max": MAX_PHOTOS, "count": len(files)}
            )
        return [super(PhotosField, self).clean(item, initial) for item in files]


class PendingPhotosField(forms.Field):
    """Ids of the reader's photos kept from the last attempt (models.PendingPhoto); the form
    keeps only those of its own owner, any other id is ignored."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        from rotative.classifieds.photos import MAX_PHOTOS
        from rotative.core.utils import parse_id

        ids = [parse_id(item) for item in (value or [])[:MAX_PHOTOS]]
        return [pk for pk in ids if pk is not None]


class AdForm(forms.ModelForm):
    pending_photos = PendingPhotosField(required=False)
    photos = PhotosField(
        label=_("Photos"),
        required=False,
        help_text=_("Jusqu'à 10 photos JPEG, PNG ou WebP de 10 Mo au plus chacune."),
    )
    remove_photos = forms.MultipleChoiceField(
        label=_("Retirer ces photos"), required=False, widget=forms.CheckboxSelectMultiple
    )
    commune_text = forms.CharField(
        label=_("Commune ou code postal"),
        max_length=120,
        widget=CommuneInput(),
        help_text=_("Par exemple : Carantilly (50570), ou 50570."),
    )

    class Meta:
        model = Ad
        fields = COMMON + sorted({name for names in c.FIELDS.values() for name in names})

    def __init__(self, *args, category: str, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.category = category
        self.owner = owner
        # Photos re-encoded by this attempt (even if the form fails): the view keeps them.
        self.processed_photos = []
        keep = set(COMMON) | set(c.FIELDS[category])
        keep |= {"commune_text", "pending_photos", "photos", "remove_photos"}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        for name in c.REQUIRED[category]:
            self.fields[name].required = True
        if self.instance.pk and self.instance.commune_id and not self.is_bound:
            self.initial["commune_text"] = str(self.instance.commune)
        existing = list(self.instance.photos.all()) if self.instance.pk else []
        self.fields["remove_photos"].choices = [(str(p.pk), p.thumbnail.url) for p in existing]
        if not existing:
            del self.fields["remove_photos"]
        self.existing_photos = existing
        self.order_fields(
            [
                "title",
                *c.FIELDS[category],
                "price",
                "description",
                "commune_text",
                "pending_photos",
                "photos",
            ]
        )

    def clean_pending_photos(self):
        from rotative.classifieds.models import PendingPhoto

        ids = self.cleaned_data["pending_photos"]
        if not ids or not getattr(self.owner, "pk", None):
            return []
        return list(PendingPhoto.objects.filter(owner_id=self.owner.pk, pk__in=ids).order_by("pk"))

    def clean_commune_text(self):
        self.commune = commune_from_text(self.cleaned_data["commune_text"])
        return self.commune.label

    def clean_photos(self):
        """Photos checked and re-encoded now: a refused one is named with its reason, and the
        reader's text stays in the form."""
        from rotative.classifieds.photos import MAX_BYTES, photos_process

        uploads, errors = [], []
        for upload in self.cleaned_data.get("photos") or []:
            if upload.size > MAX_BYTES:  # not even read
                errors.append(_("%(name)s : le fichier dépasse 10 Mo.") % {"name": upload.name})
                continue
            # The file itself: photos_process reads each one only when its turn comes, so
            # those past the ad's ten are never read and one at a time is in memory.
            uploads.append((upload.name, upload))
        kept = len(self.existing_photos) - len(self.data.getlist("remove_photos"))
        kept += len(self.cleaned_data.get("pending_photos") or [])
        processed, refused = photos_process(files=uploads, already=max(kept, 0))
        self.processed_photos = processed
        errors += refused
        if errors:
            raise forms.ValidationError(errors)
        return processed

    def clean(self):
        cleaned = super().clean()
        if self.category == c.Category.IMMOBILIER:
            kind = cleaned.get("property_type")
            if kind in c.NEEDS_ENERGY_RATING and not (
                cleaned.get("energy_class") and cleaned.get("ghg_class")
            ):
                raise forms.ValidationError(
                    _(
                        "Depuis 2022, la loi impose d'indiquer la classe énergie (DPE) et la "
                        "classe climat (GES) dans toute annonce immobilière : renseignez-les."
                    ),
                    code="energy_rating",
                )
        return cleaned

    def fields_for_service(self) -> dict:
        data = {name: value for name, value in self.cleaned_data.items() if name in self.fields}
        for name in ("commune_text", "pending_photos", "photos", "remove_photos"):
            data.pop(name, None)
        data["commune"] = self.commune
        data["category"] = self.category
        return data


class SearchForm(forms.Form):
    """The search is its URL: every filter is a GET parameter, so a search can be shared."""

    q = forms.CharField(label=_("Mots"), required=False, max_length=100)
    ou = forms.CharField(
        label=_("Commune, code postal ou département"),
        required=False,
        max_length=120,
        widget=CommuneInput(),
    )
    rayon = forms.TypedChoiceField(
        label=_("Rayon"),
        required=False,
        coerce=int,
        empty_value=0,
        choices=[
            ("", _("Commune seule")),
            (5, "5 km"),
            (10, "10 km"),
            (20, "20 km"),
            (50, "50 km"),
            (100, "100 km"),
        ],
    )
    # Upper bounds: a number past the database's integers is a French form error, not a 500.
    prix_min = forms.IntegerField(
        label=_("Prix min. (€)"), required=False, min_value=0, max_value=MAX_PRICE
    )
    prix_max = forms.IntegerField(
        label=_("Prix max. (€)"), required=False, min_value=0, max_value=MAX_PRICE
    )
    surface_min = forms.IntegerField(
        label=_("Surface min. (m²)"), required=False, min_value=0, max_value=MAX_SURFACE
    )
    surface_max = forms.IntegerField(
        label=_("Surface max. (m²)"), required=False, min_value=0, max_value=MAX_SURFACE
    )
    annee_min = forms.IntegerField(
        label=_("Année min."), required=False, min_value=1900, max_value=2100
    )
    annee_max = forms.IntegerField(
        label=_("Année max."), required=False, min_value=1900, max_value=2100
    )
    km_min = forms.IntegerField(
        label=_("Kilométrage min."), required=False, min_value=0, max_value=MAX_MILEAGE
    )
    km_max = forms.IntegerField(
        label=_("Kilométrage max."), required=False, min_value=0, max_value=MAX_MILEAGE
    )
    transaction = forms.ChoiceField(
        label=_("Vente ou location"), required=False, choices=[("", "—"), *c.Transaction.choices]
    )
    property_type = forms.ChoiceField(
        label=_("Type de bien"), required=False, choices=[("", "—"), *c.PropertyType.choices]
    )
    vehicle_type = forms.ChoiceField(
        label=_("Véhicule"), required=False, choices=[("", "—"), *c.VehicleType.choices]
    )
    fuel = forms.ChoiceField(
        label=_("Carburant"), required=False, choices=[("", "—"), *c.Fuel.choices]
    )
    goods_type = forms.ChoiceField(
        label=_("Rubrique"), required=False, choices=[("", "—"), *c.GoodsType.choices]
    )
    condition = forms.ChoiceField(
        label=_("État"), required=False, choices=[("", "—"), *c.Condition.choices]
    )
    tri = forms.ChoiceField(
        label=_("Trier par"),
        required=False,
        choices=[
            ("recent", _("Les plus récentes")),
            ("prix-croissant", _("Prix croissant")),
            ("prix-decroissant", _("Prix décroissant")),
        ],
    )

    CHOICE_FIELDS = (
        "transaction",
        "property_type",
        "vehicle_type",
        "fuel",
        "goods_type",
        "condition",
    )

    place = None  # the commune the search is around, once `ou` is clean

    def clean_ou(self):
        """A department, or a commune that exists: a place the reader typed and we cannot
        find is said so, never dropped (the search would silently cover all of France)."""
        where = self.cleaned_data["ou"].strip()
        if not where or DEPARTMENT.match(where):
            return where
        place, candidates = commune_resolve(text=where)
        # Several communes of that name: the first, named above the results (`place`).
        self.place = place or (candidates[0] if candidates else None)
        if self.place is None:
            raise forms.ValidationError(
                _(
                    "Commune introuvable : « %(text)s ». Choisissez-la dans la liste "
                    "proposée ou tapez son code postal."
                )
                % {"text": where[:120]},
                code="unknown_commune",
            )
        return where

    def to_filters(self, *, category: str):
        """The selectors' filters for this search, and the commune it is around (if any).
        Call it on a valid form only: an invalid one would search without its criteria."""
        from rotative.classifieds.selectors import RANGES, AdFilters

        filters, place = AdFilters(category=category), None
        if not self.is_valid():
            return filters, place
        data = self.cleaned_data
        filters.words = data["q"]
        filters.sort = data["tri"] or "recent"
        where = data["ou"]
        if DEPARTMENT.match(where):
            filters.department = where.upper()
        elif where:
            place = self.place
            filters.commune, filters.radius_km = place, data["rayon"] or 0
        for prefix, field in RANGES.items():
            low, high = data.get(f"{prefix}_min"), data.get(f"{prefix}_max")
            if low is not None or high is not None:
                filters.ranges[field] = (low, high)
        filters.choices = {name: data[name] for name in self.CHOICE_FIELDS if data[name]}
        return filters, place


class MessageForm(BotTrapMixin):
    text = forms.CharField(
        label=_("Votre message"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": 2000}),
    )


class AdReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Pourquoi signalez-vous cette annonce ?"), widget=forms.RadioSelect, choices=()
    )
    details = forms.CharField(
        label=_("Précisions (facultatif)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
    )

    def __init__(self, *args, **kwargs):
        from rotative.classifieds.models import AdReport

        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = AdReport.Reason.choices
