"""L'emploi: the job offers of the region's employers.

Plain models, because employers post in volume. Only a verified professional account (its
SIRET checked by the newsroom) posts; an offer waits for a moderator, stays online until its
closing date or 60 days after publication (renewable), then says it is filled or expired.
The offer copies what the search filters on (department, position, monthly salary, folded
words) so that a search reads one table.
"""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rotative.core.utils import search_fold

# A month's worth of a yearly salary, for comparing offers paid by the month and by the year.
MONTHS_PER_YEAR = 12


class Contract(models.TextChoices):
    CDI = "cdi", _("CDI")
    CDD = "cdd", _("CDD")
    INTERIM = "interim", _("Intérim")
    ALTERNANCE = "alternance", _("Alternance")
    STAGE = "stage", _("Stage")
    SAISONNIER = "saisonnier", _("Saisonnier")
    FREELANCE = "freelance", _("Freelance")


class WorkingTime(models.TextChoices):
    FULL = "plein", _("Temps plein")
    PART = "partiel", _("Temps partiel")


class Remote(models.TextChoices):
    NONE = "aucun", _("Sur site")
    PARTIAL = "partiel", _("Télétravail partiel")
    FULL = "total", _("Télétravail total")


class SalaryPeriod(models.TextChoices):
    MONTH = "mois", _("par mois")
    YEAR = "annee", _("par an")


class ApplyBy(models.TextChoices):
    # First: the candidate's CV stays on the site, read by the employer alone.
    FORM = "site", _("Par le formulaire du site (CV)")
    LINK = "lien", _("Sur le site de l'employeur (lien)")
    EMAIL = "email", _("Par e-mail, relayé par le journal")


class JobOfferQuerySet(models.QuerySet):
    def online(self, now=None):
        return self.filter(status=JobOffer.Status.PUBLISHED, expires_at__gt=now or timezone.now())


