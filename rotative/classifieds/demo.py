"""The demo's classified ads, written for the project, and the few communes they use
(La Poste's rows: the demo does not load the whole postal-code file)."""

import secrets
from datetime import timedelta

from rotative.classifieds.models import ONLINE_FOR, Ad
from rotative.core.demo.registry import DemoRun
from rotative.geo.models import Commune
from rotative.geo.names import department_of, display_name, fold

COMMUNES = {  # INSEE: (La Poste's name, postal code, latitude, longitude)
    "50098": ("CARANTILLY", "50570", 49.0661156491, -1.24968371393),
    "14143": ("CAUMONT SUR AURE", "14240", 49.0964311403, -0.812430741234),
    "50502": ("ST LO", "50000", 49.1099624249, -1.07755642702),
    "14047": ("BAYEUX", "14400", 49.2776559195, -0.704625495378),
    "50218": ("GRANVILLE", "50400", 48.8327078372, -1.56670866413),
    "50025": ("AVRANCHES", "50300", 48.6884746717, -1.35732338245),
    "14366": ("LISIEUX", "14100", 49.1466628463, 0.238274840452),
    "50147": ("COUTANCES", "50200", 49.0566189539, -1.44345003609),
}

ADS = [
    (
        "50098",
        {
            "category": "immobilier",
            "title": "Maison à vendre",
            "price": 120_600,
            "description": "Longère en pierre de 4 pièces sur 900 m² de terrain, cuisine "
            "refaite, grenier aménageable. Bourg et école à pied.",
            "transaction": "vente",
            "property_type": "maison",
            "surface": 96,
            "land_surface": 900,
            "rooms": 4,
            "bedrooms": 3,
            "energy_class": "E",
            "ghg_class": "D",
            "fees": 6_000,
            "fees_paid_by": "vendeur",
        },
    ),
    (
        "50218",
        {
            "category": "immobilier",
            "title": "Appartement T2 vue sur le port",
            "price": 640,
            "description": "Deuxième étage sans ascenseur, séjour lumineux "
            "face au port, chambre sur cour, cave. Libre au 1er janvier.",
            "transaction": "location",
            "property_type": "appartement",
            "surface": 41,
            "rooms": 2,
            "bedrooms": 1,
            "energy_class": "C",
            "ghg_class": "C",
            "charges": 45,
        },
    ),
    (
        "14047",
        {
            "category": "immobilier",
            "title": "Terrain à bâtir viabilisé",
            "price": 58_000,
            "description": "Parcelle plane de 620 m², viabilisée, dans un lotissement calme "
            "à dix minutes de la cathédrale.",
            "transaction": "vente",
            "property_type": "terrain",
            "land_surface": 620,
        },
    ),
    (
        "14143",
        {
            "category": "automobile",
            "title": "Grand C4 Spacetourer Blue HDi",
            "price": 16_500,
            "description": "Sept places, première main, entretien suivi, "
            "distribution faite, contrôle technique vierge.",
            "vehicle_type": "voiture",
            "brand": "Citroën",
            "model_name": "Grand C4 Spacetourer",
            "year": 2019,
            "mileage": 74_000,
            "fuel": "diesel",
            "gearbox": "manuelle",
            "power": 130,
        },
    ),
    (
        "50502",
        {
            "category": "automobile",
            "title": "Renault Zoé R110 batterie en propriété",
            "price": 9_900,
            "description": "Idéale pour les trajets domicile-travail, "
            "câble de recharge fourni, pneus neufs.",
            "vehicle_type": "voiture",
            "brand": "Renault",
            "model_name": "Zoé",
            "year": 2018,
            "mileage": 61_000,
            "fuel": "electrique",
            "gearbox": "automatique",
            "power": 108,
        },
    ),
    (
        "50025",
        {
            "category": "automobile",
            "title": "Scooter 125 cm³ peu roulé",
            "price": 2_300,
            "description": "Toujours garé à l'abri, top case et deux casques offerts.",
            "vehicle_type": "moto",
            "brand": "Peugeot",
            "model_name": "Django 125",
            "year": 2021,
            "mileage": 4_200,
            "fuel": "essence",
            "gearbox": "automatique",
        },
    ),
    (
        "50147",
        {
            "category": "bonnes-affaires",
            "title": "Leica Q2 à l'état neuf",
            "price": 2_900,
            "description": "Acheté l'an dernier, très peu servi, boîte, facture et deux batteries.",
            "goods_type": "multimedia",
            "condition": "neuf",
        },
    ),
    (
        "14366",
        {
            "category": "bonnes-affaires",
            "title": "Buffet normand en chêne",
            "price": 350,
            "description": "Buffet deux corps sculpté, quelques marques d'usage, à venir "
            "chercher sur place.",
            "goods_type": "maison",
            "condition": "bon-etat",
        },
    ),
    (
        "50218",
        {
            "category": "bonnes-affaires",
            "title": "Combinaison de surf 4/3 taille M",
            "price": 90,
            "description": "Portée une saison à Granville, aucune déchirure.",
            "goods_type": "loisirs",
            "condition": "tres-bon-etat",
        },
    ),
    # A fourth ad per category: the side column shows four, as the reference page does.
    (
        "50502",
        {
            "category": "immobilier",
            "title": "Maison de ville avec jardin",
            "price": 189_000,
            "description": "Cinq pièces près du centre de Saint-Lô, garage, jardin clos "
            "exposé sud, chauffage au gaz récent.",
            "transaction": "vente",
            "property_type": "maison",
            "surface": 118,
            "land_surface": 350,
            "rooms": 5,
            "bedrooms": 3,
            "energy_class": "D",
            "ghg_class": "D",
        },
    ),
    (
        "14366",
        {
            "category": "automobile",
            "title": "Peugeot 208 GT Line essence",
            "price": 12_900,
            "description": "Première main, carnet d'entretien à jour, distribution faite.",
            "vehicle_type": "voiture",
            "brand": "Peugeot",
            "model_name": "208",
            "year": 2019,
            "mileage": 61_000,
            "fuel": "essence",
            "gearbox": "manuelle",
            "power": 130,
        },
    ),
    (
        "50147",
        {
            "category": "bonnes-affaires",
            "title": "Vélo électrique de ville",
            "price": 650,
            "description": "Autonomie 60 km, batterie changée l'an dernier, antivol fourni.",
            "goods_type": "loisirs",
            "condition": "bon-etat",
        },
    ),
]


def demo_ads_load(run: DemoRun) -> None:
    from rotative.accounts.services import reader_create

    communes = {}
    for insee, (raw, postal_code, latitude, longitude) in COMMUNES.items():
        name = display_name(raw)
        communes[insee], _created = Commune.objects.get_or_create(
            insee=insee,
            postal_code=postal_code,
            locality="",
            defaults={
                "name": name,
                "name_key": fold(name),
                "department": department_of(insee),
                "latitude": latitude,
                "longitude": longitude,
            },
        )
    owner = reader_create(
        email="annonces@example.fr",
        password=secrets.token_urlsafe(16),
        display_name="Agence du Bocage",
    )
    now = run.now
    for hours, (insee, fields) in enumerate(ADS):
        published = now - timedelta(hours=3 * hours + 1)
        Ad.objects.create(
            owner=owner,
            commune=communes[insee],
            status=Ad.Status.PUBLISHED,
            published_at=published,
            expires_at=published + ONLINE_FOR,
            **fields,
        )
    run.counts.append(f"{len(ADS)} petites annonces")
