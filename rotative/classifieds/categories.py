"""The three kinds of ads and what each one says about the thing for sale."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    IMMOBILIER = "immobilier", _("Immobilier")
    AUTOMOBILE = "automobile", _("Automobile")
    BONNES_AFFAIRES = "bonnes-affaires", _("Bonnes affaires")


class Transaction(models.TextChoices):
    SALE = "vente", _("Vente")
    RENT = "location", _("Location")


class PropertyType(models.TextChoices):
    HOUSE = "maison", _("Maison")
    FLAT = "appartement", _("Appartement")
    LAND = "terrain", _("Terrain")
    PARKING = "parking", _("Parking")
    PREMISES = "local", _("Local")


# The energy diagnostic applies to buildings: land and parking spaces have none.
NEEDS_ENERGY_RATING = {PropertyType.HOUSE, PropertyType.FLAT, PropertyType.PREMISES}


class EnergyClass(models.TextChoices):
    A, B, C, D, E, F, G = (
        ("A", "A"),
        ("B", "B"),
        ("C", "C"),
        ("D", "D"),
        ("E", "E"),
        ("F", "F"),
        ("G", "G"),
    )


class FeesPaidBy(models.TextChoices):
    BUYER = "acquereur", _("l'acquéreur")
    SELLER = "vendeur", _("le vendeur")
    TENANT = "locataire", _("le locataire")
    LANDLORD = "bailleur", _("le bailleur")


class VehicleType(models.TextChoices):
    CAR = "voiture", _("Voiture")
    MOTORBIKE = "moto", _("Moto")
    VAN = "utilitaire", _("Utilitaire")
    CARAVAN = "caravane", _("Caravane, camping-car")


class Fuel(models.TextChoices):
    PETROL = "essence", _("Essence")
    DIESEL = "diesel", _("Diesel")
    HYBRID = "hybride", _("Hybride")
    ELECTRIC = "electrique", _("Électrique")
    LPG = "gpl", _("GPL")
    OTHER = "autre", _("Autre")


class Gearbox(models.TextChoices):
    MANUAL = "manuelle", _("Manuelle")
    AUTOMATIC = "automatique", _("Automatique")


class GoodsType(models.TextChoices):
    MULTIMEDIA = "multimedia", _("Multimédia")
    HOME = "maison", _("Maison")
    LEISURE = "loisirs", _("Loisirs")
    FASHION = "mode", _("Mode")
    CHILDREN = "enfants", _("Enfants")
    OTHER = "autre", _("Autres")


class Condition(models.TextChoices):
    NEW = "neuf", _("Neuf")
    VERY_GOOD = "tres-bon-etat", _("Très bon état")
    GOOD = "bon-etat", _("Bon état")
    TO_REPAIR = "a-reparer", _("À réparer")


# Fields of each category, in the order of the form and of the detail page's table.
FIELDS = {
    Category.IMMOBILIER: [
        "transaction",
        "property_type",
        "surface",
        "land_surface",
        "rooms",
        "bedrooms",
        "energy_class",
        "ghg_class",
        "charges",
        "fees",
        "fees_paid_by",
    ],
    Category.AUTOMOBILE: [
        "vehicle_type",
        "brand",
        "model_name",
        "year",
        "mileage",
        "fuel",
        "gearbox",
        "power",
    ],
    Category.BONNES_AFFAIRES: ["goods_type", "condition"],
}
REQUIRED = {
    Category.IMMOBILIER: ["transaction", "property_type"],
    Category.AUTOMOBILE: ["vehicle_type", "brand", "model_name", "year", "mileage", "fuel"],
    Category.BONNES_AFFAIRES: ["goods_type", "condition"],
}

# Prices outside these bounds (euros) go to a moderator with the reason: a typo or a scam.
PLAUSIBLE_PRICES = {
    (Category.IMMOBILIER, Transaction.SALE): (1_000, 30_000_000),
    (Category.IMMOBILIER, Transaction.RENT): (20, 30_000),
    (Category.AUTOMOBILE, None): (100, 2_000_000),
    (Category.BONNES_AFFAIRES, None): (1, 200_000),
}
