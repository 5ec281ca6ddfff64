"""The ground every part stands on: images, the paper's identity, the recurring jobs' state."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.images.models import AbstractImage, AbstractRendition

from rotative.core import identity


class CustomImage(AbstractImage):
    """Wagtail image with the caption and credit a newsroom prints under every picture."""

    caption = models.CharField(_("légende"), max_length=500, blank=True)
    credit = models.CharField(_("crédit"), max_length=200, blank=True)

    admin_form_fields = (
        "title",
        "file",
        "description",  # Wagtail's alt text: what the picture shows, for who cannot see it
        "caption",
        "credit",
        "collection",
        "tags",
        "focal_point_x",
        "focal_point_y",
        "focal_point_width",
        "focal_point_height",
    )

    def alt_beside(self, caption: str = "") -> str:
        """The alt text next to a printed caption: the description (else the title), unless
        it is the caption again, which a screen reader would then read twice (RGAA 1.9)."""
        alt = " ".join((self.description or self.title or "").split())
        if caption and alt.casefold() == " ".join(caption.split()).casefold():
            return ""
        return alt

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")


class CustomRendition(AbstractRendition):
    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


@register_setting(icon="site")
class SiteIdentity(BaseSiteSetting):
    """What readers are told the paper is called, and what the header, footer, mails and
    metadata say about it (read through rotative.core.identity.site_identity)."""

    class Article(models.TextChoices):
        LE = identity.LE, _("le (Le Phare normand → du Phare normand)")
        LA = identity.LA, _("la (La Voix du Bocage → de la Voix du Bocage)")
        LES = identity.LES, _("les (Les Nouvelles → des Nouvelles)")
        L_APOSTROPHE = identity.L_APOSTROPHE, _("l' (L'Écho → de l'Écho)")
        NONE = identity.NONE, _("aucun (Ouest-Info → d'Ouest-Info)")

    name = models.CharField(
        _("nom du journal"),
        max_length=100,
        blank=True,
        help_text=_(
            "Tel qu'il s'écrit en titre, avec son article : « Le Phare normand ». Affiché dans "
            "l'en-tête, le titre des pages, les courriels et les flux."
        ),
    )
    article = models.CharField(
        _("article du nom"),
        max_length=3,
        choices=Article.choices,
        default=Article.NONE,
        blank=True,
        help_text=_(
            "L'article par lequel commence le nom, pour écrire « du Phare normand », "
            "« à la Voix du Bocage »."
        ),
    )
    sender_name = models.CharField(
        _("nom de l'expéditeur des courriels"),
        max_length=100,
        blank=True,
        help_text=_("Laisser vide pour utiliser le nom du journal."),
    )
    newsroom_email = models.EmailField(
        _("adresse de la rédaction"),
        blank=True,
        help_text=_("Reçoit les messages du formulaire de contact."),
    )
    tagline = models.CharField(_("slogan"), max_length=200, blank=True)
    publisher_name = models.CharField(
        _("éditeur"),
        max_length=200,
        blank=True,
        help_text=_(
            "Nom légal de la société éditrice, pour les mentions du pied de page. Google "
            "News et les réseaux sociaux connaissent le journal par son nom."
        ),
    )
    about = RichTextField(_("à propos"), blank=True, features=["bold", "italic", "link"])

    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("article"), FieldPanel("sender_name")],
            heading=_("nom du journal"),
        ),
        FieldPanel("newsroom_email"),
        FieldPanel("tagline"),
        FieldPanel("publisher_name"),
        FieldPanel("about"),
    ]

    class Meta:
        verbose_name = _("identité du site")

    def clean(self):
        super().clean()
        self.name = self.name.strip()
        if self.name and self.article and not identity.name_rest(self.name, self.article):
            raise ValidationError(
                {
                    "article": _(
                        "Le nom « %(name)s » ne commence pas par l'article « %(article)s »."
                    )
                    % {"name": self.name, "article": self.article}
                }
            )


class RecurringJobState(models.Model):
    """When a recurring job (core/scheduling.py) runs next: the row workers race to claim."""

    name = models.CharField(max_length=100, primary_key=True)
    next_run_at = models.DateTimeField()
    last_queued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("tâche récurrente")
        verbose_name_plural = _("tâches récurrentes")

    def __str__(self):
        return self.name


class TaskWorker(models.Model):
    """A running `manage.py worker`, as it last said it was alive (core/task_workers.py): a
    task still marked running by a worker that stopped saying so is run again."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("processus de tâches")
        verbose_name_plural = _("processus de tâches")

    def __str__(self):
        return f"{self.host}:{self.pid}"
