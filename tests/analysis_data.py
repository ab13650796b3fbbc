"""Crawl output for the analysis tests: one real crawl of the bundled mirror per test session.

The crawl runs as ``insight-scraper demo`` in a child process (a Twisted reactor starts once per
process), and each test copies the result, so tests can append, rewrite and export freely.
"""

from __future__ import annotations

import atexit
import json
import shutil
import subprocess
import sys
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any


@lru_cache(maxsize=1)
def _demo() -> Path:
    root = Path(tempfile.mkdtemp(prefix="insight-demo-"))
    atexit.register(shutil.rmtree, root, True)
    subprocess.run(
        [sys.executable, "-m", "insight_scraper.cli", "demo", "--output", str(root / "articles.jsonl")],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return root


def demo_output(target: Path) -> Path:
    """A fresh copy of the demo crawl's output directory at ``target``."""
    shutil.copytree(_demo(), target, ignore=shutil.ignore_patterns("state.sqlite*"))
    return target


def records(output: Path) -> list[dict[str, Any]]:
    lines = (output / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def write_records(path: Path, rows: list[dict[str, Any]], mode: str = "w") -> None:
    with path.open(mode, encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
