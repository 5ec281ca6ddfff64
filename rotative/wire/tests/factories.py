import tempfile
from dataclasses import replace
from datetime import UTC, datetime

import factory

from rotative.wire.models import WireSource
from rotative.wire.parsing import Concept, WireItem


def wire_item(**overrides) -> WireItem:
    """An AFP-style French text item, as the parser returns it."""
    item = WireItem(
        format="newsml-g2",
        kind="text",
        guid="urn:newsml:afp.com:20261125:TX-PAR-ABC12",
        version=1,
        pub_status="usable",
        first_created=datetime(2026, 11, 25, 9, 0, tzinfo=UTC),
        version_created=datetime(2026, 11, 25, 9, 0, tzinfo=UTC),
        headline="Syrie : reprise des pourparlers à Genève",
        slugline="Syrie-conflit-diplomatie",
        dateline="Moscou, 25 nov 2026 (AFP)",
        located="Moscou",
        creditline="AFP",
        description="Les délégations se retrouvent lundi pour un nouveau cycle de discussions.",
        subjects=(Concept(qcode="medtop:11000000", name="politique"),),
        urgency=3,
        language="fr",
        body_html=(
            "<p>Les discussions reprennent.</p><h2>Un calendrier serré</h2>"
            "<p>Rien n'est acquis.</p>"
        ),
        provider="AFP",
    )
    return replace(item, **overrides)


class WireSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WireSource

    name = factory.Sequence(lambda n: f"AFP {n}")
    kind = WireSource.Kind.FOLDER
    # A folder of its own: a poll moves every file it finds into .ingested/, and must never
    # be pointed at the machine's shared temporary folder.
    path = factory.LazyFunction(lambda: tempfile.mkdtemp(prefix="rotative-wire-"))
