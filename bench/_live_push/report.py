# ruff: noqa: E501  (Markdown lines read better unwrapped)
"""The Markdown section of docs/performance.md."""

from __future__ import annotations

from _common.report import num

TARGET_CONNECTIONS = 5000  # from the issue: 5,000 connections on one process...
TARGET_P99_S = 1.0  # ... with p99 under one second


def mib(kib):
    return f"{kib / 1024:,.0f}" if kib else "—"


def ratio(x, base):
    if x is None or not base:
        return "—"
    return f"{x / base:,.1f}×"


def limit_sentence(r) -> str:
    levels = r["levels"]
    last = levels[-1]
    held_levels = [lv for lv in levels if lv["held_all"]]
    top = max((lv["connections"] for lv in held_levels), default=0)
    parts = []
    if last["failed"]:
        parts.append(
            f"climbing stopped at {last['connections']:,} connections: " + "; ".join(last["failed"])
        )
    else:
        parts.append(f"every level up to the last one ({last['connections']:,}) passed")
    srv = last["server"]
    share = srv.get("cpu_share_publish") or 0
    busy = last.get("machine_busy_publish") or 0
    clients = last.get("clients_cpu_share_publish") or 0
    if share >= 0.85:
        parts.append(
            f"the server process used {share:.0%} of a core while publishing "
            f"({num(srv.get('cpu_ms_per_event'), 0)} ms of CPU per event): fan-out in one Python "
            "process is CPU-bound"
        )
    else:
        parts.append(
            f"the server process used {share:.0%} of a core while publishing "
            f"({num(srv.get('cpu_ms_per_event'), 0)} ms of CPU per event)"
        )
    if busy >= 0.9:
        parts.append(
            f"the machine's {r['machine']['cpus']} cores were {busy:.0%} busy "
            f"(clients {clients:.0%} of a core), so the clients and PostgreSQL compete with the server"
        )
    fd_limit = r["server"].get("nofile_limit")
    if fd_limit and srv.get("fds") and srv["fds"] > 0.9 * fd_limit:
        parts.append(f"open files {srv['fds']:,} of a limit of {fd_limit:,}")
    return f"Most connections held with every event delivered: **{top:,}**. " + (
        "; ".join(parts)[:1].upper() + "; ".join(parts)[1:] + "."
    )


def markdown(r) -> str:
    lines = [*latency_lines(r), *resource_lines(r), *after_lines(r)]
    lines += [
        "",
        f"Load average (1 min) {r['loadavg_start'][0]} at the start and {r['loadavg_end'][0]} at "
        "the end, on a shared machine: the clients (two processes) and PostgreSQL run on the same "
        "2 cores as the server.",
        "",
        limit_sentence(r),
        "",
    ]
    t = r["target"]
    lines.append(
        f"Target from the issue, {TARGET_CONNECTIONS:,} connections on one process with p99 under "
        f"one second: "
        + (
            f"**reached** (p99 {num(t['p99_ms'], 0)} ms at {TARGET_CONNECTIONS:,} connections)."
            if t["reached"]
            else "**not reached** ("
            + (
                f"p99 {num(t['p99_ms'], 0)} ms at {TARGET_CONNECTIONS:,} connections"
                if t.get("p99_ms") is not None
                else f"{t['most_held']:,} connections held at most"
            )
            + ")."
        )
    )
    return "\n".join(lines)


