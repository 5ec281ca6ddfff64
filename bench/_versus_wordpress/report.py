# ruff: noqa: E501  (Markdown lines read better unwrapped)
"""The Markdown of docs/performance.md's versus_wordpress section."""

from __future__ import annotations

from _common.report import fmt_ms, num

from _versus_wordpress.cases import LABELS

DOC_INTRO = """## Rotative against WordPress, in one run (`make bench-wordpress`)

`bench/versus_wordpress.py` measures stock WordPress (the peer `/work/shared/peers/wordpress.sh`
sets up from Debian's packages) and Rotative (production settings, uvicorn `--workers 2`,
Varnish with `deploy/varnish/`) with 100,000 articles each, on the same machine, interleaved.

"""
GROUPS = {
    "Rotative: uvicorn (supervisor + 2 workers)": ("uvicorn",),
    "Rotative: Varnish": ("varnishd",),
    "WordPress: php-fpm + nginx + MariaDB": ("php-fpm", "nginx#", "mariadb"),
    "bench nginx (the file)": ("bench-nginx",),
}


def errors(run: dict) -> str:
    return f"{run.get('non_2xx', 0)} / {run.get('timeouts', 0)} / {run.get('socket_errors', 0)}"


def ratio(a, b):
    return f"{a / b:.2f}×" if a and b else "—"


