"""A little of everything the API serves, for the schema run to find real objects behind
the ids it tries (they start at 1)."""


def fill() -> None:
    pass
