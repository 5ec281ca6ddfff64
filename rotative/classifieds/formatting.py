"""Numbers as the ads show them, in French: `120 600 €`, `640 € / mois`, `61 000 km`.

One function groups the thousands (`thousands`); prices, surfaces and mileages are built on
it, in templates (classifieds_tags' filters), in the detail page's table and in mails.
"""

import re

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rotative.classifieds import categories as c

THIN = "\u202f"  # French thousands separator: a narrow no-break space
NBSP = "\u00a0"  # between a number and its unit: never broken across lines


def thousands(value) -> str:
    """`61000` → `61 000`; empty for no value."""
    if value in (None, ""):
        return ""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return str(value)
    return f"{number:,}".replace(",", THIN)


def euros(value) -> str:
    """`120 600 €`."""
    shown = thousands(value)
    return f"{shown}{NBSP}€" if shown else ""


def ad_price(ad) -> str:
    """An ad's price, `/ mois` for a rental: `640 € / mois`."""
    price = euros(ad.price)
    if price and ad.transaction == c.Transaction.RENT:
        return f"{price}{NBSP}{_('/ mois')}"
    return price


# Fields shown with their unit; the label then loses its « (unit) » of the form.
UNITS = {
    "surface": "m²",
    "land_surface": "m²",
    "mileage": "km",
    "power": "ch",
    "fees": "€",
}
_LABEL_UNIT = re.compile(r"\s*\([^()]*\)\s*$")


def attribute(name: str, label: str, value) -> tuple[str, str]:
    """(label, value) of one row of an ad's table: `Kilométrage`, `68 000 km`."""
    if name == "charges":
        return _LABEL_UNIT.sub("", label), f"{euros(value)}{NBSP}{_('/ mois')}"
    if name in UNITS:
        return _LABEL_UNIT.sub("", label), f"{thousands(value)}{NBSP}{UNITS[name]}"
    return label, str(value)


def ad_facts(ad) -> list[str]:
    """The few facts a result card shows under the title: `110 m² · 5 pièces`,
    `2019 · 68 000 km · Diesel`, `Très bon état`."""
    if ad.category == c.Category.IMMOBILIER:
        facts = [ad.get_property_type_display() if ad.property_type else ""]
        if ad.surface:
            facts.append(f"{thousands(ad.surface)}{NBSP}m²")
        if ad.rooms:
            facts.append(
                _("%(n)d pièce") % {"n": ad.rooms}
                if ad.rooms == 1
                else _("%(n)d pièces") % {"n": ad.rooms}
            )
    elif ad.category == c.Category.AUTOMOBILE:
        facts = [
            str(ad.year or ""),
            f"{thousands(ad.mileage)}{NBSP}km" if ad.mileage is not None else "",
        ]
        facts.append(ad.get_fuel_display() if ad.fuel else "")
    else:
        facts = [ad.get_condition_display() if ad.condition else ""]
    return [str(fact) for fact in facts if fact]


def ads_count_label(count) -> str:
    """« 0 annonce », « 1 annonce », « 2 annonces ».

    French takes the singular up to 1. Our msgids are French with no catalogue, so ngettext
    falls back to the English rule (n != 1) and would say « 0 annonces »: give it 1 for 0.
    """
    count = int(count or 0)
    return ngettext("%(count)s annonce", "%(count)s annonces", count if count > 1 else 1) % {
        "count": count
    }
