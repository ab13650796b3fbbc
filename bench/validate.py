"""Record validation per record: the crawl's check against jsonschema's, in one process.

The records are the bundled mirror's article pages, extracted. ``validation_errors`` is what
ValidatePipeline runs on every record (jsonschema-rs's compiled check, jsonschema only for a
record that fails); jsonschema's Draft 2020-12 validator is the reference implementation.

    python bench/validate.py            # 200 rounds over the mirror's records
    python bench/validate.py --rounds 50
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from jsonschema import Draft202012Validator

from insight_scraper.extract.article import extract_article
from insight_scraper.mirror.server import BUNDLED_SITE
from insight_scraper.record import load_schema, validation_errors
from tests.conftest import page_url


def mirror_records() -> list[dict[str, Any]]:
    """Every article page of the bundled mirror, as the record the crawl validates."""
    records = []
    for expected in sorted(BUNDLED_SITE.glob("*/expected.json")):
        html = (expected.parent / "input.html").read_text(encoding="utf-8")
        try:
            record = extract_article(html, page_url(expected.parent))
        except Exception:  # listings and error pages are not articles
            continue
        records.append({**record, "scraped_at": "2024-05-08T14:00:00Z", "change": "new"})
    return records


def ms_per_record(check: Callable[[Any], object], records: list[Any], rounds: int) -> float:
    """The least of five timings of ``rounds`` passes over the records (noise only adds)."""
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        for _ in range(rounds):
            for record in records:
                check(record)
        best = min(best, time.perf_counter() - started)
    return best / (rounds * len(records)) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args(argv)
    records = mirror_records()
    if any(validation_errors(record) for record in records):
        raise SystemExit("a mirror record fails the schema: fix that first")
    reference = Draft202012Validator(load_schema())
    ours = ms_per_record(validation_errors, records, args.rounds)
    theirs = ms_per_record(reference.is_valid, records, max(1, args.rounds // 20))
    print(f"{len(records)} mirror records, same process, least of 5 timings")
    print(f"{'validation_errors (jsonschema-rs)':>36} {ours:9.4f} ms per record")
    print(f"{'jsonschema Draft202012Validator':>36} {theirs:9.4f} ms per record")
    print(f"ours is {theirs / ours:.0f}x faster than jsonschema")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
