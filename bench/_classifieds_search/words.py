# ruff: noqa: E501  (word lists read better unwrapped)
"""Word lists, prices and the columns of classifieds_ad the generated ads fill."""

from __future__ import annotations

import bisect
import itertools


def cum_weights(weights):
    return list(itertools.accumulate(weights))


def pick(rng, items, cum):
    return items[bisect.bisect(cum, rng.random() * cum[-1])]


HOUSE_TITLES = [
    "Maison {rooms} pièces avec jardin",
    "Maison de {surface} m² avec jardin",
    "Maison {rooms} pièces proche commerces",
    "Longère rénovée de {surface} m²",
    "Pavillon {rooms} pièces avec garage",
    "Maison de bourg avec cour",
    "Maison en pierre à rénover",
    "Maison contemporaine {rooms} pièces",
    "Maison de plain-pied, {rooms} pièces",
    "Propriété avec grand terrain",
]
FLAT_TITLES = [
    "Appartement T{rooms} lumineux",
    "T{rooms} avec balcon, centre-ville",
    "Appartement {rooms} pièces avec terrasse",
    "Appartement de {surface} m² proche gare",
    "T{rooms} en résidence avec ascenseur",
    "Duplex {rooms} pièces sous les toits",
]
STUDIO_TITLES = ["Studio meublé proche gare", "Studio de {surface} m² en centre-ville"]
LAND_TITLES = [
    "Terrain constructible de {land} m²",
    "Terrain à bâtir viabilisé",
    "Terrain de loisirs avec abri",
    "Parcelle constructible hors lotissement",
]
PARKING_TITLES = ["Place de parking en sous-sol", "Garage fermé", "Box fermé avec électricité"]
PREMISES_TITLES = [
    "Local commercial de {surface} m²",
    "Bureaux en centre-ville",
    "Local d'activité avec parking",
    "Murs de boutique, bon emplacement",
]
HOME_FEATURES = [
    "un grand jardin arboré",
    "un jardin clos",
    "une cuisine équipée",
    "une cuisine ouverte sur le séjour",
    "un garage double",
    "un garage",
    "une terrasse exposée sud",
    "une cave",
    "un double vitrage récent",
    "un chauffage au gaz",
    "une pompe à chaleur",
    "une cheminée",
    "un grenier aménageable",
    "une véranda",
    "un cellier",
    "une salle d'eau à l'étage",
    "une chambre au rez-de-chaussée",
    "des combles isolés",
    "un potager",
    "un abri de jardin",
]
SITUATIONS = [
    "Au calme",
    "En plein bourg",
    "Proche des écoles",
    "À deux pas des commerces",
    "À dix minutes de la mer",
    "Dans un quartier résidentiel",
    "En campagne, sans vis-à-vis",
    "Avec vue sur la mer",
    "Proche de la gare",
    "Dans un hameau tranquille",
]
HOME_ENDINGS = [
    "Disponible immédiatement.",
    "Visite sur rendez-vous.",
    "Taxe foncière raisonnable.",
    "Aucuns travaux à prévoir.",
    "Quelques rafraîchissements à prévoir.",
    "Idéal premier achat ou investissement locatif.",
    "Libre à la location au 1er du mois.",
    "Garant demandé.",
]
LAND_PHRASES = [
    "Terrain plat, viabilisé en bordure.",
    "Exposé sud, bien orienté.",
    "Certificat d'urbanisme positif.",
    "Proche des écoles et des commerces.",
    "Au calme, en bout d'impasse.",
    "Hors lotissement, libre de constructeur.",
]
PROPERTY_TYPES = ["maison", "appartement", "terrain", "parking", "local"]
PROPERTY_CUM = cum_weights([36, 34, 12, 8, 10])
ENERGY = list("ABCDEFG")
ENERGY_CUM = cum_weights([3, 8, 18, 28, 22, 13, 8])
FEES_SALE = ["acquereur", "vendeur"]
FEES_RENT = ["locataire", "bailleur"]
# (sale low, sale high, rent low, rent high) in euros, drawn log-uniformly
PROPERTY_PRICES = {
    "maison": (70_000, 650_000, 550, 1_900),
    "appartement": (45_000, 520_000, 350, 1_600),
    "terrain": (12_000, 220_000, 40, 400),
    "parking": (5_000, 45_000, 40, 160),
    "local": (40_000, 900_000, 400, 3_500),
}

