"""Incremental crawls against the real local server, on a mirror that changes between runs:
unchanged, new, edited, date-bumped and deleted articles, with and without the REST API."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from scrapy.utils.defer import deferred_f_from_coro_f

from insight_scraper.mirror.server import BUNDLED_SITE, MirrorServer, Site
from insight_scraper.state import StateStore
from tests.conftest import SITE_URL, manifest
from tests.crawling import CrawlResult, crawl_mirror
from tests.mirror.versions import BUMPED, DELETED, EDITED, Changes, build_version

CATEGORIES = len(manifest()["categories"])


@pytest.fixture(params=[True, False], ids=["rest", "no-rest"])
def rest(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)


@pytest.fixture
def server(rest: bool) -> Any:
    with MirrorServer(Site(BUNDLED_SITE, rest=rest)) as running:
        yield running


def _version(tmp_path: Path, changes: Changes, rest: bool) -> Site:
    return Site(
        build_version(changes, tmp_path / "version" / "site", tmp_path / "version"), rest=rest
    )


async def _full_then(
    server: MirrorServer, tmp_path: Path, site: Site | None
) -> tuple[CrawlResult, Path]:
    state = tmp_path / "state.sqlite"
    full = await crawl_mirror(server.base_url, tmp_path / "out", state=state)
    assert len(full.articles) == len(manifest()["posts"])
    if site is not None:
        server.swap(site)
    return full, state


def _requests(result: CrawlResult, role: str) -> int:
    assert result.summary is not None
    return int(result.summary["requests"][role])


@deferred_f_from_coro_f
async def test_unchanged_site_costs_no_article_request(
    server: MirrorServer, tmp_path: Path, rest: bool
) -> None:
    _, state = await _full_then(server, tmp_path, None)
    again = await crawl_mirror(server.base_url, tmp_path / "out", state=state, incremental="1")
    assert _requests(again, "article") == 0
    assert again.articles == []
    assert _requests(again, "discovery") <= (1 if rest else 1 + CATEGORIES)
    assert again.summary is not None and again.summary["mode"] == "incremental"
    assert again.summary["exit_code"] == 0


@deferred_f_from_coro_f
async def test_k_new_articles_cost_k_article_requests(
    server: MirrorServer, tmp_path: Path, rest: bool
) -> None:
    _, state = await _full_then(server, tmp_path, _version(tmp_path, Changes(added=3), rest))
    again = await crawl_mirror(server.base_url, tmp_path / "out", state=state, incremental="1")
    assert _requests(again, "article") == 3
    assert sorted(a.change for a in again.articles) == ["new", "new", "new"]
    assert all("follow-up" in a.url for a in again.articles)


@deferred_f_from_coro_f
async def test_edit_and_date_bump(server: MirrorServer, tmp_path: Path, rest: bool) -> None:
    changes = Changes(edited=EDITED, bumped=BUMPED)
    full, state = await _full_then(server, tmp_path, _version(tmp_path, changes, rest))
    again = await crawl_mirror(server.base_url, tmp_path / "out", state=state, incremental="1")
    assert _requests(again, "article") == 2
    assert [(a.url, a.change) for a in again.articles] == [(f"{SITE_URL}{EDITED}/", "updated")]
    before = next(a for a in full.articles if a.url == f"{SITE_URL}{EDITED}/")
    assert again.articles[0].post_id == before.post_id
    assert again.articles[0].content_hash != before.content_hash
    assert again.summary is not None and again.summary["articles"]["date_bumps"] == 1


@deferred_f_from_coro_f
async def test_deleted_article_is_reported_removed_and_kept(
    server: MirrorServer, tmp_path: Path, rest: bool
) -> None:
    _, state = await _full_then(
        server, tmp_path, _version(tmp_path, Changes(deleted=DELETED), rest)
    )
    again = await crawl_mirror(server.base_url, tmp_path / "out", state=state, incremental="1")
    assert again.summary is not None and again.summary["articles"]["removed"] == 1
    assert [(r.url, r.reason) for r in again.rejects] == [(f"{SITE_URL}{DELETED}/", "removed")]
    store = StateStore.open(state)
    try:
        known = {item.url: item.status for item in store.known()}
    finally:
        store.close()
    assert known[f"{SITE_URL}{DELETED}/"] == "removed"


@deferred_f_from_coro_f
async def test_full_crawl_labels_changes_against_the_state(
    server: MirrorServer, tmp_path: Path
) -> None:
    full, state = await _full_then(server, tmp_path, None)
    assert {a.change for a in full.articles} == {"new"}
    again = await crawl_mirror(server.base_url, tmp_path / "out", state=state)
    assert {a.change for a in again.articles} == {"unchanged"}
    assert again.summary is not None and again.summary["articles"]["unchanged"] == len(
        full.articles
    )
