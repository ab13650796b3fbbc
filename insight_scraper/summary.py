"""The run summary: one JSON document per run (``output/runs/<run-id>.json``), the same JSON as
one line on stdout, and optionally Prometheus text for node_exporter's textfile collector."""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.settings import BaseSettings

from insight_scraper.coverage import DEFAULT_THRESHOLDS, Coverage
from insight_scraper.items import ArticleItem, RejectItem
from insight_scraper.meta import ARTICLE, ROLE
from insight_scraper.metrics import prometheus
from insight_scraper.output import completeness, new_run_id


class RunSummary:
    """Counts requests by role and articles by outcome, and builds the summary as the spider
    closes. It publishes it (run file, metrics, stdout) unless ``publish`` is off: the CLI
    then adds its exit code and publishes it itself (cli.py)."""

    def __init__(
        self,
        sink: SummarySink,
        mode: str = "full",
        thresholds: dict[str, float] | None = None,
        publish: bool = True,
        run_id: str = "",
    ) -> None:
        self.sink, self.mode, self.publish = sink, mode, publish
        self.coverage = Coverage(thresholds if thresholds is not None else dict(DEFAULT_THRESHOLDS))
        self.started = datetime.now(UTC)
        self.run_id = run_id or new_run_id()
        self.requests: Counter[str] = Counter()
        self.rejects: Counter[tuple[str, str]] = Counter()  # by (stage, reason)
        self.crawler: Crawler | None = None
        self.result: dict[str, Any] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunSummary:
        settings = crawler.settings
        if not settings.getbool("INSIGHT_SUMMARY_ENABLED", True):
            raise NotConfigured("INSIGHT_SUMMARY_ENABLED is off")
        summary = cls(
            SummarySink.from_settings(settings),
            settings.get("INSIGHT_CRAWL_MODE", "full"),
            settings.getdict("INSIGHT_COVERAGE_THRESHOLDS") or None,
            settings.getbool("INSIGHT_SUMMARY_PUBLISH", True),
            settings.get("INSIGHT_RUN_ID") or "",
        )
        summary.crawler = crawler
        crawler.signals.connect(summary.request_reached, signal=signals.request_reached_downloader)
        crawler.signals.connect(summary.response_received, signal=signals.response_received)
        crawler.signals.connect(summary.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(summary.spider_closed, signal=signals.spider_closed)
        return summary

    def request_reached(self, request: Request) -> None:
        self.requests[str(request.meta.get(ROLE, "other"))] += 1

    def response_received(self, response: Response, request: Request) -> None:
        if request.meta.get(ROLE) == ARTICLE and response.status == 200:
            self.coverage.scan(response.body)

    def item_scraped(self, item: Any) -> None:
        if isinstance(item, RejectItem):
            self.rejects[(item.stage, item.reason)] += 1
        elif isinstance(item, ArticleItem):
            self.coverage.add(item.extraction, len(item.tweets))

    def spider_closed(self, reason: str) -> None:
        assert self.crawler is not None and self.crawler.stats is not None
        self.result = build_summary(self, self.crawler.stats.get_stats(), reason)
        if self.publish:
            self.sink.write(self.result)


@dataclass(frozen=True, slots=True)
class SummarySink:
    """Where a run summary goes: ``<runs_dir>/<run-id>.json``, Prometheus text, stdout."""

    runs_dir: Path
    metrics_file: Path | None = None
    to_stdout: bool = True

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> SummarySink:
        metrics = settings.get("INSIGHT_METRICS_FILE")
        return cls(
            Path(settings.get("INSIGHT_RUNS_DIR", "output/runs")),
            Path(metrics) if metrics else None,
            settings.getbool("INSIGHT_SUMMARY_STDOUT", True),
        )

    def write(self, result: dict[str, Any]) -> None:
        self.runs_dir.mkdir(parents=True, exist_ok=True)
        text = json.dumps(result, indent=2) + "\n"
        _atomic_write(self.runs_dir / f"{result['run_id']}.json", text)
        if self.metrics_file is not None:
            # The file it replaces holds the last success time, which a failed run carries over.
            _atomic_write(self.metrics_file, prometheus(result, _read_text(self.metrics_file)))
        if self.to_stdout:
            sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
            sys.stdout.flush()


def build_summary(run: RunSummary, stats: dict[str, Any], reason: str) -> dict[str, Any]:
    """The summary document of one run (the CLI adds its ``exit_code``)."""
    by_reason: Counter[str] = Counter()
    for (_, why), count in run.rejects.items():
        by_reason[why] += count
    seen = completeness(reason, dict(run.rejects), int(stats.get("insight/discovery/errors", 0)))
    finished = datetime.now(UTC)
    return {
        "run_id": run.run_id,
        "started_at": f"{run.started:%Y-%m-%dT%H:%M:%SZ}",
        "finished_at": f"{finished:%Y-%m-%dT%H:%M:%SZ}",
        "duration_seconds": round((finished - run.started).total_seconds(), 3),
        "mode": run.mode,
        "finish_reason": reason,
        "requests": _requests(run.requests, stats),
        "articles": _articles(stats, by_reason),
        "rejects": dict(sorted(by_reason.items())),
        "incomplete": list(seen.discovery),
        "retryable_rejects": seen.retryable,
        "output": {name: int(stats.get(f"insight/output/{name}", 0)) for name in _OUTPUT},
        "reconciled": {name: int(stats.get(f"insight/reconcile/{name}", 0)) for name in _RECONCILE},
        "coverage": run.coverage.report(),
        "errors": _errors(stats, reason),
    }


_OUTPUT = ("written", "unwritten", "open_rejects", "recovered_runs")
_RECONCILE = ("runs_applied", "added", "forgotten")


def _articles(stats: dict[str, Any], rejects: Counter[str]) -> dict[str, int]:
    bumps = stats.get("insight/state/date_bump", 0)
    emitted = stats.get("insight/dedup/unique", 0) - bumps
    return {
        "new": stats.get("insight/state/new", 0),
        "updated": stats.get("insight/state/updated", 0),
        "unchanged": stats.get("insight/state/unchanged", 0),
        "date_bumps": bumps,
        "removed": stats.get("insight/state/removed", 0),
        "rejected": sum(count for why, count in rejects.items() if why != "removed"),
        # What is on disk when the dataset is kept; what the pipelines passed otherwise.
        "emitted": stats.get("insight/output/written", emitted),
    }


def _requests(by_role: Counter[str], stats: dict[str, Any]) -> dict[str, int]:
    """Requests by role; ``other`` is the rest of what the downloader sent (robots.txt)."""
    total = max(int(stats.get("downloader/request_count", 0)), sum(by_role.values()))
    known = by_role["discovery"] + by_role["article"]
    return {
        "discovery": by_role["discovery"],
        "article": by_role["article"],
        "other": total - known,
        "total": total,
    }


def _errors(stats: dict[str, Any], reason: str) -> list[str]:
    """Real errors: a crawl cut short by one, errors logged, records not written. (A run that
    ended short otherwise, e.g. a time limit or Ctrl-C, is ``incomplete``, not an error.)"""
    errors = [f"finish_reason={reason}"] if reason in _FAILED else []
    for key in ("log_count/ERROR", "spider_exceptions/count", "insight/output/unwritten",
                "insight/output/merge_failed"):  # fmt: skip
        if stats.get(key):
            errors.append(f"{key}={stats[key]}")
    return errors


# Finish reasons that mean the crawl could not run (as opposed to stopping early).
_FAILED = frozenset({"state_corrupt", "closespider_errorcount", "memusage_exceeded"})


def _read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _atomic_write(path: Path, text: str) -> None:
    """Write beside, then rename: a reader (or the textfile collector) never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
