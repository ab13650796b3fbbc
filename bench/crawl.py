"""Crawl throughput and memory at scale, against the floor of a bare Scrapy spider.

For each N, a synthetic site of N articles (``insight-scraper serve --synthetic N``) runs in its
own process, and the crawl runs in a child process of its own, so that process's rusage is the
crawl's alone: CPU seconds (user + system) and peak RSS (VmHWM). Politeness is off: no delay,
no AutoThrottle, high concurrency. In the same run, over the same server:

- the floor: a bare Scrapy spider (Scrapy's defaults, the same concurrency) fetches the very
  pages our crawl fetches (home, robots.txt, every listing page, every article), doing nothing
  with them, then again parsing each page with lxml. Our CPU per page over the "bare + parse"
  row is the printed ratio: what the whole pipeline costs over fetching and parsing alone.
  Scrapy's default CONCURRENT_ITEMS (100) makes ~100 asyncio tasks per response, ~1.5 ms of a
  page here; the project sets 4, so a third row gives the bare + parse spider that setting too,
  and the second ratio is against it: what our own code costs;
- ``scrapy bench`` for as many seconds as our crawl took (``--no-scrapy-bench`` skips it).

    python bench/crawl.py                       # N = 1,000, 5,000 and 20,000 (~12 minutes)
    python bench/crawl.py --quick               # N = 300 and 1,000, short scrapy bench
    python bench/crawl.py --sizes 2000 --no-scrapy-bench
    python bench/crawl.py --sizes 2000 --repeat 3 --no-scrapy-bench          # steadier ratio
    python bench/crawl.py --sizes 20000 50000 --no-floor --no-scrapy-bench   # memory only

Peak RSS is printed per size, with the growth between the two largest sizes and their ratio:
memory that is flat in the size of the site gives a ratio near 1.
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


def floor_child(base_url: str, urls_file: str, concurrency: int, parse: bool, items: int) -> None:
    """In the child: a bare Scrapy spider fetches the listed pages; print what it cost."""
    import scrapy
    from lxml import html as lxml_html
    from scrapy.crawler import CrawlerProcess

    paths = Path(urls_file).read_text(encoding="utf-8").split()
    counted = {"pages": 0}

    class Bare(scrapy.Spider):
        name = "bare"

        async def start(self) -> Any:
            for path in paths:
                yield scrapy.Request(base_url + path.lstrip("/"), dont_filter=True)

        def parse(self, response: Any, **kwargs: Any) -> None:
            counted["pages"] += 1
            if parse:
                lxml_html.document_fromstring(response.body)

    settings = {
        "LOG_LEVEL": "WARNING",
        "CONCURRENT_REQUESTS": concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
        "TELNETCONSOLE_ENABLED": False,
    }
    if items:  # else Scrapy's default (100)
        settings["CONCURRENT_ITEMS"] = items
    process = CrawlerProcess(settings, install_root_handler=False)
    crawler = process.create_crawler(Bare)
    process.crawl(crawler)
    process.start()
    assert crawler.stats is not None
    usage = resource.getrusage(resource.RUSAGE_SELF)
    report = {
        "pages": counted["pages"],
        "records": 0,
        "seconds": crawler.stats.get_value("elapsed_time_seconds", 0.0),
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "peak_rss_mb": _peak_rss_mb(usage),
    }
    print("RESULT " + json.dumps(report))


def crawl_child(base_url: str, out_dir: str, concurrency: int) -> None:
    """In the child: one full crawl of the served site; print what it cost as JSON."""
    sys.path.insert(0, str(ROOT))
    from insight_scraper import runner

    # Politeness off, as the issue asks: the mirror profile (no delay, no AutoThrottle), wider.
    runner.MIRROR_SPEED.update(
        CONCURRENT_REQUESTS=concurrency, CONCURRENT_REQUESTS_PER_DOMAIN=concurrency
    )
    out = Path(out_dir)
    if os.environ.get("INSIGHT_BENCH_RSS_TRACE"):  # diagnostics: where in the run RSS peaks
        _trace_rss(Path(os.environ["INSIGHT_BENCH_RSS_TRACE"]))
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


def _trace_rss(path: Path) -> None:
    """Append this process's RSS (seconds, MB) to ``path`` twice a second, from a thread."""
    import threading
    import time

    def sample() -> None:
        start = time.monotonic()
        with path.open("a") as out:
            while True:
                for line in Path("/proc/self/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        out.write(
                            f"{time.monotonic() - start:.1f} {int(line.split()[1]) / 1024:.1f}\n"
                        )
                out.flush()
                time.sleep(0.5)

    threading.Thread(target=sample, daemon=True).start()


