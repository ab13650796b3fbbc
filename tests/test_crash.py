"""Crash safety: SIGKILL the crawl at seeded random moments, resume each time with --resume,
and the output still holds every article exactly once, no cut line, and a sound state."""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from insight_scraper.mirror.server import MirrorServer
from tests.conftest import manifest

# Each test runs the command, Scrapy or Scrapyd as a process of its own.
pytestmark = pytest.mark.process

KILLS = 5


def _command(mirror: MirrorServer, out: Path) -> list[str]:
    # A full run takes ~5 s at this delay (29 requests, two at a time), so that the kills at
    # 0.8-3.0 s land mid-crawl: a faster crawl finished before some of them.
    return [
        sys.executable, "-m", "insight_scraper.cli", "crawl", "--mirror", mirror.base_url,
        "--output", str(out / "articles.jsonl"), "--state", str(out / "state.sqlite"),
        "--resume", str(out / "job"), "--log-level", "ERROR",
        "--set", "DOWNLOAD_DELAY=0.15", "--set", "CONCURRENT_REQUESTS=2",
    ]  # fmt: skip


def test_sigkill_at_random_moments_then_resume(mirror: MirrorServer, tmp_path: Path) -> None:
    moments = random.Random(20241127)
    outcomes = []
    for _ in range(KILLS):
        process = subprocess.Popen(
            _command(mirror, tmp_path), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(moments.uniform(0.8, 3.0))
        process.send_signal(signal.SIGKILL)
        outcomes.append(process.wait(timeout=30))
    assert outcomes.count(-signal.SIGKILL) >= 3  # most runs really were killed mid-crawl
    done = subprocess.run(_command(mirror, tmp_path), capture_output=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    lines = (tmp_path / "articles.jsonl").read_bytes().split(b"\n")
    assert lines[-1] == b""  # ends with a newline: no cut line
    records = [json.loads(line) for line in lines[:-1]]
    urls = [record["url"] for record in records]
    assert len(urls) == len(set(urls))
    assert sorted(urls) == sorted(post["url"] for post in manifest()["posts"])
    with sqlite3.connect(tmp_path / "state.sqlite") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == len(urls)
