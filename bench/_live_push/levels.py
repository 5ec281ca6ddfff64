# ruff: noqa: E501  (log lines read better unwrapped)
"""The levels of connections: open streams, publish entries, collect every receipt, and
measure the server, the clients and the machine on the way; the cold start probe."""

from __future__ import annotations

import array
import os
import statistics
import time
from collections import Counter
from pathlib import Path

from _common.processes import free_port, http_get, stop_process, wait_ready
from _common.stats import pct

from _live_push.clients import Clients, now
from _live_push.server import (
    busy_share,
    db_sessions,
    machine_ticks,
    proc_cpu_seconds,
    proc_status,
    start_server,
)


def publish_events(count: int, interval: float, tag: str) -> dict[int, dict]:
    """Publish `count` entries `interval` s apart; returns event id → publish times."""
    from rotative.live.models import LiveEvent
    from rotative.live.services import live_entry_publish

    published = {}
    start = now()
    for k in range(count):
        delay = start + k * interval - now()
        if delay > 0:
            time.sleep(delay)
        before = now()
        entry = live_entry_publish(
            author=None,
            body=f"<p>Banc d'essai {tag}, entrée {k + 1} : la marée monte à Granville.</p>",
        )
        after = now()
        event_id = LiveEvent.objects.filter(entry=entry).values_list("id", flat=True).get()
        published[event_id] = {"before": before, "after": after}
    return published


def run_level(clients: Clients, server_pid: int, target: int, held: int, args, log) -> dict:
    """Open connections up to `target`, publish, collect; everything measured on the way."""
    delta = max(0, target - held)
    load_before = os.getloadavg()
    opening = open_connections(clients, server_pid, target, delta, args, log)
    reset = clients.call("reset")
    held_now = sum(r["held"] for r in reset)
    dropped_before = sum(r["dropped_before"] for r in reset)
    status_held = proc_status(server_pid)
    sessions = db_sessions(args.db)

    # -- publish and collect ---------------------------------------------------------
    time.sleep(0.5)
    cpu2, ccpu2, mt2 = proc_cpu_seconds(server_pid), clients.cpu_seconds(), machine_ticks()
    wall2 = now()
    published = publish_events(args.events, args.interval, f"niveau {target}")
    timeout = args.delivery_timeout + held_now / 1000
    collected = clients.call(
        "collect", published={i: p["after"] for i, p in published.items()}, timeout=timeout
    )
    wall3 = now()
    cpu3, ccpu3, mt3 = proc_cpu_seconds(server_pid), clients.cpu_seconds(), machine_ticks()
    status_after = proc_status(server_pid)
    load_after = os.getloadavg()

    window = wall3 - wall2
    cpu_publish = (cpu3 - cpu2) if cpu2 is not None and cpu3 is not None else None
    delivery = delivery_figures(collected, published)
    level = {
        "connections": target,
        "new_asked": delta,
        "new_opened": opening["opened"],
        "held": held_now,
        "open": opening["figures"],
        "dropped_while_opening": dropped_before,
        "events": len(published),
        "expected_receipts": held_now * len(published),
        **delivery,
        "server": server_figures(
            status_held, status_after, cpu_publish, window, published, sessions
        ),
        "clients_cpu_share_publish": round((ccpu3 - ccpu2) / window, 3) if window else None,
        "machine_busy_publish": round(busy_share(mt2, mt3) or 0, 3),
        "window_s": round(window, 2),
        "loadavg_before": [round(x, 2) for x in load_before],
        "loadavg_after": [round(x, 2) for x in load_after],
        "pings": sum(r["pings"] for r in collected),
    }
    level_verdict(level, opening["failures"], args)
    lat = level["latency_ms"]
    log(
        f"level {target:,}: held {held_now:,}, receipts {level['receipts']:,}/{level['expected_receipts']:,}, "
        f"p50 {lat['median']} ms, p99 {lat['p99']} ms, max {lat['max']} ms, "
        f"RSS {(status_after.get('VmRSS') or 0) / 1024:.0f} MiB, fds {status_held.get('fds')}, "
        f"server CPU {level['server']['cpu_share_publish']}, clients "
        f"{level['clients_cpu_share_publish']}, machine {level['machine_busy_publish']}"
        + (f" — FAILED: {'; '.join(level['failed'])}" if level["failed"] else "")
    )
    return level


def server_figures(status_held, status_after, cpu_publish, window, published, sessions) -> dict:
    """The server's memory, files and threads, its CPU while publishing, its DB sessions."""
    return {
        "rss_kib_held": status_held.get("VmRSS"),
        "rss_kib_after": status_after.get("VmRSS"),
        "hwm_kib": status_after.get("VmHWM"),
        "fds": status_held.get("fds"),
        "threads": status_after.get("Threads"),
        "cpu_publish_s": round(cpu_publish, 2) if cpu_publish is not None else None,
        "cpu_share_publish": round(cpu_publish / window, 3) if cpu_publish else None,
        "cpu_ms_per_event": round(cpu_publish * 1000 / len(published), 1)
        if cpu_publish is not None and published
        else None,
        **sessions,
    }