VEHICLES = {  # vehicle type -> [(brand, model, new price, power)]
    "voiture": [
        ("Peugeot", "208", 21_000, 100),
        ("Peugeot", "308", 28_000, 130),
        ("Peugeot", "3008", 35_000, 130),
        ("Peugeot", "2008", 26_000, 110),
        ("Peugeot", "508", 40_000, 160),
        ("Renault", "Clio", 19_000, 90),
        ("Renault", "Mégane", 27_000, 115),
        ("Renault", "Captur", 25_000, 110),
        ("Renault", "Scénic", 30_000, 120),
        ("Renault", "Twingo", 14_000, 70),
        ("Renault", "Zoé", 32_000, 110),
        ("Citroën", "C3", 18_000, 83),
        ("Citroën", "C4", 26_000, 130),
        ("Citroën", "Berlingo", 24_000, 100),
        ("Citroën", "C5 Aircross", 34_000, 130),
        ("Volkswagen", "Golf", 30_000, 130),
        ("Volkswagen", "Polo", 21_000, 95),
        ("Volkswagen", "Tiguan", 38_000, 150),
        ("Toyota", "Yaris", 21_000, 116),
        ("Toyota", "Corolla", 30_000, 140),
        ("Toyota", "RAV4", 42_000, 218),
        ("Dacia", "Sandero", 13_000, 90),
        ("Dacia", "Duster", 19_000, 115),
        ("Dacia", "Jogger", 20_000, 110),
        ("Ford", "Fiesta", 17_000, 100),
        ("Ford", "Focus", 25_000, 125),
        ("Ford", "Kuga", 34_000, 150),
        ("Opel", "Corsa", 18_000, 100),
        ("Opel", "Astra", 25_000, 130),
        ("BMW", "Série 1", 33_000, 136),
        ("BMW", "Série 3", 45_000, 184),
        ("BMW", "X1", 42_000, 150),
        ("Audi", "A3", 34_000, 150),
        ("Audi", "A4", 45_000, 163),
        ("Audi", "Q3", 42_000, 150),
        ("Mercedes", "Classe A", 36_000, 136),
        ("Fiat", "500", 16_000, 70),
        ("Fiat", "Panda", 13_000, 70),
        ("Tesla", "Model 3", 45_000, 283),
        ("Skoda", "Octavia", 29_000, 150),
    ],
    "moto": [
        ("Yamaha", "MT-07", 8_000, 73),
        ("Yamaha", "Tracer 9", 13_000, 119),
        ("Honda", "CB500F", 6_800, 48),
        ("Honda", "Africa Twin", 15_000, 102),
        ("Kawasaki", "Z650", 7_500, 68),
        ("BMW", "R 1250 GS", 21_000, 136),
        ("Triumph", "Street Triple", 11_000, 120),
        ("Piaggio", "MP3 400", 8_500, 35),
    ],
    "utilitaire": [
        ("Renault", "Master", 38_000, 135),
        ("Renault", "Trafic", 33_000, 130),
        ("Renault", "Kangoo", 22_000, 95),
        ("Ford", "Transit", 40_000, 130),
        ("Citroën", "Jumpy", 32_000, 120),
        ("Peugeot", "Boxer", 37_000, 140),
        ("Peugeot", "Partner", 23_000, 100),
    ],
    "caravane": [
        ("Fiat", "Ducato camping-car", 65_000, 140),
        ("Adria", "Altea 432", 18_000, 0),
        ("Hymer", "B-Klasse", 85_000, 160),
        ("Caravelair", "Antarès 400", 16_000, 0),
        ("Chausson", "Flash 03", 60_000, 140),
    ],
}
VEHICLE_TYPES = list(VEHICLES)
VEHICLE_CUM = cum_weights([80, 10, 6, 4])
FUELS = ["essence", "diesel", "hybride", "electrique", "gpl", "autre"]
FUEL_LABEL = {
    "essence": "essence",
    "diesel": "diesel",
    "hybride": "hybride",
    "electrique": "électrique",
    "gpl": "GPL",
    "autre": "",
}
CAR_TITLES = [
    "{brand} {model} {fuel} {year}",
    "{brand} {model} {power} ch, {km} km",
    "{brand} {model} de {year}, première main",
    "{brand} {model} {fuel}, {km} km",
    "{brand} {model} {year} très bon état",
]
CAR_OPTIONS = [
    "Contrôle technique OK",
    "Distribution faite",
    "Entretien suivi chez le concessionnaire",
    "Pneus neufs",
    "Climatisation automatique",
    "GPS et caméra de recul",
    "Radar de recul",
    "Première main",
    "Carnet d'entretien à jour",
    "Véhicule non fumeur",
    "Attelage",
    "Régulateur de vitesse",
    "Sièges chauffants",
    "Embrayage changé",
    "Quelques rayures sur le pare-chocs",
]
CAR_ENDINGS = [
    "Prix à débattre.",
    "Pas sérieux s'abstenir.",
    "Visible le week-end.",
    "Facture à l'appui.",
    "Échange possible.",
    "Vendu en l'état.",
]

