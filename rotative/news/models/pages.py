"""Sections (rubriques) and articles: the pages editors write, revise and schedule."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager, PageQuerySet
from wagtail.search import index

from rotative.geo.choosers import commune_chooser_viewset
from rotative.news.blocks import ArticleBodyBlock

SECTION_PAGE_SIZE = 20
BREAKING_DEFAULT_DURATION = timedelta(hours=4)


class SectionPage(Page):
    """A rubrique: lists its articles, newest first, paginated."""

    description = models.TextField(_("présentation"), blank=True)
    nav_order = models.PositiveSmallIntegerField(
        _("ordre dans le menu"), default=100, help_text=_("Les petits nombres viennent en premier.")
    )

    # Read by the comments app: how this section's comments are moderated, and whether open.
    comments_moderation = models.CharField(
        _("modération des commentaires"),
        max_length=4,
        choices=[
            ("post", _("A posteriori : publiés aussitôt, modérés ensuite")),
            ("pre", _("A priori : publiés après validation d'un modérateur")),
        ],
        default="post",
    )
    comments_open = models.BooleanField(
        _("commentaires ouverts"),
        default=True,
        help_text=_("Décochez pour fermer les commentaires de tous les articles de la rubrique."),
    )

    content_panels = [*Page.content_panels, FieldPanel("description"), FieldPanel("nav_order")]
    settings_panels = [
        *Page.settings_panels,
        MultiFieldPanel(
            [FieldPanel("comments_moderation"), FieldPanel("comments_open")],
            heading=_("commentaires"),
        ),
    ]
    parent_page_types = ["core.HomePage"]
    subpage_types = ["news.ArticlePage", "live.LiveBlogPage"]

    class Meta:
        verbose_name = _("rubrique")
        verbose_name_plural = _("rubriques")

    def get_template(self, request, *args, **kwargs):
        return "pages/section_page.html"

    def get_context(self, request, *args, **kwargs):
        from rotative.news import selectors

        context = super().get_context(request, *args, **kwargs)
        context["articles"] = paginate(
            selectors.articles_in_section(section=self),
            request.GET.get("page"),
            count=selectors.section_article_count(section=self),
        )
        return context


def paginate(queryset, page_number, per_page=SECTION_PAGE_SIZE, count=None):
    """A page of `queryset`; `count`, when known, spares the paginator its COUNT query."""
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.__dict__["count"] = count  # Paginator.count is a cached_property
    try:
        return paginator.page(page_number or 1)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        from django.http import Http404

        raise Http404(_("Cette page n'existe pas.")) from None


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "news.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ArticleQuerySet(PageQuerySet):
    def published(self):
        return self.live().public().filter(first_published_at__isnull=False)

    def newest_first(self):
        return self.order_by("-first_published_at", "-pk")

    def in_section(self, section):
        return self.child_of(section)

    def breaking_now(self):
        """The one rule for an article's « Alerte info » being current: published, public,
        flagged, and its end (`breaking_until`, always set with the flag) still to come. The
        banner (core.selectors.breaking_banner) and the alerts (newsletter.breaking) ask it."""
        return self.published().filter(is_breaking=True, breaking_until__gt=timezone.now())

    def newest_alert_first(self):
        # An alert is as new as its last publication: a story published with the flag, or a
        # live story flagged then republished, or updated, comes first.
        return self.order_by("-last_published_at", "-pk")


ArticleManager = PageManager.from_queryset(ArticleQuerySet)


class ArticlePage(Page):
    """A news story, written here or taken from an agency wire."""

    chapo = models.TextField(_("chapô"), help_text=_("Le paragraphe d'introduction, en gras."))
    lead_image = models.ForeignKey(
        "core.CustomImage",
        verbose_name=_("image principale"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lead_image_caption = models.CharField(
        _("légende de l'image"),
        max_length=500,
        blank=True,
        help_text=_("Par défaut, la légende enregistrée avec l'image."),
    )
    body = StreamField(ArticleBodyBlock(), verbose_name=_("corps de l'article"), blank=True)
    tags = ClusterTaggableManager(through=ArticleTag, blank=True, verbose_name=_("mots-clés"))
    authors = ParentalManyToManyField(
        "news.Author", blank=True, verbose_name=_("auteurs"), related_name="articles"
    )
    agency = models.CharField(
        _("agence"),
        max_length=40,
        blank=True,
        help_text=_(
            "Pour une dépêche : AFP, Reuters… Laisser vide pour un article de la rédaction."
        ),
    )
    dateline = models.CharField(
        _("lieu de la dépêche"),
        max_length=80,
        blank=True,
        help_text=_("Ville d'où la dépêche est datée, par exemple « Moscou »."),
    )
    is_breaking = models.BooleanField(
        _("alerte info"),
        default=False,
        help_text=_(
            "Affiche un bandeau sur toutes les pages du site jusqu'à l'échéance, et envoie "
            "l'alerte par e-mail et notification aux abonnés à la publication (une seule fois)."
        ),
    )
    breaking_until = models.DateTimeField(
        _("bandeau jusqu'au"),
        null=True,
        blank=True,
        help_text=_("Par défaut, quatre heures après l'enregistrement."),
    )

    comments_open = models.BooleanField(
        _("commentaires ouverts"),
        default=True,
        help_text=_("Décochez pour fermer les commentaires de cet article."),
    )

    objects = ArticleManager()

    content_panels = [
        *Page.content_panels,
        FieldPanel("chapo"),
        MultiFieldPanel(
            [FieldPanel("lead_image"), FieldPanel("lead_image_caption")],
            heading=_("image principale"),
        ),
        FieldPanel("body"),
        FieldPanel("authors"),
        FieldRowPanel([FieldPanel("agency"), FieldPanel("dateline")], heading=_("dépêche")),
        FieldPanel("tags"),
        InlinePanel(
            "article_communes",
            heading=_("communes concernées"),
            label=_("commune"),
            help_text=_("Les abonnés qui suivent ces communes reçoivent l'article par e-mail."),
        ),
        InlinePanel("corrections", heading=_("rectificatifs"), label=_("rectificatif")),
        FieldRowPanel(
            [
                FieldPanel("is_breaking"),
                FieldPanel(
                    "breaking_until",
                    help_text=_(
                        "Par défaut, quatre heures après la publication (ou l'heure programmée)."
                    ),
                ),
            ],
            heading=_("alerte info"),
        ),
    ]
    settings_panels = [*Page.settings_panels, FieldPanel("comments_open")]
    search_fields = [
        # Words of the title weigh most, then the chapô, then the body.
        *[
            field
            for field in Page.search_fields
            if not (isinstance(field, index.SearchField) and field.field_name == "title")
        ],
        index.SearchField("title", boost=4),
        index.SearchField("chapo", boost=1.5),
        index.SearchField("body"),
        index.FilterField("first_published_at"),
    ]
    parent_page_types = ["news.SectionPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [
            # The breaking-news banner is looked up on every page.
            models.Index(
                fields=["breaking_until"],
                condition=models.Q(is_breaking=True),
                name="news_article_breaking_idx",
            )
        ]

    def get_template(self, request, *args, **kwargs):
        return "pages/article_page.html"

    @property
    def dateline_text(self):
        """`Moscou (AFP)`, as agency stories print it."""
        if not self.agency:
            return ""
        return f"{self.dateline} ({self.agency})" if self.dateline else f"({self.agency})"

    @property
    def was_updated(self):
        """Shown as `Mis à jour` only when a later publication changed the story."""
        if not (self.first_published_at and self.last_published_at):
            return False
        return self.last_published_at - self.first_published_at > timedelta(minutes=5)

    def clean(self):
        super().clean()
        if self.dateline and not self.agency:
            raise ValidationError({"agency": _("Indiquez l'agence de cette dépêche datée.")})
        self.breaking_until_settle()

    def breaking_until_settle(self):
        """No end without the flag, so that ticking « Alerte info » again later starts a new
        alert instead of reviving an expired one; with the flag, four hours by default after
        the publication (now, or the scheduled time)."""
        if not self.is_breaking:
            self.breaking_until = None
        elif self.breaking_until is None:
            now = timezone.now()
            start = self.go_live_at if self.go_live_at and self.go_live_at > now else now
            self.breaking_until = start + BREAKING_DEFAULT_DURATION

    def save(self, *args, **kwargs):
        # Saved without the form's clean() too (the wire, scripts): the same end applies.
        self.breaking_until_settle()
        return super().save(*args, **kwargs)

    @property
    def is_breaking_now(self) -> bool:
        """Whether this article is a current alert, by the one rule (ArticleQuerySet)."""
        return (
            self.pk is not None and ArticlePage.objects.breaking_now().filter(pk=self.pk).exists()
        )

    def get_context(self, request, *args, **kwargs):
        # Imported here: selectors and seo import these models.
        from rotative.core.models import SiteIdentity
        from rotative.news import selectors
        from rotative.news.seo import article_jsonld

        context = super().get_context(request, *args, **kwargs)
        extra = selectors.article_page_context(article=self)
        canonical_url = settings.SITE_URL + self.get_url(request)
        identity = SiteIdentity.for_request(request)
        context.update(extra)
        context["canonical_url"] = canonical_url
        context["jsonld"] = article_jsonld(
            article=self,
            section=extra["section"],
            lead_image=extra["lead_image"],
            authors=extra["authors"],
            tags=extra["article_tags"],
            canonical_url=canonical_url,
            publisher_name=identity.publisher_name or settings.WAGTAIL_SITE_NAME,
        )
        return context


class ArticleCorrection(Orderable):
    """A dated notice telling readers what changed in a published story."""

    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="corrections")
    date = models.DateTimeField(_("date"), default=timezone.now)
    text = models.TextField(_("texte du rectificatif"))

    panels = [FieldPanel("date"), FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("rectificatif")
        verbose_name_plural = _("rectificatifs")


class ArticleCommune(Orderable):
    """A commune the story is about: readers who follow it are alerted (newsletter)."""

    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="article_communes")
    commune = models.ForeignKey(
        "geo.Commune", verbose_name=_("commune"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("commune", widget=commune_chooser_viewset.widget_class)]

    class Meta(Orderable.Meta):
        verbose_name = _("commune concernée")
        verbose_name_plural = _("communes concernées")
        constraints = [
            models.UniqueConstraint(fields=["page", "commune"], name="article_commune_once")
        ]
