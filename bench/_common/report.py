"""The bench's results: raw JSON in bench/results/, Markdown printed and written into its
section of docs/performance.md (between `<!-- bench:NAME:start/end -->` markers)."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import sys

from _common import BASE_DIR, DOC_PATH, RESULTS_DIR


def run_date() -> str:
    return dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")


def command_line(script: str, argv=None) -> str:
    """The command that ran the bench, as the report quotes it."""
    return " ".join(
        [f".venv/bin/python bench/{script}.py", *(sys.argv[1:] if argv is None else argv)]
    )


def machine(postgres: str, **extra) -> dict:
    """What the figures were measured on; `extra` adds bench-specific entries in order."""
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "postgres": postgres,
        **extra,
    }


def write_doc(name: str, block_text: str, intro: str) -> None:
    """Replace the bench's block in docs/performance.md (or add `intro` and the block)."""
    start, end = f"<!-- bench:{name}:start -->", f"<!-- bench:{name}:end -->"
    block = f"{start}\n{block_text}\n{end}"
    DOC_PATH.parent.mkdir(parents=True, exist_ok=True)
    text = DOC_PATH.read_text(encoding="utf-8") if DOC_PATH.exists() else "# Performance\n"
    if start in text and end in text:
        head, rest = text.split(start, 1)
        _old, tail = rest.split(end, 1)
        text = head + block + tail
    else:
        text = text.rstrip("\n") + "\n\n" + intro + block + "\n"
    DOC_PATH.write_text(text, encoding="utf-8")


def publish(
    *, name: str, results: dict, text: str, json_name: str, no_doc: bool, intro: str, log
) -> None:
    """Save the raw results as `json_name`, print the Markdown, and put it in
    docs/performance.md unless `no_doc`."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (RESULTS_DIR / json_name).write_text(
        json.dumps(results, indent=2, ensure_ascii=False, default=str), encoding="utf-8"
    )
    print()
    print(text)
    if no_doc:
        log(f"wrote bench/results/{json_name}")
    else:
        write_doc(name, text, intro)
        log(f"wrote {DOC_PATH.relative_to(BASE_DIR)} and bench/results/{json_name}")


def results_name(name: str, *, smoke: bool) -> str:
    return f"{name}_smoke.json" if smoke else f"{name}.json"


def num(x, digits=1):
    if x is None:
        return "—"
    return f"{x:,.{digits}f}"


def fmt_ms(x):
    if x is None:
        return "—"
    return f"{x:,.0f}" if x >= 100 else f"{x:.1f}"