GOODS = {  # goods type -> [(title, low, high euros)]
    "multimedia": [
        ("iPhone 12 128 Go", 150, 400),
        ("Console PS4 avec deux manettes", 80, 220),
        ("Télévision 55 pouces", 120, 500),
        ("Ordinateur portable 15 pouces", 90, 700),
        ("Appareil photo reflex et objectif", 150, 800),
        ("Enceinte Bluetooth", 20, 150),
        ("Tablette 10 pouces", 60, 300),
        ("Casque audio sans fil", 25, 200),
    ],
    "maison": [
        ("Canapé d'angle en cuir", 100, 900),
        ("Table de salle à manger en chêne", 80, 600),
        ("Lave-linge 8 kg", 80, 350),
        ("Réfrigérateur américain", 200, 900),
        ("Armoire ancienne", 60, 500),
        ("Lot de vaisselle", 5, 60),
        ("Buffet de cuisine", 40, 300),
        ("Lampe de salon", 10, 80),
        ("Matelas 140 x 190", 40, 300),
    ],
    "loisirs": [
        ("Vélo électrique", 400, 2_200),
        ("VTT 27 pouces", 120, 900),
        ("Guitare acoustique", 60, 500),
        ("Tente 4 places", 30, 250),
        ("Raquettes de tennis", 15, 120),
        ("Kayak de mer", 200, 1_200),
        ("Canne à pêche et moulinet", 20, 150),
        ("Piano numérique", 150, 900),
    ],
    "mode": [
        ("Manteau en laine", 20, 150),
        ("Sac à main en cuir", 30, 400),
        ("Baskets taille 42", 15, 90),
        ("Robe de soirée", 20, 200),
        ("Montre automatique", 80, 1_500),
        ("Blouson de moto", 40, 250),
    ],
    "enfants": [
        ("Poussette combinée", 60, 400),
        ("Lit bébé en bois", 40, 200),
        ("Lot de vêtements 2 ans", 5, 40),
        ("Siège auto", 20, 150),
        ("Vélo enfant 16 pouces", 20, 90),
        ("Jeux de société", 5, 40),
        ("Trottinette", 10, 60),
    ],
    "autre": [
        ("Bois de chauffage, 5 stères", 200, 450),
        ("Tondeuse thermique", 60, 400),
        ("Ruches et matériel d'apiculture", 50, 600),
        ("Outillage de jardin", 10, 150),
        ("Poules pondeuses", 8, 25),
        ("Bétonnière", 80, 350),
    ],
}
GOODS_TYPES = list(GOODS)
GOODS_CUM = cum_weights([20, 28, 20, 12, 14, 6])
CONDITIONS = ["neuf", "tres-bon-etat", "bon-etat", "a-reparer"]
CONDITION_CUM = cum_weights([10, 40, 42, 8])
CONDITION_PHRASES = {
    "neuf": ["neuf, jamais servi", "neuf dans son emballage", "comme neuf"],
    "tres-bon-etat": ["très bon état", "très peu servi", "parfait état de fonctionnement"],
    "bon-etat": ["bon état", "bon état général", "quelques traces d'usage"],
    "a-reparer": ["à réparer", "pour pièces ou à réparer", "ne fonctionne plus"],
}
GOODS_ENDINGS = [
    "À retirer sur place.",
    "Envoi possible.",
    "Cause déménagement.",
    "Cause double emploi.",
    "Facture disponible.",
    "Paiement en espèces à la remise.",
    "Pour la maison ou le jardin.",
    "Photos sur demande.",
]
CATEGORIES = ["immobilier", "automobile", "bonnes-affaires"]
CATEGORY_CUM = cum_weights([40, 30, 30])

# Every column of classifieds_ad but id, in COPY order (checked against the table).
COLUMNS = [
    "owner_id",
    "is_professional",
    "category",
    "title",
    "description",
    "price",
    "commune_id",
    "department",
    "latitude",
    "longitude",
    "status",
    "review_notes",
    "rejection_reason",
    "created_at",
    "updated_at",
    "published_at",
    "expires_at",
    "renewal_notified_at",
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
    "vehicle_type",
    "brand",
    "model_name",
    "year",
    "mileage",
    "fuel",
    "gearbox",
    "power",
    "goods_type",
    "condition",
]
N = "\\N"  # NULL in COPY's text format
# Columns of the other categories: blank text, NULL numbers (as the forms leave them).
EMPTY = {
    column: None
    if column
    in (
        "surface",
        "land_surface",
        "rooms",
        "bedrooms",
        "charges",
        "fees",
        "year",
        "mileage",
        "power",
    )
    else ""
    for column in COLUMNS
}
