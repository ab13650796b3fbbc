"""Extraction throughput and accuracy, side by side with trafilatura and newspaper4k.

Every extractor runs over the same mirror article pages in the same process, so the printed
ratios hold on a noisy machine even when the absolute numbers do not. Memory is measured apart,
in a fresh child process per extractor (lxml's C allocations are invisible to tracemalloc):
"peak RSS" is that process's high-water mark (VmHWM) over one pass of the same pages,
"+RSS" its growth over the warmed-up process, "py heap" tracemalloc's peak (Python objects only).

    python bench/extract.py                 # >= 500 pages per extractor, the full table
    python bench/extract.py --pages 60 --only insight-scraper trafilatura --no-memory \\
        --check-ratio 0.5
        # the cheap CI regression check: exit 1 if ours is over 2x slower than trafilatura
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import subprocess
import sys
import time
import tracemalloc
import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Run as a script, this directory leads sys.path, and bench/incremental.py would shadow the
# "incremental" package that Twisted imports.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(ROOT))

from insight_scraper.extract.article import extract_article
from insight_scraper.extract.text import clean_text
from insight_scraper.mirror.server import BUNDLED_SITE

SITE = "https://www.afghaninsight.com/"


@dataclass(frozen=True)
class Page:
    url: str
    html: str
    paragraphs: Counter[str]
    tweets: int


@dataclass(frozen=True)
class Output:
    paragraphs: list[str]
    tweets: int


Extractor = Callable[[Page], Output]


def load_pages() -> list[Page]:
    pages = []
    for expected_file in sorted(BUNDLED_SITE.glob("*/expected.json")):
        expected = json.loads(expected_file.read_text(encoding="utf-8"))
        if "body" not in expected:
            continue
        html = (expected_file.parent / "input.html").read_text(encoding="utf-8")
        url = SITE + expected_file.parent.name + "/"
        pages.append(
            Page(url, html, _paragraphs(expected["body"].split("\n\n")), len(expected["tweets"]))
        )
    return pages


def _paragraphs(parts: list[str]) -> Counter[str]:
    return Counter(cleaned for part in parts if (cleaned := clean_text(part)))


def ours(page: Page) -> Output:
    record = extract_article(page.html, page.url)
    return Output(record["body"].split("\n\n"), len(record["tweets"]))


def trafilatura_extractor(page: Page) -> Output:
    import trafilatura

    result = trafilatura.bare_extraction(page.html, url=page.url, with_metadata=True)
    text = (result.text if result is not None else "") or ""
    return Output(text.split("\n"), 0)  # no structured tweets


def newspaper_extractor(page: Page) -> Output:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "nltk is not installed": NLP features are not used
        import newspaper

    article = newspaper.Article(page.url, fetch_images=False)
    article.download(input_html=page.html)
    article.parse()
    return Output(article.text.split("\n\n"), 0)


EXTRACTORS: dict[str, Extractor] = {
    "insight-scraper": ours,
    "trafilatura": trafilatura_extractor,
    "newspaper4k": newspaper_extractor,
}


def measure(extract: Extractor, pages: list[Page], runs: int) -> dict[str, float]:
    for page in pages[:3]:
        extract(page)  # warm-up: imports, lazy tables, caches
    gc.collect()
    started = time.perf_counter()
    for index in range(runs):
        extract(pages[index % len(pages)])
    elapsed = time.perf_counter() - started
    return {"pages_per_s": runs / elapsed, **_accuracy(extract, pages)}


def memory_child(name: str, runs: int) -> None:
    """In a fresh process: warm up one extractor, then one timed-free pass; print MB as JSON."""
    extract, pages = EXTRACTORS[name], load_pages()
    for page in pages[:3]:
        extract(page)
    gc.collect()
    base = _status_mb("VmRSS")
    for index in range(runs):
        extract(pages[index % len(pages)])
    peak = _status_mb("VmHWM")
    tracemalloc.start()
    for page in pages:
        extract(page)
    heap = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    print(
        json.dumps({"peak_rss_mb": peak, "rss_growth_mb": max(0.0, peak - base), "heap_mb": heap})
    )


_NO_MEMORY = {"peak_rss_mb": float("nan"), "rss_growth_mb": float("nan"), "heap_mb": float("nan")}


def _status_mb(field: str) -> float:
    """VmRSS (now) or VmHWM (peak) of this process. Not ru_maxrss: Linux carries it across
    exec, so a child would report the larger parent's peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_memory(name: str, runs: int) -> dict[str, float]:
    command = [sys.executable, __file__, "--memory-child", name, "--pages", str(runs)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _accuracy(extract: Extractor, pages: list[Page]) -> dict[str, float]:
    matched = found = wanted = tweets = expected_tweets = 0
    for page in pages:
        output = extract(page)
        got = _paragraphs(output.paragraphs)
        matched += sum((got & page.paragraphs).values())
        found += sum(got.values())
        wanted += sum(page.paragraphs.values())
        tweets += output.tweets
        expected_tweets += page.tweets
    return {
        "precision": matched / found if found else 0.0,
        "recall": matched / wanted if wanted else 0.0,
        "tweets": tweets,
        "tweets_expected": expected_tweets,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--pages", type=int, default=500, help="pages per extractor (repeats the corpus)"
    )
    parser.add_argument("--only", nargs="*", default=list(EXTRACTORS), choices=list(EXTRACTORS))
    parser.add_argument(
        "--no-memory", action="store_true", help="skip the memory processes (the CI check)"
    )
    parser.add_argument("--memory-child", choices=list(EXTRACTORS), help=argparse.SUPPRESS)
    parser.add_argument(
        "--check-ratio",
        type=float,
        default=None,
        help="exit 1 if ours / trafilatura pages-per-second falls below this",
    )
    args = parser.parse_args(argv)
    if args.memory_child:
        memory_child(args.memory_child, args.pages)
        return 0
    pages = load_pages()
    wanted = set(args.only) | ({"insight-scraper", "trafilatura"} if args.check_ratio else set())
    results = {
        name: measure(EXTRACTORS[name], pages, args.pages) for name in EXTRACTORS if name in wanted
    }
    for name, row in results.items():
        row.update(_NO_MEMORY if args.no_memory else measure_memory(name, args.pages))
    _print_table(results, len(pages), args.pages)
    if args.check_ratio is not None:
        ratio = results["insight-scraper"]["pages_per_s"] / results["trafilatura"]["pages_per_s"]
        verdict = "ok" if ratio >= args.check_ratio else "REGRESSION"
        print(
            f"check: ours/trafilatura speed ratio {ratio:.2f} (floor {args.check_ratio}) {verdict}"
        )
        return 0 if ratio >= args.check_ratio else 1
    return 0


def _print_table(results: dict[str, dict[str, float]], corpus: int, runs: int) -> None:
    base = results.get("insight-scraper", {}).get("pages_per_s")
    print(f"{runs} pages per extractor, corpus of {corpus} mirror article pages, same process")
    header = (
        "extractor",
        "pages/s",
        "vs ours",
        "peak RSS MB",
        "+RSS MB",
        "py heap MB",
        "precision",
        "recall",
        "tweets",
    )
    print("".join(f"{h:<16}" if i == 0 else f"{h:>12}" for i, h in enumerate(header)))
    for name, row in results.items():
        ratio = f"{row['pages_per_s'] / base:.2f}x" if base else "-"
        tweets = f"{int(row['tweets'])}/{int(row['tweets_expected'])}"
        print(
            f"{name:<16}{row['pages_per_s']:>12.1f}{ratio:>12}{row['peak_rss_mb']:>12.1f}"
            f"{row['rss_growth_mb']:>12.1f}{row['heap_mb']:>12.1f}"
            f"{row['precision']:>12.3f}{row['recall']:>12.3f}{tweets:>12}"
        )


if __name__ == "__main__":
    raise SystemExit(main())
