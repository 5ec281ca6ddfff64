"""La Poste's real postal-code file (../shared/data/geo), loaded and searched."""

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import CommandError, call_command

from rotative.geo import selectors
from rotative.geo.models import Commune
from rotative.testing import shared_data_dir, skip_unless_present

HEXASMAL = shared_data_dir() / "geo" / "laposte_hexasmal.csv"

pytestmark = [pytest.mark.django_db, skip_unless_present(HEXASMAL)]


@pytest.fixture(scope="module")
def france(django_db_setup, django_db_blocker):
    """The whole file, loaded once for the module's searches (a few seconds each time)."""
    with django_db_blocker.unblock():
        call_command("geo_load", str(HEXASMAL), verbosity=0)
    yield
    with django_db_blocker.unblock():
        Commune.objects.all().delete()


def names(communes):
    return [str(commune) for commune in communes]


def test_the_whole_file_loads_and_loading_again_changes_nothing(france, capsys):
    count = Commune.objects.count()
    assert count > 35_000
    call_command("geo_load", str(HEXASMAL))
    assert "39192 lignes lues, 270 sans coordonnées, 0 refusées" in capsys.readouterr().out
    assert Commune.objects.count() == count
    # Rows without coordinates are kept (found by name), out of the radius searches.
    assert Commune.objects.filter(latitude__isnull=True).count() > 100


def test_readers_find_saint_pair_sur_mer_however_they_type_it(france):
    for typed in ("Saint-Pair-sur-Mer", "saint pair", "St Pair", "ST-PAIR-SUR-MER", "50380"):
        assert "Saint-Pair-sur-Mer (50380)" in names(selectors.commune_search(query=typed)), typed


def test_a_name_with_accents_finds_the_unaccented_row(france):
    assert names(selectors.commune_search(query="Sainte-Mère-Église")) == [
        "Sainte-Mere-Eglise (50480)"
    ]


def test_postal_code_with_several_communes_and_commune_with_localities(france):
    assert "Carantilly (50570)" in names(selectors.commune_search(query="50570", limit=50))
    assert [c.label for c in selectors.commune_search(query="Chef du Pont")] == [
        "Chef-du-Pont (Sainte-Mere-Eglise, 50480)"
    ]


def test_paris_has_its_arrondissements(france):
    assert names(selectors.commune_search(query="750", limit=3)) == [
        "Paris 1er (75001)",
        "Paris 2e (75002)",
        "Paris 3e (75003)",
    ]


def test_communes_near_coutances(france):
    coutances = Commune.objects.get(name="Coutances", postal_code="50200")
    near = {commune.name: km for commune, km in selectors.communes_near(commune=coutances, km=10)}
    assert near["Coutances"] == 0
    assert "Saint-Pierre-de-Coutances" in near and near["Saint-Pierre-de-Coutances"] < 5
    assert "Cherbourg-en-Cotentin" not in near
    assert all(km <= 10 for km in near.values())


def test_loading_from_an_address(tmp_path):
    Commune.objects.all().delete()
    handler = partial(SimpleHTTPRequestHandler, directory=str(HEXASMAL.parent))
    handler.log_message = lambda *args: None
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        call_command(
            "geo_load", f"http://127.0.0.1:{server.server_port}/{HEXASMAL.name}", verbosity=0
        )
    finally:
        server.shutdown()
    assert Commune.objects.filter(postal_code="50380").exists()


def test_a_file_that_is_not_la_postes_is_refused_with_the_reason(tmp_path):
    wrong = tmp_path / "villes.csv"
    wrong.write_text("ville;pays\nCaen;France\n", encoding="utf-8")
    with pytest.raises(CommandError, match="colonnes absentes Code_commune_INSEE"):
        call_command("geo_load", str(wrong))
