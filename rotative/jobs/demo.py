"""The demo's job board: 30 offers written for the project (demo_offers.py) from eight
invented employers, each a verified professional account, in the communes the ads' demo part
made (order 70). Published over the last weeks; one expired, one waiting for validation."""

import re
import secrets
from datetime import timedelta

from django.db import transaction

from rotative.accounts import services as accounts
from rotative.core.demo.registry import DemoRun
from rotative.geo.models import Commune
from rotative.jobs import services
from rotative.jobs.demo_offers import EMPLOYERS, OFFERS
from rotative.jobs.models import JobOffer


def siret_for(number: int) -> str:
    """A 14-digit number that passes the SIRET check (Luhn), for invented businesses."""
    stem = f"9{number:012d}"
    for last in range(10):
        candidate = f"{stem}{last}"
        total = 0
        for position, digit in enumerate(int(d) for d in candidate):
            if position % 2 == 0:
                digit *= 2
                digit = digit - 9 if digit > 9 else digit
            total += digit
        if total % 10 == 0:
            return candidate
    raise AssertionError("unreachable")


def _employers() -> tuple[dict, str]:
    """The employers' accounts, and the first one's password (generated on this machine)."""
    made, first_password = {}, secrets.token_urlsafe(12)
    for number, (key, (name, email, _insee)) in enumerate(EMPLOYERS.items(), start=1):
        password = first_password if number == 1 else secrets.token_urlsafe(16)
        # A display name takes letters, digits, spaces and - _ . ' only.
        shown = " ".join(re.sub(r"[^\w\s\-.']", " ", name).split())[:40]
        user = accounts.reader_create(email=email, password=password, display_name=shown)
        pro = accounts.professional_request(
            user=user, company_name=name, siret=siret_for(4_200_000 + number)
        )
        accounts.professional_verify(moderator=None, professional=pro)
        made[key] = user
    return made, first_password


@transaction.atomic
def demo_jobs_load(run: DemoRun) -> None:
    users, password = _employers()
    communes = {
        c.insee: c
        for c in Commune.objects.filter(locality="", insee__in={row[1] for row in OFFERS})
    }
    now, made = run.now, 0
    for index, row in enumerate(OFFERS):
        key, insee, title, contract, months, hours, remote, salary, description, profile = row
        if insee not in communes:
            continue
        salary_fields = (
            {"salary_on_profile": True}
            if salary is None
            else {"salary_min": salary[0], "salary_max": salary[1], "salary_period": salary[2]}
        )
        offer = services.offer_save(
            by=users[key],
            submit=True,
            title=title,
            contract=contract,
            contract_months=months,
            working_time=hours,
            commune=communes[insee],
            remote=remote,
            description=description,
            profile=profile,
            # The three ways to apply, the site's form with a CV among them.
            apply_by=("lien", "site", "email")[index % 3],
            apply_email=EMPLOYERS[key][1],
            apply_url=f"https://{EMPLOYERS[key][1].split('@')[1]}/carrieres/",
            **salary_fields,
        )
        if index == len(OFFERS) - 1:
            made += 1  # left waiting for a moderator: the queue has something to show
            continue
        services.offer_moderate(moderator=None, offer=offer, publish=True)
        # Spread over the last five weeks; the second one went past its 60 days.
        published = now - timedelta(days=70 if index == 1 else index + 1, hours=index)
        JobOffer.objects.filter(pk=offer.pk).update(
            published_at=published,
            expires_at=published + services.ONLINE_FOR,
            views=(index * 37) % 250,
        )
        made += 1
    services.offers_expire(now=now)
    run.counts.append(f"{made} offres d'emploi")
    run.logins["employer"] = (EMPLOYERS["laiterie"][1], password)


def demo_jobs_loaded() -> bool:
    return JobOffer.objects.exists()
