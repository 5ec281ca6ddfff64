"""The pages a French site must have (mentions légales, confidentialité, cookies, contact):
Wagtail pages under the home page, so that the newsroom edits them with revisions, and the
footer lists those ticked « Afficher dans les menus » (legal.selectors.footer_pages)."""

from django.db import models
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

BODY_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul"]


def _today():
    return timezone.localdate()


class LegalPage(Page):
    """Mentions légales, politique de confidentialité, cookies: text that the law asks for."""

    intro = models.TextField(_("introduction"), blank=True)
    body = RichTextField(_("texte"), features=BODY_FEATURES)
    updated_on = models.DateField(
        _("mise à jour le"),
        default=_today,
        help_text=_("La date affichée aux lecteurs : changez-la quand le fond du texte change."),
    )
    # The accessibility statement's link must say the site's status (RGAA: « Accessibilité :
    # partiellement conforme »), which is not the page's title.
    footer_label = models.CharField(
        _("libellé dans le pied de page"),
        max_length=80,
        blank=True,
        help_text=_("Vide : le titre de la page."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("updated_on"),
        FieldPanel("footer_label"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("page légale")
        verbose_name_plural = _("pages légales")

    def get_template(self, request, *args, **kwargs):
        return "pages/legal_page.html"


class ContactPage(Page):
    """« Nous contacter »: a form whose messages go to the newsroom's address (Identité du
    site), through legal.services.contact_message_send."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    thanks = models.CharField(
        _("message de remerciement"),
        max_length=300,
        default=_("Merci, votre message a bien été envoyé à la rédaction."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("thanks")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("page de contact")

    def get_template(self, request, *args, **kwargs):
        return "pages/contact_page.html"

    def serve(self, request, *args, **kwargs):
        from rotative.legal.views import contact_serve

        response = contact_serve(self, request)
        # The page carries a CSRF token and the reader's typing: never kept by a shared cache.
        add_never_cache_headers(response)
        return response
