"""Memory over the night: the resident size of each process of the site (with its children:
varnishd's cache process, anything a worker spawns), sampled every few seconds."""

from __future__ import annotations

import os
import time
from pathlib import Path


def rss_kib(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    return 0


def children_of() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            tree.setdefault(ppid, []).append(int(entry))
    return tree


def tree_rss_kib(pid: int, tree: dict[int, list[int]]) -> int | None:
    own = rss_kib(pid)
    if own is None:
        return None
    return own + sum(tree_rss_kib(child, tree) or 0 for child in tree.get(pid, []))


class Memory:
    """Samples: {series: [(seconds since `began`, MiB)]}; a series is a process's name and
    pid, so a worker started again after its kill is a series of its own."""

    def __init__(self, began: float):
        self.began = began
        self.series: dict[str, list[tuple[float, float]]] = {}

    def sample(self, pids: dict[str, int]) -> None:
        tree = children_of()
        moment = time.monotonic() - self.began
        for name, pid in pids.items():
            kib = tree_rss_kib(pid, tree)
            if kib:
                self.series.setdefault(f"{name}:{pid}", []).append((moment, kib / 1024))


def slope(points: list[tuple[float, float]]) -> float | None:
    """Least-squares slope in MiB per minute."""
    if len(points) < 3:
        return None
    n = len(points)
    mean_t = sum(t for t, _ in points) / n
    mean_m = sum(m for _, m in points) / n
    var = sum((t - mean_t) ** 2 for t, _ in points)
    if var == 0:
        return None
    return sum((t - mean_t) * (m - mean_m) for t, m in points) / var * 60


def summary(memory: Memory, *, load_s: float, warmup_share: float) -> list[dict]:
    """Per process: start, max, end, and the slope after the warm-up (the first
    `warmup_share` of the load: imports, caches and pools filling), for processes that lived
    through at least half of the load."""
    rows = []
    for key, points in memory.series.items():
        name, pid = key.split(":")
        settled = [p for p in points if p[0] >= warmup_share * load_s]
        lived = points[-1][0] - points[0][0]
        rows.append(
            {
                "process": name,
                "pid": int(pid),
                "samples": len(points),
                "start_mib": round(points[0][1], 1),
                "max_mib": round(max(m for _, m in points), 1),
                "end_mib": round(points[-1][1], 1),
                "lived_s": round(lived, 1),
                "slope_mib_per_min": (
                    round(slope(settled), 2)
                    if lived >= load_s / 2 and slope(settled) is not None
                    else None
                ),
            }
        )
    return sorted(rows, key=lambda r: (r["process"], r["pid"]))
