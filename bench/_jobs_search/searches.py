# ruff: noqa: E501  (log lines read better unwrapped)
"""The searches candidates run, drawn at random, timed through the real selector and through
the real page (Django's test client in this process: routing, form, commune, selector,
template), against the same page without words and the plain listing."""

from __future__ import annotations

import random
import re
import time
from urllib.parse import urlencode

from _agenda_search.searches import measure as interleaved

from _jobs_search.fill import DEPARTMENTS
from _jobs_search.words import TOWNS

RADIUS_KM = 30
# As candidates type them: lower case, no accents, sometimes several words.
WORDS = [
    "boulanger",
    "infirmiere de nuit",
    "infirmier",
    "aide-soignante",
    "aide soignant ehpad",
    "cariste",
    "comptable",
    "developpeur",
    "electricien",
    "chauffeur poids lourd",
    "serveuse",
    "agent d'entretien",
    "maraicher",
    "soudeur",
    "vendeuse",
    "mecanicien agricole",
    "assistante maternelle",
    "cuisinier",
    "aide a domicile",
    "preparateur de commandes",
    "patissiere",
    "macon",
    "plombier",
    "technicien de maintenance",
    "ostreiculteur",
    "hotesse de caisse",
    "charpentier",  # no such offer: a search that finds nothing
]

# key, label, how it is timed, its baseline
CASES = [
    ("listing", "Every online offer, newest first (baseline)", "selector"),
    ("radius", f"Within {RADIUS_KM} km of a commune, no words", "selector"),
    ("words", "Words, everywhere", "selector"),
    ("words_30km", f"Words within {RADIUS_KM} km of a commune", "selector"),
    ("page_listing", "/emploi/ (baseline)", "page"),
    ("page_radius", f"/emploi/?commune=…&rayon={RADIUS_KM}", "page"),
    ("page_words_30km", f"/emploi/?q=…&commune=…&rayon={RADIUS_KM}", "page"),
]
COUNT = re.compile(r'class="jobs-count"[^>]*>([^<]*?)\s*offres?\s*<')
BASELINE = {"selector": "listing", "page": "page_listing"}
TARGETS = ("words_30km", "page_words_30km")


class Instances:
    """Random instances: the words among WORDS, the commune half the time among the towns
    (where most candidates live), else among every positioned commune of the departments."""

    def __init__(self, seed):
        from rotative.geo.models import Commune

        self.rng = random.Random(seed)
        self.communes = list(
            Commune.objects.filter(department__in=DEPARTMENTS, latitude__isnull=False).order_by(
                "pk"
            )
        )
        self.towns = [commune for commune in self.communes if commune.insee in TOWNS]

    def draw(self, key):
        pool = self.towns if self.rng.random() < 0.5 else self.communes
        commune = self.rng.choice(pool)
        words = self.rng.choice(WORDS)
        around = f"{RADIUS_KM} km around {commune}"
        if key == "listing":
            return {}, "everywhere"
        if key == "radius":
            return {"commune": commune, "radius_km": RADIUS_KM}, around
        if key == "words":
            return {"words": words}, f"« {words} »"
        if key == "words_30km":
            return {
                "words": words,
                "commune": commune,
                "radius_km": RADIUS_KM,
            }, f"« {words} », {around}"
        if key == "page_listing":
            return {"path": "/emploi/"}, "everywhere"
        query = {"commune": str(commune), "rayon": RADIUS_KM}
        if key == "page_words_30km":
            query = {"q": words, **query}
            return {"path": f"/emploi/?{urlencode(query)}"}, f"« {words} », {around}"
        return {"path": f"/emploi/?{urlencode(query)}"}, around


def run_selector(instance):
    """What the search view asks of the selector: the page (its count first), then its rows."""
    from rotative.jobs import selectors

    t0 = time.perf_counter()
    page = selectors.offer_search(filters=selectors.OfferFilters(**instance), page=1)
    rows = list(page.object_list)
    seconds = time.perf_counter() - t0
    return seconds, {"total": page.paginator.count, "page": len(rows)}


class PageClient:
    def __init__(self):
        from django.test import Client

        self.client = Client(HTTP_HOST="127.0.0.1")

    def __call__(self, instance):
        t0 = time.perf_counter()
        response = self.client.get(instance["path"])
        seconds = time.perf_counter() - t0
        if response.status_code != 200:
            raise RuntimeError(f"{instance['path']} answered {response.status_code}")
        content = response.content.decode()
        if "form-errors" in content:
            raise RuntimeError(f"{instance['path']}: the form refused the search")
        count = COUNT.search(content)
        total = int(re.sub(r"\D", "", count.group(1))) if count else None
        return seconds, {"total": total, "page": content.count('class="jobs-card"')}


def measure(instances, *, runs, warmup, budget_s, log):
    """The agenda bench's interleaved rounds, on these cases."""
    return interleaved(
        instances,
        runs=runs,
        warmup=warmup,
        budget_s=budget_s,
        log=log,
        cases=CASES,
        run={"selector": run_selector, "page": PageClient()},
    )


def explain(instance) -> dict:
    """EXPLAIN (ANALYZE, BUFFERS) of every statement of a selector instance."""
    from django.db import connection

    captured = []

    def keep(execute, statement, params, many, context):
        t0 = time.perf_counter()
        try:
            return execute(statement, params, many, context)
        finally:
            captured.append((time.perf_counter() - t0, statement, params))

    with connection.execute_wrapper(keep):
        run_selector(instance)
    plans = []
    with connection.cursor() as cursor:
        for _seconds, statement, params in captured:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, params)
            plan = [row[0] for row in cursor.fetchall()]
            plans.append({"sql": cursor.mogrify(statement, params), "plan": plan})
    return {"ms": [round(item[0] * 1000, 1) for item in captured], "statements": plans}
