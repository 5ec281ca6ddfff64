# ruff: noqa: E501  (log lines read better unwrapped)
"""The searches readers run, drawn at random, timed through the real selector and through the
real page (Django's test client in this process: routing, form, commune, selector, template)."""

from __future__ import annotations

import random
import statistics
import time
from datetime import timedelta
from urllib.parse import urlencode

from _common.stats import pct

from _agenda_search.events import CATEGORY_NAMES
from _agenda_search.fill import DEPARTMENTS

RADIUS_KM = 30
FIGURES = {"p50": 0.50, "p95": 0.95, "p99": 0.99}

# key, label, what is searched, how it is timed
CASES = [
    ("weekend", "Ce week-end, everywhere (baseline)", "selector"),
    ("weekend_commune", "Ce week-end, in the commune", "selector"),
    ("weekend_30km", f"Ce week-end, within {RADIUS_KM} km of the commune", "selector"),
    ("upcoming_30km_category", f"Next 60 days, one category, within {RADIUS_KM} km", "selector"),
    ("page_weekend", "/agenda/?quand=ce-week-end (baseline)", "page"),
    ("page_weekend_30km", f"/agenda/?quand=ce-week-end&commune=…&rayon={RADIUS_KM}", "page"),
]
BASELINE = {"selector": "weekend", "page": "page_weekend"}


class Instances:
    """Random instances; the commune drawn among the positioned rows of the bench's departments."""

    def __init__(self, seed):
        from rotative.geo.models import Commune

        self.rng = random.Random(seed)
        self.communes = list(
            Commune.objects.filter(department__in=DEPARTMENTS, latitude__isnull=False).order_by(
                "pk"
            )
        )

    def draw(self, key):
        commune = self.rng.choice(self.communes)
        if key == "weekend":
            return {"when": "weekend"}, "everywhere"
        if key == "weekend_commune":
            return {"when": "weekend", "commune": commune}, str(commune)
        if key == "weekend_30km":
            return {
                "when": "weekend",
                "commune": commune,
                "radius_km": RADIUS_KM,
            }, f"{RADIUS_KM} km around {commune}"
        if key == "upcoming_30km_category":
            category = self.rng.choice(CATEGORY_NAMES)
            return {
                "when": "upcoming",
                "commune": commune,
                "radius_km": RADIUS_KM,
                "category": category,
            }, f"{category}, {RADIUS_KM} km around {commune}"
        if key == "page_weekend":
            return {"path": "/agenda/?quand=ce-week-end"}, "everywhere"
        query = urlencode({"quand": "ce-week-end", "commune": str(commune), "rayon": RADIUS_KM})
        return {"path": f"/agenda/?{query}"}, f"{RADIUS_KM} km around {commune}"


def window(when):
    from django.utils import timezone

    from rotative.agenda import selectors

    now = timezone.now()
    if when == "weekend":
        return selectors.weekend_window(now=now)
    return selectors.Window(now, now + timedelta(days=60))  # the listing's « Prochainement »


def run_selector(instance):
    """What the listing view asks of the selector: the page (its count first), then its rows."""
    from rotative.agenda import selectors

    t0 = time.perf_counter()
    span = window(instance["when"])
    page = selectors.events_between(
        start=span.start,
        end=span.end,
        commune=instance.get("commune"),
        radius_km=instance.get("radius_km"),
        category=instance.get("category"),
        page=1,
    )
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
        return seconds, {"total": None, "page": content.count('class="agenda-card"')}


def measure(instances, *, runs, warmup, budget_s, log, cases=None, run=None):
    """Interleaved random instances of every case, after untimed ones; each case stops at
    its time budget. `cases` and `run` (how each kind of case is timed) default to the
    agenda's; the jobs bench passes its own."""
    from _common.db import sql

    # A search that runs away (the radius before migration 0004 could take minutes) stops the
    # bench with its statement instead of holding it.
    sql("SET statement_timeout = '30s'")
    cases = CASES if cases is None else cases
    run = run or {"selector": run_selector, "page": PageClient()}
    drawn = {
        key: [instances.draw(key) for _ in range(warmup + runs)] for key, _label, _how in cases
    }
    for key, _label, how in cases:
        for instance, _text in drawn[key][:warmup]:
            run[how](instance)
    state = {
        key: {"times": [], "rows": [], "texts": [], "instances": [], "spent": 0.0, "stopped": False}
        for key, _l, _h in cases
    }
    started = time.monotonic()
    for number in range(runs):
        for key, _label, how in cases:
            case = state[key]
            if case["spent"] > budget_s:
                case["stopped"] = True
                continue
            instance, text = drawn[key][warmup + number]
            seconds, rows = run[how](instance)
            case["spent"] += seconds
            case["times"].append(seconds)
            case["rows"].append(rows)
            case["texts"].append(text)
            case["instances"].append(instance)
    log(f"measured in {time.monotonic() - started:.1f} s")
    out = {}
    for key, label, how in cases:
        out[key] = summary(state[key], label, how)
        figures = out[key]["ms"]
        log(
            f"  {key}: p50 {figures['p50']} ms, p95 {figures['p95']} ms, p99 {figures['p99']} ms ({out[key]['runs']} runs)"
        )
    return out


def summary(case, label, how):
    ms = [seconds * 1000 for seconds in case["times"]]
    slowest = max(range(len(ms)), key=ms.__getitem__)
    totals = [rows["total"] for rows in case["rows"] if rows["total"] is not None]
    return {
        "label": label,
        "how": how,
        "runs": len(ms),
        "stopped_by_budget": case["stopped"],
        "ms": {
            **{name: round(pct(ms, q), 2) for name, q in FIGURES.items()},
            "max": round(max(ms), 2),
        },
        "rows": {
            "total_median": statistics.median(totals) if totals else None,
            "total_max": max(totals) if totals else None,
            "page_median": statistics.median(rows["page"] for rows in case["rows"]),
            "empty_pages": sum(1 for rows in case["rows"] if rows["page"] == 0),
        },
        "slowest": {
            "instance": case["texts"][slowest],
            "ms": round(ms[slowest], 1),
            "rows": case["rows"][slowest],
        },
        "_slowest": case["instances"][slowest],
    }


def explain(instance) -> dict:
    """EXPLAIN (ANALYZE, BUFFERS) of the slowest statement of a selector instance."""
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
    _seconds, statement, params = max(captured, key=lambda item: item[0])
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, params)
        plan = [row[0] for row in cursor.fetchall()]
        text = cursor.mogrify(statement, params)
    return {
        "statements": len(captured),
        "sql": text,
        "plan": plan,
        "ms": [round(item[0] * 1000, 1) for item in captured],
    }
