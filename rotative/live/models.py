"""En direct: short dated entries, newest first, pushed to every open page."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from rotative.core.colours import validate_readable_on_white
from rotative.news.models import ArticlePage
from rotative.news.models.pages import BREAKING_DEFAULT_DURATION

ENTRY_FEATURES = ["bold", "italic", "link"]
SITE_CHANNEL = "site"


class LiveLabel(models.Model):
    name = models.CharField(_("nom"), max_length=40, unique=True)
    slug = models.SlugField(_("identifiant"), max_length=40, unique=True)
    colour = models.CharField(
        _("couleur"),
        max_length=7,
        default="#0b3d6e",
        validators=[
            RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Une couleur s'écrit #rrggbb.")),
            validate_readable_on_white,  # the label is text on white: RGAA 3.2, 4.5:1
        ],
        help_text=_(
            "Code hexadécimal, par exemple #c8102e pour le rouge des alertes ; assez foncé "
            "pour se lire sur fond blanc."
        ),
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

    def breaking_now(self):
        """A flagged entry is a current alert as long as a flagged article is by default:
        four hours from its time. The banner's rule for articles is ArticleQuerySet's."""
        since = timezone.now() - BREAKING_DEFAULT_DURATION
        return self.visible().filter(is_breaking=True, published_at__gt=since)


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
        help_text=_(
            "Une information importante : mise en avant, et envoyée en alerte par e-mail et "
            "notification aux abonnés (une seule fois)."
        ),
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

    def reader_path(self, request=None) -> str:
        """Where a reader reads this entry (selectors.entry_path): what another app asks of an
        entry it holds without importing live (the newsletter's alerts)."""
        from rotative.live.selectors import entry_path

        return entry_path(self, request)


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


class LiveBlogPage(ArticlePage):
    """A live blog on a big night: an article with a pinned summary and timestamped posts.

    An ArticlePage underneath, so it is listed, searched, shared and commented like one, and
    stays as a normal article once it has ended.
    """

    # Its body is rendered with the posts, for each reader (pages/live_blog_page.html).
    held_parts = ("head", "header", "media", "tags")

    class State(models.TextChoices):
        UPCOMING = "upcoming", _("À venir")
        LIVE = "live", _("En cours")
        ENDED = "ended", _("Terminé")

    state = models.CharField(
        _("état du direct"), max_length=8, choices=State.choices, default=State.UPCOMING
    )
    summary = RichTextField(
        _("l'essentiel"),
        features=["bold", "italic", "link", "ul"],
        blank=True,
        help_text=_(
            "Épinglé en tête du direct : ce qu'il faut savoir, mis à jour au fil de la soirée."
        ),
    )

    content_panels = [
        *ArticlePage.content_panels[:2],
        FieldPanel("state"),
        FieldPanel("summary"),
        *ArticlePage.content_panels[2:],
    ]
    search_fields = [
        *ArticlePage.search_fields,
        index.SearchField("summary"),
        index.SearchField("posts_text"),
    ]
    parent_page_types = ["news.SectionPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("direct commenté")
        verbose_name_plural = _("directs commentés")

    @property
    def channel(self) -> str:
        return f"blog-{self.pk}"

    def posts_text(self) -> str:
        from django.utils.html import strip_tags

        return " ".join(
            strip_tags(body)
            for body in LiveEntry.objects.visible()
            .in_channel(self.channel)
            .values_list("body", flat=True)
        )

    def get_template(self, request, *args, **kwargs):
        return "pages/live_blog_page.html"

    def get_context(self, request, *args, **kwargs):
        from rotative.core.utils import parse_id
        from rotative.live import selectors

        context = super().get_context(request, *args, **kwargs)
        before = request.GET.get("avant")
        posts = selectors.entries_feed(
            channel=self.channel,
            before=parse_id(before),
            limit=selectors.FEED_PAGE_SIZE + 1,
        )
        context["posts"] = posts[: selectors.FEED_PAGE_SIZE]
        context["next_before"] = (
            context["posts"][-1].pk if len(posts) > selectors.FEED_PAGE_SIZE else None
        )
        context["first_posts_page"] = before is None
        context["last_event_id"] = selectors.last_event_id(channel=self.channel)
        return context
