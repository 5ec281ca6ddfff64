from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SavedSearch(models.Model):
    """A reader's search in one part of the site (ads, events…), sent to them by mail, and by
    notification on their browsers if they asked, when new items match it."""

    class Frequency(models.TextChoices):
        INSTANT = "instant", _("dès qu'une nouveauté paraît")
        DAILY = "daily", _("une fois par jour")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    kind = models.CharField(max_length=20, default="annonces")  # see kinds.py
    category = models.CharField(max_length=16, blank=True)
    query = models.CharField(max_length=1000, blank=True)  # the search page's GET parameters
    label = models.CharField(_("recherche"), max_length=200)
    frequency = models.CharField(
        _("alerte"), max_length=7, choices=Frequency.choices, default=Frequency.DAILY
    )
    by_push = models.BooleanField(_("notification sur mes navigateurs"), default=False)
    created_at = models.DateTimeField(default=timezone.now)
    checked_until = models.DateTimeField(default=timezone.now)  # items published after: new
    # Bounds of the search, copied from `query` when it is saved (kinds.SearchBounds): a new
    # item is checked in SQL against them first, and only the searches they let through run
    # in full. Empty: no bound, the full search decides.
    area_department = models.CharField(max_length=3, blank=True)
    area_south = models.FloatField(null=True, blank=True)
    area_north = models.FloatField(null=True, blank=True)
    area_west = models.FloatField(null=True, blank=True)
    area_east = models.FloatField(null=True, blank=True)
    price_min = models.PositiveIntegerField(null=True, blank=True)  # a price, a salary…
    price_max = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["kind", "frequency", "category", "area_department"], name="saved_kind"
            )
        ]
        verbose_name = _("recherche enregistrée")
        verbose_name_plural = _("recherches enregistrées")

    def __str__(self):
        return self.label

    def get_search_url(self) -> str:
        from rotative.alerts.kinds import search_kind

        kind = search_kind(self.kind)
        return kind.search_path(self.category, self.query) if kind else "/"
