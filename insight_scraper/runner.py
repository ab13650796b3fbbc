"""Run a crawl in this process with the project's settings, and summarise what it wrote."""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings

from insight_scraper.feeds import run_feeds
from insight_scraper.output import Layout, new_run_id
from insight_scraper.sites import Profile, profile_settings
from insight_scraper.spiders.base import SiteSpider
from insight_scraper.spiders.full import FullCrawlSpider
from insight_scraper.spiders.incremental import IncrementalCrawlSpider
from insight_scraper.summary import RunSummary, SummarySink

logger = logging.getLogger(__name__)
RUN_MARKER = "insight-run.json"

# A local mirror is not a site to be polite to: full speed, same code path.
MIRROR_SPEED = {
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    "INSIGHT_RETRY_BACKOFF_BASE": 0.1,
}


@dataclass(slots=True)
class CrawlOptions:
    """What ``insight-scraper crawl`` and ``demo`` accept."""

    output: Path = Path("output/articles.jsonl")
    profile: Profile | None = None
    categories: list[str] = field(default_factory=list)
    max_pages: int | None = None
    since: str | None = None
    mirror: str | None = None
    log_level: str = "INFO"
    state: Path | None = Path("output/state.sqlite")
    incremental: bool = False
    resume: Path | None = None
    metrics_file: Path | None = None
    summary_stdout: bool = True
    settings: dict[str, str] = field(default_factory=dict)

    @property
    def rejects(self) -> Path:
        return self.output.with_name("rejects.jsonl")

    @property
    def layout(self) -> Layout:
        return Layout(self.output, self.output.parent / "runs")


def project_settings(options: CrawlOptions, run_id: str = "") -> Settings:
    """The project's settings module, overridden by the options (command-line priority)."""
    settings = Settings()
    settings.setmodule("insight_scraper.settings", priority="project")
    layout = options.layout
    overrides: dict[str, Any] = {
        "LOG_LEVEL": options.log_level,
        # The run appends to its own files; the Dataset extension merges them (output.py).
        "FEEDS": run_feeds(str(layout.runs)),
        "INSIGHT_DATASET": str(options.output),
        "INSIGHT_RUN_ID": run_id,
        "INSIGHT_STATE_PATH": str(options.state) if options.state else "",
        "INSIGHT_RUNS_DIR": str(layout.runs),
        "INSIGHT_METRICS_FILE": str(options.metrics_file) if options.metrics_file else "",
        "INSIGHT_SUMMARY_STDOUT": options.summary_stdout,
        # The CLI publishes the summary itself, with its exit code (cli.py).
        "INSIGHT_SUMMARY_PUBLISH": False,
        **(profile_settings(options.profile) if options.profile else {}),
    }
    if options.resume is not None:
        overrides["JOBDIR"] = str(options.resume)
        overrides["INSIGHT_RESUME_RUNS"] = _job(options.resume).get("runs", [])
    if options.mirror:
        overrides.update(MIRROR_SPEED, INSIGHT_MIRROR_URL=options.mirror)
    settings.setdict({**overrides, **options.settings}, priority="cmdline")
    return settings


@dataclass(slots=True)
class CrawlOutcome:
    """What a finished crawl left: Scrapy's stats, and the run summary with its publisher."""

    stats: dict[str, Any]
    summary: dict[str, Any] | None
    sink: SummarySink | None

    @property
    def finish_reason(self) -> str | None:
        reason = self.stats.get("finish_reason")
        return str(reason) if reason is not None else None


def expand_paths(options: CrawlOptions, spider: str, started: datetime) -> CrawlOptions:
    """``%(time)s`` and ``%(name)s`` in the output, state and metrics paths, as Scrapy expands
    them in FEEDS: one run's files, its summaries and its state then land in one place."""
    params = {"time": started.replace(microsecond=0).isoformat().replace(":", "-"), "name": spider}

    def expand(path: Path | None) -> Path | None:
        return Path(str(path) % params) if path is not None and "%(" in str(path) else path

    output = expand(options.output)
    assert output is not None
    return replace(
        options, output=output, state=expand(options.state),
        metrics_file=expand(options.metrics_file),
    )  # fmt: skip


