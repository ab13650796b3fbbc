"""The insight-scraper command, run as a user runs it (a subprocess)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from insight_scraper.mirror.server import BUNDLED_SITE
from tests.conftest import SITE_URL, manifest, page_url

# Each test runs the command, Scrapy or Scrapyd as a process of its own.
pytestmark = pytest.mark.process

SEED = "regional-and-international-conferences-on-afghanistan-a-quest-for-human-rights-stability-and-recognition"


def _run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    command = [sys.executable, "-m", "insight_scraper.cli", *args]
    return subprocess.run(command, input=stdin, capture_output=True, timeout=120, check=False)


def test_extract_prints_the_record_of_a_saved_page() -> None:
    page = BUNDLED_SITE / SEED
    done = _run("extract", str(page / "input.html"), "--url", page_url(page))
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    expected = json.loads((page / "expected.json").read_text(encoding="utf-8"))
    assert {key: record[key] for key in expected} == expected
    assert record["scraped_at"].endswith("Z")


def test_extract_reads_stdin() -> None:
    page = BUNDLED_SITE / SEED
    done = _run("extract", "-", "--url", page_url(page), stdin=(page / "input.html").read_bytes())
    assert done.returncode == 0
    assert json.loads(done.stdout)["post_id"] == 2841


def test_extract_refuses_a_listing_page_with_exit_2() -> None:
    listing = BUNDLED_SITE / "category" / "afghan-sports"
    done = _run("extract", str(listing / "input.html"), "--url", page_url(listing))
    assert done.returncode == 2
    assert b"listing_page" in done.stderr
    assert done.stdout == b""


def test_extract_listing_prints_urls_and_next_page() -> None:
    category = next(c for c in manifest()["categories"] if c["pages"] > 1)
    listing = BUNDLED_SITE / category["url"].removeprefix(SITE_URL)
    done = _run("extract", "--listing", str(listing / "input.html"), "--url", page_url(listing))
    assert done.returncode == 0
    expected = json.loads((listing / "expected.json").read_text(encoding="utf-8"))
    assert json.loads(done.stdout) == expected
    assert expected["next_page"] is not None


def test_demo_writes_one_record_per_mirror_article(tmp_path: Path) -> None:
    output = tmp_path / "articles.jsonl"
    done = _run("demo", "--output", str(output))
    assert done.returncode == 0, done.stderr[-2000:]
    summary = json.loads(done.stdout.splitlines()[-1])
    lines = output.read_text(encoding="utf-8").splitlines()
    assert summary["articles"] == len(lines) == len(manifest()["posts"])
    assert summary["rejects"] == 0 and (tmp_path / "rejects.jsonl").exists()
    assert summary["tweets"] == sum(len(json.loads(line)["tweets"]) for line in lines)
