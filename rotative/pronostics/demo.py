"""Placeholder, replaced below."""


def demo_pronostics_load(run) -> None:
    pass


def demo_pronostics_loaded() -> bool:
    return False
