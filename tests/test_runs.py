"""Scheduled-run behaviour through the real command: the run summary and metrics, the state
lock against overlapping runs, and resuming a killed crawl with --resume (Scrapy's JOBDIR)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from insight_scraper.mirror.server import MirrorServer
from tests.conftest import manifest

# Each test runs the command, Scrapy or Scrapyd as a process of its own.
pytestmark = pytest.mark.process

COMMAND = [sys.executable, "-m", "insight_scraper.cli"]


def _crawl(mirror: MirrorServer, out: Path, *extra: str) -> list[str]:
    return [*COMMAND, "crawl", "--mirror", mirror.base_url, "--output", str(out / "articles.jsonl"),
            "--state", str(out / "state.sqlite"), "--log-level", "WARNING", *extra]  # fmt: skip


def _written(out: Path) -> int:
    return sum(
        len(path.read_bytes().splitlines()) for path in (out / "runs").glob("*.articles.jsonl")
    )


def _records(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_summary_and_prometheus_metrics(mirror: MirrorServer, tmp_path: Path) -> None:
    metrics = tmp_path / "metrics" / "insight.prom"
    done = subprocess.run([*_crawl(mirror, tmp_path), "--metrics-file", str(metrics)],
                          capture_output=True, timeout=120, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    summary = json.loads(done.stdout.decode().strip().splitlines()[-1])
    assert summary["mode"] == "full" and summary["exit_code"] == 0
    assert summary["articles"]["new"] == len(manifest()["posts"])
    assert summary["requests"]["article"] == len(manifest()["posts"])
    saved = json.loads((tmp_path / "runs" / f"{summary['run_id']}.json").read_text())
    assert saved["articles"] == summary["articles"]
    text = metrics.read_text()
    assert f'insight_scraper_articles{{outcome="new"}} {len(manifest()["posts"])}' in text
    assert 'insight_scraper_requests{role="article"}' in text


def test_overlapping_run_is_refused(mirror: MirrorServer, tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys; from insight_scraper.state import StateStore; "
         f"held = StateStore.open({str(tmp_path / 'state.sqlite')!r}); print('held', flush=True); sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == b"held"
        started = time.monotonic()
        done = subprocess.run(
            _crawl(mirror, tmp_path), capture_output=True, timeout=60, check=False
        )
        assert done.returncode == 3
        assert b"another run holds the state lock" in done.stderr
        assert time.monotonic() - started < 15
        assert not (tmp_path / "articles.jsonl").exists()
        # `scrapy crawl` (and Scrapyd) has no pre-check: the crawl closes itself, reason state_locked.
        spider = subprocess.run(
            [sys.executable, "-m", "scrapy", "crawl", "afghaninsight", "-s", f"INSIGHT_MIRROR_URL={mirror.base_url}",
             "-s", f"INSIGHT_STATE_PATH={tmp_path / 'state.sqlite'}", "-s", f"INSIGHT_RUNS_DIR={tmp_path / 'runs'}",
             "-s", f"INSIGHT_DATASET={tmp_path / 'articles.jsonl'}",
             "-s", "FEEDS={}", "-s", "LOG_LEVEL=WARNING"],
            capture_output=True, timeout=60, check=False, cwd=Path(__file__).parents[1],
        )  # fmt: skip
        summary = json.loads(spider.stdout.decode().strip().splitlines()[-1])
        # Exit codes belong to the CLI: under `scrapy crawl` the summary states the reason.
        assert summary["finish_reason"] == "state_locked" and "exit_code" not in summary
        assert summary["requests"]["total"] == 0
    finally:
        holder.communicate(b"", timeout=10)


def test_killed_full_crawl_is_resumed(mirror: MirrorServer, tmp_path: Path) -> None:
    job, output = tmp_path / "job", tmp_path / "articles.jsonl"
    slow = ["--resume", str(job), "--set", "DOWNLOAD_DELAY=0.1", "--set", "CONCURRENT_REQUESTS=1"]
    first = subprocess.Popen(
        _crawl(mirror, tmp_path, *slow), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and _written(tmp_path) < 3:  # the run's own file grows
        time.sleep(0.05)
    first.send_signal(signal.SIGINT)  # Scrapy stops gracefully and keeps its queue in JOBDIR
    first.communicate(timeout=60)
    interrupted = len(_records(output))
    assert 3 <= interrupted < len(manifest()["posts"])
    done = subprocess.run(
        _crawl(mirror, tmp_path, "--resume", str(job)),
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    urls = [str(record["url"]) for record in _records(output)]
    assert sorted(urls) == sorted(post["url"] for post in manifest()["posts"])
    assert len(urls) == len(set(urls))