def latency_lines(r) -> list[str]:
    """The run, and publish-to-receive latency per level against the baseline."""
    levels = r["levels"]
    base_lat = levels[0]["latency_ms"]
    lines = []
    lines += [
        f"Run of {r['date']} on {r['machine']['cpus']} CPU cores (Python {r['machine']['python']}, "
        f"PostgreSQL {r['machine']['postgres']}, uvicorn {r['machine']['uvicorn']} with uvloop and "
        f"httptools), database `{r['params']['database']}`, LIVE_BROKER=postgres, one server "
        f"process, {r['params']['workers']} client processes: `{r['command']}`.",
        "",
        f"Each level adds connections (200 at a time) to those already open, then publishes "
        f"{r['params']['events']} entries {r['params']['interval']} s apart. Latency runs from the "
        "return of `live_entry_publish` (after commit and NOTIFY) to the frame's arrival in a "
        "client, over every (connection, event); ratios are against the 1-connection baseline "
        "of the same run. Fan-out spread: per event, last receipt minus first, median over events.",
        "",
        "| Connections | Held | Failed / dropped | Receipts (missed) | p50 ms | p99 ms | max ms "
        "| p50 × base | p99 × base | Fan-out spread ms | Target |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for lv in levels:
        lat = lv["latency_ms"]
        fails = sum(lv["open"]["failures"].values())
        dropped = lv["dropped"] + lv["dropped_while_opening"]
        ok = (
            lv["held_all"]
            and lat["p99"] is not None
            and lat["p99"] < TARGET_P99_S * 1000
            and lv["connections"] >= TARGET_CONNECTIONS
        )
        mark = "**reached**" if ok else ("✗ " + lv["failed"][0] if lv["failed"] else "")
        lines.append(
            f"| {lv['connections']:,} | {lv['held']:,} | {fails:,} / {dropped:,} | "
            f"{lv['receipts']:,} ({lv['missed']:,}) | {num(lat['median'])} | {num(lat['p99'])} | "
            f"{num(lat['max'])} | {ratio(lat['median'], base_lat['median'])} | "
            f"{ratio(lat['p99'], base_lat['p99'])} | {num(lv['fanout_spread_ms']['median'])} | "
            f"{mark} |"
        )
    return lines


def resource_lines(r) -> list[str]:
    """Memory, files, sessions and CPU per level."""
    levels = r["levels"]
    base_rss = levels[0]["server"]["rss_kib_after"]
    lines = []
    lines += [
        "",
        "Resources per level: server RSS after the level; KiB per connection = (RSS − RSS at 1 "
        f"connection) ÷ (connections − 1), the server holding {mib(r['server']['rss_kib_idle'])} MiB "
        "before any stream; CPU is the server process's (all its threads) while publishing and "
        "delivering, as a share of one core, and per event; opening cost is server CPU per new "
        "connection; clients and machine are the share of one core used by the client processes "
        "and the busy share of the whole machine over the same window.",
        "",
        "| Connections | Server RSS MiB | KiB per connection | Open files | Threads | DB sessions (LISTEN) "
        "| Open: s, server ms per connection | Server CPU | CPU ms per event | Clients CPU | Machine busy | Load 1 min |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for lv in levels:
        srv = lv["server"]
        per_conn = (
            (srv["rss_kib_after"] - base_rss) / (lv["connections"] - 1)
            if lv["connections"] > 1 and srv["rss_kib_after"] and base_rss
            else None
        )
        lines.append(
            f"| {lv['connections']:,} | {mib(srv['rss_kib_after'])} | {num(per_conn)} | "
            f"{srv['fds'] or 0:,} | {srv['threads'] or 0:,} | {srv['sessions']} ({srv['listen_sessions']}) | "
            f"{num(lv['open']['seconds'])} s, {num(lv['open']['server_cpu_ms_per_connection'], 2)} | "
            f"{(srv['cpu_share_publish'] or 0):.0%} | {num(srv['cpu_ms_per_event'])} | "
            f"{(lv['clients_cpu_share_publish'] or 0):.0%} | {lv['machine_busy_publish']:.0%} | "
            f"{lv['loadavg_before'][0]} → {lv['loadavg_after'][0]} |"
        )
    return lines


def after_lines(r) -> list[str]:
    """The slower rate, the server after closing every stream, the cold start probe."""
    levels = r["levels"]
    lines = []
    slow = levels[-1].get("slower_rate")
    if slow:
        lat = slow["latency_ms"]
        lines += [
            "",
            f"Where latency stopped the climb, the same {slow['connections']:,} connections with "
            f"{slow['events']} entries {slow['interval']:g} s apart instead of "
            f"{r['params']['interval']:g} s: p50 {num(lat['median'])} ms, p99 {num(lat['p99'])} ms, "
            f"max {num(lat['max'])} ms, {slow['missed']:,} missed, server CPU "
            f"{slow['server_cpu_share']:.0%} of a core ({num(slow['server_cpu_ms_per_event'], 0)} ms "
            "per event, the 15 s heartbeat of every stream included).",
        ]
    after = r.get("after_close") or {}
    later = r.get("after_close_15s") or {}
    if after:
        lines += [
            "",
            f"After closing every connection: {after.get('fds', 0):,} open files in the server "
            f"(it had {r['server']['fds_idle']:,} before the first stream); 2 s later "
            f"{after.get('Threads', 0):,} threads and RSS {mib(after.get('VmRSS'))} MiB, 15 s "
            f"later {later.get('Threads', 0):,} threads and RSS {mib(later.get('VmRSS'))} MiB "
            f"(it had {r['server']['threads_idle']} threads and {mib(r['server']['rss_kib_idle'])} "
            f"MiB before the first stream; peak {mib(later.get('VmHWM'))} MiB). Open-files limit "
            f"of the server: {r['server']['nofile_limit']:,}.",
        ]
    probe = r.get("probe") or {}
    if probe.get("burst") and probe.get("one_first"):
        b, o = probe["burst"], probe["one_first"]
        lines += [
            "",
            f"Cold start probe, a fresh server given {b['connections']:,} streams: all at once "
            f"(as browsers reconnect after a restart) → {b['listen_sessions']} LISTEN sessions, "
            f"{num(b['server_cpu_ms_per_event'])} ms of server CPU per event, p99 "
            f"{num(b['latency_ms_p99'])} ms, {b.get('dropped', 0):,} streams cut by the server and "
            f"{b['missed']:,} of {b['connections'] * b['events']:,} deliveries missed; one stream first, then the rest → "
            f"{o['listen_sessions']} LISTEN session, {num(o['server_cpu_ms_per_event'])} ms per "
            f"event, p99 {num(o['latency_ms_p99'])} ms ({ratio(b['server_cpu_ms_per_event'], o['server_cpu_ms_per_event'])} the CPU).",
        ]
    return lines


DOC_INTRO = """## Live push

`bench/live_push.py` measures the En direct push (Server-Sent Events, `/en-direct/flux/`) on
one server process. It creates a dedicated database (`rotative_live_bench`, dropped and
recreated), migrates it, starts one uvicorn process with `LIVE_BROKER=postgres` and its
open-files limit raised, and drives it from two client processes (plain asyncio protocols,
no HTTP library) that open streams 200 at a time and count a stream as held once its
`retry:` line arrived. At each level (1 connection, the baseline, then 100 up to 10,000) the
bench publishes 20 entries half a second apart with `live_entry_publish`, as the desk does,
and measures in the same run:

- publish-to-receive latency (median, p99, max) over every (connection, event), from the
  return of the publish (after commit and NOTIFY) to the frame's arrival, and as a ratio to
  the 1-connection baseline; missed deliveries, refused and dropped connections;
- the server's RSS (memory per connection against the 1-connection level), open files,
  threads and database sessions, its CPU time while publishing (per event and as a share of
  one core), the clients' CPU and the machine's busy share, and the load average;
- it stops climbing at the first level where a connection fails or drops, an event is
  missed or p99 reaches one second; "most connections held" is the highest level where every
  connection stayed open and received every event;
- a cold start probe: two fresh servers given 200 streams, all at once or one first.

Run it with:

    make bench-live
    # or
    .venv/bin/python bench/live_push.py            # full run, about 3 minutes
    .venv/bin/python bench/live_push.py --smoke    # levels 1 and 50, 5 events, writes no doc

Raw results go to `bench/results/live_push.json`.

"""
