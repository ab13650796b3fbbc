"""Progress of a running crawl: a live line on a terminal, a heartbeat in the log elsewhere.

``INSIGHT_PROGRESS``: ``auto`` (the default: ``tty`` when stderr is a terminal, else
``heartbeat``), ``tty``, ``heartbeat`` or ``off``. On a terminal one line is rewritten in place
about once a second; elsewhere (cron, systemd, Scrapyd) one line is logged at WARNING every
``INSIGHT_HEARTBEAT_SECONDS`` (60), so that a log kept at WARNING shows that a crawl is alive.

Everything is counted from signals and stats, in constant memory (nothing per URL is kept):

- listings: discovery responses received (home, listings, sitemaps, feed, REST);
- found: article requests the scheduler accepted (first issues only: retries, redirects and the
  mirror's rewrites re-send an article already counted), plus the stat ``insight/spider/backlog``,
  the article URLs the spider holds back and has not scheduled yet;
- done: articles that reached the end of the pipelines (scraped, or dropped as a date bump);
- rejected: rejects of any stage; those of articles (every stage but ``listing``) end an article.

The rate is of articles ended (done or rejected) per minute over the last minute, and the ETA is
what is left of what was found at that rate: a lower bound while listings are still being read.
"""

from __future__ import annotations

import logging
import math
import os
import shutil
import sys
from collections import deque
from dataclasses import dataclass
from typing import Any, Protocol, TextIO

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.settings import BaseSettings
from twisted.internet.task import LoopingCall
from twisted.python.failure import Failure

from insight_scraper.items import ArticleItem, RejectItem
from insight_scraper.meta import ARTICLE, DISCOVERY, ROLE, SITE_URL

logger = logging.getLogger(__name__)

MODES = ("auto", "tty", "heartbeat", "off")
DEFAULT_HEARTBEAT_SECONDS = 60.0
TTY_SECONDS = 1.0
RATE_WINDOW_SECONDS = 60.0
BACKLOG_STAT = "insight/spider/backlog"
# Set on a request that re-sends one already scheduled: Scrapy's retry and redirect
# middlewares, and MirrorMiddleware's rewrite to the mirror (the real URL kept in SITE_URL).
_REISSUE_KEYS = ("retry_times", "redirect_times", SITE_URL)
# ANSI "erase to the end of the line": what is left of a longer line before it goes.
_ERASE = "\x1b[K"


@dataclass(slots=True)
class Counts:
    """What the progress line shows."""

    listings: int = 0
    scheduled: int = 0
    backlog: int = 0
    done: int = 0
    rejected: int = 0
    article_rejects: int = 0

    @property
    def found(self) -> int:
        return self.scheduled + self.backlog

    @property
    def ended(self) -> int:
        """Articles with an outcome: a record, or a reject."""
        return self.done + self.article_rejects

    @property
    def remaining(self) -> int:
        return max(0, self.found - self.ended)


class Rate:
    """Articles ended per minute, over the samples of the last ``window`` seconds (at least
    two samples, so that a heartbeat slower than the window still has a rate), from the
    first article on."""

    def __init__(self, window: float = RATE_WINDOW_SECONDS) -> None:
        self.window = window
        self.samples: deque[tuple[float, int]] = deque()

    def add(self, now: float, ended: int) -> None:
        self.samples.append((now, ended))
        while len(self.samples) > 2 and now - self.samples[1][0] >= self.window:
            self.samples.popleft()
        # Before the first article ends (listings being read), the time is no measure of the
        # article rate: the window starts at the last sample with none ended.
        while len(self.samples) > 2 and self.samples[1][1] == 0:
            self.samples.popleft()

    def per_minute(self) -> float:
        if len(self.samples) < 2:
            return 0.0
        (start, first), (end, last) = self.samples[0], self.samples[-1]
        return (last - first) / (end - start) * 60 if end > start else 0.0


def render(counts: Counts, per_minute: float) -> str:
    """One line, e.g.
    ``listings 120 | articles 5,000 found, 1,200 done, 3 rejected | 850/min | ETA 4m28s``."""
    if counts.remaining == 0:
        eta = "0s" if counts.found else "--"
    else:
        eta = duration(counts.remaining / per_minute * 60) if per_minute > 0 else "--"
    return (
        f"listings {counts.listings:,} | articles {counts.found:,} found, {counts.done:,} done, "
        f"{counts.rejected:,} rejected | {per_minute:,.0f}/min | ETA {eta}"
    )


def duration(seconds: float) -> str:
    """``45s``, ``4m05s``, ``2h07m``: as long as it needs to be, no longer."""
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h{minutes:02d}m"
    return f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"


class Display(Protocol):
    def open(self) -> None: ...
    def show(self, text: str) -> None: ...
    def close(self) -> None: ...


