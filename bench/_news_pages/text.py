# ruff: noqa: E501  (word lists read better unwrapped)
"""French-like text: sections, word lists, and the Writer that makes articles of them."""

from __future__ import annotations

import html
import json
import random
import re
import uuid

SECTIONS = [
    ("Manche", "manche"),
    ("Calvados", "calvados"),
    ("Orne", "orne"),
    ("Normandie", "normandie"),
    ("Politique", "politique"),
    ("Économie", "economie"),
    ("Sports", "sports"),
    ("Culture", "culture"),
]

# Listed roughly from the most to the least frequent (Zipf weights follow the order).
NOUNS = """la mairie|le maire|le conseil municipal|les habitants|le projet|la commune|les élus|
le département|la région|la préfecture|le chantier|l'entreprise|les salariés|le club|l'équipe|
le match|le budget|les travaux|la route|le port|l'association|les bénévoles|la gendarmerie|
les pompiers|l'enquête|le tribunal|l'école|le collège|les élèves|l'hôpital|les médecins|
le festival|le concert|l'exposition|le marché|les commerçants|le centre-ville|le quartier|
la saison|le championnat|les agriculteurs|les éleveurs|le lait|la coopérative|le tourisme|
les visiteurs|la plage|le littoral|les pêcheurs|la criée|le syndicat|la grève|l'usine|
le procès|l'accident|l'incendie|la circulation|la déviation|le rond-point|le pont|le parking|
la tempête|les inondations|la digue|la sécheresse|la récolte|le cidre|le camembert|le musée|
la bibliothèque|le lycée|les enseignants|l'université|la maternité|les urgences|
l'entraîneur|les supporters|le stade|la course|les impôts|la subvention|le déficit|l'emploi|
le chômage|le camping|la gare|le train|la ligne|le bus|le réseau|la piste cyclable|
le logement|les loyers|le lotissement|la centrale|le parc éolien|l'énergie|l'eau potable|
la cathédrale|l'abbaye|le patrimoine|le château|la fête|la foire|le député|le sénateur|
la ministre|le gouvernement|l'opposition|la majorité|le scrutin|les électeurs|la campagne|
le candidat|la liste|le vote|la manifestation|la police|le suspect|la victime|le témoin|
l'avocat|le juge|la peine|la prison|la sécurité|le trafic|l'autoroute|le ferry|la traversée|
le navire|le chantier naval|le sous-marin|l'arsenal|la base|le radar|l'aéroport|le vol|
la météo|la pluie|le vent|la neige|le froid|la chaleur|le climat|la biodiversité|
les oiseaux|la forêt|le bocage|la rivière|le marais|la baie|le phare|l'île|la falaise|
le sentier|la randonnée|le vélo|le cyclisme|le handball|le rugby|la voile|le surf|
la natation|la boulangerie|la vache|la ludothèque|le carillon|la tapisserie""".replace(
    "\n", ""
).split("|")

VERBS = """a annoncé|prévoit|dénonce|a présenté|souhaite|attend|a voté|rejette|soutient|réclame|
inquiète|rassure|a inauguré|lance|relance|suspend|reporte|confirme|a signé|prépare|accueille|
organise|a remporté|a perdu|domine|affronte|menace|protège|finance|rénove|ferme|ouvre|recrute|
supprime|défend|critique|examine|étudie|accompagne|relie|traverse|frappe|touche|mobilise|
alerte|interroge|conteste|salue|découvre|retrouve|célèbre|modernise|agrandit|transforme|
équipe|attire|rassemble|prolonge|double|réduit|augmente""".replace("\n", "").split("|")

ADJECTIVES = """nouveau|important|régional|municipal|local|national|historique|difficile|prochain|
dernier|grand|petit|public|privé|agricole|maritime|touristique|culturel|sportif|économique|
social|rural|urbain|fragile|solide|inédit|exceptionnel|majeur|modeste|ambitieux|controversé|
attendu|provisoire|définitif|complet|rapide|lent|coûteux|gratuit|collectif|départemental|
européen|normand|côtier|portuaire|numérique|écologique|durable|sensible|populaire""".replace(
    "\n", ""
).split("|")