def _peak_rss_mb(usage: resource.struct_rusage) -> float:
    """VmHWM: this process's own peak. ru_maxrss survives exec on Linux (the parent's peak)."""
    status = Path("/proc/self/status")
    for line in status.read_text().splitlines() if status.exists() else []:
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return usage.ru_maxrss / 1024  # KiB on Linux


@dataclass(frozen=True)
class Measured:
    """Our crawl and the floor's two rows, over the same served site."""

    ours: Run
    bare: Run | None  # the floor's rows are None with --no-floor
    parsed: Run | None
    parsed_same_items: Run | None  # the floor given our CONCURRENT_ITEMS

    @property
    def ratio(self) -> float | None:
        """Our CPU per page over the "bare Scrapy + lxml parse" floor's."""
        floor = self.parsed
        return None if floor is None else _cpu_per_page(self.ours) / _cpu_per_page(floor)

    @property
    def ratio_same_items(self) -> float | None:
        floor = self.parsed_same_items
        return None if floor is None else _cpu_per_page(self.ours) / _cpu_per_page(floor)


def _cpu_per_page(run: Run) -> float:
    return run.cpu_seconds / run.pages


def measure(articles: int, concurrency: int, floor: bool = True) -> Measured:
    with tempfile.TemporaryDirectory() as out_dir, _serve(articles) as base_url:
        ours = _child(articles, "--child", base_url, out_dir, str(concurrency))
        if not floor:
            return Measured(ours, None, None, None)
        urls = Path(out_dir) / "urls.txt"
        urls.write_text("\n".join(floor_paths(articles)), encoding="utf-8")
        bare, parsed, same = (
            _child(articles, "--floor-child", base_url, str(urls), str(concurrency), *variant)
            for variant in (("0", "0"), ("1", "0"), ("1", str(_our_concurrent_items())))
        )
    return Measured(ours, bare, parsed, same)


def best_of(repeats: list[Measured]) -> Measured:
    """Each row's run with the least CPU per page over the repeats: on a shared machine other
    processes' load only ever adds time, so the least is the steadiest estimate of each."""

    def least(runs: list[Run | None]) -> Run | None:
        present = [run for run in runs if run is not None]
        return min(present, key=_cpu_per_page) if present else None

    ours = min((m.ours for m in repeats), key=_cpu_per_page)
    floors = (least([getattr(m, name) for m in repeats]) for name in _FLOOR_ROWS)
    return Measured(ours, *floors)


_FLOOR_ROWS = ("bare", "parsed", "parsed_same_items")


def _our_concurrent_items() -> int:
    sys.path.insert(0, str(ROOT))
    from insight_scraper import settings

    return int(settings.CONCURRENT_ITEMS)


def _child(articles: int, *args: str) -> Run:
    done = subprocess.run(
        [PYTHON, __file__, *args], capture_output=True, text=True, check=False, cwd=ROOT
    )
    if done.returncode != 0:
        raise RuntimeError(f"{args[0]} for N={articles} failed:\n{done.stderr[-3000:]}")
    line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT "))
    return Run(articles=articles, **json.loads(line.removeprefix("RESULT ")))


