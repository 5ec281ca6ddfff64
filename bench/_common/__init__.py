"""What every bench shares: a throw-away PostgreSQL database and Django set up on it
(`db`), server and helper processes (`processes`, and a local SMTP sink: `smtp_sink`),
figures (`stats`), the command line (`cli`) and the report: raw JSON, Markdown and its
section of docs/performance.md (`report`).

Benches run as scripts (`python bench/x.py`), so this package is imported as `_common`.
"""

from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent
RESULTS_DIR = BASE_DIR / "bench" / "results"
DOC_PATH = BASE_DIR / "docs" / "performance.md"
BASE_SETTINGS = "rotative.settings.base"
