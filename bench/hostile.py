"""Each hostile-server trap (insight_scraper/mirror/hostile.py) against a real crawl.

Serves the bundled mirror with one trap at a time and runs `insight-scraper crawl --mirror` in a
subprocess against it; prints, per trap: the requests the crawl sent, its wall time, its peak
RSS (the crawl process's high-water mark, as the kernel counted it: wait4's ru_maxrss, which is
VmHWM at exit), the finish reason and the reject reasons of the run summary.
``huge_headers (Scrapy's handler)`` runs the same trap with Scrapy's own HTTP/1.1 handler, which
has no header bounds: the "before" of INSIGHT_MAX_HEADERS.

    python bench/hostile.py [--limit SECONDS] [TRAP ...]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# Run as a script, this directory leads sys.path, and bench/incremental.py would shadow the
# `incremental` package that Twisted imports: take the directory off, put the project on.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(ROOT))

from insight_scraper.mirror.hostile import TRAPS, HostileSite
from insight_scraper.mirror.server import BUNDLED_SITE, MirrorServer, Site

SCRAPY_HANDLER = "scrapy.core.downloader.handlers.http11.HTTP11DownloadHandler"
UNBOUNDED = "huge_headers (Scrapy's handler)"
# The project's settings (DOWNLOAD_TIMEOUT 30 s, ...), with discovery caps small enough for a
# bench; a trickled body only costs waiting, so its timeout is shorter.
SETTINGS = {"INSIGHT_MAX_LISTING_PAGES": "20", "INSIGHT_MAX_SITEMAP_URLS": "1000"}
PER_TRAP = {"slow_drip": {"DOWNLOAD_TIMEOUT": "5"}}


@dataclass
class Run:
    trap: str
    requests: int
    seconds: float
    peak_mb: float
    finish: str
    reasons: dict[str, int]


def crawl(trap: str, work: Path, limit: float) -> Run:
    """One subprocess crawl against the trap; its summary and the kernel's account of it."""
    site = HostileSite(Site(BUNDLED_SITE), trap.split(maxsplit=1)[0])
    settings = {**SETTINGS, **PER_TRAP.get(trap, {}), "CLOSESPIDER_TIMEOUT": str(limit)}
    if trap == UNBOUNDED:
        handlers = {"http": SCRAPY_HANDLER, "https": SCRAPY_HANDLER}
        settings["DOWNLOAD_HANDLERS"] = json.dumps(handlers)
    with MirrorServer(site) as server:
        command = [sys.executable, "-m", "insight_scraper.cli", "crawl", "--mirror"]
        command += [server.base_url, "--output", str(work / "articles.jsonl")]
        command += ["--state", str(work / "state.sqlite"), "--log-level", "ERROR"]
        for name, value in settings.items():
            command += ["--set", f"{name}={value}"]
        started = time.monotonic()
        summary, peak_kb = _run(command, work / "stdout")
        seconds = time.monotonic() - started
    return _result(trap, summary, seconds, peak_kb)


def _run(command: list[str], stdout: Path) -> tuple[dict[str, Any], int]:
    """Run to the end; the last JSON line printed, and the peak RSS in KiB (Linux wait4)."""
    with stdout.open("wb") as sink:
        pid = os.posix_spawn(command[0], command, dict(os.environ), file_actions=[
            (os.POSIX_SPAWN_DUP2, sink.fileno(), 1),
        ])  # fmt: skip
        _, _, usage = os.wait4(pid, 0)
    lines = [line for line in stdout.read_text(encoding="utf-8").splitlines() if line.strip()]
    summary: dict[str, Any] = json.loads(lines[-1]) if lines else {}
    return summary, usage.ru_maxrss


def _result(trap: str, summary: dict[str, Any], seconds: float, peak_kb: int) -> Run:
    requests = summary.get("requests", {}).get("total", 0)
    finish = summary.get("finish_reason", "no summary")
    return Run(trap, requests, seconds, peak_kb / 1024, finish, summary.get("rejects", {}))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("traps", nargs="*", default=[*TRAPS, UNBOUNDED])
    parser.add_argument("--limit", type=float, default=120.0, help="CLOSESPIDER_TIMEOUT")
    args = parser.parse_args(argv)
    print(f"settings: {SETTINGS}, {PER_TRAP}, CLOSESPIDER_TIMEOUT={args.limit:g}")
    print(f"{'trap':32} {'requests':>8} {'seconds':>8} {'peak MB':>8}  finish / reasons")
    for trap in args.traps:
        with tempfile.TemporaryDirectory() as work:
            run = crawl(trap, Path(work), args.limit)
        reasons = ", ".join(f"{why}={n}" for why, n in sorted(run.reasons.items()))
        print(
            f"{run.trap:32} {run.requests:>8} {run.seconds:>8.1f} {run.peak_mb:>8.0f}"
            f"  {run.finish}; {reasons or '-'}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
