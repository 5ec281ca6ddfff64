"""Petites annonces: plain models, because readers post them by the million."""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rotative.classifieds import categories as c
from rotative.core.slugs import slugify_fr
from rotative.core.utils import search_fold

ONLINE_FOR = timedelta(days=60)


class AdQuerySet(models.QuerySet):
    def online(self, now=None):
        return self.filter(status=Ad.Status.PUBLISHED, expires_at__gt=now or timezone.now())

    def in_category(self, category: str):
        return self.filter(category=category)


class Ad(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        PENDING = "pending", _("En attente de validation")
        PUBLISHED = "published", _("En ligne")
        REJECTED = "rejected", _("Refusée")
        SOLD = "sold", _("Vendue")
        DELETED = "deleted", _("Supprimée")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ads"
    )
    is_professional = models.BooleanField(_("annonce d'un professionnel"), default=False)
    category = models.CharField(_("catégorie"), max_length=16, choices=c.Category.choices)
    title = models.CharField(_("titre"), max_length=80)
    description = models.TextField(_("description"), max_length=4000)
    price = models.PositiveIntegerField(
        _("prix (€)"), validators=[MaxValueValidator(1_000_000_000)]
    )
    commune = models.ForeignKey(
        "geo.Commune", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    # Copied from the commune: the searches filter on them without a join.
    department = models.CharField(max_length=3, editable=False)
    latitude = models.FloatField(null=True, editable=False)
    longitude = models.FloatField(null=True, editable=False)
    # Title and description folded by search_fold on every save: the word search compares
    # folded words to it, the same way on SQLite and PostgreSQL (whose search vector is
    # built from it, migration 0009), with no database extension to install.
    search_text = models.TextField(editable=False, default="")

    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    review_notes = models.CharField(_("à vérifier"), max_length=500, blank=True)
    rejection_reason = models.CharField(_("motif du refus"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    renewal_notified_at = models.DateTimeField(null=True, blank=True)

    # Immobilier
    transaction = models.CharField(
        _("type de transaction"), max_length=10, choices=c.Transaction.choices, blank=True
    )
    property_type = models.CharField(
        _("type de bien"), max_length=12, choices=c.PropertyType.choices, blank=True
    )
    surface = models.PositiveIntegerField(_("surface habitable (m²)"), null=True, blank=True)
    land_surface = models.PositiveIntegerField(_("surface du terrain (m²)"), null=True, blank=True)
    rooms = models.PositiveSmallIntegerField(_("pièces"), null=True, blank=True)
    bedrooms = models.PositiveSmallIntegerField(_("chambres"), null=True, blank=True)
    energy_class = models.CharField(
        _("classe énergie (DPE)"), max_length=1, choices=c.EnergyClass.choices, blank=True
    )
    ghg_class = models.CharField(
        _("classe climat (GES)"), max_length=1, choices=c.EnergyClass.choices, blank=True
    )
    charges = models.PositiveIntegerField(_("charges (€ par mois)"), null=True, blank=True)
    fees = models.PositiveIntegerField(_("honoraires (€)"), null=True, blank=True)
    fees_paid_by = models.CharField(
        _("honoraires à la charge de"), max_length=10, choices=c.FeesPaidBy.choices, blank=True
    )
    # Automobile
    vehicle_type = models.CharField(
        _("type de véhicule"), max_length=10, choices=c.VehicleType.choices, blank=True
    )
    brand = models.CharField(_("marque"), max_length=40, blank=True)
    model_name = models.CharField(_("modèle"), max_length=60, blank=True)
    year = models.PositiveSmallIntegerField(
        _("année"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    mileage = models.PositiveIntegerField(_("kilométrage (km)"), null=True, blank=True)
    fuel = models.CharField(_("carburant"), max_length=10, choices=c.Fuel.choices, blank=True)
    gearbox = models.CharField(_("boîte"), max_length=11, choices=c.Gearbox.choices, blank=True)
    power = models.PositiveSmallIntegerField(_("puissance (ch)"), null=True, blank=True)
    # Bonnes affaires
    goods_type = models.CharField(
        _("rubrique"), max_length=10, choices=c.GoodsType.choices, blank=True
    )
    condition = models.CharField(_("état"), max_length=13, choices=c.Condition.choices, blank=True)

    objects = AdQuerySet.as_manager()

    class Meta:
        verbose_name = _("petite annonce")
        verbose_name_plural = _("petites annonces")
        indexes = [
            models.Index(fields=["status", "category", "-published_at"], name="ad_listing"),
            # Price sorts: the date breaks ties at round prices (bench/classifieds_search.py).
            models.Index(
                fields=["category", "department", "price", "-published_at"],
                name="ad_department_price",
            ),
            models.Index(fields=["category", "price", "-published_at"], name="ad_price"),
            # The department's counts per category read this index alone (expires_at last
            # makes it covering: no visit to the table for `online()`).
            models.Index(
                fields=["status", "department", "category", "price", "expires_at"],
                name="ad_department",
            ),
            models.Index(fields=["latitude", "longitude"], name="ad_position"),
            models.Index(fields=["owner", "-created_at"], name="ad_owner"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.commune_id:
            self.department = self.commune.department
            self.latitude, self.longitude = self.commune.latitude, self.commune.longitude
        self.search_text = search_fold(f"{self.title}\n{self.description}")
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"title", "description"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(
            "classifieds:detail",
            args=[self.pk, slugify_fr(self.title, max_length=60, fallback="annonce")],
        )

    # --- states and what the owner may do: the one rule for templates, views and services ---

    EXPIRED = "expired"  # a state, not a status: a published ad past its expires_at

    def is_online_at(self, now=None) -> bool:
        """Published and not yet expired (the same rule as AdQuerySet.online)."""
        return (
            self.status == self.Status.PUBLISHED
            and self.expires_at is not None
            and self.expires_at > (now or timezone.now())
        )

    @property
    def is_online(self) -> bool:
        return self.is_online_at()

    @property
    def is_expired(self) -> bool:
        """Validated once, offline now: its owner may still renew it."""
        return self.status == self.Status.PUBLISHED and not self.is_online

    @property
    def state(self) -> str:
        """The status, or EXPIRED for a published ad past its date (the owner's badge)."""
        return self.EXPIRED if self.is_expired else self.status

    @property
    def status_label(self) -> str:
        return str(_("Expirée")) if self.is_expired else self.get_status_display()

    @property
    def online_until(self):
        """The date the owner's list gives (« en ligne jusqu'au … »), while it is online."""
        return self.expires_at if self.is_online else None

    @property
    def owner_url(self) -> str:
        """Where the owner's list leads: a draft to its preview, any other ad to its page."""
        if self.status == self.Status.DRAFT:
            return reverse("classifieds:preview", args=[self.pk])
        return self.get_absolute_url()

    def is_owned_by(self, user) -> bool:
        return getattr(user, "is_authenticated", False) and self.owner_id == user.pk

    def can_be_edited_by(self, user) -> bool:
        return self.is_owned_by(user) and self.status != self.Status.DELETED

    def can_be_deleted_by(self, user) -> bool:
        return self.is_owned_by(user) and self.status != self.Status.DELETED

    def can_be_renewed_by(self, user) -> bool:
        """Online or expired: sixty more days from today (ad_renew)."""
        return self.is_owned_by(user) and self.status == self.Status.PUBLISHED

    def can_be_marked_sold_by(self, user) -> bool:
        return self.is_owned_by(user) and self.status == self.Status.PUBLISHED

    def can_be_contacted_by(self, user) -> bool:
        """Another reader may write to the advertiser of an online ad (the form on its page)."""
        return (
            getattr(user, "is_authenticated", False)
            and not self.is_owned_by(user)
            and self.is_online
        )

    def owner_actions(self, user) -> frozenset[str]:
        """The buttons of « Mes annonces » (the names of views.OWNER_ACTIONS, and edit)."""
        allowed = {
            "modifier": self.can_be_edited_by(user),
            "prolonger": self.can_be_renewed_by(user),
            "vendue": self.can_be_marked_sold_by(user),
            "supprimer": self.can_be_deleted_by(user),
        }
        return frozenset(name for name, ok in allowed.items() if ok)

    def attributes(self) -> list[tuple[str, str]]:
        """(label, value) of the category's filled fields, for the detail page's table,
        numbers with their unit and thousands: `Kilométrage`, `68 000 km`."""
        from rotative.classifieds.formatting import attribute

        rows = []
        for name in c.FIELDS[self.category]:
            field = self._meta.get_field(name)
            value = getattr(self, name)
            if value in (None, ""):
                continue
            shown = getattr(self, f"get_{name}_display")() if field.choices else value
            label = str(field.verbose_name)
            rows.append(attribute(name, label[:1].upper() + label[1:], shown))
        return rows


def _photo_path(instance, filename):
    return f"annonces/{instance.ad_id}/{filename}"


class AdPhoto(models.Model):
    """One photo as re-encoded by classifieds.photos: never the file the reader sent."""

    ad = models.ForeignKey(Ad, on_delete=models.CASCADE, related_name="photos")
    position = models.PositiveSmallIntegerField(default=0)
    gallery = models.FileField(upload_to=_photo_path)
    listing = models.FileField(upload_to=_photo_path)
    thumbnail = models.FileField(upload_to=_photo_path)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.gallery.name


def _pending_path(instance, filename):
    return f"annonces/attente/{filename}"


class PendingPhoto(models.Model):
    """A photo sent with a posting form that came back with an error: kept, re-encoded like
    an AdPhoto, for its owner alone, so they need not choose it again. Attached to the ad on
    the next valid submit; forgotten after a day (services.pending_photos_purge)."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    original_name = models.CharField(max_length=255, blank=True)
    # Random names (services.pending_photos_keep): a URL cannot be guessed from another's.
    gallery = models.FileField(upload_to=_pending_path)
    listing = models.FileField(upload_to=_pending_path)
    thumbnail = models.FileField(upload_to=_pending_path)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["owner", "created_at"], name="pending_photo_owner")]

    def __str__(self):
        return self.original_name or self.gallery.name


class AdMessage(models.Model):
    """A message between a reader and an advertiser, relayed by the site: neither sees the
    other's address. A conversation is an ad and the reader who wrote first (`buyer`)."""

    ad = models.ForeignKey(Ad, on_delete=models.CASCADE, related_name="messages")
    buyer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["ad", "buyer", "created_at"], name="ad_conversation")]

    def __str__(self):
        return self.text[:60]

    def get_absolute_url(self):
        return reverse("classifieds:conversation", args=[self.ad_id, self.buyer_id])


class AdReport(models.Model):
    class Reason(models.TextChoices):
        SCAM = "scam", _("Arnaque ou fraude")
        FORBIDDEN = "forbidden", _("Produit ou service interdit")
        WRONG = "wrong", _("Mauvaise catégorie ou informations fausses")
        SOLD = "sold", _("Déjà vendu ou plus disponible")
        OTHER = "other", _("Autre")

    ad = models.ForeignKey(Ad, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(_("motif"), max_length=10, choices=Reason.choices)
    details = models.CharField(_("précisions"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ad", "reporter"], name="one_ad_report_per_reader")
        ]

    def __str__(self):
        return self.get_reason_display()
