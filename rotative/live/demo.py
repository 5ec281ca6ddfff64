"""The demo's En direct: labels and a morning of entries on the storm, written for the project."""

from datetime import timedelta

from rotative.core.demo.registry import DemoRun
from rotative.live.models import LiveEntry, LiveEvent, LiveLabel

LABELS = [
    ("Alerte", "alerte", "#c8102e"),
    ("Météo", "meteo", "#0b6e99"),
    ("Trafic", "trafic", "#b36200"),
    ("Sport", "sport", "#2e7d32"),
    ("Faits divers", "faits-divers", "#5c5f66"),
]

# (minutes ago, label slug, text, breaking)
ENTRIES = [
    (
        5,
        "meteo",
        "<p>Les rafales faiblissent sur le Cotentin : <b>95 km/h</b> relevés à la "
        "Hague à 8 heures, contre 130 km/h dans la nuit.</p>",
        False,
    ),
    (
        18,
        "trafic",
        "<p>La RN13 est rouverte dans les deux sens entre Valognes et Cherbourg "
        "après la chute d'un arbre. Prudence, chaussée encore glissante.</p>",
        False,
    ),
    (
        32,
        "alerte",
        "<p>Enedis annonce encore 4 200 foyers privés d'électricité dans la "
        "Manche, surtout autour de Saint-Lô et de Coutances.</p>",
        True,
    ),
    (
        55,
        "faits-divers",
        "<p>À Saint-Lô, un arbre s'est abattu sur une voiture en "
        "stationnement. Personne n'a été blessé.</p>",
        False,
    ),
    (
        80,
        "trafic",
        "<p>Les liaisons maritimes vers les îles Chausey sont suspendues pour la journée.</p>",
        False,
    ),
    (
        110,
        "sport",
        "<p>Le match de National 2 prévu samedi à Granville est reporté en raison "
        "de l'état de la pelouse.</p>",
        False,
    ),
    (
        150,
        "meteo",
        "<p>La vigilance orange vents violents est maintenue jusqu'à midi pour "
        "la Manche et le Calvados.</p>",
        False,
    ),
]


def demo_live_load(run: DemoRun) -> None:
    labels = {
        slug: LiveLabel.objects.get_or_create(
            slug=slug, defaults={"name": name, "colour": colour, "sort_order": n}
        )[0]
        for n, (name, slug, colour) in enumerate(LABELS)
    }
    now = run.now
    for minutes, label, body, breaking in reversed(ENTRIES):
        entry = LiveEntry.objects.create(
            body=body,
            label=labels[label],
            is_breaking=breaking,
            published_at=now - timedelta(minutes=minutes),
        )
        LiveEvent.objects.create(channel=entry.channel, entry=entry, action="created")
    run.counts.append(f"{len(ENTRIES)} entrées en direct")