def run_crawl(options: CrawlOptions) -> CrawlOutcome:
    """Crawl to completion (the state's lock is taken inside the crawl, state/owner.py)."""
    spider = IncrementalCrawlSpider if options.incremental else FullCrawlSpider
    options = expand_paths(options, FullCrawlSpider.name, datetime.now(UTC))
    options.output.parent.mkdir(parents=True, exist_ok=True)
    run_id, job = new_run_id(), options.resume
    if job is not None:
        prepare_resume(job, run_id)
    crawler = _crawl(options, run_id, spider)
    stats: dict[str, Any] = crawler.stats.get_stats() if crawler.stats else {}
    extension = crawler.get_extension(RunSummary)
    outcome = CrawlOutcome(stats, extension.result, extension.sink) if extension else None
    outcome = outcome or CrawlOutcome(stats, None, None)
    if job is not None:
        # Scrapy keeps a JOBDIR consistent only on a graceful stop, and its "seen" list names
        # requests whose records may not have been written: trusted only after a clean run.
        clean = outcome.summary is not None and not outcome.summary["errors"]
        _mark(job, "stopped" if clean else "failed")
    return outcome


def prepare_resume(job: Path, run_id: str) -> None:
    """Before a resumed run: distrust a job directory that a SIGKILL left mid-write or whose
    run failed (its queue is rebuilt from the listings); add this run to the job. Records
    that the job's runs wrote are not fetched again either way (INSIGHT_RESUME_RUNS)."""
    status = _job(job).get("status")
    if status in ("running", "failed"):
        logger.warning("%s did not stop cleanly (%s): starting its queue afresh", job, status)
        for name in ("requests.seen", "requests.queue", "spider.state"):
            path = job / name
            shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)
    _mark(job, "running", run_id)


def _job(job: Path) -> dict[str, Any]:
    marker = job / RUN_MARKER
    data: dict[str, Any] = json.loads(marker.read_text() or "{}") if marker.is_file() else {}
    return data


def _mark(job: Path, status: str, run_id: str | None = None) -> None:
    runs = list(_job(job).get("runs", [])) + ([run_id] if run_id else [])
    job.mkdir(parents=True, exist_ok=True)
    temporary = job / (RUN_MARKER + ".tmp")
    temporary.write_text(json.dumps({"status": status, "runs": runs}))
    os.replace(temporary, job / RUN_MARKER)


def _crawl(options: CrawlOptions, run_id: str, spider: type[SiteSpider]) -> Crawler:
    settings = project_settings(options, run_id)
    process = CrawlerProcess(settings)
    # Scrapy leaves the root logger at NOTSET and filters in its handler, so every DEBUG line
    # (one per response and item) is built, then dropped: filter at the logger instead.
    logging.getLogger().setLevel(settings.get("LOG_LEVEL"))
    crawler = process.create_crawler(spider)
    process.crawl(
        crawler,
        categories=",".join(options.categories) or None,
        max_pages=options.max_pages,
        since=options.since,
    )
    process.start()
    return crawler


def summarise(options: CrawlOptions, stats: dict[str, Any], started: float) -> dict[str, Any]:
    """The demo's summary, read back from the files the crawl wrote."""
    articles = _read_jsonl(options.output)
    rejects = _read_jsonl(options.rejects)
    return {
        "articles": len(articles),
        "tweets": sum(len(article.get("tweets", [])) for article in articles),
        "rejects": len(rejects),
        "reject_reasons": dict(sorted(Counter(r.get("reason") for r in rejects).items())),
        "requests": stats.get("downloader/request_count", 0),
        "seconds": round(time.monotonic() - started, 2),
        "finish_reason": stats.get("finish_reason"),
        "output": str(options.output),
        "rejects_file": str(options.rejects),
    }


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]
