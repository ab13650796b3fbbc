"""A full crawl of the bundled mirror served with faults (insight_scraper/mirror/faults.py).

Runs the real `insight-scraper crawl --mirror` against a local server that injects faults into
RATE of its answers (seeded: the same seed gives the same run), then reads the output back and
prints what became of every article of the mirror: captured, rejected (with reasons),
duplicated, lost.

    python bench/faults.py [--rate 0.2] [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# Run as a script, this directory leads sys.path, and bench/incremental.py would shadow the
# `incremental` package that Twisted imports: take the directory off, put the project on.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(ROOT))

from insight_scraper.mirror.faults import FaultySite, uniform_rates
from insight_scraper.mirror.server import BUNDLED_SITE, MirrorServer, Site

# Faults cost seconds, not minutes: a slow answer outlasts a 2 s download timeout.
TIMEOUT, SLOW = 2, 3.0


def crawl(base_url: str, work: Path) -> dict[str, Any]:
    """One run of the real command; its run summary (the last line it prints)."""
    command = [sys.executable, "-m", "insight_scraper.cli", "crawl", "--mirror", base_url]
    command += ["--output", str(work / "articles.jsonl"), "--state", str(work / "state.sqlite")]
    command += ["--log-level", "ERROR", "--set", f"DOWNLOAD_TIMEOUT={TIMEOUT}"]
    done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
    summary: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return summary


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    return [json.loads(line) for line in lines if line.strip()]


def report(work: Path, site: FaultySite, summary: dict[str, Any]) -> int:
    manifest = json.loads((BUNDLED_SITE / "_manifest.json").read_text(encoding="utf-8"))
    posts = {post["url"] for post in manifest["posts"]}
    captured = [record["url"] for record in read_jsonl(work / "articles.jsonl")]
    rejects = read_jsonl(work / "rejects.jsonl")
    rejected = {r["url"]: r["reason"] for r in rejects if r["url"] in posts}
    duplicates = len(captured) - len(set(captured)) + len(set(captured) & set(rejected))
    lost = posts - set(captured) - set(rejected)
    print(f"faults injected: {sum(site.log.values())} {dict(sorted(site.log.items()))}")
    print(f"requests: {summary['requests']}")
    print(f"articles of the mirror: {len(posts)}")
    print(f"articles captured: {len(set(captured) & posts)}")
    print(f"articles rejected: {len(rejected)} {dict(sorted(Counter(rejected.values()).items()))}")
    other = Counter(r["reason"] for r in rejects if r["url"] not in posts)
    print(f"other rejects (not articles of the mirror): {dict(sorted(other.items()))}")
    print(f"duplicates: {duplicates}")
    print(f"lost: {len(lost)}{' ' + str(sorted(lost)) if lost else ''}")
    return 1 if duplicates or lost else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rate", type=float, default=0.2, help="share of answers faulted")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    site = FaultySite(Site(BUNDLED_SITE), args.seed, uniform_rates(args.rate), slow=SLOW)
    print(f"Full crawl of the bundled mirror, {args.rate:.0%} faults, seed {args.seed}")
    with tempfile.TemporaryDirectory(prefix="insight-faults-") as temporary:
        work = Path(temporary)
        with MirrorServer(site) as server:
            summary = crawl(server.base_url, work)
        return report(work, site, summary)


if __name__ == "__main__":
    raise SystemExit(main())
