"""The article backlog: ordered, duplicate-free, released in batches."""

from __future__ import annotations

from insight_scraper.spiders.backlog import Backlog


def test_backlog_keeps_order_drops_duplicates_and_releases_in_batches() -> None:
    backlog = Backlog(batch=2)
    backlog.extend(["a", "b", "a", "c"])
    assert len(backlog) == 3
    assert backlog.take() == ["a", "b"]
    backlog.add("b")  # released URLs may come back: the dupefilter drops the second request
    assert backlog.dump() == ["c", "b"]
    assert backlog.take() == ["c", "b"]
    assert backlog.take() == []