ADVERBS = """désormais|toujours|encore|déjà|finalement|rapidement|enfin|également|pourtant|
largement|fortement|officiellement|progressivement|notamment|aussi|bientôt""".replace(
    "\n", ""
).split("|")

TIMES = """lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|ce week-end|la semaine dernière|
depuis plusieurs mois|cet été|cet hiver|au printemps|à l'automne|l'an dernier|
dans les prochains jours|d'ici la fin de l'année|en début de soirée|dans la nuit|ce matin""".replace(
    "\n", ""
).split("|")

SAYS = [
    "explique",
    "précise",
    "indique",
    "assure",
    "confie",
    "souligne",
    "rappelle",
    "ajoute",
    "estime",
    "regrette",
]

PLACES = """Caen|Cherbourg-en-Cotentin|Saint-Lô|Bayeux|Lisieux|Alençon|Granville|Coutances|Avranches|
Rouen|Le Havre|Honfleur|Deauville|Vire|Falaise|Flers|Argentan|Valognes|Carentan|Ouistreham|
Hérouville-Saint-Clair|Trouville-sur-Mer|Dieppe|Évreux|Fécamp|Étretat|Vernon|Louviers|Bernay|
Pont-Audemer|Yvetot|Bolbec|Elbeuf|L'Aigle|Domfront|Mortagne-au-Perche|Sées|Mortain|Pontorson|
Villedieu-les-Poêles|Barneville-Carteret|Saint-Vaast-la-Hougue|La Hague|Flamanville|Les Pieux|
Bricquebec|Périers|Agon-Coutainville|Hauteville-sur-Mer|Bréhal|Sainte-Mère-Église|
Isigny-sur-Mer|Grandcamp-Maisy|Arromanches|Courseulles-sur-Mer|Luc-sur-Mer|Cabourg|
Dives-sur-Mer|Houlgate|Villers-sur-Mer|Pont-l'Évêque|Condé-en-Normandie|Aunay-sur-Odon|
Thury-Harcourt|Barfleur""".replace("\n", "").split("|")

TOPIC_TAGS = """Municipales|Tempête|Pêche|Agriculture|Football|Faits divers|Justice|Santé|Éducation|
Transports|Tourisme|Environnement|Énergie|Logement|Emploi|Patrimoine|Handball|Voile|Cyclisme|
Budget|Sécurité routière|Météo|Nucléaire|Éolien en mer|Ferry|Festival|Élections|Hôpital|
Urgences|Commerce|Associations|Incendie|Inondations|Rugby|Musique|Théâtre|Cinéma|Littoral|
Industrie|Recrutement""".replace("\n", "").split("|")

AGENCIES = ["AFP", "AFP", "AFP", "Reuters", "AP"]
DATELINES = [
    "Paris",
    "Bruxelles",
    "Londres",
    "Berlin",
    "Rome",
    "Madrid",
    "Genève",
    "Lyon",
    "Rennes",
]

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
    "Le dossier {adj} {verbe} {nom} et {nom} {temps}.",
    "{Nom} {verbe} {nom} {de_nom} {adj}, {dit} {nom} {de_nom}.",
    "Depuis {temps2}, {nom} {adj} {verbe} {nom} à {lieu}.",
]
TITLES = [
    "{Lieu} : {nom} {verbe} {nom} {adj}",
    "{Nom} {adj} {verbe} {nom} à {lieu}",
    "{Lieu} : {nom} {verbe} {adv} {nom}",
    "À {lieu}, {nom} {verbe} {nom} {de_nom}",
    "{Nom} {verbe} {nom} {adj} {temps}",
]
INTERTITLES = ["{Nom} {adj}", "{Nom} {temps}", "{Nom} {de_nom}", "Un {mot} {adj}"]


