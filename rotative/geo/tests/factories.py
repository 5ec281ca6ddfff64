"""A handful of real communes (La Poste's rows), for tests that do not need the whole file."""

from rotative.geo.models import Commune
from rotative.geo.names import department_of, display_name, fold

ROWS = {
    "carantilly": ("50098", "CARANTILLY", "50570", 49.0661156491, -1.24968371393),
    "coutances": ("50147", "COUTANCES", "50200", 49.0566189539, -1.44345003609),
    "saint-pair": ("50532", "ST PAIR SUR MER", "50380", 48.8023738223, -1.54696599127),
    "caumont": ("14143", "CAUMONT SUR AURE", "14240", 49.0964311403, -0.812430741234),
    "cherbourg": ("50129", "CHERBOURG EN COTENTIN", "50100", 49.633412156, -1.63390160204),
    "lyon-1": ("69381", "LYON 01", "69001", 45.7699, 4.8292),
}


def commune(key: str) -> Commune:
    insee, raw, postal_code, latitude, longitude = ROWS[key]
    name = display_name(raw)
    found, _created = Commune.objects.get_or_create(
        insee=insee,
        postal_code=postal_code,
        locality="",
        defaults={
            "name": name,
            "name_key": fold(name),
            "department": department_of(insee),
            "latitude": latitude,
            "longitude": longitude,
        },
    )
    return found
