"""The searches readers run, drawn at random, and their timing through the real selectors."""

from __future__ import annotations

import random
import statistics
import time

from _common.stats import ms_summary

from _classifieds_search.words import CATEGORIES, cum_weights, pick

PAGE_SIZE = 20  # views.PAGE_SIZE
FIGURES = ("median", "p95", "max")

WORDS = {
    "immobilier": [
        ("maison jardin", (100_000, 300_000)),
        ("maison garage", (80_000, 250_000)),
        ("appartement balcon", (60_000, 200_000)),
        ("terrain constructible", (20_000, 80_000)),
        ("longère", (100_000, 400_000)),
        ("maison plain-pied", (150_000, 350_000)),
        ("appartement terrasse", (100_000, 300_000)),
        ("cheminée", (100_000, 250_000)),
    ],
    "automobile": [
        ("peugeot 308", (5_000, 15_000)),
        ("clio diesel", (2_000, 10_000)),
        ("golf", (5_000, 20_000)),
        ("duster", (6_000, 15_000)),
        ("yaris hybride", (8_000, 20_000)),
        ("camping-car", (20_000, 60_000)),
        ("première main", (3_000, 12_000)),
    ],
    "bonnes-affaires": [
        ("vélo électrique", (300, 1_500)),
        ("canapé", (50, 500)),
        ("poussette", (30, 300)),
        ("console", (50, 200)),
        ("lave-linge", (50, 300)),
        ("bois de chauffage", (100, 400)),
    ],
}
SEARCH_CATEGORY_CUM = cum_weights([50, 30, 20])


class Instances:
    """Random search instances; communes drawn like the ads' (uniform over positioned rows)."""

    def __init__(self, seed):
        from rotative.geo.models import Commune

        self.rng = random.Random(seed)
        self.communes = list(Commune.objects.filter(latitude__isnull=False).order_by("pk"))

    def category(self):
        return pick(self.rng, CATEGORIES, SEARCH_CATEGORY_CUM)

    def department(self):
        return self.rng.choice(self.communes).department

    def words(self):
        from rotative.classifieds.selectors import AdFilters

        category = self.category()
        words, (low, high) = self.rng.choice(WORDS[category])
        return AdFilters(
            category=category,
            department=self.department(),
            words=words,
            ranges={"price": (low, high)},
        ), f"{category}, dept {{dep}}, {low:,}–{high:,} €, « {words} »"

    def radius(self):
        from rotative.classifieds.selectors import AdFilters

        commune = self.rng.choice(self.communes)
        category = "immobilier" if self.rng.random() < 0.5 else ""
        return AdFilters(category=category, commune=commune, radius_km=20, sort="recent"), (
            f"{category or 'all categories'}, 20 km around {commune}"
        )

    def price(self):
        from rotative.classifieds.selectors import AdFilters

        category = self.category()
        return AdFilters(category=category, sort="prix-croissant"), f"{category}, by price"

    def price_department(self):
        from rotative.classifieds.selectors import AdFilters

        category = self.category()
        department = self.department()
        return AdFilters(category=category, department=department, sort="prix-croissant"), (
            f"{category}, dept {department}, by price"
        )

    def listing(self):
        from rotative.classifieds.selectors import AdFilters

        category = self.category()
        return AdFilters(category=category, sort="recent"), f"{category}, newest first"


CASES = [  # key, label, Instances method
    ("listing", "Category, newest first (baseline)", "listing"),
    ("words", "Category + department + price range + words", "words"),
    ("radius", "20 km around a commune, newest first", "radius"),
    ("price", "Category by price ascending", "price"),
    ("price_department", "Category + department by price ascending", "price_department"),
]
PARTS = ("counts", "page")
PART_LABELS = {
    "counts": "ad_counts() (also the total)",
    "page": "first page (20 ads)",
    "total": "search page (sum)",
}


def describe(filters, label):
    if "{dep}" in label:
        label = label.replace("{dep}", filters.department)
    return label


