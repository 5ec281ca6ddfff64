# ruff: noqa: E501  (word lists read better unwrapped)
"""French-like text (small word lists, after bench/_news_pages/text.py)."""

from __future__ import annotations

import random
import re

NOUNS = """la mairie|le maire|le conseil municipal|les habitants|le projet|la commune|les élus|
le département|la région|la préfecture|le chantier|l'entreprise|les salariés|le club|l'équipe|
le match|le budget|les travaux|la route|le port|l'association|les bénévoles|la gendarmerie|
les pompiers|l'enquête|le tribunal|l'école|le collège|les élèves|l'hôpital|les médecins|
le festival|le concert|l'exposition|le marché|les commerçants|le centre-ville|le quartier|
la saison|le championnat|les agriculteurs|les éleveurs|la coopérative|le tourisme|les visiteurs|
le littoral|les pêcheurs|la criée|le syndicat|la grève|l'usine|le procès|l'accident|l'incendie|
la circulation|la déviation|le pont|la tempête|les inondations|la digue|la sécheresse|
la récolte|le musée|le lycée|les enseignants|l'université|les urgences|l'entraîneur|
les supporters|le stade|la subvention|le déficit|l'emploi|la gare|le train|la ligne|le réseau|
le logement|les loyers|la centrale|le parc éolien|l'énergie|l'eau potable|le patrimoine|
le député|la ministre|le gouvernement|l'opposition|la majorité|le scrutin|les électeurs|
la manifestation|la police|le suspect|la victime|le témoin|l'avocat|le juge|le ferry|
le navire|le chantier naval|l'arsenal|l'aéroport|la météo|le vent|le climat|la forêt|
la baie|le phare|la falaise|le sentier|le cyclisme|le handball|la voile""".replace("\n", "").split(
    "|"
)

VERBS = """a annoncé|prévoit|dénonce|a présenté|souhaite|attend|a voté|rejette|soutient|réclame|
inquiète|rassure|a inauguré|lance|relance|suspend|reporte|confirme|a signé|prépare|accueille|
organise|a remporté|a perdu|domine|affronte|menace|protège|finance|rénove|ferme|ouvre|recrute|
supprime|défend|critique|examine|étudie|accompagne|mobilise|alerte|conteste|salue|retrouve|
modernise|transforme|attire|rassemble|prolonge|réduit|augmente""".replace("\n", "").split("|")

ADJECTIVES = """nouveau|important|régional|municipal|local|national|historique|difficile|prochain|
dernier|grand|public|privé|agricole|maritime|touristique|culturel|sportif|économique|social|
rural|urbain|fragile|inédit|exceptionnel|majeur|modeste|ambitieux|controversé|attendu|
provisoire|définitif|coûteux|gratuit|collectif|départemental|européen|normand|côtier|
portuaire|numérique|écologique|durable|sensible|populaire""".replace("\n", "").split("|")

ADVERBS = """désormais|toujours|encore|déjà|finalement|rapidement|enfin|également|pourtant|
largement|fortement|officiellement|progressivement|notamment|aussi|bientôt""".replace(
    "\n", ""
).split("|")

TIMES = """lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|ce week-end|la semaine dernière|
depuis plusieurs mois|cet été|cet hiver|au printemps|à l'automne|l'an dernier|
dans les prochains jours|d'ici la fin de l'année|en début de soirée|dans la nuit|ce matin""".replace(
    "\n", ""
).split("|")

SAYS = ["explique", "précise", "indique", "assure", "confie", "souligne", "rappelle", "estime"]

PLACES = """Caen|Cherbourg-en-Cotentin|Saint-Lô|Bayeux|Lisieux|Alençon|Granville|Coutances|
Avranches|Rouen|Le Havre|Honfleur|Deauville|Vire|Falaise|Flers|Argentan|Valognes|Carentan|
Ouistreham|Dieppe|Évreux|Fécamp|Étretat|Vernon|Louviers|Bernay|Pont-Audemer|Yvetot|L'Aigle|
Domfront|Mortagne-au-Perche|Barfleur|Paris|Rennes|Nantes|Lille|Lyon|Bruxelles|Londres""".replace(
    "\n", ""
).split("|")

SENTENCES = [
    "{Nom} {verbe} {nom} {adj}.",
    "{Nom} {adj} {verbe} {nom} à {lieu}.",
    "À {lieu}, {nom} {verbe} {nom} {temps}.",
    "Selon {nom}, {nom} {verbe} {adv} {nom} {adj}.",
    "{Temps}, {nom} {verbe} {nom} {de_nom}, {dit} {nom}.",
    "« {Nom} {verbe} {adv} {nom} », {dit} {nom} {adj}.",
    "{Nom} {verbe} {adv} {nom} {adj} et {nom} {adj}.",
    "Pour {nom}, {nom} {verbe} {nom} {temps}.",
    "{Nom} {de_nom} {verbe} {nom} {adj}, mais {nom} {verbe} {adv} {nom}.",
]
TITLES = [
    "{Lieu} : {nom} {verbe} {nom} {adj}",
    "{Nom} {adj} {verbe} {nom} à {lieu}",
    "{Lieu} : {nom} {verbe} {adv} {nom}",
    "À {lieu}, {nom} {verbe} {nom} {de_nom}",
    "{Nom} {verbe} {nom} {adj} {temps}",
]
INTERTITLES = ["{Nom} {adj}", "{Nom} {temps}", "{Nom} {de_nom}"]
# Agencies repeat some headlines every day (weather, stock market): they share a slug base.
RECURRING_HEADLINES = [
    "Météo : les prévisions pour la Normandie",
    "Bourse de Paris : le CAC 40 à la clôture",
    "Les résultats du Loto",
    "Trafic : les perturbations de la journée",
]
RECURRING_SHARE = 0.02


def _de(noun):
    if noun.startswith("le "):
        return "du " + noun[3:]
    if noun.startswith("les "):
        return "des " + noun[4:]
    return "de " + noun


def _cap(text):
    return text[:1].upper() + text[1:]


class Writer:
    """French-like sentences from word lists (uniform picks: the text only needs to look real)."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def fill(self, template):
        rng = self.rng

        def sub(match):
            key = match.group(1)
            low = key.lower()
            value = {
                "nom": lambda: rng.choice(NOUNS),
                "de_nom": lambda: _de(rng.choice(NOUNS)),
                "verbe": lambda: rng.choice(VERBS),
                "adj": lambda: rng.choice(ADJECTIVES),
                "adv": lambda: rng.choice(ADVERBS),
                "temps": lambda: rng.choice(TIMES),
                "dit": lambda: rng.choice(SAYS),
                "lieu": lambda: rng.choice(PLACES),
            }[low]()
            return _cap(value) if key[0].isupper() else value

        return re.sub(r"\{(\w+)\}", sub, template)

    def sentence(self):
        return self.fill(self.rng.choice(SENTENCES))

    def paragraph(self):
        return " ".join(self.sentence() for _ in range(self.rng.randint(3, 5)))

    def headline(self):
        if self.rng.random() < RECURRING_SHARE:
            return self.rng.choice(RECURRING_HEADLINES)
        return self.fill(self.rng.choice(TITLES))

    @staticmethod
    def is_recurring(headline):
        return headline in RECURRING_HEADLINES

    def intertitle(self):
        return self.fill(self.rng.choice(INTERTITLES))
