"""Body extraction on real pages no one here wrote: the article-extraction-benchmark.

Runs ``extract_article`` and trafilatura's ``extract()`` over the benchmark's 181 real
article pages in one process and scores each with the benchmark's own method (its
SOURCE.md): the extracted text and the ground truth ``articleBody`` are cut into 4-word
shingles (``\\w+`` tokens); per page tp/fp/fn are counted and normalised to sum to 1;
precision is averaged over pages that gave any shingle, recall over pages whose truth has
one, and F1 is computed from those two means. A page with no output scores recall 0.

Our text is what a reader of the record gets, in page order: the prose blocks and the text
of each embedded tweet (the ground truth counts tweet text as part of the body). The row
"(body only)" scores ``record["body"]`` alone. Speed is CPU time (``process_time``) spent
inside each extractor, both run on the same page one after the other (in alternating order),
so drift on a noisy machine hits both alike; the ratio is what to read. A first untimed pass
over all pages pays the imports and lazy tables of both (``--no-warm-up`` times it instead).

    python bench/aeb.py                        # the table
    python bench/aeb.py --worst 15             # plus the pages we lose most on
    python bench/aeb.py --check-f1 0.96 --check-ratio 1.2   # CI floor: exit 1 below either

The data directory is ``../shared/benchmarks/article-extraction-benchmark`` beside the
repository, or ``$INSIGHT_AEB_DIR``, or ``--data DIR``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Run as a script, this directory leads sys.path, and bench/incremental.py would shadow the
# "incremental" package that Twisted imports.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(ROOT))

from bs4.dammit import UnicodeDammit

from insight_scraper.extract.article import extract_article
from insight_scraper.extract.errors import NotAnArticle

DEFAULT_DATA = ROOT.parent / "shared" / "benchmarks" / "article-extraction-benchmark"
_TOKEN = re.compile(r"\w+")
_PROSE = frozenset({"paragraph", "heading", "list", "quote", "tweet"})
Counts = tuple[float, float, float]


@dataclass(frozen=True)
class Page:
    key: str
    url: str
    html: str
    truth: str


@dataclass
class Row:
    name: str
    cpu_s: float = 0.0
    counts: dict[str, Counts] = field(default_factory=dict)
    empty: Counter[str] = field(default_factory=Counter)


def load_pages(data: Path) -> list[Page]:
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key in sorted(truth):
        raw = gzip.decompress((data / "html" / f"{key}.html.gz").read_bytes())
        # The same decoding as `insight-scraper extract` (saved pages carry no HTTP charset).
        decoded = UnicodeDammit(raw, ["utf-8"], is_html=True).unicode_markup
        html = decoded if decoded is not None else raw.decode("utf-8", "replace")
        pages.append(Page(key, truth[key]["url"], html, truth[key].get("articleBody") or ""))
    return pages


def _shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text)
    if 0 < len(tokens) < n:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def score(truth: str, predicted: str) -> Counts:
    """(tp, fp, fn) over 4-word shingles, normalised to sum to 1 (0s when both are empty)."""
    wanted, got = _shingles(truth), _shingles(predicted)
    tp = sum((wanted & got).values())
    fp = sum((got - wanted).values())
    fn = sum((wanted - got).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def metrics(counts: list[Counts]) -> tuple[float, float, float]:
    """(f1, precision, recall) as the benchmark averages them."""
    precision = statistics.mean(
        1.0 if fp == fn == 0 else tp / (tp + fp) for tp, fp, fn in counts if tp + fp > 0
    )
    recall = statistics.mean(
        1.0 if fp == fn == 0 else tp / (tp + fn) for tp, fp, fn in counts if tp + fn > 0
    )
    return 2 * precision * recall / (precision + recall), precision, recall


def ours(page: Page) -> dict[str, str]:
    """The record's text in page order (prose and tweets), and its ``body`` alone."""
    record = extract_article(page.html, page.url)
    lines: list[str] = []
    for block in record["blocks"]:
        if block["type"] == "list":
            lines.extend(block["items"])
        elif block["type"] in _PROSE and block["text"]:
            lines.append(block["text"])
    return {OURS: "\n".join(lines), OURS + " (body only)": record["body"]}


def trafilatura_text(page: Page) -> dict[str, str]:
    import trafilatura

    return {TRAFILATURA: trafilatura.extract(page.html, url=page.url) or ""}


OURS, TRAFILATURA = "insight-scraper", "trafilatura"
EXTRACTORS: dict[str, Callable[[Page], dict[str, str]]] = {  # name → texts it gives
    OURS: ours,
    TRAFILATURA: trafilatura_text,
}