def _zipf(items, s=1.0):
    weights = [1 / (rank + 1) ** s for rank in range(len(items))]
    total = 0.0
    cumulative = []
    for w in weights:
        total += w
        cumulative.append(total)
    return items, cumulative


def _de(noun):
    """`de` + article with French contractions: du, des, de la, de l'."""
    if noun.startswith("le "):
        return "du " + noun[3:]
    if noun.startswith("les "):
        return "des " + noun[4:]
    return "de " + noun


def _cap(text):
    return text[:1].upper() + text[1:]


class Writer:
    """French-like sentences from word lists, Zipf-weighted so some words are common."""

    def __init__(self, rng: random.Random, pool_size=20000):
        self.rng = rng
        self.nouns = _zipf(NOUNS, 0.9)
        self.verbs = _zipf(VERBS, 0.8)
        self.adjectives = _zipf(ADJECTIVES, 0.8)
        self.places = _zipf(PLACES, 1.0)
        self.pool = [self.fill(rng.choice(SENTENCES)) for _ in range(pool_size)]
        self.pool_words = [len(s.split()) for s in self.pool]

    def pick(self, table):
        items, cumulative = table
        return self.rng.choices(items, cum_weights=cumulative)[0]

    def fill(self, template, place=None):
        rng = self.rng

        def sub(match):
            key = match.group(1)
            low = key.lower()
            if low == "nom":
                value = self.pick(self.nouns)
            elif low == "de_nom":
                value = _de(self.pick(self.nouns))
            elif low == "verbe":
                value = self.pick(self.verbs)
            elif low == "adj":
                value = self.pick(self.adjectives)
            elif low == "adv":
                value = rng.choice(ADVERBS)
            elif low == "temps":
                value = rng.choice(TIMES)
            elif low == "temps2":
                value = rng.choice(
                    ["plusieurs mois", "le printemps", "l'an dernier", "trois ans", "janvier"]
                )
            elif low == "dit":
                value = rng.choice(SAYS)
            elif low == "lieu":
                value = place or self.pick(self.places)
            elif low == "mot":
                value = rng.choice(["chantier", "dossier", "rendez-vous", "projet", "débat"])
            else:  # pragma: no cover
                raise KeyError(key)
            return _cap(value) if key[0].isupper() else value

        return re.sub(r"\{(\w+)\}", sub, template)

    def text(self, min_words):
        out, words = [], 0
        while words < min_words:
            i = self.rng.randrange(len(self.pool))
            out.append(self.pool[i])
            words += self.pool_words[i]
        return " ".join(out)

    def title(self, place):
        return _cap(self.fill(self.rng.choice(TITLES), place=place))

    def intertitle(self):
        return _cap(self.fill(self.rng.choice(INTERTITLES)))


def make_article(writer: Writer, rng: random.Random, place: str):
    """Title, chapô (~40 words), StreamField body (6 paragraphs, ~400 words, 2 intertitles)."""
    title = writer.title(place)
    chapo = (
        writer.fill("À {lieu}, {nom} {verbe} {nom} {adj} {temps}.", place=place)
        + " "
        + writer.text(26)
    )
    blocks, searchable = [], []
    for index in range(6):
        if index in (2, 4):
            inter = writer.intertitle()
            blocks.append(
                {
                    "type": "intertitle",
                    "value": inter,
                    "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                }
            )
            searchable.append(inter)
        paragraph = writer.text(62)
        blocks.append(
            {
                "type": "paragraph",
                "value": f"<p>{html.escape(paragraph, quote=False)}</p>",
                "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            }
        )
        searchable.append(paragraph)
    # What Wagtail indexes for the StreamField: each block's text, joined by ", ".
    return title, chapo, json.dumps(blocks, ensure_ascii=False), ", ".join(searchable)
