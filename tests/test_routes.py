"""Every route writes schema-valid records: `scrapy crawl -O` too (no fetch bookkeeping in the
records, rejects in a file of their own beside them)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from scrapy.settings import SETTINGS_PRIORITIES, Settings

from insight_scraper.feeds import ARTICLES, CMDLINE_PRIORITY, REJECTS, complete_feeds, feeds
from insight_scraper.items import RECORD_FIELDS
from insight_scraper.mirror.server import MirrorServer
from insight_scraper.record import validation_errors
from tests.conftest import manifest


def test_a_feed_taking_every_item_takes_records_only_with_their_fields() -> None:
    settings = Settings({"FEEDS": {"/data/x.jsonl": {"format": "jsonlines"}}})
    complete_feeds(settings)
    completed = settings.getdict("FEEDS")
    assert completed["/data/x.jsonl"]["item_classes"] == [ARTICLES]
    assert completed["/data/x.jsonl"]["fields"] == list(RECORD_FIELDS)
    assert completed["/data/rejects.jsonl"]["item_classes"] == [REJECTS]


def test_the_projects_own_feeds_are_left_as_they_are() -> None:
    own = feeds("out/articles.jsonl", "out/rejects.jsonl")
    settings = Settings({"FEEDS": own})
    complete_feeds(settings)
    assert settings.getdict("FEEDS") == own


@pytest.mark.process
def test_scrapy_crawl_dash_o_writes_schema_valid_records(
    mirror: MirrorServer, tmp_path: Path
) -> None:
    out = tmp_path / "x.jsonl"
    done = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "afghaninsight", "-O", str(out),
         "-s", f"INSIGHT_MIRROR_URL={mirror.base_url}", "-s", "INSIGHT_STATE_PATH=", "-s", "FEEDS={}",
         "-s", f"INSIGHT_RUNS_DIR={tmp_path / 'runs'}", "-s", f"INSIGHT_DATASET={tmp_path / 'dataset.jsonl'}",
         "-s", "AUTOTHROTTLE_ENABLED=0",
         "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=WARNING"],
        capture_output=True, timeout=120, check=False, cwd=Path(__file__).parents[1],
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == len(manifest()["posts"])
    assert [validation_errors(record) for record in records if validation_errors(record)] == []
    assert (tmp_path / "rejects.jsonl").exists()
    # The dataset is kept on this route too, from the run's own files.
    assert len(
        [json.loads(line) for line in (tmp_path / "dataset.jsonl").read_text().splitlines()]
    ) == len(records)


def test_the_command_line_priority_is_scrapys() -> None:
    assert SETTINGS_PRIORITIES["cmdline"] == CMDLINE_PRIORITY