def markdown(results: dict) -> str:
    runs = results["runs"]
    m = results["machine"]
    lines = [
        f"Run {results['date']}, `{results['command']}`, {results['elapsed_s']:.0f} s. Machine: {m['cpus']} CPUs ({m.get('cpu')}), "
        f"{m.get('ram_gib')} GiB, PostgreSQL {m['postgres']}, {m.get('varnish', 'Varnish ?')}, {m.get('nginx', '')}, wrk {m.get('wrk', '?')}; "
        f"shared with other work: load average at each run below. WordPress post #{results['wordpress']['post']['id']} "
        f"({results['wordpress']['post']['posts']:,} posts), Rotative article #{results['rotative']['id']} "
        f"({results['fill'].get('articles', '?'):,} articles). Matches: WordPress « maire » {results['wordpress']['matches']['maire']:,}, "
        f"« tempête » {results['wordpress']['matches']['tempête']:,}, so its « tempête » run searches "
        f"« {results['params']['wordpress_word']} » ({results['wordpress']['matches'][results['params']['wordpress_word']]:,}; LIKE on title and content).",
        "",
        "### Uncached pages: Rotative ÷ WordPress (`wrk -t2 -c32`, req/s)",
        "",
        "| case | pass | WordPress req/s | p50 ms | p99 ms | errors (non-2xx / timeouts / socket) | Rotative req/s | p50 ms | p99 ms | errors | Rotative ÷ WordPress | load avg |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for run in runs:
        if run["key"] not in ("article", "home", "search_maire", "search_tempete"):
            continue
        wp, rot = run["sides"]["WordPress"], run["sides"]["Rotative"]
        lines.append(
            f"| {LABELS[run['key']]} | {run['pass']} | {num(wp['rps'])} | {fmt_ms(wp['p50_ms'])} | {fmt_ms(wp['p99_ms'])} | {errors(wp)} "
            f"| {num(rot['rps'])} | {fmt_ms(rot['p50_ms'])} | {fmt_ms(rot['p99_ms'])} | {errors(rot)} | **{ratio(rot['rps'], wp['rps'])}** | {rot['loadavg'][0]} |"
        )
    cached = [r for r in runs if r["key"] in ("cached", "cached_gzip")]
    if cached:
        lines += [
            "",
            f"### Cached article: Varnish ÷ nginx serving the same bytes as a file ({results['page_bytes']['plain']:,} bytes; gzip {results['page_bytes']['gzip']:,})",
            "",
            "| case | pass | nginx req/s | p50 ms | p99 ms | errors | Varnish req/s | p50 ms | p99 ms | errors | Varnish ÷ nginx | load avg |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for run in cached:
            ng, va = run["sides"]["nginx (file)"], run["sides"]["Varnish"]
            lines.append(
                f"| {LABELS[run['key']]} | {run['pass']} | {num(ng['rps'])} | {fmt_ms(ng['p50_ms'])} | {fmt_ms(ng['p99_ms'])} | {errors(ng)} "
                f"| {num(va['rps'])} | {fmt_ms(va['p50_ms'])} | {fmt_ms(va['p99_ms'])} | {errors(va)} | **{ratio(va['rps'], ng['rps'])}** | {va['loadavg'][0]} |"
            )
    opened = [r for r in runs if r["key"] == "p99_article"]
    if opened:
        rate = results["params"]["rate"]
        lines += [
            "",
            f"### Article uncached at a constant {rate:g} req/s (open loop: the bench's asyncio generator; latency from each request's scheduled time)",
            "",
            "| side | pass | answered / sent | p50 ms | p90 ms | p99 ms | max ms | errors |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for run in opened:
            for name, r in run["sides"].items():
                lines.append(
                    f"| {name} | {run['pass']} | {r['answered']} / {r['sent']} | {fmt_ms(r['p50_ms'])} | {fmt_ms(r['p90_ms'])} | **{fmt_ms(r['p99_ms'])}** | {fmt_ms(r['max_ms'])} | {errors(r)} |"
                )
    single = [r for r in runs if r["key"] == "single_maire"]
    if single:
        lines += [
            "",
            "### Search « maire » alone (one request at a time, fresh connection)",
            "",
            "| pass | WordPress median ms | Rotative median ms | Rotative max ms | WordPress ÷ Rotative |",
            "|---|---|---|---|---|",
        ]
        for run in single:
            wp, rot = run["sides"]["WordPress"], run["sides"]["Rotative"]
            lines.append(
                f"| {run['pass']} | {fmt_ms(wp['median_ms'])} | {fmt_ms(rot['median_ms'])} | {fmt_ms(rot['max_ms'])} | **{ratio(wp['median_ms'], rot['median_ms'])}** |"
            )
    lines += memory_section(results)
    lines += varnish_section(runs)
    lines += notes(results)
    return "\n".join(lines)


def memory_section(results: dict) -> list[str]:
    idle = results["idle"]
    ends = [
        side["at_end"]
        for run in results["runs"]
        for side in run["sides"].values()
        if "at_end" in side
    ]
    mids = [
        side["under_load"]
        for run in results["runs"]
        for side in run["sides"].values()
        if side.get("under_load")
    ]
    lines = [
        "",
        "### Memory (RSS and PSS, MiB) and database connections",
        "",
        "| processes | idle RSS | idle PSS | after load RSS (max) | after load PSS (max) |",
        "|---|---|---|---|---|",
    ]
    for label, prefixes in GROUPS.items():
        rows = [
            {k: v for k, v in snap["memory"].items() if k.startswith(prefixes)}
            for snap in [idle, *ends]
        ]
        sums = [
            (
                sum(r["rss_mib"] for r in row.values()),
                sum(r["pss_mib"] for r in row.values()),
                len(row),
            )
            for row in rows
        ]
        if not sums[0][2] and not any(s[2] for s in sums):
            continue
        late = sums[1:] or [(0, 0, 0)]
        lines.append(
            f"| {label} ({sums[0][2]} idle) | {sums[0][0]:.0f} | {sums[0][1]:.0f} | {max(s[0] for s in late):.0f} | {max(s[1] for s in late):.0f} |"
        )
    per = {}
    for snap in [idle, *ends]:
        for name, row in snap["memory"].items():
            if name.startswith(("uvicorn", "varnishd")):
                per.setdefault(name, []).append(row)
    lines.append("")
    lines.append(
        "Per process (idle → max after load, RSS / PSS): "
        + "; ".join(
            f"{name} {rows[0]['rss_mib']:.0f}/{rows[0]['pss_mib']:.0f} → {max(r['rss_mib'] for r in rows):.0f}/{max(r['pss_mib'] for r in rows):.0f}"
            for name, rows in per.items()
        )
        + "."
    )
    peak: dict[str, int] = {}
    for snap in [idle, *mids, *ends]:
        for name, states in snap["pg"]["per_process"].items():
            peak[name] = max(peak.get(name, 0), sum(states.values()))
    mariadb = max(
        (s["mariadb"].get("threads_connected", 0) for s in [idle, *mids, *ends]), default=0
    )
    idle_pg = {name: sum(states.values()) for name, states in idle["pg"]["per_process"].items()}
    lines.append("")
    lines.append(
        f"PostgreSQL connections per web process, idle: {idle_pg or 'none'}; peak (half-way and end of each run): {peak}. "
        f"MariaDB threads connected, peak: {mariadb} (idle {idle['mariadb'].get('threads_connected')})."
    )
    return lines


def varnish_section(runs: list[dict]) -> list[str]:
    rows = [
        (run, run["sides"]["Varnish"].get("varnishstat_delta", {}))
        for run in runs
        if run["key"].startswith("cached")
    ]
    if not rows:
        return []
    keys = [
        "MAIN.client_req",
        "MAIN.cache_hit",
        "MAIN.esi_req",
        "MAIN.n_gunzip",
        "MAIN.n_gzip",
        "MAIN.sess_queued",
        "MAIN.sess_dropped",
        "MAIN.threads",
    ]
    lines = [
        "",
        "### varnishstat during the cached runs (deltas; threads: at the end)",
        "",
        "| case | pass | " + " | ".join(k.removeprefix("MAIN.") for k in keys) + " |",
        "|---|---|" + "---|" * len(keys),
    ]
    for run, delta in rows:
        lines.append(
            f"| {run['key']} | {run['pass']} | "
            + " | ".join(str(delta.get(k, "—")) for k in keys)
            + " |"
        )
    return lines


def notes(results: dict) -> list[str]:
    p = results["params"]
    return [
        "",
        "How it is measured: each side gets a warm-up "
        f"(`wrk -c2`, {p['warmup']:g} s), then the bench waits until the servers' own processes "
        "(uvicorn, Varnish, PostgreSQL backends of the bench database, php-fpm, nginx, MariaDB) use "
        "less than 10 % of a core and no query runs (wordpress.sh's drain; the whole machine is not "
        f"the test, other work shares it), then `wrk -t2 -c{p['connections']} -d{p['duration']:g}s "
        f"--timeout {p['timeout']:g}s` with wordpress.sh's `done()` report. Sides alternate, the "
        "second pass starting with the other one. No `Accept-Encoding` unless said (as wrk and "
        "wordpress.sh). Rotative is asked with `Host: www.example.fr` and `X-Forwarded-Proto: https` "
        "(what Varnish and the TLS terminator pass on). Errors: non-2xx / timeouts / socket errors. "
        "Memory: RSS and PSS from /proc/<pid>/smaps_rollup, idle before the first run and at the end "
        "of every run; PostgreSQL connections from pg_stat_activity matched to their process with "
        "`ss -tnp`, half-way through and at the end of every run.",
    ]