def run_instance(filters):
    """Times the search page's queries as `views.search` runs them; returns (seconds, rows).

    The page asks `ad_counts` first (one count per category, cached a minute when the search
    has no filter but the category) and takes the paginator's total from it, then reads the
    first page.
    """
    from rotative.classifieds.selectors import ad_counts, ad_search

    t0 = time.perf_counter()
    counts = ad_counts(filters=filters)
    t1 = time.perf_counter()
    page = list(ad_search(filters=filters)[:PAGE_SIZE])
    t2 = time.perf_counter()
    total = counts[filters.category] if filters.category else sum(counts.values())
    return {"counts": t1 - t0, "page": t2 - t1}, {"page": len(page), "counts": total}


def measure(instances, *, runs, warmup, budget_s, log, phase):
    """Interleaved random instances of every case; each case stops at its time budget."""
    drawn = {key: [] for key, _label, _method in CASES}
    for key, _label, method in CASES:
        for _ in range(warmup + runs):
            drawn[key].append(getattr(instances, method)())
    for key, _label, _method in CASES:  # warm-up: not timed
        for filters, _text in drawn[key][:warmup]:
            run_instance(filters)
    started = time.monotonic()
    results = timed_rounds(drawn, runs=runs, warmup=warmup, budget_s=budget_s)
    log(f"{phase}: measured in {time.monotonic() - started:.1f} s")
    out = {}
    for key, label, _method in CASES:
        out[key] = case_summary(results[key], label)
        summary_line = ", ".join(
            f"{part} {out[key][part]['median_ms']}/{out[key][part]['p95_ms']}"
            for part in (*PARTS, "total")
        )
        log(f"  {key}: median/p95 ms {summary_line}")
    return out


def timed_rounds(drawn, *, runs, warmup, budget_s):
    """Round after round, one instance of each case: times, rows and the instance."""
    results = {
        key: {"times": [], "rows": [], "instances": [], "spent": 0.0, "stopped": False}
        for key, _l, _m in CASES
    }
    for number in range(runs):
        for key, _label, _method in CASES:
            state = results[key]
            if state["spent"] > budget_s:
                state["stopped"] = True
                continue
            filters, text = drawn[key][warmup + number]
            t0 = time.monotonic()
            times, rows = run_instance(filters)
            state["spent"] += time.monotonic() - t0
            state["times"].append(times)
            state["rows"].append(rows)
            state["instances"].append((filters, describe(filters, text)))
    return results


def case_summary(state, label):
    """Median, p95 and max of each part and of their sum; rows; the slowest instance."""
    per_part = {part: [t[part] for t in state["times"]] for part in PARTS}
    totals = [sum(t.values()) for t in state["times"]]
    slowest = max(range(len(totals)), key=totals.__getitem__)
    return {
        "label": label,
        "runs": len(totals),
        "stopped_by_budget": state["stopped"],
        **{part: ms_summary(per_part[part], *FIGURES) for part in PARTS},
        "total": ms_summary(totals, *FIGURES),
        "rows": {
            part: {
                "median": statistics.median(r[part] for r in state["rows"]),
                "max": max(r[part] for r in state["rows"]),
            }
            for part in PARTS
        },
        "slowest": {
            "instance": state["instances"][slowest][1],
            "ms": {part: round(state["times"][slowest][part] * 1000, 1) for part in PARTS},
            "rows": state["rows"][slowest],
        },
        "_slowest_filters": state["instances"][slowest][0],
    }


def explain_instance(filters):
    """EXPLAIN (ANALYZE, BUFFERS) of the statements of one search page."""
    from django.core.cache import cache
    from django.db import connection

    from rotative.classifieds.selectors import ad_counts, ad_search

    captured = []

    def keep(execute, statement, params, many, context):
        captured.append((statement, params))
        return execute(statement, params, many, context)

    plans = {}
    for part, call in (
        ("counts", lambda: ad_counts(filters=filters)),
        ("page", lambda: list(ad_search(filters=filters)[:PAGE_SIZE])),
    ):
        cache.clear()  # the plan of the statement itself, not of a cache hit
        captured.clear()
        with connection.execute_wrapper(keep):
            call()
        # The search's own statement comes first (the page then prefetches its photos).
        statement, params = captured[0]
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, params)
            plan = [row[0] for row in cursor.fetchall()]
            sql_text = cursor.mogrify(statement, params)
        plans[part] = {"sql": sql_text, "plan": plan, "statements": len(captured)}
    return plans
