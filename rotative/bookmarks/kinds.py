"""The three kinds of things a reader may keep for later, and the one rule that says
whether each is still there for every reader (used to save it and to list it).

A kind is named as readers and the API see it: « article », « annonce », « evenement »."""

from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    name: str
    model_label: str  # "app_label.Model"
    label: Promise  # « Article »
    plural: Promise  # the heading of its group on « À lire plus tard »
    # What the list says, and what saving answers, once it is gone for readers.
    unavailable: Promise

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.model_label)

    @property
    def content_type(self) -> ContentType:
        return ContentType.objects.get_for_model(self.model)  # cached by Django

    def visible(self) -> models.QuerySet:
        """What every reader may open now: the published, public articles; the ads online
        (published, not expired: not sold, withdrawn or refused); the published events that
        are not cancelled."""
        if self.name == ARTICLE:
            return self.model.objects.published()
        if self.name == AD:
            return self.model.objects.online()
        return self.model.objects.published().exclude(status=self.model.Status.CANCELLED)

    def shows(self, target) -> bool:
        """`visible()` for one object already in hand (the page being shown), no query."""
        if self.name == ARTICLE:
            return bool(target.live)
        if self.name == AD:
            return target.is_online
        return target.is_published and target.status != target.Status.CANCELLED


ARTICLE, AD, EVENT = "article", "annonce", "evenement"

KINDS: dict[str, Kind] = {
    ARTICLE: Kind(
        name=ARTICLE,
        model_label="news.ArticlePage",
        label=_("Article"),
        plural=_("Articles"),
        unavailable=_("Cet article n'est plus disponible."),
    ),
    AD: Kind(
        name=AD,
        model_label="classifieds.Ad",
        label=_("Petite annonce"),
        plural=_("Petites annonces"),
        unavailable=_("Cette annonce n'est plus disponible."),
    ),
    EVENT: Kind(
        name=EVENT,
        model_label="agenda.Event",
        label=_("Sortie"),
        plural=_("Sorties"),
        unavailable=_("Cette sortie n'est plus disponible."),
    ),
}

# Bookmark.content_type may point at these only (the admin's and forms' choices).
CONTENT_TYPES = (
    models.Q(app_label="news", model="articlepage")
    | models.Q(app_label="classifieds", model="ad")
    | models.Q(app_label="agenda", model="event")
)


def kind_of(target) -> str | None:
    """The kind of `target` (an article, an ad, an event), or None for anything else. A page
    fetched as a plain wagtail Page counts by its specific type."""
    models_of = {kind.model: kind.name for kind in KINDS.values()}
    found = models_of.get(type(target))
    if found is None and hasattr(target, "specific_class"):
        found = models_of.get(target.specific_class)
    return found


def kind_of_content_type(content_type_id: int) -> Kind | None:
    for kind in KINDS.values():
        if kind.content_type.pk == content_type_id:
            return kind
    return None


def target_url(target, request=None) -> str:
    """The target's page, as a path on this site (an article's by Wagtail's routing)."""
    if kind_of(target) == ARTICLE:
        return target.get_url(request)
    return target.get_absolute_url()
