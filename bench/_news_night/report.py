# ruff: noqa: E501  (Markdown lines read better unwrapped)
"""The night's figures: per endpoint, per phase (calm, each fault), memory, the newsroom and
the wire; the verdict (0 errors, flat memory); the Markdown of docs/performance.md."""

from __future__ import annotations

from _common.report import fmt_ms, num
from _common.stats import pct

RECOVERY_S = 10.0  # a fault's window runs this long after it ends: the site settling back
# Anonymous reading: what Varnish answers (from cache or the application).
READING = {
    "article",
    "home",
    "section",
    "tag",
    "live_page",
    "live_poll",
    "search",
    "ad_search",
    "view_beacon",
}

DOC_INTRO = """## A news night (production processes behind Varnish, faults injected)

`bench/news_night.py` deploys production the README's way (`.env.example` filled in, 2 web
processes and 2 workers by `deploy/Procfile`'s lines, PostgreSQL, a Redis of its own, Varnish
with `deploy/varnish/`, an SMTP sink) on the demo plus an archive of articles, then replays a
news night: anonymous readers (articles, home, sections, tags, En direct page and polling,
searches, ad searches) and readers holding the En direct stream, logged-in readers
commenting, sign-ups, editors publishing articles and live entries, the agency's wire
dropping NewsML-G2 files. During the load Redis is stopped, a worker SIGKILLed and replaced,
and every PostgreSQL connection of the site terminated. Latencies are measured at the client
(through Varnish); p99 during a fault is given as a ratio of the calm phase's p99 of the same
run, as absolute times on this shared 2-core machine are noisy. The bar: 0 errors (5xx,
unexpected 4xx, failed connections, failed editor actions, wire files not published, failed
background tasks) and web and worker processes that do not grow after the warm-up. Refusals
the site promises are counted apart: sign-up and login answer 503 while Redis is down (rate
limits fail closed), a comment is refused (400) when it comes too soon or while Redis is down,
a story whose comments are closed answers 403.

    make bench-night
    # or
    .venv/bin/python bench/news_night.py                          # 10 minutes, about 12 in all
    .venv/bin/python bench/news_night.py --minutes 1 --no-doc     # a short night, writes no doc

"""


def ms(seconds):
    return None if seconds is None else seconds * 1000


def figures(rows, span_s) -> dict:
    times = [r[2] for r in rows]
    return {
        "requests": len(rows),
        "per_s": round(len(rows) / span_s, 2) if span_s else None,
        "p50_ms": ms(pct(times, 0.50)),
        "p99_ms": ms(pct(times, 0.99)),
        "errors": sum(1 for r in rows if r[4] == "error"),
        "server_errors": sum(1 for r in rows if r[3] >= 500 and r[4] == "error"),
        "refused": sum(1 for r in rows if r[4] == "refused"),
    }


def analyse(rows, *, load_s, faults) -> dict:
    endpoints = {}
    for name in sorted({r[1] for r in rows}):
        endpoints[name] = figures([r for r in rows if r[1] == name], load_s)
    windows = [("calm", 0.0, faults[0]["start_s"] if faults else load_s)]
    windows += [(f["name"], f["start_s"], f["end_s"] + RECOVERY_S) for f in faults]
    phases = {}
    for name, start, end in windows:
        inside = [r for r in rows if start <= r[0] < end]
        reading = [r for r in inside if r[1] in READING]
        phases[name] = {
            "from_s": round(start, 1),
            "to_s": round(end, 1),
            **figures(inside, end - start),
            "reading": figures(reading, end - start),
        }
    calm_p99 = phases["calm"]["reading"]["p99_ms"]
    for phase in phases.values():
        p99 = phase["reading"]["p99_ms"]
        phase["reading"]["p99_vs_calm"] = round(p99 / calm_p99, 2) if p99 and calm_p99 else None
    return {"all": figures(rows, load_s), "endpoints": endpoints, "phases": phases}


def verdict(results, drift_bar) -> list[str]:
    """What failed the bar (empty: the night held)."""
    failures = []
    if results["traffic"]["all"]["errors"]:
        failures.append(f"{results['traffic']['all']['errors']} request errors")
    editors = results["newsroom"]["editor_errors"]
    if editors:
        failures.append(f"{editors} editor actions failed")
    wire = results["newsroom"]["wire"]
    if wire["quarantined"] or wire["published"] < wire["dropped_before_last_poll"]:
        failures.append(f"wire: {wire}")
    if results["tasks"].get("FAILED"):
        failures.append(f"{results['tasks']['FAILED']} background tasks failed")
    for row in results["memory"]:
        drift, level = row["drift_mib"], row["settled_mib"]
        if row["process"] != "varnishd" and drift is not None and drift > drift_bar * level:
            failures.append(
                f"{row['process']} grew {drift} MiB from {level} MiB (bar {drift_bar:.0%})"
            )
    return failures


