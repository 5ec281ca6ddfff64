"""Requirements an offer may not state: the grounds of discrimination of the Code du travail
(article L1132-1: age, sex, pregnancy, family situation, origin and nationality, physical
appearance, religion, health and disability, sexual orientation, union or political
opinions, place of residence, surname…), looked for in what the employer writes.

A pure function of the text: `findings(title=…, description=…, profile=…)` returns each
ground found with the words that gave it away and the reason the employer reads in French.
The posting form and the submit service refuse an offer with findings; the moderators'
queue shows them again for any offer that reaches it (changed in the admin, rules added
since).

Choices made where the law or the Défenseur des droits' guide leaves room:
- « H/F », « F/H », « homme ou femme » are what the law asks for; never flagged.
- « jeune diplômé » is tolerated: the Défenseur des droits reads it as « débutant accepté »,
  a level of experience, when it does not exclude the others. « jeune » alone describing
  the candidate (« jeune et dynamique », « jeune homme », « profil jeune ») is refused;
  « jeunes enfants », « jeune public », « service jeunesse » describe the work, not the person.
- Years of experience (« moins de 2 ans d'expérience », « plus de 5 ans dans le métier »)
  are not an age; « 18 ans minimum » / « être majeur » is tolerated (some jobs legally
  require majority: serving alcohol, night work).
- « nationalité française » is refused even though some public posts legally require it:
  those are recruited through the civil service's own channels, and the employer reads why.
- Work authorisation (« autorisation de travail en France ») is a legal requirement, kept.
- « bonne présentation » is tolerated (a dress standard for customer-facing work); looks,
  height, weight and body (« physique agréable », « mince ») are refused.
- « congé maternité » (a replacement) is a fact of the post; pregnancy as a condition is not.
- « en situation de handicap » / « RQTH » welcomed is an invitation; excluding it is refused.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

GROUNDS = {
    "age": gettext_lazy("l'âge"),
    "sexe": gettext_lazy("le sexe"),
    "grossesse": gettext_lazy("la grossesse"),
    "famille": gettext_lazy("la situation de famille"),
    "origine": gettext_lazy("l'origine ou la nationalité"),
    "apparence": gettext_lazy("l'apparence physique"),
    "religion": gettext_lazy("les convictions religieuses"),
    "sante": gettext_lazy("l'état de santé ou le handicap"),
    "orientation": gettext_lazy("l'orientation sexuelle ou l'identité de genre"),
    "opinions": gettext_lazy("les opinions politiques ou l'activité syndicale"),
    "residence": gettext_lazy("le lieu de résidence"),
    "nom": gettext_lazy("le nom de famille"),
}
# What the employer may write instead, for the grounds where a better wording exists.
ADVICE = {
    "age": gettext_lazy(
        "Décrivez l'expérience attendue (« débutant accepté », « 5 ans d'expérience »). "
        "Pour un contrat d'apprentissage, écrivez « éligible au contrat d'apprentissage »."
    ),
    "sexe": gettext_lazy("Une offre s'adresse à tous : « H/F » suffit."),
    "origine": gettext_lazy(
        "Demandez un niveau de langue (« français courant », « anglais C1 ») ou une "
        "autorisation de travail en France, jamais une nationalité ni une origine. Les emplois "
        "publics réservés aux Français se publient par les voies de la fonction publique."
    ),
    "apparence": gettext_lazy("Une tenue exigée par le poste peut être décrite, pas le physique."),
    "sante": gettext_lazy(
        "Décrivez les exigences du poste (port de charges, travail en hauteur) : l'aptitude "
        "est constatée par la médecine du travail."
    ),
}

_A = r"(?:a|au|aux|en|dans|sur|chez|d'|de|du|des|dans)"
# After « N ans »: years of experience or of service, not an age.
_NOT_AGE = (
    r"(?!\s*(?:d'|de\s|du\s|dans|en\s|au\s|a\s|sur\s|chez|minimum\s+d'|mini\s+d'|min\s+d'|"
    r"d\s?experience|d\s?anciennete|exp\b|d'exp))"
)

RULES: list[tuple[str, str]] = [
    # --- age
    ("age", r"\b(?:moins|plus\s+jeune)\s+de\s+(?:1[6-9]|[2-9]\d)\s+ans\b" + _NOT_AGE),
    ("age", r"\bplus\s+de\s+(?:19|[2-9]\d)\s+ans\b" + _NOT_AGE),
    (
        "age",
        r"\b(?:age|agee?s?)\s*(?:de|:|entre)?\s*(?:1[6-9]|[2-9]\d)\s*(?:a|-|et)\s*[2-9]\d\s*ans\b",
    ),
    ("age", r"\bentre\s+(?:1[6-9]|[2-9]\d)\s+et\s+[2-9]\d\s+ans\b" + _NOT_AGE),
    ("age", r"\b(?:1[6-9]|[2-9]\d)\s*(?:-|a)\s*[2-9]\d\s+ans\b" + _NOT_AGE),
    (
        "age",
        r"\b(?:19|[2-9]\d)\s+ans\s+(?:maximum|max|minimum|mini|au\s+plus|au\s+moins)\b"
        r"(?!\s*d')",
    ),
    ("age", r"\b(?:age|agee?s?)\s+(?:maximum|minimum|max|mini|limite)\b"),
    ("age", r"\blimite\s+d'age\b"),
    ("age", r"\b(?:age|agee?s?)\s+de\s+(?:moins|plus)\s+de\b"),
    ("age", r"\bjeunes?\s+(?:homme|femme|fille|garcon)s?\b"),
    ("age", r"\bjeunes?\s+(?:et|,)\s*dynamiques?\b"),
    (
        "age",
        r"\b(?:profil|candidate?s?|personnes?|recrue|collaborat(?:eur|rice))\s+jeunes?\b"
        r"(?!\s+diplome)",
    ),
    ("age", r"\bvous\s+etes\s+jeunes?\b(?!\s+diplome)"),
    ("age", r"\b(?:seniors?|retraites?|jeunes|quinquagenaires|cinquantenaires)\s+s'abstenir\b"),
    ("age", r"\bpas\s+de\s+(?:seniors?|retraites?)\b"),
    # --- sex
    ("sexe", r"\b(?:hommes?|femmes?|masculin|feminin)\s+(?:uniquement|exclusivement|seulement)\b"),
    (
        "sexe",
        r"\b(?:uniquement|exclusivement|seulement)\s+(?:des\s+|un\s+|une\s+)?"
        r"(?:hommes?|femmes?|masculins?|feminins?|candidates?)\b",
    ),
    ("sexe", r"\breserve\w*\s+aux?\s+(?:hommes?|femmes?|candidates)\b"),
    ("sexe", r"\b(?:de\s+)?sexe\s+(?:masculin|feminin)\b"),
    ("sexe", r"\bprofil\s+(?:masculin|feminin)\b"),
    ("sexe", r"\b(?:recherch\w*|cherch\w*|recrut\w*)\s+(?:un\s+homme|une\s+femme|une\s+dame)\b"),
    ("sexe", r"\b(?:hommes?|femmes?)\s+s'abstenir\b"),
    ("sexe", r"\bpas\s+de\s+(?:femmes?|hommes?)\b"),
    ("sexe", r"\(\s*[hf]\s*\)"),
    # --- pregnancy
    ("grossesse", r"\benceintes?\b"),
    ("grossesse", r"\b(?:projet|desir)s?\s+(?:d'enfants?|de\s+grossesse|de\s+maternite)\b"),
    ("grossesse", r"\bgrossesse\b"),
    # --- family
    ("famille", r"\bcelibataires?\b"),
    ("famille", r"\b(?:sans|pas\s+d')\s*enfants?\b(?!\s+a\s+charge\s+de\s+l)"),
    ("famille", r"\b(?:sans|pas\s+de)\s+charges?\s+de\s+famille\b"),
    ("famille", r"\b(?:mere|pere)s?\s+de\s+famille\b"),
    ("famille", r"\bsituation\s+(?:familiale|maritale|matrimoniale)\b"),
    ("famille", r"\bmarie(?:e|es|s)?\s+(?:exige|obligatoire|de\s+preference|souhaite)\w*\b"),
    # --- origin and nationality
    ("origine", r"\bnationalite\s+(?:francaise|europeenne|etrangere)\b"),
    ("origine", r"\bde\s+nationalite\b"),
    (
        "origine",
        r"\b(?:d'|de\s+)origine\s+(?:francaise|europeenne|etrangere|maghrebine|africaine|"
        r"asiatique)\b",
    ),
    ("origine", r"\bfrancais(?:e|es)?\s+de\s+souche\b"),
    ("origine", r"\btype\s+(?:europeen|caucasien|africain|asiatique|maghrebin)\b"),
    # Not « race » alone: « chevaux de race » are a stud farm's work.
    (
        "origine",
        r"\b(?:race\s+(?:blanche|noire|europeenne|caucasienne)|ethnie|ethnique|"
        r"couleur\s+de\s+peau)\b",
    ),
    ("origine", r"\b(?:etrangers?|immigres?|europeens?)\s+(?:s'abstenir|exclus)\b"),
    ("origine", r"\bpas\s+d'(?:etrangers?|immigres?)\b"),
    ("origine", r"\blangue\s+maternelle\b"),
    ("origine", r"\b(?:natifs?|natives?)\b"),
    ("origine", r"\bsans\s+accent\b"),
    # --- physical appearance
    ("apparence", r"\bphysique\s+(?:agreable|avantageux|attrayant|plaisant|irreprochable)\b"),
    ("apparence", r"\b(?:bon|beau|joli)\s+physique\b"),
    ("apparence", r"\bbelle\s+(?:apparence|allure|fille|femme|silhouette)\b"),
    ("apparence", r"\b(?:jolie?s?|belles?)\s+(?:filles?|femmes?|jeunes?|hommes?)\b"),
    ("apparence", r"\b(?:sexy|minces?|svelte|mensurations)\b"),
    ("apparence", r"\b(?:taille|hauteur)\s+(?:minimum|minimale|maximum|mannequin)\b"),
    ("apparence", r"\b1\s?m\s?[5-9]\d\s+(?:minimum|mini|au\s+moins)\b"),
    # Not « poids » alone: « permis poids lourd » is a licence.
    ("apparence", r"\b(?:surpoids|obeses?|poids\s+(?:minimum|maximum|ideal|proportionne))\b"),
    ("apparence", r"\b(?:sans|pas\s+de|aucun)\s+(?:tatouages?|piercings?)\b"),
    # --- religion
    (
        "religion",
        r"\b(?:catholiques?|musulman(?:e|s|es)?|juif|juive|juifs|chretien(?:ne|s)?|"
        r"protestant(?:e|s)?|bouddhistes?|athees?)\s+(?:pratiquant\w*|exige\w*|uniquement|"
        r"de\s+preference|souhaite\w*|obligatoire)\b",
    ),
    # « pratiquant l'anglais » practises a skill: only the believer is refused.
    (
        "religion",
        r"\b(?:non\s+)?pratiquant(?:e|s|es)?\b"
        r"(?!\s+(?:l'|le\s|la\s|les\s|un\s|une\s|des\s|du\s|d'))",
    ),
    ("religion", r"\bde\s+confession\s+\w+"),
    ("religion", r"\b(?:sans|pas\s+de)\s+(?:voile|foulard|kippa|turban)\b"),
    ("religion", r"\breligion\b"),
    # --- health and disability
    ("sante", r"\b(?:sans|pas\s+de|aucun)\s+handicaps?\b"),
    ("sante", r"\b(?:non\s+)handicape(?:e|s|es)?\b"),
    ("sante", r"\bhandicape(?:e|s|es)?\s+s'abstenir\b"),
    ("sante", r"\b(?:en\s+)?(?:bonne|parfaite)\s+sante\b(?!\s+(?:financiere|economique))"),
    (
        "sante",
        r"\b(?:pas|aucun|sans)\s+(?:de\s+|d')?(?:arrets?\s+maladie|maladies?\s+chroniques?|"
        r"antecedents?\s+medicaux)\b",
    ),
    ("sante", r"\bmaladies?\s+chroniques?\s+s'abstenir\b"),
    # --- sexual orientation, gender identity
    ("orientation", r"\b(?:hetero|homo|bi)sexuel(?:le|s|les)?\b"),
    ("orientation", r"\b(?:orientation\s+sexuelle|identite\s+de\s+genre|transgenres?)\b"),
    # --- opinions and unions
    ("opinions", r"\b(?:non\s+)?syndique(?:e|s|es)?\b"),
    ("opinions", r"\b(?:appartenance|activite)\s+syndicale\b"),
    ("opinions", r"\bpas\s+de\s+syndicalistes?\b"),
    ("opinions", r"\bopinions?\s+politiques?\b"),
    # --- residence
    (
        "residence",
        r"\b(?:habitants?|residents?|residant\w*|domicilie\w*)\s+"
        + _A
        + r"\s*[^.;\n]{1,40}?\s+(?:uniquement|exclusivement|seulement|exige\w*|obligatoire)\b",
    ),
    ("residence", r"\b(?:habitants?|residents?)\s+des\s+quartiers\s+s'abstenir\b"),
    # --- surname
    ("nom", r"\b(?:nom|patronyme)\s+a\s+consonance\b"),
]
_COMPILED = [(ground, re.compile(pattern)) for ground, pattern in RULES]
# Lawful phrasings a rule above would otherwise catch, blanked out before the rules run.
_ALLOWED = [
    re.compile(p)
    for p in (
        r"\bjeunes?\s+diplome(?:e|s|es)?\b",
        r"\bjeunes?\s+(?:enfants|public|publics|pousses|plants)\b",
        r"\bconges?\s+(?:de\s+)?maternite\b",
        r"\b(?:remplacement|remplacer)\s+d'une\s+salariee\s+enceinte\b",
        r"\bpratique\s+professionnelle\b",
        r"\bnationalite\s+francaise\s+ou\s+(?:de\s+l'union\s+europeenne|ue)\s+ou\s+titre\s+de\s+"
        r"sejour\b",
    )
]
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "`": "'", "´": "'"})
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae"})


@dataclass(frozen=True)
class Finding:
    ground: str  # a key of GROUNDS
    words: str  # the employer's own words that gave it away

    @property
    def reason(self) -> str:
        text = _(
            "« %(words)s » : %(ground)s ne peut pas être un critère de recrutement "
            "(Code du travail, article L1132-1)."
        ) % {"words": self.words, "ground": GROUNDS[self.ground]}
        advice = ADVICE.get(self.ground)
        return f"{text} {advice}" if advice else text


def _fold_char(char: str) -> str:
    char = char.translate(_LIGATURES).translate(_APOSTROPHES)
    plain = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    return " " if plain.isspace() else plain.casefold()


def fold(text: str) -> tuple[str, list[int]]:
    """Lower case, no accents, one space between words; with, for each folded character,
    the position in `text` it came from (to quote the employer's own words back)."""
    out, where = [], []
    for index, char in enumerate(text or ""):
        for folded in _fold_char(char):
            if folded == " " and (not out or out[-1] == " "):
                continue
            out.append(folded)
            where.append(index)
    return "".join(out), where


def findings(*, title: str = "", description: str = "", profile: str = "") -> list[Finding]:
    """The forbidden requirements in an offer's texts, each ground and wording once."""
    original = f"{title}\n{description}\n{profile}"
    text, where = fold(original)
    for allowed in _ALLOWED:
        # Blanked to the same length: positions still point into the original.
        text = allowed.sub(lambda m: " " * len(m.group(0)), text)
    found, seen, spans = [], set(), []
    for ground, pattern in _COMPILED:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(g == ground and start < e and s < end for g, s, e in spans):
                continue  # the same words, already caught by a wider rule of that ground
            spans.append((ground, start, end))
            words = " ".join(original[where[start] : where[end - 1] + 1].split())
            if (ground, words.casefold()) not in seen:
                seen.add((ground, words.casefold()))
                found.append(Finding(ground=ground, words=words))
    return found


def reasons(*, title: str = "", description: str = "", profile: str = "") -> list[str]:
    return [f.reason for f in findings(title=title, description=description, profile=profile)]