def floor_paths(articles: int) -> list[str]:
    """The pages our crawl fetches on the synthetic site: home, robots.txt, every page of every
    category listing and every article (the floor's spider fetches exactly these)."""
    sys.path.insert(0, str(ROOT))
    from insight_scraper.mirror.synthetic import SyntheticSite

    site = SyntheticSite(articles)
    paths = ["/robots.txt", "/"]
    for listing in site.listings.values():
        base, pages = "/" + listing.path, max(1, -(-len(site.members(listing)) // site.per_page))
        paths += [base] + [f"{base}page/{page}/" for page in range(2, pages + 1)]
    return paths + [site.url(k) for k in range(articles)]


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
    parser.add_argument(
        "--repeat", type=int, default=1, help="run every row N times; print each row's least CPU"
    )
    parser.add_argument("--quick", action="store_true", help="N = 300 and 1,000 only")
    parser.add_argument("--no-scrapy-bench", action="store_true", help="skip scrapy bench")
    parser.add_argument(
        "--no-floor", action="store_true", help="our crawl only (memory runs): no floor rows"
    )
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--floor-child", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        crawl_child(args.child[0], args.child[1], int(args.child[2]))
        return 0
    if args.floor_child:
        base, urls, concurrency, parse, items = args.floor_child
        floor_child(base, urls, int(concurrency), parse == "1", int(items))
        return 0
    sizes = [300, 1000] if args.quick else args.sizes
    rows = []
    for articles in sizes:
        repeats = [
            measure(articles, args.concurrency, floor=not args.no_floor) for _ in range(args.repeat)
        ]
        measured = best_of(repeats)
        if args.repeat > 1 and all(m.ratio for m in repeats):
            each = ", ".join(f"{m.ratio:.2f}x" for m in repeats)
            print(f"N={articles}: ratio in each repeat: {each}", flush=True)
        seconds = max(5, round(measured.ours.seconds))
        bench = None if args.no_scrapy_bench else scrapy_bench(seconds)
        rows.append((measured, bench))
        print(f"N={articles}: measured", file=sys.stderr, flush=True)
    _print_table(rows, args.concurrency)
    return 0


_HEADER = ("articles", "pages", "records", "s", "pages/min", "CPU ms/page", "peak RSS MB")


def _print_table(rows: list[tuple[Measured, float | None]], concurrency: int) -> None:
    print(
        f"crawl of the synthetic site, politeness off (concurrency {concurrency}, no delay, "
        "no AutoThrottle); the floor's spiders fetch the same pages from the same server"
    )
    print(f"{'':>26}" + "".join(f"{h:>12}" for h in _HEADER) + f"{'vs floor':>10}")
    for measured, _ in rows:
        items = _our_concurrent_items()
        for label, run in (
            ("bare Scrapy", measured.bare),
            ("bare Scrapy + lxml parse", measured.parsed),
            (f"same, CONCURRENT_ITEMS={items}", measured.parsed_same_items),
            ("insight-scraper", measured.ours),
        ):
            if run is None:
                continue
            ratio = f"{measured.ratio:.2f}x" if run is measured.ours and measured.ratio else ""
            print(f"{label:>26}" + "".join(f"{c:>12}" for c in _cells(run)) + f"{ratio:>10}")
    for measured, bench in rows:
        if measured.ratio is None or measured.ratio_same_items is None:
            continue
        print(
            f"N={measured.ours.articles}: our CPU per page is {measured.ratio:.2f}x the "
            f'"bare Scrapy + lxml parse" floor (target <= 1.60); '
            f"{measured.ratio_same_items:.2f}x that floor given our CONCURRENT_ITEMS"
            + ("" if bench is None else f"; scrapy bench {bench:.0f} pages/min, same seconds")
        )
    _print_growth([measured.ours for measured, _ in rows])


def _cells(run: Run) -> tuple[object, ...]:
    return (
        run.articles,
        run.pages,
        run.records,
        f"{run.seconds:.1f}",
        f"{run.pages_per_min:.0f}",
        f"{run.cpu_seconds / run.pages * 1000:.2f}",
        f"{run.peak_rss_mb:.0f}",
    )


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
        f"{per_article:.2f} KB per extra article; "
        f"peak RSS {large.peak_rss_mb:.0f} / {small.peak_rss_mb:.0f} MB = "
        f"{large.peak_rss_mb / small.peak_rss_mb:.2f}x"
    )


if __name__ == "__main__":
    raise SystemExit(main())
