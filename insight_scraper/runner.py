"""Run a crawl in this process with the project's settings, and summarise what it wrote."""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings

from insight_scraper.durable import repair_jsonl
from insight_scraper.feeds import feeds
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
    append: bool = False
    settings: dict[str, str] = field(default_factory=dict)

    @property
    def rejects(self) -> Path:
        return self.output.with_name("rejects.jsonl")

    @property
    def resuming(self) -> bool:
        """A job directory used before: append to the output instead of replacing it."""
        return self.resume is not None and (self.resume / RUN_MARKER).exists()


def project_settings(options: CrawlOptions) -> Settings:
    """The project's settings module, overridden by the options (command-line priority)."""
    settings = Settings()
    settings.setmodule("insight_scraper.settings", priority="project")
    overrides: dict[str, Any] = {
        "LOG_LEVEL": options.log_level,
        "FEEDS": feeds(str(options.output), str(options.rejects), overwrite=not options.append),
        "INSIGHT_STATE_PATH": str(options.state) if options.state else "",
        "INSIGHT_RUNS_DIR": str(options.output.parent / "runs"),
        "INSIGHT_METRICS_FILE": str(options.metrics_file) if options.metrics_file else "",
        "INSIGHT_SUMMARY_STDOUT": options.summary_stdout,
        # The CLI publishes the summary itself, with its exit code (cli.py).
        "INSIGHT_SUMMARY_PUBLISH": False,
    }
    if options.resume is not None:
        overrides["JOBDIR"] = str(options.resume)
        overrides["INSIGHT_RESUME_OUTPUT"] = str(options.output)
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


def run_crawl(options: CrawlOptions) -> CrawlOutcome:
    """Crawl to completion (the state's lock is taken inside the crawl, state/owner.py)."""
    options.output.parent.mkdir(parents=True, exist_ok=True)
    job = options.resume
    if job is not None:
        options = replace(options, append=options.resuming)
        prepare_resume(job, options.output)
    crawler = _crawl(options)
    if job is not None:
        _mark(job, "stopped")
    stats: dict[str, Any] = crawler.stats.get_stats() if crawler.stats else {}
    summary = crawler.get_extension(RunSummary)
    if summary is None:
        return CrawlOutcome(stats, None, None)
    return CrawlOutcome(stats, summary.result, summary.sink)


def prepare_resume(job: Path, output: Path) -> None:
    """Before a resumed run: mend the output of a killed run, and distrust a job directory that
    a SIGKILL left mid-write (Scrapy keeps it consistent only on a graceful stop). Records
    already in the output are not fetched again either way."""
    cut = repair_jsonl(output) + repair_jsonl(output.with_name("rejects.jsonl"))
    if cut:
        logger.warning("Removed %d bytes of a line cut by a crash from the output", cut)
    marker = job / RUN_MARKER
    if marker.is_file() and json.loads(marker.read_text() or "{}").get("status") == "running":
        logger.warning("%s was not stopped cleanly: starting its queue afresh", job)
        for name in ("requests.seen", "requests.queue", "spider.state"):
            path = job / name
            shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)
    _mark(job, "running")


def _mark(job: Path, status: str) -> None:
    job.mkdir(parents=True, exist_ok=True)
    temporary = job / (RUN_MARKER + ".tmp")
    temporary.write_text(json.dumps({"status": status}))
    os.replace(temporary, job / RUN_MARKER)


def _crawl(options: CrawlOptions) -> Crawler:
    process = CrawlerProcess(project_settings(options))
    spider: type[SiteSpider] = IncrementalCrawlSpider if options.incremental else FullCrawlSpider
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
