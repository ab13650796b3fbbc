"""Per-run bookkeeping on disk (ondisk.py), and the structures built on it: they answer as the
dicts and sets they replaced did, however many entries they hold."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from insight_scraper import dataset as dataset_module
from insight_scraper.coverage import links_to_tweet
from insight_scraper.ondisk import DiskTable
from insight_scraper.output import Layout
from insight_scraper.spiders.backlog import Backlog
from insight_scraper.state.owner import FetchedValidators


def test_a_table_keeps_the_last_row_put_and_the_first_row_added() -> None:
    with DiskTable(2) as table:
        table.put("a", "etag-1", None)
        table.put("a", "etag-2", "Tue, 01 Jan 2030 00:00:00 GMT")
        assert table.add("b", 1, 2) and not table.add("b", 3, 4)
        assert table.get("a") == ("etag-2", "Tue, 01 Jan 2030 00:00:00 GMT")
        assert table.get("b") == (1, 2) and table.get("c") is None
        assert "a" in table and "c" not in table and len(table) == 2
        assert list(table.keys()) == ["a", "b"]


def test_a_table_of_width_zero_is_a_set() -> None:
    with DiskTable(0) as urls:
        assert urls.add("https://x/1/") and not urls.add("https://x/1/")
        assert urls.get("https://x/1/") == () and "https://x/2/" not in urls


def test_fetched_validators_answer_like_the_dict_they_replaced() -> None:
    fetched = FetchedValidators()
    fetched.put("https://x/1/", ('"e1"', None))
    assert fetched.get("https://x/1/", (None, None)) == ('"e1"', None)
    assert fetched.get("https://x/2/", (None, None)) == (None, None)
    fetched.close()


@given(st.lists(st.sampled_from("abcdefgh"), max_size=40), st.integers(1, 5))
def test_backlog_matches_an_ordered_dict_and_a_released_set(names: list[str], batch: int) -> None:
    backlog, waiting, released = Backlog(batch=batch), dict[str, None](), set[str]()
    for step, name in enumerate(names):
        backlog.add(name)
        if name not in released:
            waiting.setdefault(name, None)
        if step % 3 == 2:  # a release now and then, as the crawl idles
            expected = list(waiting)[:batch]
            assert backlog.take() == expected
            released.update(expected)
            waiting = {url: None for url in waiting if url not in released}
        assert len(backlog) == len(waiting) and backlog.dump() == list(waiting)


_OLD_TWEET_LINK = re.compile(rb"(?:twitter|x)\.com/\w{1,50}/status(?:es)?/\d{5,}")
_PIECES = [b"x.com/", b"twitter.com/", b"/status/", b"/statuses/", b"12345", b"9", b"ab_c",
           b"/", b".", b"wx", b"a" * 49, b"a" * 50, b"a" * 51, b"tter", b"com", b"\xd8\xa7"]  # fmt: skip


@given(st.lists(st.sampled_from(_PIECES), max_size=12))
def test_the_tweet_link_scan_finds_what_the_one_pattern_found(pieces: list[bytes]) -> None:
    page = b"".join(pieces)
    assert links_to_tweet(page) == bool(_OLD_TWEET_LINK.search(page))


def test_the_tweet_link_scan_on_embeds() -> None:
    assert links_to_tweet(b'<a href="https://twitter.com/TOLOnews/status/1234567890">')
    assert links_to_tweet(b"https://x.com/a/statuses/99999?s=20")
    assert not links_to_tweet(b"https://x.com/a/status/1234")  # too short an id
    assert not links_to_tweet(b"https://example.com/a/status/123456")
    assert not links_to_tweet(b"https://x.com/" + b"a" * 51 + b"/status/123456")


def test_a_failing_temporary_table_at_close_still_counts_what_was_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The merge's tables live in the temporary directory: if it fails, the run still says
    what it wrote (and what not), and its file stays to be merged by the next start."""
    layout = Layout(tmp_path / "articles.jsonl", tmp_path / "runs")
    layout.runs.mkdir()
    layout.run_articles("run-1").write_text('{"url": "https://x/1/", "post_id": 1}\n')

    def failing(*_: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(dataset_module, "merge_runs", failing)
    stats = _Stats()
    dataset = dataset_module.Dataset(layout, "run-1", stats)
    dataset.emitted = 2
    dataset.close()
    assert stats.values == {
        "insight/output/written": 1,
        "insight/output/unwritten": 1,
        "insight/output/merge_failed": 1,
    }
    assert layout.unmerged() == ["run-1"] and not layout.dataset.exists()


class _Stats:
    def __init__(self) -> None:
        self.values: dict[str, int] = {}

    def set_value(self, key: str, value: int) -> None:
        self.values[key] = value
