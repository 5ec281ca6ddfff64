"""En direct: short dated entries, newest first, pushed to every open page."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField

ENTRY_FEATURES = ["bold", "italic", "link"]
SITE_CHANNEL = "site"


class LiveLabel(models.Model):
    name = models.CharField(_("nom"), max_length=40, unique=True)
    slug = models.SlugField(_("identifiant"), max_length=40, unique=True)
    colour = models.CharField(
        _("couleur"),
        max_length=7,
        default="#0b3d6e",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Une couleur s'écrit #rrggbb."))],
        help_text=_("Code hexadécimal, par exemple #c8102e pour le rouge des alertes."),
    )
    sort_order = models.PositiveSmallIntegerField(_("ordre"), default=100)

    class Meta:
        verbose_name = _("étiquette du direct")
        verbose_name_plural = _("étiquettes du direct")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class LiveEntryQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(deleted_at__isnull=True, published_at__lte=timezone.now())

    def in_channel(self, channel: str):
        return self.filter(channel=channel)


class LiveEntry(models.Model):
    # "site" for the site's En direct; "blog-<page id>" for a live blog's posts.
    channel = models.CharField(max_length=40, default=SITE_CHANNEL, db_index=True)
    body = RichTextField(_("texte"), features=ENTRY_FEATURES, max_length=2000)
    label = models.ForeignKey(
        LiveLabel,
        verbose_name=_("étiquette"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="entries",
    )
    article = models.ForeignKey(
        "news.ArticlePage",
        verbose_name=_("article lié"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    image = models.ForeignKey(
        "core.CustomImage",
        verbose_name=_("image"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_breaking = models.BooleanField(
        _("alerte info"),
        default=False,
        help_text=_("Une information importante : mise en avant, et bientôt envoyée en alerte."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("publié le"), default=timezone.now)
    updated_at = models.DateTimeField(_("modifié le"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("supprimé le"), null=True, blank=True)

    objects = LiveEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("entrée du direct")
        verbose_name_plural = _("entrées du direct")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["channel", "-published_at"], name="live_entry_feed")]

    def __str__(self):
        return f"{self.published_at:%d/%m %H:%M} {self.pk}"


class LiveEvent(models.Model):
    """What happened to an entry, in order: the push and the reconnections replay these ids."""

    class Action(models.TextChoices):
        CREATED = "created"
        UPDATED = "updated"
        DELETED = "deleted"

    id = models.BigAutoField(primary_key=True)
    channel = models.CharField(max_length=40)
    entry = models.ForeignKey(LiveEntry, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=7, choices=Action.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["channel", "id"], name="live_event_replay")]

    def __str__(self):
        return f"{self.id} {self.action} {self.entry_id}"
