"""Ads made through the services, as an advertiser and a moderator would make them."""

from rotative.classifieds import services
from rotative.geo.tests.factories import commune

HOUSE = {
    "category": "immobilier",
    "title": "Maison à vendre",
    "description": "Longère rénovée de 5 pièces, jardin clos de 800 m², proche du bourg.",
    "price": 120_600,
    "transaction": "vente",
    "property_type": "maison",
    "surface": 110,
    "land_surface": 800,
    "rooms": 5,
    "bedrooms": 3,
    "energy_class": "D",
    "ghg_class": "E",
}
CAR = {
    "category": "automobile",
    "title": "Grand C4 Spacetourer Blue HDi",
    "description": "Sept places, entretien suivi en concession, contrôle technique OK.",
    "price": 16_500,
    "vehicle_type": "voiture",
    "brand": "Citroën",
    "model_name": "Grand C4 Spacetourer",
    "year": 2019,
    "mileage": 68_000,
    "fuel": "diesel",
    "gearbox": "manuelle",
}
CAMERA = {
    "category": "bonnes-affaires",
    "title": "Leica Q2 à l'état neuf",
    "description": "Acheté il y a un an, très peu servi, avec sa boîte et deux batteries.",
    "price": 2_900,
    "goods_type": "multimedia",
    "condition": "neuf",
}


def ad_online(*, owner, moderator, where="carantilly", **fields):
    """An ad posted, submitted and approved."""
    data = {**HOUSE, **fields, "commune": commune(where)}
    ad = services.ad_draft_save(owner=owner, fields=data)
    services.ad_submit(ad=ad)
    return services.ad_approve(moderator=moderator, ad=ad)
