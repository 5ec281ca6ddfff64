# ruff: noqa: E501  (Markdown lines read better unwrapped)
"""The Markdown section of docs/performance.md."""

from __future__ import annotations

from _common.report import fmt_ms

from _agenda_search.searches import BASELINE, CASES

TARGET_P95_MS = 50.0  # from the brief: « ce week-end à moins de 30 km » p95 under 50 ms
TARGETS = ("weekend_30km", "page_weekend_30km")
NOISE = ("Planning:", "Buffers: shared hit", "Worker ", "Batches:", "Sort Method", "Workers ")


def plan_excerpt(plan, lines=18, width=240):
    kept = [
        line if len(line) <= width else line[:width] + " …"
        for line in plan
        if not line.lstrip().startswith(NOISE)
    ][:lines]
    tail = [line for line in plan if line.startswith(("Planning Time", "Execution Time", "JIT:"))]
    return "\n".join(kept + [line for line in tail if line not in kept])


def table(measured):
    lines = [
        "| Search | Timed | Runs | p50 ms | p95 ms | p99 ms | p95 ÷ baseline p95 | Dates found (median) | p95 ≤ 50 ms |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for key, _label, how in CASES:
        case = measured[key]
        base = measured[BASELINE[how]]["ms"]["p95"]
        runs = f"{case['runs']}{' ⏱' if case['stopped_by_budget'] else ''}"
        found = case["rows"]["total_median"]
        found = (
            f"{int(found):,}" if found is not None else f"{int(case['rows']['page_median'])} shown"
        )
        ok = "yes" if case["ms"]["p95"] <= TARGET_P95_MS else "**no**"
        name = f"**{case['label']}**" if key in TARGETS else case["label"]
        lines.append(
            f"| {name} | {'selector' if how == 'selector' else 'page'} | {runs} | {fmt_ms(case['ms']['p50'])} | "
            f"{fmt_ms(case['ms']['p95'])} | {fmt_ms(case['ms']['p99'])} | {case['ms']['p95'] / base:,.1f}× | {found} | {ok} |"
        )
    return "\n".join(lines)


def markdown(results):
    measured, fill, data = results["measured"], results["fill"], results["data"]
    machine = results["machine"]
    check = results["check"]
    if fill.get("reused"):
        first = f"Fill: reused from an earlier run (filled {fill['filled_at']})."
    else:
        first = (
            f"Fill: **{fill['total_s']:.0f} s** (not a target): migrate {results['migrate_s']:.0f} s, "
            f"communes by `manage.py geo_load` {results['communes']['seconds']:.0f} s, "
            f"{fill['events']:,} events through the ORM {fill['events_s']:.0f} s, their dates expanded by "
            f"`agenda.recurrence.occurrences_expand` in worker processes and copied {fill['occurrences_s']:.0f} s, "
            f"indexes {fill['indexes_s']:.0f} s, VACUUM ANALYZE {fill['vacuum_analyze_s']:.0f} s."
        )
    out = [
        f"Run of {results['date']} on {machine['cpus']} CPU cores (Python {machine['python']}, PostgreSQL "
        f"{machine['postgres']}), database `{results['params']['database']}`: `{results['command']}`.",
        "",
        first,
        "",
        f"Data: {data['events']:,} events ({data['recurring']:,} recurring: weekly, weekly until a date, "
        "every other week, monthly « 1er dimanche », daily for a season; the others once, on a few dates, "
        f"or as exhibitions of one to eight weeks), at {results['fill_counts']['venues']:,} venues in the "
        f"{results['fill_counts']['communes']:,} communes of the Calvados, Eure, Manche, Orne and "
        f"Seine-Maritime; **{data['occurrences']:,} dates** materialised ({data['visible']:,} visible: the "
        f"others are waiting or refused), table {data['table_mib']:,} MiB, {data['with_indexes_mib']:,} MiB "
        f"with its indexes. Check: {check['events']} events drawn at random, their dates rewritten by "
        f"`services.occurrences_regenerate` (rolled back), give the rows the fill wrote: "
        + (
            "**all identical**."
            if not check["differ"]
            else f"**{len(check['differ'])} differ** ({check['differ'][:10]})."
        ),
        "",
        f"Each search: {results['params']['runs']} random instances (a commune drawn among the rows of the "
        f"five departments) after {results['params']['warmup']} untimed ones, all searches interleaved "
        f"({results['params']['budget_s']:.0f} s at most each), the window computed at the time of the run. "
        "*Selector*: `agenda.selectors.events_between(...)` as the listing calls it, then its page's rows "
        "(the paginator's count, the 20 dates with their event, venue and commune, and for a radius the "
        "positions in the box). *Page*: the whole `/agenda/` request through Django's test client in the "
        "bench's process (routing, middleware, form, the commune typed resolved, selector, template). "
        "Baselines: the same weekend everywhere, without commune or radius (selector and page).",
        "",
        table(measured),
        "",
    ]
    if any(case["stopped_by_budget"] for case in measured.values()):
        out += ["⏱: stopped by the per-search time budget before the run count.", ""]
    slow = measured["weekend_30km"]["slowest"]
    plan = results["plan"]
    out += [
        f"Slowest instance of « ce week-end à moins de 30 km »: {slow['instance']}, {slow['ms']} ms, "
        f"{slow['rows']['total']:,} dates. Its statements took {', '.join(map(str, plan['ms']))} ms when "
        "run again; the plan of the slowest one:",
        "",
        "```",
        plan_excerpt(plan["plan"]),
        "```",
        "",
    ]
    missing = [
        measured[key]["label"] for key in TARGETS if measured[key]["ms"]["p95"] > TARGET_P95_MS
    ]
    out.append(
        "Target, p95 ≤ 50 ms for « ce week-end à moins de 30 km », selector and page: "
        + ("**reached**." if not missing else "**not reached** for " + "; ".join(missing) + ".")
    )
    return "\n".join(out)
