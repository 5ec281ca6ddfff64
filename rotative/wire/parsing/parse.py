# Placeholder until the parser lands (being written now); replace entirely.
from .items import WireParseError


def parse(data: bytes):
    raise WireParseError("Analyseur non disponible.")
