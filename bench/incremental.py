"""Request cost of incremental crawls, side by side with a full crawl of the same mirror.

Each scenario starts from the state of a full crawl of the bundled mirror, changes the site
(tests/mirror/versions.py), and runs `insight-scraper crawl --incremental` through the real
command and a real local server, with the REST API on and off.

    python bench/incremental.py [--added 3] [--rest-articles 500]

A last table: requests per article of a REST-first full crawl (issue 12; target <= 0.05 where
REST is open), on a version of the mirror with --rest-articles articles, without page fields and
with the afghaninsight profile's page fields (each of those fetches the article page).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# Run as a script, this directory leads sys.path, and this very file would shadow the
# `incremental` package that Twisted imports: take the directory off, put the project on.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(ROOT))

from insight_scraper.mirror.server import BUNDLED_SITE, MirrorServer, Site
from tests.mirror.versions import BUMPED, DELETED, EDITED, Changes, build_version


def scenarios(added: int) -> dict[str, Changes]:
    return {
        "unchanged": Changes(),
        f"{added} new": Changes(added=added),
        "1 edit + 1 date bump": Changes(edited=EDITED, bumped=BUMPED),
        "1 deleted": Changes(deleted=DELETED),
    }


# The incremental rows compare with today's HTML full crawl; the REST-first rows come last.
HTML_ROAD = ["--set", "INSIGHT_SOURCES=feeds,sitemaps,listings"]
PAGE_FIELDS = "breadcrumbs,authors,reading_time_minutes"  # the afghaninsight profile's


def crawl(
    server: MirrorServer, work: Path, state: Path, incremental: bool, extra: list[str] = HTML_ROAD
) -> dict[str, Any]:
    """One run of the real command; its run summary (the last line it prints)."""
    command = [sys.executable, "-m", "insight_scraper.cli", "crawl", "--mirror", server.base_url]
    command += ["--output", str(work / "articles.jsonl"), "--state", str(state)]
    command += ["--log-level", "ERROR", *extra]
    if incremental:
        command.append("--incremental")
    done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
    summary: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return summary


def run_mode(rest: bool, added: int, work: Path) -> list[tuple[str, dict[str, Any]]]:
    rows = []
    with MirrorServer(Site(BUNDLED_SITE, rest=rest)) as server:
        # State and output live together (the state follows the output): each scenario starts
        # from a copy of the full crawl's whole output directory.
        baseline = work / "full"
        rows.append(("full crawl", crawl(server, baseline, baseline / "state.sqlite", False)))
        for name, changes in scenarios(added).items():
            folder = work / name.replace(" ", "-")
            state = folder / "state.sqlite"
            shutil.copytree(baseline, folder)
            server.swap(Site(build_version(changes, folder / "site", folder), rest=rest))
            rows.append((name, crawl(server, folder, state, incremental=True)))
            server.swap(Site(BUNDLED_SITE, rest=rest))
    return rows


def print_rows(rest: bool, rows: list[tuple[str, dict[str, Any]]], added: int) -> None:
    full = rows[0][1]["requests"]["total"]
    print(
        f"\nREST API {'on' if rest else 'off (401/403/404: falls back to feed, sitemap, listings)'}"
    )
    header = f"{'run':<24}{'discovery':>10}{'article':>9}{'total':>7}{'vs full':>9}"
    print(header + f"{'new':>5}{'upd':>5}{'bumps':>6}{'removed':>8}")
    for name, summary in rows:
        requests, articles = summary["requests"], summary["articles"]
        print(f"{name:<24}{requests['discovery']:>10}{requests['article']:>9}{requests['total']:>7}"
              f"{requests['total'] / full:>8.2f}x{articles['new']:>5}{articles['updated']:>5}"
              f"{articles['date_bumps']:>6}{articles['removed']:>8}")  # fmt: skip
    new_run = dict(rows)[f"{added} new"]["requests"]["total"]
    full_new = rows[0][1]["articles"]["new"]
    per_new, per_full = new_run / added, full / full_new
    print(f"requests per new article: incremental {per_new:.2f}, full crawl {per_full:.2f}")


def rest_first_rows(articles: int, work: Path) -> list[tuple[str, dict[str, Any]]]:
    """Full crawls of a site of ``articles`` posts with REST open: no page fields, and the
    afghaninsight page fields."""
    site = build_version(Changes(added=max(0, articles - 25)), work / "site", work)
    rows = []
    with MirrorServer(Site(site)) as server:
        for name, fields in (("REST only", ""), ("REST + page fields", PAGE_FIELDS)):
            folder = work / name.replace(" ", "-")
            sets = ["--set", "INSIGHT_SOURCES=rest,feeds,sitemaps,listings"]
            sets += ["--set", f"INSIGHT_REST_PAGE_FIELDS={fields}"]
            rows.append((name, crawl(server, folder, folder / "state.sqlite", False, sets)))
    return rows


def print_rest_rows(rows: list[tuple[str, dict[str, Any]]]) -> None:
    print("\nREST-first full crawl (REST API on): requests per article, target <= 0.05")
    head = f"{'run':<24}{'articles':>9}{'discovery':>10}{'article':>9}{'total':>7}"
    print(head + f"{'per article':>13}")
    for name, summary in rows:
        requests, records = summary["requests"], summary["articles"]["new"]
        print(f"{name:<24}{records:>9}{requests['discovery']:>10}{requests['article']:>9}"
              f"{requests['total']:>7}{requests['total'] / max(1, records):>13.3f}")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--added", type=int, default=3, help="k, the number of new articles")
    parser.add_argument("--rest-articles", type=int, default=500, help="site size, REST rows")
    args = parser.parse_args(argv)
    print("Requests per run, from each run's summary (total includes robots.txt and retries).")
    for rest in (True, False):
        with tempfile.TemporaryDirectory(prefix="insight-bench-") as work:
            print_rows(rest, run_mode(rest, args.added, Path(work)), args.added)
    with tempfile.TemporaryDirectory(prefix="insight-bench-") as work:
        print_rest_rows(rest_first_rows(args.rest_articles, Path(work)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
