"""Readers made the way the site makes them (accounts.services.reader_create)."""

import factory
from django.contrib.auth import get_user_model

from rotative.accounts import services

PASSWORD = "Marée-basse-à-Granville-1"


class ReaderFactory(factory.Factory):
    """A reader with a confirmed address (verified=False for one still to confirm)."""

    class Meta:
        model = get_user_model()

    email = factory.Sequence(lambda n: f"lecteur{n}@example.fr")
    display_name = factory.Sequence(lambda n: f"Lecteur {n}")
    password = PASSWORD
    verified = True

    @classmethod
    def _create(cls, model_class, **kwargs):
        return services.reader_create(**kwargs)

    @classmethod
    def _build(cls, model_class, **kwargs):
        raise NotImplementedError("Readers are created through services.reader_create.")
