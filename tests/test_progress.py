"""Progress (insight_scraper/progress.py): counted from fake signals, shown on a fake clock."""

from __future__ import annotations

import io
import logging
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse
from scrapy.settings import Settings
from scrapy.utils.defer import deferred_f_from_coro_f
from twisted.internet.task import Clock

from insight_scraper.items import ArticleItem, RejectItem
from insight_scraper.meta import ARTICLE, DISCOVERY, ROLE, SITE_URL
from insight_scraper.progress import (
    BACKLOG_STAT,
    Counts,
    Heartbeat,
    Progress,
    Rate,
    TerminalLine,
    choose_display,
    duration,
    render,
)
from insight_scraper.record import make_reject
from tests.crawling import crawl_mirror
from tests.test_components import _article as _extracted_article


class FakeStats:
    def __init__(self) -> None:
        self.values: dict[str, Any] = {}

    def get_value(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)


class Lines:
    """A display that keeps what it was asked to show."""

    def __init__(self) -> None:
        self.shown: list[str] = []
        self.closed = False

    def open(self) -> None:
        pass

    def show(self, text: str) -> None:
        self.shown.append(text)

    def close(self) -> None:
        self.closed = True


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def _progress(interval: float = 1.0) -> tuple[Progress, Lines, FakeStats, Clock]:
    lines, stats, clock = Lines(), FakeStats(), Clock()
    progress = Progress(lines, interval, stats, clock)
    progress.spider_opened()
    return progress, lines, stats, clock


@cache
def _article() -> ArticleItem:
    """The seed article's record (only its type matters here: made once)."""
    return _extracted_article()


def _article_request(url: str, **meta: Any) -> Request:
    return Request(url, meta={ROLE: ARTICLE, **meta})


def _reject(stage: str) -> RejectItem:
    return make_reject("https://s/x", stage, "http_404", "gone", 404)


def test_counts_come_from_signals_and_the_backlog_stat() -> None:
    progress, lines, stats, clock = _progress()
    listing = Request("https://s/category/a/", meta={ROLE: DISCOVERY})
    progress.response_received(HtmlResponse(listing.url, request=listing), listing)
    for n in range(4):
        progress.request_scheduled(_article_request(f"https://s/{n}/"))
    progress.request_dropped(_article_request("https://s/0/"))  # the duplicate filter's
    stats.values[BACKLOG_STAT] = 10
    progress.item_scraped(_article())
    progress.item_scraped(_reject("download"))
    progress.item_scraped(_reject("listing"))
    clock.advance(1)
    counts = progress.counts
    assert (counts.listings, counts.found, counts.done, counts.rejected) == (1, 13, 1, 2)
    assert counts.remaining == 11  # the listing's reject ended no article
    assert lines.shown == [render(counts, 2 * 60.0)]


def test_retries_redirects_and_mirror_rewrites_are_not_new_articles() -> None:
    progress, *_ = _progress()
    url = "https://s/a/"
    progress.request_scheduled(_article_request(url))
    progress.request_scheduled(_article_request(url, retry_times=1))
    progress.request_scheduled(_article_request(url, redirect_times=1))
    progress.request_scheduled(_article_request("http://127.0.0.1:1/a/", **{SITE_URL: url}))
    progress.request_scheduled(Request("https://s/feed/", meta={ROLE: DISCOVERY}))
    assert progress.counts.found == 1


def test_a_date_bump_dropped_by_a_pipeline_has_ended() -> None:
    progress, *_ = _progress()
    progress.request_scheduled(_article_request("https://s/a/"))
    progress.item_dropped(_article())
    progress.item_dropped(_reject("download"))  # not an article: nothing to count
    assert (progress.counts.done, progress.counts.remaining) == (1, 0)


def test_one_line_per_interval_on_the_fake_clock_and_none_after_close() -> None:
    progress, lines, _, clock = _progress(interval=60)
    clock.advance(59)
    assert lines.shown == []
    clock.advance(1)
    clock.advance(60)
    assert len(lines.shown) == 2
    progress.spider_closed()
    clock.advance(600)
    assert len(lines.shown) == 2 and lines.closed and not clock.getDelayedCalls()


def test_rate_and_eta_follow_the_last_minute() -> None:
    progress, lines, _, clock = _progress()
    for n in range(200):
        progress.request_scheduled(_article_request(f"https://s/{n}/"))
    for second in range(1, 91):
        # 1 article a second for a minute, then 2 a second.
        for _ in range(1 if second <= 60 else 2):
            progress.item_scraped(_article())
        clock.advance(1)
    assert progress.counts.ended == 120
    assert progress.rate.per_minute() == pytest.approx(90.0, rel=0.02)  # seconds 30..90
    assert lines.shown[-1].endswith("| 90/min | ETA 53s")  # 80 left at 90 a minute


