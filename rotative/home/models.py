"""La Une and the topics editors pin at the head of En ce moment."""

from django.core.exceptions import ValidationError
from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from rotative.core import chrome, routing, site_parts
from rotative.news import selectors


class HomePage(routing.ViewRestrictionsHeldMixin, Page):
    """La Une: one lead story, the latest per section, the most read."""

    lead_article = models.ForeignKey(
        "news.ArticlePage",
        verbose_name=_("article à la une"),
        help_text=_("Laisser vide pour mettre à la une l'article publié le plus récemment."),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    articles_per_section = models.PositiveSmallIntegerField(_("articles par rubrique"), default=4)

    content_panels = [
        *Page.content_panels,
        FieldPanel("lead_article"),
        FieldPanel("articles_per_section"),
    ]
    subpage_types = ["news.SectionPage", "legal.LegalPage", "legal.ContactPage"]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("page d'accueil")

    def route(self, request, path_components):
        # Two queries for the page the path names (core.routing) rather than two per level.
        page = routing.descendant_by_path(self, path_components)
        if page is None:
            return super().route(request, path_components)
        return page.route(request, [])

    def get_template(self, request, *args, **kwargs):
        return "pages/home_page.html"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if getattr(request, "is_preview", False):  # an editor's draft: never what is held
            context.update(self.front(request))
        else:
            # The same for every reader, and it changes when something is published (or
            # read: the most read): held for the edition like the chrome (core.chrome).
            context.update(
                chrome.memo(
                    "home_front",
                    lambda: self.front(request),
                    key=(chrome.site_key(request), self.pk),
                )
            )
        return context

    def front(self, request) -> dict:
        """La Une's content, rendered, and what the page's head says of it."""
        lead = selectors.home_lead_article(home=self)
        front = {
            "request": request,
            "site_parts": site_parts.registry,
            "lead": lead,
            "section_blocks": selectors.latest_by_section(
                home=self,
                per_section=self.articles_per_section,
                exclude_ids={lead.pk} if lead else set(),
            ),
            "most_read": selectors.most_read_articles(limit=5),
        }
        return {
            **{name: front[name] for name in ("lead", "section_blocks", "most_read")},
            "front_html": render_to_string("components/home_front.html", front),
            **self.seo_context(request, lead),
        }

    def seo_context(self, request, lead):
        """The home page for robots: WebSite with its search, the paper as an organisation;
        OpenGraph shows the lead story's picture (else the logo) and the paper's tagline."""
        from rotative.core.identity import site_identity
        from rotative.core.seo import description_trim
        from rotative.news.seo import OG_RENDITION, home_jsonld, logo_url

        identity = site_identity(request)
        context = {
            "jsonld": home_jsonld(identity=identity),
            "meta_description": description_trim(self.search_description or identity.tagline),
        }
        image = lead.lead_image if lead is not None else None
        if image is not None:
            context["og_image"] = image.get_rendition(OG_RENDITION)
            context["og_image_alt"] = image.alt_beside()
        else:
            context["og_logo_url"] = logo_url()
        return context


class PinnedTopicQuerySet(models.QuerySet):
    def active(self):
        now = timezone.now()
        return self.filter(models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now))


@register_snippet
class PinnedTopic(index.Indexed, Orderable):
    """A topic an editor pins at the head of the En ce moment bar."""

    label = models.CharField(_("libellé"), max_length=60)
    tag = models.ForeignKey(
        "taggit.Tag",
        verbose_name=_("mot-clé"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("Le sujet mène à la page de ce mot-clé…"),
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("…ou à cette page."),
    )
    expires_at = models.DateTimeField(_("jusqu'au"), null=True, blank=True)

    objects = PinnedTopicQuerySet.as_manager()

    panels = [
        FieldPanel("label"),
        MultiFieldPanel([FieldPanel("tag"), FieldPanel("page")], heading=_("lien")),
        FieldPanel("expires_at"),
    ]
    search_fields = [index.SearchField("label"), index.AutocompleteField("label")]

    class Meta(Orderable.Meta):
        verbose_name = _("sujet épinglé (En ce moment)")
        verbose_name_plural = _("sujets épinglés (En ce moment)")

    def __str__(self):
        return self.label

    def clean(self):
        if bool(self.tag_id) == bool(self.page_id):
            raise ValidationError(_("Choisissez soit un mot-clé, soit une page."))
