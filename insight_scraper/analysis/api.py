"""``crawl`` for notebooks: the CLI's crawl in a child process.

Scrapy runs on a Twisted reactor, which can be started once per process and clashes with the
event loop a notebook already runs; a child process has neither problem, and a crash or a
memory peak of the crawl stays out of the analyst's session.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

PathLike = str | os.PathLike[str]


@dataclass(frozen=True, slots=True)
class CrawlResult:
    """How the crawl ended: its exit code (README "Exit codes"), run summary and log."""

    exit_code: int
    summary: dict[str, Any] | None
    log: str

    @property
    def ok(self) -> bool:
        return self.exit_code == 0


def crawl(
    output: PathLike = "output/articles.jsonl",
    *,
    categories: Iterable[str] = (),
    max_pages: int | None = None,
    since: str | None = None,
    mirror: str | None = None,
    incremental: bool = False,
    state: PathLike | None = None,
    resume: PathLike | None = None,
    metrics_file: PathLike | None = None,
    settings: Mapping[str, object] | None = None,
    log_level: str = "WARNING",
    timeout: float | None = None,
) -> CrawlResult:
    """Run ``insight-scraper crawl`` with these options and wait for it.

    >>> from insight_scraper import crawl
    >>> run = crawl("output/articles.jsonl", incremental=True)  # doctest: +SKIP
    >>> run.exit_code, run.summary["articles"]["new"]  # doctest: +SKIP
    """
    argv = crawl_argv(
        output, categories=categories, max_pages=max_pages, since=since, mirror=mirror,
        incremental=incremental, state=state, resume=resume, metrics_file=metrics_file,
        settings=settings, log_level=log_level,
    )  # fmt: skip
    done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, check=False)
    return CrawlResult(done.returncode, _summary(done.stdout), done.stderr)


def crawl_argv(output: PathLike, **options: Any) -> list[str]:
    """The command line ``crawl`` runs (same options as ``insight-scraper crawl``)."""
    argv = [sys.executable, "-m", "insight_scraper.cli", "crawl", "--output", os.fspath(output)]
    argv += ["--log-level", str(options["log_level"])]
    for slug in options["categories"]:
        argv += ["--category", slug]
    for flag in ("max_pages", "since", "mirror", "state", "resume", "metrics_file"):
        value = options[flag]
        if value is not None:
            argv += [
                f"--{flag.replace('_', '-')}",
                str(value) if isinstance(value, int) else os.fspath(value),
            ]
    if options["incremental"]:
        argv.append("--incremental")
    for name, value in (options["settings"] or {}).items():
        argv += ["--set", f"{name}={value}"]
    return argv


def _summary(stdout: str) -> dict[str, Any] | None:
    """The run summary: the last stdout line that is a JSON object."""
    for line in reversed(stdout.splitlines()):
        try:
            parsed = json.loads(line)
        except ValueError:
            continue
        if isinstance(parsed, dict):
            return parsed
    return None
