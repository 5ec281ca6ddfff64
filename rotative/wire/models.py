"""The wire desk: agency sources, received dispatches, quarantine, mapping and publishing rules."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WireSource(models.Model):
    class Kind(models.TextChoices):
        FOLDER = "folder", _("dossier de dépôt")
        HTTP = "http", _("adresse HTTP(S) interrogée")

    name = models.CharField(_("nom"), max_length=100, unique=True)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.FOLDER)
    path = models.CharField(
        _("dossier"),
        max_length=500,
        blank=True,
        help_text=_(
            "Dossier où l’agence dépose ses fichiers (FTP/SFTP) ; les fichiers traités "
            "passent dans son sous-dossier .ingested/."
        ),
    )
    url = models.URLField(_("adresse"), max_length=500, blank=True)
    poll_minutes = models.PositiveSmallIntegerField(_("interroger toutes les (minutes)"), default=2)
    enabled = models.BooleanField(_("active"), default=True)
    default_section = models.ForeignKey(
        "news.SectionPage",
        verbose_name=_("rubrique par défaut"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_run_at = models.DateTimeField(_("dernier passage"), null=True, blank=True, editable=False)
    last_items = models.PositiveIntegerField(
        _("dépêches au dernier passage"), default=0, editable=False
    )
    last_error = models.TextField(_("dernière erreur"), blank=True, editable=False)
    http_etag = models.CharField(max_length=200, blank=True, editable=False)
    http_last_modified = models.CharField(max_length=100, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("source d'agence")
        verbose_name_plural = _("sources d'agence")

    def __str__(self):
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        from rotative.wire import guard

        if self.kind == self.Kind.FOLDER and not self.path:
            raise ValidationError({"path": _("Indiquez le dossier de dépôt.")})
        if self.kind == self.Kind.HTTP and not self.url:
            raise ValidationError({"url": _("Indiquez l'adresse à interroger.")})
        # Checked again at each poll (services/sources.py): these messages only say it early.
        try:
            if self.kind == self.Kind.FOLDER:
                guard.folder_resolve(self.path)
            elif self.kind == self.Kind.HTTP:
                guard.url_check(self.url)
        except guard.SourceRefused as error:
            field = "path" if self.kind == self.Kind.FOLDER else "url"
            raise ValidationError({field: str(error)}) from error


class DispatchQuerySet(models.QuerySet):
    def latest_versions(self):
        """One row per agency story: its highest version."""
        newer = Dispatch.objects.filter(
            guid=models.OuterRef("guid"), version__gt=models.OuterRef("version")
        )
        return self.exclude(models.Exists(newer))


class Dispatch(models.Model):
    """One version of one agency item, as received and parsed."""

    class Status(models.TextChoices):
        PENDING = "pending", _("en attente")
        PUBLISHED = "published", _("publiée")
        SCHEDULED = "scheduled", _("programmée (embargo)")
        WITHHELD = "withheld", _("retenue par l'agence")
        KILLED = "killed", _("annulée par l'agence")
        SUPERSEDED = "superseded", _("remplacée par une version plus récente")

    source = models.ForeignKey(
        WireSource, verbose_name=_("source"), null=True, blank=True, on_delete=models.SET_NULL
    )
    guid = models.CharField(max_length=255, db_index=True)
    version = models.PositiveIntegerField(default=1)
    format = models.CharField(max_length=20)
    kind = models.CharField(_("nature"), max_length=20)
    pub_status = models.CharField(max_length=20)
    signals = models.JSONField(default=list, blank=True)
    embargoed = models.DateTimeField(_("embargo"), null=True, blank=True)
    first_created = models.DateTimeField(null=True, blank=True)
    version_created = models.DateTimeField(_("version du"), null=True, blank=True)
    received_at = models.DateTimeField(_("reçue le"), auto_now_add=True, db_index=True)
    headline = models.CharField(_("titre"), max_length=500, blank=True)
    slugline = models.CharField(max_length=255, blank=True)
    dateline = models.CharField(_("dateline"), max_length=255, blank=True)
    located = models.CharField(max_length=255, blank=True)
    creditline = models.CharField(max_length=255, blank=True)
    byline = models.CharField(max_length=255, blank=True)
    description = models.TextField(blank=True)
    urgency = models.PositiveSmallIntegerField(_("urgence"), null=True, blank=True, db_index=True)
    language = models.CharField(max_length=20, blank=True)
    provider = models.CharField(_("agence"), max_length=100, blank=True)
    subjects = models.JSONField(default=list, blank=True)
    subject_codes = models.TextField(
        blank=True, help_text="qcodes separated by spaces, for filters"
    )
    genres = models.JSONField(default=list, blank=True)
    keywords = models.JSONField(default=list, blank=True)
    body_html = models.TextField(blank=True)
    pictures = models.JSONField(default=list, blank=True)
    links = models.JSONField(default=list, blank=True)
    status = models.CharField(
        _("état"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    article = models.ForeignKey(
        "news.ArticlePage",
        verbose_name=_("article"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = DispatchQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("dépêche")
        verbose_name_plural = _("dépêches")
        constraints = [
            models.UniqueConstraint(fields=["guid", "version"], name="wire_dispatch_guid_version")
        ]

    def __str__(self):
        return f"{self.headline or self.guid} (v{self.version})"

    @property
    def is_kill(self):
        return self.pub_status == "canceled" or "kill" in self.signals

    @property
    def in_other_language(self) -> bool:
        """Declared in a language other than French (an undeclared one is not flagged)."""
        primary = self.language.strip().split("-")[0].split("_")[0].lower()
        return bool(primary) and primary != "fr"

    @property
    def language_name(self) -> str:
        """« anglais » for "en-GB": the language in French words, else its tag as given."""
        from django.utils.translation import get_language_info

        tag = self.language.strip()
        # « anglais » for "en-GB" too: the desk needs the language, not the variant.
        for candidate in (tag.split("-")[0].split("_")[0].lower(), tag.lower()):
            try:
                name = str(get_language_info(candidate)["name_translated"])
            except KeyError:
                continue
            return name[:1].lower() + name[1:]
        return tag

    @property
    def topics(self):
        """Each subject by its French name, with its code for the admin (wire.topics)."""
        from rotative.wire.topics import topics_of

        return topics_of(self.subjects)

    @property
    def topic_names(self) -> list[str]:
        from rotative.wire.topics import topic_names

        return topic_names(self.subjects)


def quarantine_storage():
    from django.core.files.storage import storages

    return storages["wire_quarantine"]


class QuarantinedFile(models.Model):
    """A delivery that could not be ingested, kept byte for byte with the reason."""

    source = models.ForeignKey(
        WireSource, verbose_name=_("source"), null=True, blank=True, on_delete=models.SET_NULL
    )
    filename = models.CharField(_("fichier"), max_length=500, blank=True)
    received_at = models.DateTimeField(_("reçu le"), auto_now_add=True)
    reason = models.TextField(_("motif"))
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveBigIntegerField(_("taille (octets)"), default=0)
    original = models.FileField(
        _("fichier original"), upload_to="%Y/%m/", storage=quarantine_storage, max_length=300
    )

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("fichier en quarantaine")
        verbose_name_plural = _("fichiers en quarantaine")

    def __str__(self):
        return f"{self.filename or self.sha256[:12]} : {self.reason[:80]}"

    def download_link(self):
        from django.urls import reverse
        from django.utils.html import format_html

        url = reverse("wire_quarantine_download", args=[self.pk])
        return format_html('<a href="{}">{}</a>', url, _("Télécharger l'original"))

    download_link.short_description = _("original")


class TopicMapping(models.Model):
    """How an IPTC media topic becomes a section and tags on the site."""

    qcode = models.CharField(
        _("code IPTC"),
        max_length=100,
        unique=True,
        help_text=_("Par exemple medtop:11000000 (politique)."),
    )
    label = models.CharField(_("libellé"), max_length=200, blank=True)
    section = models.ForeignKey(
        "news.SectionPage",
        verbose_name=_("rubrique"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    tags = models.CharField(
        _("mots-clés"), max_length=300, blank=True, help_text=_("Séparés par des virgules.")
    )

    class Meta:
        ordering = ["qcode"]
        verbose_name = _("correspondance de thème")
        verbose_name_plural = _("correspondances de thèmes")

    def __str__(self):
        return f"{self.qcode} → {self.section or '—'}"

    def save(self, *args, **kwargs):
        if not self.label:  # the editor sees the topic's name, not only its code
            from rotative.wire.topics import topic_of

            topic = topic_of({"qcode": self.qcode})
            self.label = topic.name[:200] if topic.known else ""
        super().save(*args, **kwargs)

    @property
    def tag_list(self):
        return [t.strip() for t in self.tags.split(",") if t.strip()]


class PublishingRule(models.Model):
    """Publish without a click: e.g. urgency ≤ 3 from AFP goes straight to International."""

    name = models.CharField(_("nom"), max_length=100)
    source = models.ForeignKey(WireSource, verbose_name=_("source"), on_delete=models.CASCADE)
    max_urgency = models.PositiveSmallIntegerField(
        _("urgence au plus"), default=3, help_text=_("1 est la plus urgente, 9 la moins urgente.")
    )
    subject_qcode = models.CharField(
        _("thème IPTC"),
        max_length=100,
        blank=True,
        help_text=_("Facultatif : limite la règle à ce thème."),
    )
    section = models.ForeignKey(
        "news.SectionPage",
        verbose_name=_("rubrique"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Par défaut, la rubrique donnée par les thèmes ou la source."),
    )
    enabled = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("règle de publication")
        verbose_name_plural = _("règles de publication")

    def __str__(self):
        return self.name

    def subject_display(self) -> str:
        """« automobile (subj:04011002) »: the name first, the code for the editor."""
        if not self.subject_qcode:
            return "—"
        from rotative.wire.topics import topic_of

        return f"{topic_of({'qcode': self.subject_qcode}).name} ({self.subject_qcode})"

    subject_display.short_description = _("thème IPTC")

    def matches(self, dispatch: Dispatch) -> bool:
        if not self.enabled or dispatch.source_id != self.source_id:
            return False
        if dispatch.urgency is None or dispatch.urgency > self.max_urgency:
            return False
        if self.subject_qcode:
            return self.subject_qcode in dispatch.subject_codes.split()
        return True


class ReceivedFile(models.Model):
    """Every delivery seen, by content: the same file delivered twice is ingested once."""

    sha256 = models.CharField(max_length=64, unique=True)
    filename = models.CharField(max_length=500, blank=True)
    source = models.ForeignKey(WireSource, null=True, blank=True, on_delete=models.SET_NULL)
    received_at = models.DateTimeField(auto_now_add=True)
    items = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("fichier reçu")
        verbose_name_plural = _("fichiers reçus")

    def __str__(self):
        return self.filename or self.sha256
