"""French communes with their postal codes, from La Poste's official file."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Commune(models.Model):
    """One (commune, postal code, locality) row of La Poste's file.

    A commune may have several postal codes and a postal code several communes, so readers
    choose a row: "Carantilly (50570)".
    """

    insee = models.CharField(_("code INSEE"), max_length=5)
    name = models.CharField(_("nom"), max_length=100)
    name_key = models.CharField(max_length=100, db_index=True)  # names.fold(name)
    postal_code = models.CharField(_("code postal"), max_length=5, db_index=True)
    # La Poste's Ligne_5: a former commune or hamlet inside it (Surville, in La Haye).
    locality = models.CharField(_("localité"), max_length=100, blank=True)
    locality_key = models.CharField(max_length=100, blank=True, db_index=True)
    department = models.CharField(_("département"), max_length=3, db_index=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["name", "postal_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["insee", "postal_code", "locality"], name="geo_commune_row"
            )
        ]
        indexes = [models.Index(fields=["latitude", "longitude"], name="geo_commune_position")]

    def __str__(self):
        return f"{self.name} ({self.postal_code})"

    @property
    def label(self) -> str:
        """As a reader picks it: `Chef-du-Pont (Sainte-Mere-Eglise, 50480)` for a locality
        found by its own name (see selectors.commune_search), else `Carantilly (50570)`."""
        locality = getattr(self, "matched_locality", "")
        return f"{locality} ({self.name}, {self.postal_code})" if locality else str(self)
