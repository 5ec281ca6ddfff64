"""Employers and offers made through the services, as an employer and a moderator make them."""

from itertools import count

from django.contrib.auth import get_user_model

from rotative.accounts import services as accounts
from rotative.accounts.tests.factories import ReaderFactory
from rotative.geo.tests.factories import commune
from rotative.jobs import services
from rotative.jobs.demo import siret_for

_numbers = count(1)


def employer(company: str = "Laiterie du Bocage", *, verified: bool = True, **reader):
    """An account whose professional details are checked (or still waiting)."""
    number = next(_numbers)
    user = ReaderFactory(display_name=f"{company[:30]} {number}", **reader)
    pro = accounts.professional_request(user=user, company_name=company, siret=siret_for(number))
    if verified:
        accounts.professional_verify(moderator=None, professional=pro)
    return user


def moderator():
    found = get_user_model().objects.filter(username="moderation").first()
    return found or get_user_model().objects.create_superuser(
        "moderation", "moderation@example.fr", "x"
    )


def fields(**overrides) -> dict:
    values = {
        "title": "Conducteur de ligne H/F",
        "contract": "cdi",
        "contract_months": None,
        "working_time": "plein",
        "commune": commune("carantilly"),
        "remote": "aucun",
        "salary_min": 2000,
        "salary_max": 2400,
        "salary_period": "mois",
        "salary_on_profile": False,
        "description": "Pilotage d'une ligne de conditionnement de beurre, en 2x8.",
        "profile": "Expérience en agroalimentaire appréciée, débutant accepté.",
        "apply_by": "lien",
        "apply_url": "https://laiterie.example.fr/postuler",
        "apply_email": "",
        "closing_date": None,
    }
    if isinstance(overrides.get("commune"), str):
        overrides["commune"] = commune(overrides["commune"])
    values.update(overrides)
    return values


def offer(*, by=None, publish: bool = True, submit: bool = True, **overrides):
    """An offer sent for validation, and validated unless `publish` is False."""
    by = by or employer()
    made = services.offer_save(by=by, submit=submit, **fields(**overrides))
    if publish and submit:
        made = services.offer_moderate(moderator=moderator(), offer=made, publish=True)
    return made
