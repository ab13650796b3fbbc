"""The article backlog: ordered, duplicate-free, released in batches."""

from __future__ import annotations

from insight_scraper.spiders.backlog import Backlog


def test_backlog_keeps_order_drops_duplicates_and_releases_in_batches() -> None:
    backlog = Backlog(batch=2)
    backlog.extend(["a", "b", "a", "c"])
    assert len(backlog) == 3
    assert backlog.take() == ["a", "b"]
    backlog.add("b")  # named again by another listing after its release: not queued twice
    assert backlog.dump() == ["c"]
    assert backlog.take() == ["c"]
    assert backlog.take() == []