def run(pages: list[Page], warm_up: bool) -> list[Row]:
    """Each page through both extractors, in alternating order (the second to read a page
    finds it in the CPU's caches); CPU time counted per extractor."""
    rows: dict[str, Row] = {}
    for page in pages if warm_up else pages[:2]:  # imports, lazy tables, caches
        for extract in EXTRACTORS.values():
            _call(extract, page)
    cpu = dict.fromkeys(EXTRACTORS, 0.0)
    for number, page in enumerate(pages):
        order = list(EXTRACTORS) if number % 2 == 0 else list(reversed(EXTRACTORS))
        for name in order:
            started = time.process_time()
            texts, reason = _call(EXTRACTORS[name], page)
            cpu[name] += time.process_time() - started
            for label, text in texts.items():
                row = rows.setdefault(label, Row(label))
                row.counts[page.key] = score(page.truth, text)
                if not text.strip():
                    row.empty[reason or "no_output"] += 1
    for row in rows.values():
        row.cpu_s = cpu[row.name.split(" (")[0]]
    return [rows[label] for label in sorted(rows, key=lambda label: label == TRAFILATURA)]


Extractor = Callable[[Page], dict[str, str]]


def _call(extract: Extractor, page: Page) -> tuple[dict[str, str], str | None]:
    try:
        return extract(page), None
    except NotAnArticle as exc:
        empty = {OURS: "", OURS + " (body only)": ""}
        return empty, exc.reason


def print_table(rows: list[Row], pages: int) -> None:
    base = next(row for row in rows if row.name == TRAFILATURA)
    print(f"{pages} pages of the article-extraction-benchmark, same process, CPU time")
    header = ("extractor", "F1", "precision", "recall", "no output", "pages/s", "vs trafilatura")
    print(f"{header[0]:<30}" + "".join(f"{h:>12}" for h in header[1:6]) + f"{header[6]:>16}")
    for row in rows:
        f1, precision, recall = metrics(list(row.counts.values()))
        speed = pages / row.cpu_s
        empty = sum(row.empty.values())
        print(
            f"{row.name:<30}{f1:>12.3f}{precision:>12.3f}{recall:>12.3f}{empty:>12}"
            f"{speed:>12.1f}{speed / (pages / base.cpu_s):>15.2f}x"
        )
    for row in rows:
        if row.empty:
            print(f"  {row.name} no output: {dict(sorted(row.empty.items()))}")


def print_worst(rows: list[Row], pages: list[Page], count: int) -> None:
    ours, base = rows[0], next(row for row in rows if row.name == TRAFILATURA)

    def f1(c: Counts) -> float:
        return 2 * c[0] / (2 * c[0] + c[1] + c[2]) if any(c) else 1.0

    by_loss = sorted(pages, key=lambda p: f1(ours.counts[p.key]) - f1(base.counts[p.key]))
    print(f"\nworst {count} pages for {ours.name} (F1 ours / trafilatura, P/R ours):")
    for page in by_loss[:count]:
        c = ours.counts[page.key]
        p = c[0] / (c[0] + c[1]) if c[0] + c[1] else 0.0
        r = c[0] / (c[0] + c[2]) if c[0] + c[2] else 0.0
        print(
            f"  {page.key}  {f1(c):.3f} / {f1(base.counts[page.key]):.3f}  P {p:.2f} R {r:.2f}"
            f"  {page.url[:90]}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=None, help="the benchmark directory")
    parser.add_argument(
        "--no-warm-up", action="store_true", help="time the first pass (lazy loads included)"
    )
    parser.add_argument("--worst", type=int, default=0, help="list the N pages we lose most on")
    parser.add_argument("--check-f1", type=float, default=None, help="exit 1 if our F1 is below")
    parser.add_argument(
        "--check-ratio", type=float, default=None, help="exit 1 if ours/trafilatura pages/s below"
    )
    args = parser.parse_args(argv)
    data = args.data or Path(os.environ.get("INSIGHT_AEB_DIR") or DEFAULT_DATA)
    if not (data / "ground-truth.json").is_file():
        print(f"aeb: no benchmark data in {data} (use --data or INSIGHT_AEB_DIR)", file=sys.stderr)
        return 2
    pages = load_pages(data)
    rows = run(pages, warm_up=not args.no_warm_up)
    print_table(rows, len(pages))
    if args.worst:
        print_worst(rows, pages, args.worst)
    return _check(rows, len(pages), args.check_f1, args.check_ratio)


def _check(rows: list[Row], pages: int, f1_floor: float | None, ratio: float | None) -> int:
    ours, base = rows[0], next(row for row in rows if row.name == TRAFILATURA)
    f1 = metrics(list(ours.counts.values()))[0]
    speed = base.cpu_s / ours.cpu_s
    failed = False
    if f1_floor is not None:
        failed |= f1 < f1_floor
        print(f"check: F1 {f1:.3f} (floor {f1_floor}) {'ok' if f1 >= f1_floor else 'REGRESSION'}")
    if ratio is not None:
        failed |= speed < ratio
        verdict = "ok" if speed >= ratio else "REGRESSION"
        print(f"check: ours/trafilatura speed {speed:.2f} (floor {ratio}) {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