class TerminalLine:
    """One line on a terminal, rewritten in place. A log record written to the same stream
    clears it first (a handler filter), so log lines never print over it; the next update
    draws it again below them."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.drawn = False
        self.handlers: list[logging.Handler] = []

    def open(self) -> None:
        self.handlers = [h for h in logging.getLogger().handlers if _writes_to(h, self.stream)]
        for handler in self.handlers:
            handler.addFilter(self.before_log)

    def show(self, text: str) -> None:
        # One column short of the width: a full line would wrap, and "\r" then rewrites only
        # its second half.
        self.stream.write("\r" + text[: max(1, _columns(self.stream) - 1)] + _ERASE)
        self.stream.flush()
        self.drawn = True

    def clear(self) -> None:
        if self.drawn:
            self.stream.write("\r" + _ERASE)
            self.stream.flush()
            self.drawn = False

    def before_log(self, record: logging.LogRecord) -> bool:
        self.clear()
        return True

    def close(self) -> None:
        self.clear()
        for handler in self.handlers:
            handler.removeFilter(self.before_log)
        self.handlers = []


class Heartbeat:
    """A log line at WARNING per update: seen in a log kept at the level cron recipes use."""

    def open(self) -> None:
        pass

    def show(self, text: str) -> None:
        logger.warning("Progress: %s", text)

    def close(self) -> None:
        pass


def _writes_to(handler: logging.Handler, stream: TextIO) -> bool:
    return isinstance(handler, logging.StreamHandler) and handler.stream is stream


def _columns(stream: TextIO) -> int:
    """The terminal's width; a pseudo-terminal that was never sized says 0."""
    try:
        columns = os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, OSError, ValueError):
        columns = 0
    return columns if columns > 0 else shutil.get_terminal_size().columns


class StatsReader(Protocol):
    def get_value(self, key: str, default: Any = None) -> Any: ...


class Progress:
    """The extension: counts from signals, shows them every ``interval`` seconds."""

    def __init__(
        self, display: Display, interval: float, stats: StatsReader, clock: Any = None
    ) -> None:
        self.display, self.interval, self.stats = display, interval, stats
        self.counts = Counts()
        self.rate = Rate(max(RATE_WINDOW_SECONDS, interval))
        self.loop = LoopingCall(self.tick)
        if clock is not None:  # a fake clock in tests; the running reactor otherwise
            self.loop.clock = clock

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Progress:
        assert crawler.stats is not None
        display, interval = choose_display(crawler.settings, sys.stderr)
        progress = cls(display, interval, crawler.stats)
        for handler, signal in (
            (progress.spider_opened, signals.spider_opened),
            (progress.spider_closed, signals.spider_closed),
            (progress.request_scheduled, signals.request_scheduled),
            (progress.request_dropped, signals.request_dropped),
            (progress.response_received, signals.response_received),
            (progress.item_scraped, signals.item_scraped),
            (progress.item_dropped, signals.item_dropped),
        ):
            crawler.signals.connect(handler, signal=signal)
        return progress

    def spider_opened(self) -> None:
        self.rate.add(self.now(), 0)
        self.display.open()
        self.loop.start(self.interval, now=False).addErrback(self._failed)

    def spider_closed(self) -> None:
        if self.loop.running:
            self.loop.stop()
        self.display.close()

    def request_scheduled(self, request: Request) -> None:
        if _first_article_issue(request):
            self.counts.scheduled += 1

    def request_dropped(self, request: Request) -> None:
        """Refused by the scheduler's duplicate filter: an article already counted."""
        if _first_article_issue(request):
            self.counts.scheduled -= 1

    def response_received(self, response: Response, request: Request) -> None:
        if request.meta.get(ROLE) == DISCOVERY:
            self.counts.listings += 1

    def item_scraped(self, item: Any) -> None:
        if isinstance(item, ArticleItem):
            self.counts.done += 1
        elif isinstance(item, RejectItem):
            self.counts.rejected += 1
            if item.stage != "listing":  # a listing's reject ends no article
                self.counts.article_rejects += 1

    def item_dropped(self, item: Any) -> None:
        """An article dropped by a pipeline (a date bump) has ended too."""
        if isinstance(item, ArticleItem):
            self.counts.done += 1

    def tick(self) -> None:
        backlog = self.stats.get_value(BACKLOG_STAT)
        self.counts.backlog = backlog if isinstance(backlog, int) and backlog > 0 else 0
        self.rate.add(self.now(), self.counts.ended)
        self.display.show(render(self.counts, self.rate.per_minute()))

    def now(self) -> float:
        clock: Any = self.loop.clock  # the reactor, or the test's fake clock
        return float(clock.seconds())

    def _failed(self, failure: Failure) -> None:
        # A broken display must not cost the crawl, nor fail it: say so, and carry on without.
        logger.warning("Progress display stopped: %s", failure.getErrorMessage())


def _first_article_issue(request: Request) -> bool:
    meta = request.meta
    return meta.get(ROLE) == ARTICLE and not any(key in meta for key in _REISSUE_KEYS)


def choose_display(settings: BaseSettings, stream: TextIO) -> tuple[Display, float]:
    """The display and its update interval from ``INSIGHT_PROGRESS``; NotConfigured for off."""
    mode = str(settings.get("INSIGHT_PROGRESS", "auto")).strip().lower()
    if mode not in MODES:
        logger.warning("INSIGHT_PROGRESS=%r is not one of %s: using auto", mode, "|".join(MODES))
        mode = "auto"
    if mode == "off":
        # Without a message: Scrapy logs a message at WARNING, noise in a log kept at WARNING.
        raise NotConfigured
    if mode == "auto":
        mode = "tty" if _is_terminal(stream) else "heartbeat"
    if mode == "tty":
        return TerminalLine(stream), TTY_SECONDS
    return Heartbeat(), heartbeat_seconds(settings)


def heartbeat_seconds(settings: BaseSettings) -> float:
    raw = settings.get("INSIGHT_HEARTBEAT_SECONDS", DEFAULT_HEARTBEAT_SECONDS)
    try:
        seconds = float(raw)
    except (TypeError, ValueError):
        seconds = 0.0
    if math.isfinite(seconds) and seconds > 0:
        return seconds
    logger.warning(
        "INSIGHT_HEARTBEAT_SECONDS=%r is not a positive number: using %g",
        raw,
        DEFAULT_HEARTBEAT_SECONDS,
    )
    return DEFAULT_HEARTBEAT_SECONDS


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or replaced stream
        return False