def markdown(r) -> str:
    t = r["traffic"]
    lines = [
        f"Measured {r['date']} on {r['machine']['cpus']} CPUs (shared), PostgreSQL {r['machine']['postgres']}, "
        f"Python {r['machine']['python']}, load average {r['machine'].get('load_average', '—')} when it began: {r['params']['minutes']:g} min of load, "
        f"{r['params']['readers']} anonymous readers, {r['params']['streams']} open streams, "
        f"{r['params']['commenters']} commenters, sign-ups every ~{r['params']['signup_every']:.0f} s, "
        f"an article every ~{r['params']['article_every']:.0f} s and a live entry every ~{r['params']['live_every']:.0f} s, "
        f"the wire every ~{r['params']['wire_every']:.0f} s; {r['data']['articles']:,} articles online.",
        "",
        f"**Verdict: {'the night held (0 errors, flat memory)' if not r['failures'] else 'FAILED: ' + '; '.join(r['failures'])}.** "
        f"{t['all']['requests']:,} requests ({num(t['all']['per_s'])} req/s), {t['all']['errors']} errors, "
        f"{t['all']['refused']} expected refusals. Rerun: `{r['command']}`.",
        "",
        "| endpoint | requests | req/s | p50 ms | p99 ms | errors | refused |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, f in t["endpoints"].items():
        lines.append(
            f"| {name} | {f['requests']:,} | {num(f['per_s'], 2)} | {fmt_ms(f['p50_ms'])} | {fmt_ms(f['p99_ms'])} | {f['errors']} | {f['refused']} |"
        )
    lines += [
        "",
        "Phases (anonymous reading through Varnish; a fault's window runs 10 s past its end):",
        "",
        "| phase | window s | reading requests | p50 ms | p99 ms | p99 / calm | 5xx to readers | all errors | refused |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, p in t["phases"].items():
        rd = p["reading"]
        ratio = "1.00" if name == "calm" else num(rd["p99_vs_calm"], 2)
        lines.append(
            f"| {name} | {p['from_s']:.0f}–{p['to_s']:.0f} | {rd['requests']:,} | {fmt_ms(rd['p50_ms'])} | {fmt_ms(rd['p99_ms'])} | {ratio} | {rd['server_errors']} | {p['errors']} | {p['refused']} |"
        )
    lines += [
        "",
        f"Faults: {'; '.join(f['name'] + ' at ' + str(round(f['start_s'])) + ' s' + (' (' + f['detail'] + ')' if f['detail'] else '') for f in r['faults'])}.",
        "",
        f"Memory (RSS with children, sampled every {r['params']['rss_every']:.0f} s). Drift: the median of the last fifth of the load "
        f"minus the median of the fifth after the warm-up (the first {r['params']['warmup_share']:.0%}); the bar: at most "
        f"{r['params']['drift_bar']:.0%} of that settled level for web and worker processes (varnishd is bounded by its `-s malloc` size). "
        "The least-squares slope over the same samples is given too: a transient peak (a fault) moves it, not the drift.",
        "",
        "| process | start MiB | max MiB | settled MiB | end MiB | drift MiB | slope MiB/min |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for m in r["memory"]:
        slope = "—" if m["slope_mib_per_min"] is None else f"{m['slope_mib_per_min']:+.2f}"
        drift = "—" if m["drift_mib"] is None else f"{m['drift_mib']:+.1f}"
        settled = "—" if m["settled_mib"] is None else f"{m['settled_mib']:.0f}"
        lines.append(
            f"| {m['process']} (pid {m['pid']}) | {m['start_mib']:.0f} | {m['max_mib']:.0f} | {settled} | {m['end_mib']:.0f} | {drift} | {slope} |"
        )
    n, s = r["newsroom"], r["traffic"]["stream"]
    lines += [
        "",
        f"Newsroom: {n['articles']} articles and {n['live_entries']} live entries published ({n['editor_errors']} failures, "
        f"p99 {fmt_ms(n['publish_p99_ms'])} ms per article); wire: {n['wire']['dropped']} files dropped, "
        f"{n['wire']['published']} published, {n['wire']['quarantined']} quarantined. "
        f"Streams: {s['connections']} connections, {s['events']} events received, {s['drops']} ended and reopened. "
        f"Mail: {r['mail'].get('messages', 0)} messages received by the SMTP sink. Background tasks: {r['tasks']}. "
        f"Server log lines at ERROR or above: {len(r['server_log_errors'])}"
        + (f" ({'; '.join(sorted(set(r['server_log_errors'])))})" if r["server_log_errors"] else "")
        + ".",
    ]
    if r["notes"]:
        lines += ["", "Errors and refusals seen (endpoint, status, outcome: message):", ""]
        lines += [f"- {k} × {v}" for k, v in sorted(r["notes"].items(), key=lambda kv: -kv[1])[:15]]
    return "\n".join(lines)
