"""Crawl throughput and memory at scale, side by side with ``scrapy bench``.

For each N, a synthetic site of N articles (``insight-scraper serve --synthetic N``) runs in its
own process, and the crawl runs in a child process of its own, so that process's rusage is the
crawl's alone: CPU seconds (user + system) and peak RSS (VmHWM). Politeness is off: no delay,
no AutoThrottle, high concurrency. ``scrapy bench`` then runs, in the same run, for as many seconds
as our crawl took: Scrapy's own floor on this machine (its local server, its link-following spider).

    python bench/crawl.py                       # N = 1,000, 5,000 and 20,000 (~10 minutes)
    python bench/crawl.py --quick               # N = 300 and 1,000, short scrapy bench
    python bench/crawl.py --sizes 2000 --concurrency 32
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# Run as a script, this directory leads sys.path, and bench/incremental.py would shadow the
# "incremental" package that Twisted imports.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
PYTHON = sys.executable
_BASE_URL = re.compile(r"http://127\.0\.0\.1:\d+/")
_BENCH_STATS = re.compile(r"'(downloader/response_count|elapsed_time_seconds)': ([\d.]+)")


@dataclass(frozen=True)
class Run:
    """One measured crawl."""

    articles: int
    pages: int
    records: int
    seconds: float
    cpu_seconds: float
    peak_rss_mb: float

    @property
    def pages_per_min(self) -> float:
        return self.pages / self.seconds * 60


def crawl_child(base_url: str, out_dir: str, concurrency: int) -> None:
    """In the child: one full crawl of the served site; print what it cost as JSON."""
    sys.path.insert(0, str(ROOT))
    from insight_scraper import runner

    # Politeness off, as the issue asks: the mirror profile (no delay, no AutoThrottle), wider.
    runner.MIRROR_SPEED.update(
        CONCURRENT_REQUESTS=concurrency, CONCURRENT_REQUESTS_PER_DOMAIN=concurrency
    )
    out = Path(out_dir)
    options = runner.CrawlOptions(output=out / "articles.jsonl", mirror=base_url)
    options.log_level, options.state, options.summary_stdout = "WARNING", out / "s.sqlite", False
    stats: dict[str, Any] = runner.run_crawl(options).stats
    usage = resource.getrusage(resource.RUSAGE_SELF)
    with (out / "articles.jsonl").open(encoding="utf-8") as handle:
        records = sum(1 for _ in handle)
    report = {
        "pages": stats.get("downloader/response_count", 0),
        "records": records,
        "seconds": stats.get("elapsed_time_seconds", 0.0),
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "peak_rss_mb": _peak_rss_mb(usage),
    }
    print("RESULT " + json.dumps(report))


def _peak_rss_mb(usage: resource.struct_rusage) -> float:
    """VmHWM: this process's own peak. ru_maxrss survives exec on Linux (the parent's peak)."""
    status = Path("/proc/self/status")
    for line in status.read_text().splitlines() if status.exists() else []:
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return usage.ru_maxrss / 1024  # KiB on Linux


def measure_crawl(articles: int, concurrency: int) -> Run:
    with tempfile.TemporaryDirectory() as out_dir, _serve(articles) as base_url:
        args = [PYTHON, __file__, "--child", base_url, out_dir, str(concurrency)]
        done = subprocess.run(args, capture_output=True, text=True, check=False, cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(f"the crawl of N={articles} failed:\n{done.stderr[-3000:]}")
    line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT "))
    return Run(articles=articles, **json.loads(line.removeprefix("RESULT ")))


class _serve:
    """The synthetic site in a process of its own (its CPU is not the crawl's)."""

    def __init__(self, articles: int) -> None:
        command = [PYTHON, "-m", "insight_scraper.cli", "serve", "--synthetic", str(articles)]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=ROOT)

    def __enter__(self) -> str:
        assert self.process.stdout is not None
        found = _BASE_URL.search(self.process.stdout.readline())
        if found is None:
            raise RuntimeError("the synthetic server did not print its URL")
        return found.group(0)

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def scrapy_bench(seconds: int) -> float:
    """Pages per minute of ``scrapy bench`` run for ``seconds`` (outside the project)."""
    command = [PYTHON, "-m", "scrapy", "bench", "-s", f"CLOSESPIDER_TIMEOUT={seconds}"]
    with tempfile.TemporaryDirectory() as empty:  # no scrapy.cfg: Scrapy's defaults only
        env = {**os.environ, "PYTHONPATH": ""}
        done = subprocess.run(
            command, check=False, capture_output=True, text=True, cwd=empty, env=env
        )
    stats = dict(_BENCH_STATS.findall(done.stderr))
    if len(stats) < 2:
        raise RuntimeError("could not read scrapy bench's stats:\n" + done.stderr[-2000:])
    return float(stats["downloader/response_count"]) / float(stats["elapsed_time_seconds"]) * 60


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--quick", action="store_true", help="N = 300 and 1,000 only")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        crawl_child(args.child[0], args.child[1], int(args.child[2]))
        return 0
    sizes = [300, 1000] if args.quick else args.sizes
    rows = []
    for articles in sizes:
        run = measure_crawl(articles, args.concurrency)
        seconds = max(5, round(run.seconds))
        rows.append((run, scrapy_bench(seconds), seconds))
        print(f"N={articles}: measured", file=sys.stderr, flush=True)
    _print_table(rows, args.concurrency)
    return 0


def _print_table(rows: list[tuple[Run, float, int]], concurrency: int) -> None:
    print(
        f"crawl of the synthetic site, politeness off (concurrency {concurrency}, no delay, "
        "no AutoThrottle); scrapy bench for the same seconds, same run"
    )
    header = (
        "articles",
        "pages",
        "records",
        "s",
        "pages/min",
        "bench p/m",
        "ratio",
        "CPU ms/page",
        "peak RSS MB",
    )
    print("".join(f"{h:>12}" for h in header))
    for run, bench, _ in rows:
        ratio = run.pages_per_min / bench
        cells = (
            run.articles,
            run.pages,
            run.records,
            f"{run.seconds:.1f}",
            f"{run.pages_per_min:.0f}",
            f"{bench:.0f}",
            f"{ratio:.2f}x",
            f"{run.cpu_seconds / run.pages * 1000:.2f}",
            f"{run.peak_rss_mb:.0f}",
        )
        print("".join(f"{c:>12}" for c in cells))
    _print_growth([run for run, _, _ in rows])


def _print_growth(runs: list[Run]) -> None:
    """Memory per page between the two largest crawls: ~0 when nothing per article is kept."""
    if len(runs) < 2:
        return
    small, large = sorted(runs, key=lambda run: run.articles)[-2:]
    per_page = (large.peak_rss_mb - small.peak_rss_mb) * 1024 / (large.pages - small.pages)
    per_article = (large.peak_rss_mb - small.peak_rss_mb) * 1024 / (large.articles - small.articles)
    print(
        f"peak RSS growth {small.articles} -> {large.articles} articles: "
        f"{large.peak_rss_mb - small.peak_rss_mb:+.1f} MB = {per_page:.2f} KB per extra page, "
        f"{per_article:.2f} KB per extra article"
    )


if __name__ == "__main__":
    raise SystemExit(main())
