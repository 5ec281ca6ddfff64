"""The cases: what each side is asked, in which order, and the snapshots taken meanwhile."""

from __future__ import annotations

import json
import subprocess
from urllib.parse import quote

from _versus_wordpress import load, memory

# The order within a pass: searches last, as in wordpress.sh (their backlog outlives the run).
ORDER = (
    "article",
    "home",
    "cached",
    "cached_gzip",
    "p99_article",
    "single_maire",
    "search_maire",
    "search_tempete",
)
LABELS = {
    "article": "Article, uncached (WordPress vs uvicorn directly)",
    "home": "Home page, uncached",
    "cached": "Article cached: Varnish (hit) vs nginx serving the same bytes as a file",
    "cached_gzip": "The same with `Accept-Encoding: gzip` (nginx serving the same gzip bytes)",
    "p99_article": "Article uncached at a constant rate (open loop)",
    "single_maire": "Search « maire » alone (median of single requests)",
    "search_maire": "Search « maire » under load",
    "search_tempete": "Search « tempête » under load",
}
GZIP = {"Accept-Encoding": "gzip"}
VARNISH_COUNTERS = (
    "MAIN.cache_hit",
    "MAIN.cache_miss",
    "MAIN.client_req",
    "MAIN.esi_req",
    "MAIN.esi_errors",
    "MAIN.n_gzip",
    "MAIN.n_gunzip",
    "MAIN.n_test_gunzip",
    "MAIN.sess_conn",
    "MAIN.sess_dropped",
    "MAIN.sess_queued",
    "MAIN.thread_queue_len",
    "MAIN.threads",
    "MAIN.threads_created",
    "MAIN.threads_limited",
)


def sides(key: str, ctx: dict) -> list[dict]:
    """Both sides of case `key`: {name, port, path, headers} (the first is the reference)."""
    wp, rot = ctx["wp"], ctx["rot"]
    wp_side = {"name": "WordPress", "port": 8081, "headers": {}}
    rot_side = {"name": "Rotative", "port": rot.web_port, "headers": ctx["rot_headers"]}
    if key in ("article", "p99_article"):
        return [{**wp_side, "path": wp["post"]["path"]}, {**rot_side, "path": ctx["article"]}]
    if key == "home":
        return [{**wp_side, "path": "/"}, {**rot_side, "path": "/"}]
    if key in ("search_maire", "single_maire", "search_tempete"):
        word = "tempête" if key == "search_tempete" else "maire"
        # wordpress.sh's posts never say « tempête » (a tag name only): WordPress is asked
        # for a word of its own corpus in a comparable share of its posts.
        wp_word = ctx["wp_common_word"] if key == "search_tempete" else word
        return [
            {**wp_side, "path": f"/?s={quote(wp_word)}"},
            {**rot_side, "path": f"/recherche/?q={quote(word)}"},
        ]
    if key in ("cached", "cached_gzip"):
        extra = GZIP if key == "cached_gzip" else {}
        return [
            {
                "name": "nginx (file)",
                "port": ctx["nginx"].port,
                "path": "/page-gzip" if extra else "/page",
                "headers": extra,
            },
            {
                "name": "Varnish",
                "port": rot.varnish_port,
                "path": ctx["article"],
                "headers": {**ctx["rot_headers"], **extra},
            },
        ]
    raise KeyError(key)


def varnishstat(rot) -> dict:
    done = subprocess.run(  # noqa: S603 (our own fixed command line)
        ["varnishstat", "-n", str(rot.varnish_n), "-1", "-j"],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        data = json.loads(done.stdout)
    except ValueError:
        return {}
    counters = data.get("counters", data)
    return {k: counters[k]["value"] for k in VARNISH_COUNTERS if k in counters}


def snapshot(ctx: dict) -> dict:
    """Memory of every server process, PostgreSQL connections per web process, MariaDB's
    threads."""
    from _versus_wordpress import wordpress

    return {
        "memory": memory.memory(ctx["all_pids"]()),
        "pg": memory.pg_connections(ctx["pg_admin"], ctx["db"], ctx["rot"].web_pids()),
        "mariadb": wordpress.threads(),
    }


def run_side(key: str, side: dict, ctx: dict, args) -> dict:
    """One side of one case: warm-up, idle, the measure; snapshots under load and at its end."""
    url = f"http://127.0.0.1:{side['port']}{side['path']}"
    if key == "single_maire":
        load.wait_idle(ctx["server_pids"], ctx["busy"], ctx["log"])
        return load.single("127.0.0.1", side["port"], side["path"], side["headers"], args.single)
    load.wrk(
        url,
        headers=side["headers"],
        connections=2,
        duration=args.warmup,
        workdir=ctx["workdir"],
        timeout=args.timeout,
    )
    waited = load.wait_idle(ctx["server_pids"], ctx["busy"], ctx["log"])
    stats_before = varnishstat(ctx["rot"]) if side["name"] == "Varnish" else None
    if key == "p99_article":
        result = load.open_loop(
            "127.0.0.1",
            side["port"],
            side["path"],
            headers=side["headers"],
            rate=args.rate,
            duration=args.duration,
            timeout=args.timeout,
        )
    else:
        result = load.wrk(
            url,
            headers=side["headers"],
            connections=args.connections,
            duration=args.duration,
            workdir=ctx["workdir"],
            timeout=args.timeout,
            during=lambda: snapshot(ctx),
        )
        result["at_end"] = snapshot(ctx)
    if stats_before is not None:
        after = varnishstat(ctx["rot"])
        result["varnishstat_delta"] = {
            k: after[k] - stats_before.get(k, 0) for k in after if not k.startswith("MAIN.threads")
        } | {k: after[k] for k in after if k.startswith("MAIN.threads")}
    result["idle_wait_s"] = waited
    result["loadavg"] = open("/proc/loadavg").read().split()[:3]  # noqa: SIM115, PTH123
    return result