def open_connections(clients: Clients, server_pid: int, target: int, delta: int, args, log):
    """`delta` new streams shared among the workers, and what opening them cost."""
    workers = len(clients.pipes)
    shares = [delta // workers + (1 if i < delta % workers else 0) for i in range(workers)]
    batch = max(1, args.batch // workers)
    cpu0, ccpu0, mt0 = proc_cpu_seconds(server_pid), clients.cpu_seconds(), machine_ticks()
    opened = clients.call(
        "open",
        per_worker=[{"n": n, "batch": batch, "timeout": args.connect_timeout} for n in shares],
    )
    cpu1, ccpu1, mt1 = proc_cpu_seconds(server_pid), clients.cpu_seconds(), machine_ticks()
    failures: Counter = Counter()
    for result in opened:
        failures.update(result["failures"])
    opened_n = sum(r["opened"] for r in opened)
    open_s = max(r["seconds"] for r in opened)
    connect_ms = [ms for r in opened for ms in r["connect_ms"]]
    log(
        f"level {target:,}: opened {opened_n:,}/{delta:,} new in {open_s:.1f} s"
        + (f", failures {dict(failures)}" if failures else "")
    )
    figures = {
        "seconds": round(open_s, 2),
        "failures": dict(failures),
        "attempted": sum(r["attempted"] for r in opened),
        "connect_ms_median": round(statistics.median(connect_ms), 1) if connect_ms else None,
        "connect_ms_p99": round(pct(connect_ms, 0.99), 1) if connect_ms else None,
        "server_cpu_s": round(cpu1 - cpu0, 2) if cpu0 is not None else None,
        "server_cpu_ms_per_connection": round((cpu1 - cpu0) * 1000 / opened_n, 2)
        if opened_n and cpu0 is not None
        else None,
        "client_cpu_s": round(ccpu1 - ccpu0, 2),
        "machine_busy": round(busy_share(mt0, mt1) or 0, 3),
    }
    return {"opened": opened_n, "failures": failures, "figures": figures}


def merge_receipts(collected: list[dict]):
    """The workers' receipts as one: latencies (s), per event [receipts, min, max] and counts."""
    latencies = array.array("d")
    per_event: dict[int, list] = {}
    counts = Counter()
    for result in collected:
        chunk = array.array("d")
        chunk.frombytes(result["latencies"])
        latencies.extend(chunk)
        for key in ("missed", "dropped", "incomplete_connections", "duplicates"):
            counts[key] += result[key]
        for i, (n, lo, hi) in result["per_event"].items():
            stat = per_event.setdefault(i, [0, None, None])
            stat[0] += n
            if lo is not None:
                stat[1] = lo if stat[1] is None else min(stat[1], lo)
                stat[2] = hi if stat[2] is None else max(stat[2], hi)
    return latencies, per_event, counts


def delivery_figures(collected: list[dict], published: dict) -> dict:
    """Receipts, misses and publish-to-receive latency over every (connection, event)."""
    latencies, per_event, counts = merge_receipts(collected)
    ms = sorted(x * 1000 for x in latencies)
    spreads = [(hi - lo) * 1000 for n, lo, hi in per_event.values() if n]
    first_publish = min((p["after"] for p in published.values()), default=0.0)
    publish_ms = [(p["after"] - p["before"]) * 1000 for p in published.values()]
    return {
        "receipts": len(ms),
        "missed": counts["missed"],
        "dropped": counts["dropped"],
        "incomplete_connections": counts["incomplete_connections"],
        "duplicates": counts["duplicates"],
        "latency_ms": {
            "min": round(ms[0], 2) if ms else None,
            "median": round(statistics.median(ms), 2) if ms else None,
            "p90": round(pct(ms, 0.90), 2) if ms else None,
            "p99": round(pct(ms, 0.99), 2) if ms else None,
            "max": round(ms[-1], 2) if ms else None,
        },
        "fanout_spread_ms": {
            "median": round(statistics.median(spreads), 2) if spreads else None,
            "max": round(max(spreads), 2) if spreads else None,
        },
        "publish_ms_median": round(statistics.median(publish_ms), 2) if publish_ms else None,
        "per_event": [
            {
                "id": i,
                "published_at_s": round(published[i]["after"] - first_publish, 3),
                "receipts": n,
                "first_ms": round(lo * 1000, 1) if lo is not None else None,
                "last_ms": round(hi * 1000, 1) if hi is not None else None,
            }
            for i, (n, lo, hi) in sorted(per_event.items())
        ],
    }


def level_verdict(level: dict, failures: Counter, args) -> None:
    """Sets `held_all` (every stream held, every event received) and `failed` (why the
    climb stops here, p99 at the limit included)."""
    delta, opened_n = level["new_asked"], level["new_opened"]
    dropped_before, dropped = level["dropped_while_opening"], level["dropped"]
    reasons = []
    if failures:
        reasons.append(
            "connections failed: " + ", ".join(f"{k} ×{v:,}" for k, v in failures.items())
        )
    if opened_n < delta and not failures:
        reasons.append(f"only {opened_n:,} of {delta:,} new connections opened")
    if dropped_before or dropped:
        reasons.append(f"{dropped_before + dropped:,} connections dropped by the server")
    if level["missed"]:
        reasons.append(
            f"{level['missed']:,} deliveries missed ({level['incomplete_connections']:,} connections incomplete)"
        )
    level["held_all"] = not reasons
    p99 = level["latency_ms"]["p99"]
    if p99 is not None and p99 >= args.max_p99 * 1000:
        reasons.append(f"p99 {p99:,.0f} ms ≥ {args.max_p99 * 1000:,.0f} ms")
    level["failed"] = reasons


def slower_rate(clients: Clients, server_pid: int, args, log) -> dict:
    """The same connections, entries `--slow-interval` s apart: is the limit the publish rate?"""
    reset = clients.call("reset")
    held = sum(r["held"] for r in reset)
    cpu0, wall0 = proc_cpu_seconds(server_pid), now()
    published = publish_events(args.slow_events, args.slow_interval, "rythme lent")
    collected = clients.call(
        "collect",
        published={i: p["after"] for i, p in published.items()},
        timeout=args.delivery_timeout + held / 1000,
    )
    cpu1, wall1 = proc_cpu_seconds(server_pid), now()
    latencies = array.array("d")
    for result in collected:
        chunk = array.array("d")
        chunk.frombytes(result["latencies"])
        latencies.extend(chunk)
    ms = sorted(x * 1000 for x in latencies)
    out = {
        "connections": held,
        "events": len(published),
        "interval": args.slow_interval,
        "receipts": len(ms),
        "missed": sum(r["missed"] for r in collected),
        "dropped": sum(r["dropped"] for r in collected),
        "latency_ms": {
            "median": round(statistics.median(ms), 2) if ms else None,
            "p99": round(pct(ms, 0.99), 2) if ms else None,
            "max": round(ms[-1], 2) if ms else None,
        },
        "server_cpu_share": round((cpu1 - cpu0) / (wall1 - wall0), 3),
        "server_cpu_ms_per_event": round((cpu1 - cpu0) * 1000 / len(published), 1),
    }
    log(f"slower rate at {held:,} connections: {out}")
    return out


def cold_start_probe(env, args, log, workdir: Path) -> dict:
    """Fresh servers given 200 streams: all at once, or one first then the rest."""
    out = {}
    for mode in ("burst", "one_first"):
        port = free_port()
        server = start_server(env, port, workdir / f"server-probe-{mode}.log")
        clients = None
        try:
            wait_ready(server, port)
            http_get(port, "/robots.txt")
            clients = Clients(1, "127.0.0.1", port)
            n = args.probe_connections
            if mode == "one_first":
                clients.call("open", n=1, batch=1, timeout=args.connect_timeout)
                n -= 1
            opened = clients.call("open", n=n, batch=n, timeout=args.connect_timeout)[0]
            time.sleep(1.0)
            sessions = db_sessions(args.db)
            clients.call("reset")
            cpu0 = proc_cpu_seconds(server.pid)
            published = publish_events(args.probe_events, args.interval, f"sonde {mode}")
            collected = clients.call(
                "collect",
                published={i: p["after"] for i, p in published.items()},
                timeout=args.delivery_timeout,
            )[0]
            cpu1 = proc_cpu_seconds(server.pid)
            lat = array.array("d")
            lat.frombytes(collected["latencies"])
            ms = [x * 1000 for x in lat]
            out[mode] = {
                "connections": collected["connections"],
                "failures": opened["failures"],
                **sessions,
                "server_cpu_ms_per_event": round((cpu1 - cpu0) * 1000 / len(published), 1),
                "events": len(published),
                "missed": collected["missed"],
                "dropped": collected["dropped"],
                "incomplete_connections": collected["incomplete_connections"],
                "latency_ms_median": round(statistics.median(ms), 1) if ms else None,
                "latency_ms_p99": round(pct(ms, 0.99), 1) if ms else None,
            }
            log(f"cold start probe ({mode}): {out[mode]}")
        finally:
            if clients is not None:
                clients.stop()
            stop_process(server, grace=6)
            log_text = (workdir / f"server-probe-{mode}.log").read_text(errors="replace")
            if mode in out:
                out[mode]["server_log"] = {
                    "too_many_clients": log_text.count("too many clients"),
                    "broker_connection_lost": log_text.count("Live broker connection lost"),
                    "tracebacks": log_text.count("Traceback"),
                }
    return out
