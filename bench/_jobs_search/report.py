# ruff: noqa: E501  (Markdown lines read better unwrapped)
"""The Markdown section of docs/performance.md."""

from __future__ import annotations

from _agenda_search.report import plan_excerpt
from _common.report import fmt_ms

from _jobs_search.searches import BASELINE, CASES, RADIUS_KM, TARGETS

TARGET_P95_MS = 50.0  # from the issue: a search by words + radius, p95 under 50 ms


def table(measured):
    lines = [
        "| Search | Timed | Runs | p50 ms | p95 ms | p99 ms | p95 ÷ baseline p95 | Offers found (median) | p95 ≤ 50 ms |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for key, _label, how in CASES:
        case = measured[key]
        base = measured[BASELINE[how]]["ms"]["p95"]
        runs = f"{case['runs']}{' ⏱' if case['stopped_by_budget'] else ''}"
        found = case["rows"]["total_median"]
        ok = "yes" if case["ms"]["p95"] <= TARGET_P95_MS else "**no**"
        name = f"**{case['label']}**" if key in TARGETS else case["label"]
        lines.append(
            f"| {name} | {how} | {runs} | {fmt_ms(case['ms']['p50'])} | {fmt_ms(case['ms']['p95'])} | "
            f"{fmt_ms(case['ms']['p99'])} | {case['ms']['p95'] / base:,.2f}× | {int(found):,} | {ok} |"
        )
    return "\n".join(lines)


def fill_line(results):
    fill = results["fill"]
    if fill.get("reused"):
        return f"Fill: reused from an earlier run (filled {fill['filled_at']})."
    return (
        f"Fill: **{fill['total_s']:.0f} s** (not a target): migrate {results['migrate_s']:.0f} s, "
        f"communes by `geo.services.communes_load` {results['communes']['seconds']:.0f} s, "
        f"{fill['employers']:,} verified employers {fill['employers_s']:.0f} s, {fill['offers']:,} offers "
        f"through the ORM {fill['offers_s']:.0f} s, indexes {fill['indexes_s']:.0f} s, "
        f"VACUUM ANALYZE {fill['vacuum_analyze_s']:.0f} s."
    )


def markdown(results):
    measured, data, machine = results["measured"], results["data"], results["machine"]
    load = ", ".join(f"{value:.1f}" for value in machine["load_average"])
    indexes = ", ".join(f"`{name}` {size:,.0f} MiB" for name, size in data["indexes_mib"].items())
    out = [
        f"Run of {results['date']} on {machine['cpus']} CPU cores (Python {machine['python']}, PostgreSQL "
        f"{machine['postgres']}; load average {load} at the end, the machine shared with other runs), "
        f"database `{results['params']['database']}`: `{results['command']}`.",
        "",
        fill_line(results),
        "",
        f"Data: **{data['offers']:,} offers** ({data['online']:,} online; {data['expired']:,} expired or past "
        f"their end; the others waiting, refused or drafts) from {results['fill_counts']['employers']:,} "
        f"employers at {results['fill_counts']['communes']:,} communes of the Calvados, Eure, Manche, Orne and "
        f"Seine-Maritime (45 % of them in 30 towns, Caen, Rouen and Le Havre first); {data['fully_remote']:,} "
        f"fully remote (found from every commune), {data['on_profile']:,} « selon profil ». Titles, "
        f"descriptions and profiles from the bench's word lists, {data['text_chars_mean']:,} folded characters "
        f"on average. Table {data['table_mib']:,} MiB, {data['with_indexes_mib']:,} MiB with its indexes "
        f"({indexes}).",
        "",
        f"Each search: {results['params']['runs']} random instances after {results['params']['warmup']} "
        f"untimed ones, all searches interleaved ({results['params']['budget_s']:.0f} s at most each). The words "
        f"are drawn among {results['words']} searches typed without accents (« boulanger », « infirmiere de "
        "nuit », « chauffeur poids lourd », one that finds nothing…); the commune half the time among the 30 "
        "towns, else among every commune of the five departments. *Selector*: "
        "`jobs.selectors.offer_search(...)` as the search page calls it, then its page's rows (the page's ids "
        "with the count of the matches, then the 20 offers with their commune and employer). *Page*: the whole `/emploi/` request "
        "through Django's test client in the bench's process (routing, middleware, form, the commune typed "
        "resolved, selector, template). Baselines: every online offer, newest first (selector and page).",
        "",
        table(measured),
        "",
    ]
    if any(case["stopped_by_budget"] for case in measured.values()):
        out += ["⏱: stopped by the per-search time budget before the run count.", ""]
    slow = measured["words_30km"]["slowest"]
    plan = results["plan"]
    slowest = max(range(len(plan["ms"])), key=plan["ms"].__getitem__)
    out += [
        f"Slowest « words within {RADIUS_KM} km »: {slow['instance']}, {slow['ms']} ms, "
        f"{slow['rows']['total']:,} offers. Its statements took {', '.join(map(str, plan['ms']))} ms when run "
        "again; the plan of the slowest one:",
        "",
        "```",
        plan_excerpt(plan["statements"][slowest]["plan"]),
        "```",
        "",
    ]
    missing = [
        measured[key]["label"] for key in TARGETS if measured[key]["ms"]["p95"] > TARGET_P95_MS
    ]
    out.append(
        f"Target, p95 ≤ 50 ms for words within {RADIUS_KM} km, selector and page: "
        + ("**reached**." if not missing else "**not reached** for " + "; ".join(missing) + ".")
    )
    return "\n".join(out)