class JobOffer(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        PENDING = "pending", _("En attente de validation")
        PUBLISHED = "published", _("Publiée")
        REFUSED = "refused", _("Refusée")
        EXPIRED = "expired", _("Pourvue ou expirée")

    employer = models.ForeignKey(
        "accounts.Professional",
        verbose_name=_("employeur"),
        on_delete=models.CASCADE,
        related_name="job_offers",
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("déposée par"),
        on_delete=models.CASCADE,
        related_name="job_offers",
    )
    title = models.CharField(_("intitulé du poste"), max_length=120)
    slug = models.SlugField(max_length=140)
    contract = models.CharField(_("contrat"), max_length=12, choices=Contract.choices)
    contract_months = models.PositiveSmallIntegerField(_("durée (mois)"), null=True, blank=True)
    working_time = models.CharField(
        _("temps de travail"), max_length=8, choices=WorkingTime.choices, default=WorkingTime.FULL
    )
    commune = models.ForeignKey(
        "geo.Commune", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    # Copied from the commune on save: the search filters on them without a join.
    department = models.CharField(max_length=3, editable=False, default="")
    latitude = models.FloatField(null=True, editable=False)
    longitude = models.FloatField(null=True, editable=False)
    remote = models.CharField(
        _("télétravail"), max_length=8, choices=Remote.choices, default=Remote.NONE
    )
    # A range in euros (gross) per month or per year, or « selon profil »: one of the two.
    salary_min = models.PositiveIntegerField(_("salaire minimum"), null=True, blank=True)
    salary_max = models.PositiveIntegerField(_("salaire maximum"), null=True, blank=True)
    salary_period = models.CharField(
        _("salaire"), max_length=6, choices=SalaryPeriod.choices, blank=True
    )
    salary_on_profile = models.BooleanField(_("salaire selon profil"), default=False)
    # The range's top as a month's pay (a yearly salary divided by 12): what « salaire
    # minimum » searches compare. Null for « selon profil ».
    salary_monthly_max = models.PositiveIntegerField(null=True, editable=False)
    # Plain text: shown escaped, line breaks kept; never HTML from the employer.
    description = models.TextField(_("description du poste"), max_length=8000)
    profile = models.TextField(_("profil recherché"), max_length=4000)
    apply_by = models.CharField(_("candidature"), max_length=6, choices=ApplyBy.choices)
    apply_url = models.URLField(_("lien pour postuler"), max_length=300, blank=True)
    # Never shown: candidates write through the site, which relays to this address.
    apply_email = models.EmailField(_("adresse qui reçoit les candidatures"), blank=True)
    closing_date = models.DateField(_("date limite de candidature"), null=True, blank=True)

    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    refusal_reason = models.CharField(_("motif du refus"), max_length=500, blank=True)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    expires_at = models.DateTimeField(_("en ligne jusqu'au"), null=True, blank=True)
    views = models.PositiveIntegerField(_("vues"), default=0)
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = JobOfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("offre d'emploi")
        verbose_name_plural = _("offres d'emploi")
        indexes = [
            models.Index(fields=["status", "expires_at"], name="jobs_online"),
            models.Index(fields=["status", "created_at"], name="jobs_queue"),
            models.Index(fields=["latitude", "longitude"], name="jobs_position"),
            models.Index(fields=["status", "department", "-published_at"], name="jobs_dept"),
            # The fully remote offers, found around every commune: with it PostgreSQL ORs
            # them to the radius's box in the index, then ANDs both with the words' trigram
            # index (migration 0003), instead of reading every offer holding the words.
            models.Index(
                fields=["expires_at"], condition=models.Q(remote="total"), name="jobs_remote"
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.copies_update()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text", "salary_monthly_max"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("jobs:offer", kwargs={"pk": self.pk, "slug": self.slug})

    def copies_update(self) -> None:
        """What the offer copies for the search: its commune's department and position, its
        monthly salary, its folded words. save() calls it; so does a bulk writer (the bench)."""
        if self.commune_id:
            self.department = self.commune.department
            self.latitude, self.longitude = self.commune.latitude, self.commune.longitude
        self.salary_monthly_max = self._monthly(self.salary_max or self.salary_min)
        self.search_text = search_fold(f"{self.title}\n{self.description}\n{self.profile}")

    def _monthly(self, amount):
        if self.salary_on_profile or amount is None:
            return None
        if self.salary_period == SalaryPeriod.YEAR:
            return amount // MONTHS_PER_YEAR
        return amount

    def is_online(self, now=None) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.expires_at is not None
            and self.expires_at > (now or timezone.now())
        )

    @property
    def was_published(self) -> bool:
        """Online once, then expired or filled: the page stays, saying so."""
        return self.published_at is not None and self.status in (
            self.Status.PUBLISHED,
            self.Status.EXPIRED,
        )

    def visible_to(self, user) -> bool:
        """Offers that went online to everyone (an expired one says so); the others to the
        account that posted them, and to the moderators once sent to them (never a draft)."""
        if self.was_published:
            return True
        if not getattr(user, "is_authenticated", False):
            return False
        if user.pk == self.posted_by_id:
            return True
        return self.status != self.Status.DRAFT and user.has_perm("jobs.change_joboffer")

    @property
    def contract_label(self) -> str:
        label = str(self.get_contract_display())
        if self.contract == Contract.CDD and self.contract_months:
            label += f" {self.contract_months} mois"
        return label

    @property
    def salary_label(self) -> str:
        """« 2 000 – 2 400 € brut par mois », « selon profil »."""
        if self.salary_on_profile or (self.salary_min is None and self.salary_max is None):
            return str(_("Selon profil"))
        amounts = [a for a in (self.salary_min, self.salary_max) if a is not None]
        if len(amounts) == 2 and amounts[0] == amounts[1]:
            amounts = amounts[:1]
        text = " – ".join(f"{a:,}".replace(",", "\u202f") for a in amounts)
        return f"{text} € {_('brut')} {self.get_salary_period_display()}"


# Six months, then the application and its CV are deleted (tasks.jobs_applications_purge).
APPLICATION_KEPT_DAYS = 183


def cv_storage():
    """Private: outside MEDIA_ROOT locally, a private bucket or prefix on S3 (settings)."""
    from django.core.files.storage import storages

    return storages["job_applications"]


def cv_filename(instance, filename) -> str:
    """A random name: never the candidate's own (it may carry their name or anything)."""
    return f"{timezone.now():%Y/%m}/{secrets.token_urlsafe(24)}.pdf"


class JobApplication(models.Model):
    """A candidate's letter and CV to an offer applied for through the site's form. The CV is
    read by the employer who posted the offer and no one else, then deleted after six months
    (with the offer, or with the candidate's account, if they go first)."""

    offer = models.ForeignKey(
        JobOffer,
        verbose_name=_("offre"),
        on_delete=models.CASCADE,
        related_name="applications",
    )
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("candidat"),
        on_delete=models.CASCADE,
        related_name="job_applications",
    )
    name = models.CharField(_("nom"), max_length=120)
    # The candidate's login address when they applied: where the employer answers.
    email = models.EmailField(_("e-mail"))
    message = models.TextField(_("message"), max_length=4000)
    cv = models.FileField(_("CV"), upload_to=cv_filename, storage=cv_storage, max_length=200)
    cv_size = models.PositiveIntegerField(_("taille du CV (octets)"), default=0)
    created_at = models.DateTimeField(_("reçue le"), default=timezone.now)
    seen_at = models.DateTimeField(_("lue le"), null=True, blank=True)

    class Meta:
        verbose_name = _("candidature")
        verbose_name_plural = _("candidatures")
        constraints = [
            models.UniqueConstraint(fields=["offer", "candidate"], name="jobs_apply_once"),
        ]
        indexes = [models.Index(fields=["created_at"], name="jobs_application_age")]

    def __str__(self):
        return f"{self.name} : {self.offer}"
