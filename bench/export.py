"""Export of a 20,000-article output: time and peak memory, against pandas in the same run.

The output is synthesised from the mirror crawl's records (``make demo``'s output/, or a fresh
demo crawl): record k is record k mod 25 with its post id, URL, headline and scraped_at changed.
Each measured step runs in its own child process, and its peak RSS is that child's (wait4).

    python bench/export.py [--articles 20000] [--source output]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

EXPORT = "from insight_scraper.analysis.export import export; import sys; export(sys.argv[1])"
PANDAS = (
    "import pandas as pd, sys; a = pd.read_json(sys.argv[1] + '/articles.jsonl', lines=True, "
    "dtype={'post_id': 'Int64'}); t = pd.json_normalize(a.to_dict('records'), "
    "record_path='tweets', meta=['post_id'])"
)
LOAD = (
    "from insight_scraper import load_articles; import sys; "
    "load_articles(sys.argv[1], refresh=False)"
)


def source_records(source: Path) -> list[dict[str, object]]:
    dataset = source / "articles.jsonl"
    if not dataset.is_file():
        subprocess.run([sys.executable, "-m", "insight_scraper.cli", "demo", "--output",
                        str(dataset)], check=True, capture_output=True)  # fmt: skip
    lines = dataset.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def synthesise(records: list[dict[str, object]], n: int, out: Path, start: int = 0) -> None:
    with (out / "articles.jsonl").open("a", encoding="utf-8") as handle:
        for k in range(start, start + n):
            base = records[k % len(records)]
            row = {**base, "post_id": 100_000 + k, "headline": f"{base['headline']} ({k})",
                   "url": str(base["url"]).rstrip("/") + f"-{k}/",
                   "scraped_at": f"2026-01-01T00:{k // 3600 % 60:02d}:{k % 60:02d}Z"}  # fmt: skip
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def measure(code: str, argument: Path) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of ``python -c code argument`` in a child process."""
    started = time.monotonic()
    child = subprocess.Popen([sys.executable, "-c", code, str(argument)], cwd=ROOT)
    _, status, usage = os.wait4(child.pid, 0)
    if status != 0:
        raise SystemExit(f"child failed ({status}): {code}")
    return time.monotonic() - started, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--source", type=Path, default=ROOT / "output")
    args = parser.parse_args()
    records = source_records(args.source)
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        out = Path(tmp)
        synthesise(records, args.articles, out)
        size = (out / "articles.jsonl").stat().st_size / 2**20
        rows = [("pandas read_json + json_normalize (baseline)", *measure(PANDAS, out))]
        rows.append(("insight-scraper export (full)", *measure(EXPORT, out)))
        synthesise(records, 100, out, start=args.articles)
        rows.append(("export again, 100 articles appended", *measure(EXPORT, out)))
        rows.append(("load_articles (typed DataFrame)", *measure(LOAD, out)))
        manifest = json.loads((out / "tables" / "manifest.json").read_text(encoding="utf-8"))
    print(f"{args.articles} synthetic articles, {size:.1f} MB of JSON Lines; "
          f"tables: {manifest['rows']}")  # fmt: skip
    base_s, base_mb = rows[0][1], rows[0][2]
    print(f"{'step':46} {'s':>8} {'vs pandas':>10} {'peak RSS MB':>12} {'vs pandas':>10}")
    for name, seconds, peak in rows:
        print(
            f"{name:46} {seconds:8.2f} {seconds / base_s:9.2f}x {peak:12.0f} {peak / base_mb:9.2f}x"
        )


if __name__ == "__main__":
    main()