def test_the_rate_starts_when_articles_do() -> None:
    rate = Rate(window=60)
    for second in range(45):  # listings only: nothing ends
        rate.add(second, 0)
    for second in range(45, 55):
        rate.add(second, (second - 44) * 10)
    assert rate.per_minute() == pytest.approx(600.0)  # 100 in the 10 s since the first ended


def test_rate_spans_two_samples_when_the_heartbeat_is_slower_than_the_window() -> None:
    rate = Rate(window=60)
    rate.add(0, 0)
    rate.add(300, 50)
    rate.add(600, 150)
    assert rate.per_minute() == pytest.approx(20.0)


def test_render_and_duration() -> None:
    counts = Counts(
        listings=1061, scheduled=4000, backlog=1000, done=1200, rejected=3, article_rejects=3
    )
    assert render(counts, 850) == (
        "listings 1,061 | articles 5,000 found, 1,200 done, 3 rejected | 850/min | ETA 4m28s"
    )
    assert render(Counts(), 0).endswith("| 0/min | ETA --")
    assert render(Counts(scheduled=5), 0).endswith("ETA --")
    assert render(Counts(scheduled=5, done=5), 0).endswith("ETA 0s")
    assert [duration(s) for s in (0, 45, 245, 7620)] == ["0s", "45s", "4m05s", "2h07m"]


def test_the_terminal_line_is_rewritten_in_place_and_cleared_at_the_end() -> None:
    stream = Terminal()
    line = TerminalLine(stream)
    line.open()
    line.show("first")
    line.show("second")
    line.close()
    assert stream.getvalue() == "\rfirst\x1b[K\rsecond\x1b[K\r\x1b[K"


def test_a_log_record_clears_the_terminal_line_first() -> None:
    stream = Terminal()
    handler = logging.StreamHandler(stream)
    root = logging.getLogger()
    root.addHandler(handler)
    line = TerminalLine(stream)
    try:
        line.open()
        line.show("progress")
        logging.getLogger("insight_scraper.test").warning("a warning")
        line.close()
        logging.getLogger("insight_scraper.test").warning("after")
    finally:
        root.removeHandler(handler)
    assert stream.getvalue() == "\rprogress\x1b[K\r\x1b[Ka warning\nafter\n"
    assert handler.filters == []


def test_the_heartbeat_is_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="insight_scraper.progress"):
        Heartbeat().show("listings 1")
    assert [(r.levelno, r.getMessage()) for r in caplog.records] == [
        (logging.WARNING, "Progress: listings 1")
    ]


@pytest.mark.parametrize(
    ("settings", "terminal", "expected"),
    [
        ({}, True, (TerminalLine, 1.0)),
        ({}, False, (Heartbeat, 60.0)),
        ({"INSIGHT_PROGRESS": "tty"}, False, (TerminalLine, 1.0)),
        (
            {"INSIGHT_PROGRESS": "HEARTBEAT", "INSIGHT_HEARTBEAT_SECONDS": "5"},
            True,
            (Heartbeat, 5.0),
        ),
    ],
)
def test_the_display_follows_the_setting_and_the_terminal(
    settings: dict[str, str], terminal: bool, expected: tuple[type, float]
) -> None:
    stream = Terminal() if terminal else io.StringIO()
    display, interval = choose_display(Settings(settings), stream)
    assert (type(display), interval) == expected


def test_off_and_bad_values(caplog: pytest.LogCaptureFixture) -> None:
    with pytest.raises(NotConfigured):
        choose_display(Settings({"INSIGHT_PROGRESS": "off"}), Terminal())
    with caplog.at_level(logging.WARNING, logger="insight_scraper.progress"):
        display, _ = choose_display(Settings({"INSIGHT_PROGRESS": "loud"}), io.StringIO())
        for bad in ("0", "-1", "abc", "inf"):
            settings = Settings({"INSIGHT_PROGRESS": "heartbeat", "INSIGHT_HEARTBEAT_SECONDS": bad})
            assert choose_display(settings, io.StringIO())[1] == 60.0
    assert isinstance(display, Heartbeat)
    assert len(caplog.records) == 5 and all(r.levelno == logging.WARNING for r in caplog.records)


@pytest.mark.crawl
@deferred_f_from_coro_f
async def test_heartbeat_lines_in_a_crawl_log_at_warning(
    mirror: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = {"INSIGHT_PROGRESS": "heartbeat", "INSIGHT_HEARTBEAT_SECONDS": 0.05}
    with caplog.at_level(logging.WARNING):
        result = await crawl_mirror(mirror.base_url, tmp_path, settings=settings)
    beats = [r for r in caplog.records if r.getMessage().startswith("Progress: listings ")]
    assert beats and all(r.levelno == logging.WARNING for r in beats)
    done = [int(r.getMessage().split(" found, ")[1].split(" done")[0]) for r in beats]
    assert done == sorted(done) and done[-1] <= len(result.articles)
