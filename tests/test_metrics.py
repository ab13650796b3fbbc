"""The Prometheus text of a run summary (insight_scraper/metrics.py): what an operator alerts on,
nothing counted twice under sum(), the last success kept across failed runs, a clean promtool."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families
from scrapy import Request

from insight_scraper.metrics import LAST_SUCCESS, prometheus
from insight_scraper.summary import RunSummary, SummarySink, build_summary

ODD_REASON = 'odd "reason" \\ with\na newline'


def _summary(reason: str = "finished", exit_code: int | None = 0, **stats: Any) -> dict[str, Any]:
    """A summary as build_summary makes it, from a run with known requests and rejects."""
    run = RunSummary(SummarySink(Path("unused")), mode="incremental")
    for role in ("article", "article", "discovery"):
        run.request_reached(Request("https://s/", meta={"insight_role": role}))
    run.rejects.update(
        {("download", "http_404"): 2, ("download", "removed"): 1, ("extract", ODD_REASON): 1}
    )
    counts = {"insight/state/unchanged": 2, "insight/state/date_bump": 2, "insight/dedup/unique": 3}
    result = build_summary(run, {"downloader/request_count": 4, **counts, **stats}, reason)
    if exit_code is not None:
        result["exit_code"] = exit_code
    return result


def _samples(text: str) -> dict[str, dict[tuple[tuple[str, str], ...], float]]:
    """Family name → {sorted labels → value}, read back by Prometheus' own Python parser."""
    return {
        family.name: {tuple(sorted(s.labels.items())): s.value for s in family.samples}
        for family in text_string_to_metric_families(text)
    }


def test_the_families_an_operator_alerts_on() -> None:
    summary = _summary(exit_code=5, **{"log_count/ERROR": 4})
    summary.update(
        started_at="2024-05-08T10:00:00Z",
        finished_at="2024-05-08T10:02:05Z",
        duration_seconds=125.0,
    )
    families = _samples(prometheus(summary))
    assert families["insight_scraper_exit_code"] == {(): 5}
    assert families["insight_scraper_duration_seconds"] == {(): 125}
    finished = datetime(2024, 5, 8, 10, 2, 5, tzinfo=UTC).timestamp()
    assert families["insight_scraper_last_run_timestamp_seconds"] == {(): finished}
    assert families["insight_scraper_errors"] == {(): 4}  # ERROR lines, not entries of a list
    rejects = {labels[0][1]: value for labels, value in families["insight_scraper_rejects"].items()}
    assert rejects == {"http_404": 2, "removed": 1, ODD_REASON: 1}
    info = (("finish_reason", "finished"), ("mode", "incremental"))
    assert families["insight_scraper_run_info"] == {info: 1}


def test_nothing_is_counted_twice_under_sum() -> None:
    summary = _summary()
    families = _samples(prometheus(summary))
    requests = families["insight_scraper_requests"]
    assert {labels[0][1] for labels in requests} == {"article", "discovery", "other"}
    assert sum(requests.values()) == summary["requests"]["total"] == 4
    outcomes = {labels[0][1] for labels in families["insight_scraper_articles"]}
    assert outcomes.isdisjoint({"emitted", "date_bumps", "total"})
    assert families["insight_scraper_records_emitted"] == {(): summary["articles"]["emitted"]}
    assert families["insight_scraper_date_bumps"] == {(): 2}


def test_a_summary_without_the_newer_keys_still_gives_what_it_has() -> None:
    bare = {"mode": "full", "finish_reason": "finished", "requests": {"total": 3}, "errors": []}
    families = _samples(prometheus(bare))
    assert "insight_scraper_exit_code" not in families  # scrapy crawl / Scrapyd: none decided
    assert "insight_scraper_duration_seconds" not in families
    assert families["insight_scraper_errors"] == {(): 0}
    assert families[LAST_SUCCESS][()] > 0  # finished, no errors: a success
    explicit = _samples(prometheus({**bare, "duration_seconds": 12.5}))
    assert explicit["insight_scraper_duration_seconds"] == {(): 12.5}


def test_the_last_success_survives_failed_runs(tmp_path: Path) -> None:
    sink = SummarySink(tmp_path / "runs", tmp_path / "insight.prom", to_stdout=False)
    sink.write(_summary(exit_code=1))
    assert _samples(sink.metrics_file.read_text())[LAST_SUCCESS] == {(): 0}  # none yet
    good = _summary(exit_code=0)
    good["finished_at"] = "2024-05-08T10:00:00Z"
    sink.write(good)
    success = datetime(2024, 5, 8, 10, tzinfo=UTC).timestamp()
    for failed in (_summary(exit_code=4), _summary("shutdown", exit_code=1)):
        sink.write(failed)
        families = _samples(sink.metrics_file.read_text())
        assert families[LAST_SUCCESS] == {(): success}
        assert families["insight_scraper_exit_code"] == {(): failed["exit_code"]}


def test_an_unreadable_previous_file_is_no_last_success() -> None:
    for previous in (None, "", f"{LAST_SUCCESS} nonsense\n", f"{LAST_SUCCESS} -5\n"):
        text = prometheus(_summary(exit_code=1), previous)
        assert _samples(text)[LAST_SUCCESS] == {(): 0}


@pytest.mark.skipif(
    shutil.which("promtool") is None, reason="promtool not installed (Debian package prometheus)"
)
def test_promtool_check_metrics_is_clean(tmp_path: Path) -> None:
    metrics = tmp_path / "insight.prom"
    SummarySink(tmp_path / "runs", metrics, to_stdout=False).write(
        _summary("shutdown", exit_code=1, **{"log_count/ERROR": 4, "spider_exceptions/count": 1})
    )
    with metrics.open("rb") as text:
        done = subprocess.run(
            ["promtool", "check", "metrics"], stdin=text, capture_output=True, check=False
        )
    assert (done.returncode, done.stdout + done.stderr) == (0, b"")
