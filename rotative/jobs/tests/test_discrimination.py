"""The requirements the Code du travail (L1132-1) forbids, as an employer might write them,
and the lawful phrasings that must go through (see discrimination.py for the choices)."""

import pytest

from rotative.jobs.discrimination import findings, reasons

REFUSED = [
    # age
    ("Serveur H/F, moins de 30 ans", "age", "moins de 30 ans"),
    ("Candidat de moins de 26 ans.", "age", "moins de 26 ans"),
    ("Âgé de 25 à 35 ans", "age", "Âgé de 25 à 35 ans"),
    ("âge : 20-30 ans", "age", "âge : 20-30 ans"),
    ("Vous avez entre 25 et 40 ans", "age", "entre 25 et 40 ans"),
    ("45 ans maximum", "age", "45 ans maximum"),
    ("Âge maximum 50 ans", "age", "Âge maximum"),
    ("Limite d'âge : 35 ans", "age", "Limite d'âge"),
    ("Nous cherchons un profil jeune", "age", "profil jeune"),
    ("Vous êtes jeune et dynamique", "age", "jeune et dynamique"),
    ("Recherche jeune homme pour manutention", "age", "jeune homme"),
    ("Seniors s'abstenir", "age", "Seniors s'abstenir"),
    ("Pas de retraités", "age", "Pas de retraités"),
    ("Candidats de plus de 50 ans", "age", "plus de 50 ans"),
    # sex
    ("Homme uniquement", "sexe", "Homme uniquement"),
    ("Poste réservé aux femmes", "sexe", "réservé aux femmes"),
    ("Femme exclusivement", "sexe", "Femme exclusivement"),
    ("Candidat de sexe masculin", "sexe", "sexe masculin"),
    ("Nous recherchons une femme pour l'accueil", "sexe", "recherchons une femme"),
    ("Vendeur (H)", "sexe", "(H)"),
    ("Femmes s'abstenir", "sexe", "Femmes s'abstenir"),
    ("Profil masculin souhaité", "sexe", "Profil masculin"),
    # pregnancy and family
    ("Pas de femme enceinte", "grossesse", "enceinte"),
    ("Sans projet de grossesse à court terme", "grossesse", "projet de grossesse"),
    ("Célibataire de préférence", "famille", "Célibataire"),
    ("Sans enfants, disponible le soir", "famille", "Sans enfants"),
    ("Idéal pour mère de famille", "famille", "mère de famille"),
    ("Situation familiale stable exigée", "famille", "Situation familiale"),
    # origin, nationality, language
    ("De nationalité française exigée", "origine", "nationalité française"),
    ("D'origine européenne", "origine", "D'origine européenne"),
    ("Type européen", "origine", "Type européen"),
    ("Anglais langue maternelle", "origine", "langue maternelle"),
    ("Anglophone natif", "origine", "natif"),
    ("Étrangers s'abstenir", "origine", "Étrangers s'abstenir"),
    ("Français sans accent", "origine", "sans accent"),
    # appearance
    ("Physique agréable", "apparence", "Physique agréable"),
    ("Hôtesse : taille minimum 1m70", "apparence", "taille minimum"),
    ("Silhouette mince", "apparence", "mince"),
    ("Pas de tatouages visibles", "apparence", "Pas de tatouages"),
    ("Belle femme souriante", "apparence", "Belle femme"),
    # religion
    ("Catholique pratiquant", "religion", "Catholique pratiquant"),
    ("Sans voile", "religion", "Sans voile"),
    ("De confession musulmane", "religion", "De confession musulmane"),
    # health, disability
    ("Pas de handicap", "sante", "Pas de handicap"),
    ("En bonne santé", "sante", "En bonne santé"),
    ("Aucun arrêt maladie dans les 2 dernières années", "sante", "Aucun arrêt maladie"),
    ("Handicapés s'abstenir", "sante", "Handicapés s'abstenir"),
    # orientation, opinions, residence, surname
    ("Hétérosexuel", "orientation", "Hétérosexuel"),
    ("Non syndiqué", "opinions", "Non syndiqué"),
    ("Pas de syndicaliste", "opinions", "Pas de syndicaliste"),
    ("Habitants de Saint-Lô uniquement", "residence", "Habitants de Saint-Lô uniquement"),
    ("Nom à consonance française", "nom", "Nom à consonance"),
]

ALLOWED = [
    "Serveur H/F",
    "Chauffeur F/H en CDI",
    "Poste ouvert aux hommes et aux femmes",
    "Jeune diplômé accepté",
    "Jeunes diplômées bienvenues",
    "Éducateur de jeunes enfants (EJE)",
    "Animation auprès du jeune public",
    "Moins de 2 ans d'expérience acceptée",
    "Plus de 5 ans d'expérience dans le métier",
    "Entre 3 et 5 ans d'expérience",
    "10 à 15 ans d'expérience en gestion",
    "18 ans minimum (service d'alcool)",
    "Être majeur",
    "Permis poids lourd (C) exigé",
    "Port de charges jusqu'à 25 kg",
    "Autorisation de travail en France exigée",
    "Français courant, anglais C1",
    "Remplacement d'un congé maternité de 4 mois",
    "Poste ouvert aux personnes en situation de handicap (RQTH bienvenue)",
    "Entreprise en bonne santé financière",
    "Élevage de chevaux de race, débourrage",
    "Pratiquant l'anglais au quotidien",
    "Bonne présentation, tenue fournie",
    "Débutant accepté, formation assurée",
    "Taille de haies et tonte",
    "Une équipe de 12 personnes, ambiance familiale",
    "Contrat d'apprentissage : éligible au contrat d'apprentissage",
    "Salaire selon profil, 13e mois",
    "Vous serez junior au sein d'une équipe senior",
]


@pytest.mark.parametrize(("text", "ground", "words"), REFUSED)
def test_a_forbidden_requirement_is_found_with_the_employers_words(text, ground, words):
    found = findings(description=text)
    assert any(f.ground == ground and words in f.words for f in found), found


@pytest.mark.parametrize("text", ALLOWED)
def test_a_lawful_phrasing_goes_through(text):
    assert findings(title=text, description=text, profile=text) == []


def test_the_reason_quotes_the_words_names_the_ground_and_the_law():
    (reason,) = reasons(profile="Vous avez moins de 30 ans.")
    assert reason.startswith("« moins de 30 ans » : l'âge ne peut pas être un critère")
    assert "L1132-1" in reason
    assert "débutant accepté" in reason  # what to write instead


def test_the_title_counts_too_and_each_ground_is_said_once():
    found = findings(title="Vendeuse, femme uniquement", description="Femme uniquement.")
    assert [f.ground for f in found] == ["sexe"]


def test_several_grounds_are_all_reported():
    found = findings(description="Homme uniquement, moins de 35 ans, de nationalité française")
    assert {f.ground for f in found} == {"sexe", "age", "origine"}
