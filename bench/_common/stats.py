"""Percentiles and latency summaries."""

from __future__ import annotations

import math
import statistics


def pct(values, q):
    """The value at rank round(q × (n − 1)) of the sorted values (q from 0 to 1)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def pct_rank(values, p):
    """Nearest-rank percentile (p from 0 to 100): the news pages bench's definition."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


FIGURES = {
    "mean": statistics.fmean,
    "median": statistics.median,
    "p95": lambda ms: pct(ms, 0.95),
    "max": max,
}


def ms_summary(seconds, *figures: str) -> dict:
    """n and the named figures (mean, median, p95, max) of `seconds`, in ms to 2 decimals."""
    if not seconds:
        return {"n": 0}
    ms = [s * 1000 for s in seconds]
    return {"n": len(ms), **{f"{name}_ms": round(FIGURES[name](ms), 2) for name in figures}}
