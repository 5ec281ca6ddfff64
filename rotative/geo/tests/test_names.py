import pytest

from rotative.geo.names import department_of, display_name, fold


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("ST PAIR SUR MER", "Saint-Pair-sur-Mer"),
        ("LA HAYE PESNEL", "La Haye-Pesnel"),
        ("CARENTAN LES MARAIS", "Carentan-les-Marais"),
        ("PONT L EVEQUE", "Pont-l'Eveque"),
        ("L ISLE ADAM", "L'Isle-Adam"),
        ("LE MESNIL AMEY", "Le Mesnil-Amey"),
        ("STE MERE EGLISE", "Sainte-Mere-Eglise"),
        ("CARANTILLY", "Carantilly"),
        ("PARIS 01", "Paris 1er"),
        ("LYON 03", "Lyon 3e"),
    ],
)
def test_la_postes_capitals_become_the_names_readers_know(raw, shown):
    assert display_name(raw) == shown


@pytest.mark.parametrize(
    "typed", ["Saint-Pair-sur-Mer", "ST PAIR SUR MER", "st pair sur mer", "Saint Pair sur Mer"]
)
def test_accents_hyphens_and_st_do_not_matter_to_search(typed):
    assert fold(typed) == "saint pair sur mer"


def test_sainte_and_accents():
    assert fold("Sainte-Mère-Église") == fold("STE MERE EGLISE") == "sainte mere eglise"


@pytest.mark.parametrize(
    ("insee", "department"), [("50231", "50"), ("2A004", "2A"), ("97411", "974")]
)
def test_department_comes_from_the_insee_code(insee, department):
    assert department_of(insee) == department
