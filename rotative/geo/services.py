"""Loading La Poste's postal-code file (a path or an http(s) address)."""

import csv
import io
import logging
import urllib.request
from dataclasses import dataclass, field

from django.db import transaction

from rotative.geo.models import Commune
from rotative.geo.names import department_of, display_name, fold

logger = logging.getLogger(__name__)

COLUMNS = ("Code_commune_INSEE", "Nom_commune", "Code_postal")
BATCH = 2000


class GeoFileError(Exception):
    """The file is not La Poste's postal-code file; `message` says why, in French."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class LoadReport:
    rows: int = 0
    loaded: int = 0
    without_position: int = 0
    rejected: list[str] = field(default_factory=list)


def communes_load(*, source: str) -> LoadReport:
    """Insert or update every row of the file (loading it again changes nothing)."""
    text = _read(source)
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";")
    missing = [column for column in COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        raise GeoFileError(
            "Ce n'est pas le fichier des codes postaux de La Poste : colonnes absentes "
            + ", ".join(missing)
        )
    report, rows = LoadReport(), {}
    for number, row in enumerate(reader, start=2):
        report.rows += 1
        commune = _commune(row)
        if commune is None:
            report.rejected.append(f"ligne {number} : {';'.join(row.values())[:120]}")
            continue
        if commune.latitude is None:
            report.without_position += 1
        rows[(commune.insee, commune.postal_code, commune.locality)] = commune
    with transaction.atomic():
        communes = list(rows.values())
        for start in range(0, len(communes), BATCH):
            Commune.objects.bulk_create(
                communes[start : start + BATCH],
                update_conflicts=True,
                unique_fields=["insee", "postal_code", "locality"],
                update_fields=[
                    "name",
                    "name_key",
                    "locality_key",
                    "department",
                    "latitude",
                    "longitude",
                ],
            )
    report.loaded = len(rows)
    return report


def _commune(row: dict) -> Commune | None:
    insee = (row.get("Code_commune_INSEE") or "").strip()
    postal_code = (row.get("Code_postal") or "").strip()
    raw_name = (row.get("Nom_commune") or "").strip()
    if len(insee) != 5 or len(postal_code) != 5 or not postal_code.isdigit() or not raw_name:
        return None
    locality = display_name(row.get("Ligne_5") or "")
    latitude = longitude = None
    position = (row.get("coordonnees_gps") or "").split(",")
    if len(position) == 2:
        try:
            latitude, longitude = float(position[0]), float(position[1])
        except ValueError:
            latitude = longitude = None
    name = display_name(raw_name)
    return Commune(
        insee=insee,
        name=name,
        name_key=fold(name),
        postal_code=postal_code,
        locality=locality,
        locality_key=fold(locality),
        department=department_of(insee),
        latitude=latitude,
        longitude=longitude,
    )


def _read(source: str) -> str:
    if source.startswith(("http://", "https://")):
        request = urllib.request.Request(source, headers={"User-Agent": "Rotative"})  # noqa: S310
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 (http(s))
            data = response.read()
    else:
        try:
            with open(source, "rb") as handle:
                data = handle.read()
        except OSError as error:
            raise GeoFileError(f"Fichier illisible : {error}") from error
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")  # older editions
