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


def median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def summary(memory: Memory, *, load_s: float, warmup_share: float) -> list[dict]:
    """Per process: start, max, end; after the warm-up (the first `warmup_share` of the
    load: imports, caches and pools filling), the drift, the median of the last fifth of
    the load against the median of the fifth that follows the warm-up (a leak moves it,
    a transient peak does not), and the least-squares slope (which a peak does move). For
    processes that lived through at least half of the load."""
    rows = []
    fifth = load_s / 5
    settled_at = warmup_share * load_s
    for key, points in memory.series.items():
        name, pid = key.split(":")
        settled = [p for p in points if p[0] >= settled_at]
        early = [m for t, m in settled if t < settled_at + fifth]
        late = [m for t, m in points if t >= load_s - fifth]
        lived = points[-1][0] - points[0][0]
        followed = lived >= load_s / 2 and len(settled) >= 3 and early and late
        fitted = slope(settled) if followed else None
        rows.append(
            {
                "process": name,
                "pid": int(pid),
                "samples": len(points),
                "start_mib": round(points[0][1], 1),
                "max_mib": round(max(m for _, m in points), 1),
                "end_mib": round(points[-1][1], 1),
                "lived_s": round(lived, 1),
                "settled_mib": round(median(early), 1) if followed else None,
                "drift_mib": round(median(late) - median(early), 1) if followed else None,
                "slope_mib_per_min": round(fitted, 2) if fitted is not None else None,
            }
        )
    return sorted(rows, key=lambda r: (r["process"], r["pid"]))
