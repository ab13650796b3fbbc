"""Nothing lost across runs: each finding of the reliability review, reproduced against the
mirror, with the behaviour that keeps every article in the output, an open reject that the
next run retries, or the state as removed."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
from scrapy.utils.defer import deferred_f_from_coro_f

from insight_scraper.mirror.server import BUNDLED_SITE, MirrorServer, Reply, Site
from insight_scraper.output import Layout, read_records
from tests.conftest import manifest
from tests.crawling import crawl_mirror

POSTS = manifest()["posts"]
BROKEN = {post["url"].split(".com", 1)[1] for post in POSTS[:3]}  # three articles' paths
COMMAND = [sys.executable, "-m", "insight_scraper.cli"]


class Broken:
    """The mirror, with some paths answering 503 (or any status) for as long as it is on."""

    def __init__(self, paths: set[str], status: int = 503, body: bytes = b"busy") -> None:
        self.site, self.paths, self.status, self.body = Site(BUNDLED_SITE), paths, status, body
        self.on = True

    def answer(self, raw_path: str, headers: Mapping[str, str] | None = None) -> Reply:
        if self.on and raw_path.split("?", 1)[0] in self.paths:
            return Reply(self.status, self.body, {"Content-Type": "text/html"})
        return self.site.answer(raw_path, headers)


@pytest.fixture
def server() -> Iterator[MirrorServer]:
    with MirrorServer(BUNDLED_SITE) as served:
        yield served


def _dataset(out: Path) -> list[str]:
    return sorted(str(r["url"]) for r in read_records(out / "articles.jsonl"))


def _open_rejects(out: Path) -> list[str]:
    return sorted(str(r["url"]) for r in read_records(out / "rejects.jsonl"))


FAST = {"RETRY_TIMES": 0, "INSIGHT_DISCOVERY_REFETCH": 0}


@deferred_f_from_coro_f
async def test_articles_a_faulted_full_crawl_missed_are_fetched_by_the_next_incremental_run(
    server: MirrorServer, tmp_path: Path
) -> None:
    broken = Broken(BROKEN)
    server.swap(broken)
    first = await crawl_mirror(server.base_url, tmp_path, settings=FAST)
    assert len(first.articles) == len(POSTS) - 3
    assert sorted(url.split(".com", 1)[1] for url in _open_rejects(tmp_path)) == sorted(BROKEN)
    broken.on = False  # the site is healthy again: REST and the feed did not change
    again = await crawl_mirror(server.base_url, tmp_path, incremental="1")
    assert sorted(a.url.split(".com", 1)[1] for a in again.articles) == sorted(BROKEN)
    assert _dataset(tmp_path) == sorted(post["url"] for post in POSTS)
    assert _open_rejects(tmp_path) == []  # recovered: no stale reject names a captured article


@deferred_f_from_coro_f
async def test_a_full_crawl_stopped_early_leaves_the_rest_to_the_next_incremental_run(
    server: MirrorServer, tmp_path: Path
) -> None:
    first = await crawl_mirror(
        server.base_url, tmp_path, settings={"CLOSESPIDER_ITEMCOUNT": 5, "CONCURRENT_REQUESTS": 1}
    )
    assert first.summary is not None and first.summary["exit_code"] == 5  # incomplete
    captured = len(_dataset(tmp_path))
    assert captured < len(POSTS)
    again = await crawl_mirror(server.base_url, tmp_path, incremental="1")
    assert len(again.articles) == len(POSTS) - captured  # validators were not saved: REST 200
    assert _dataset(tmp_path) == sorted(post["url"] for post in POSTS)


@deferred_f_from_coro_f
async def test_soft_404_rest_and_a_dead_feed_still_read_sitemap_and_listings(
    server: MirrorServer, tmp_path: Path
) -> None:
    await crawl_mirror(server.base_url, tmp_path)  # a healthy full crawl first
    state = tmp_path / "state.sqlite"
    with sqlite3.connect(state) as db:  # three posts the state never saw
        db.executemany("DELETE FROM articles WHERE url = ?", [(p["url"],) for p in POSTS[:3]])
    server.swap(
        Broken({"/wp-json/wp/v2/posts", "/feed/"}, status=200, body=b"<html>Not found</html>")
    )
    again = await crawl_mirror(server.base_url, tmp_path, incremental="1", settings=FAST)
    # The state lacked them, but the dataset had them: reconciled, not fetched again as "new".
    assert again.summary is not None and again.summary["reconciled"]["added"] == 3
    assert _dataset(tmp_path) == sorted(post["url"] for post in POSTS)


@deferred_f_from_coro_f
async def test_a_lost_state_is_rebuilt_from_the_output_not_emitted_again(
    server: MirrorServer, tmp_path: Path
) -> None:
    await crawl_mirror(server.base_url, tmp_path)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{tmp_path / 'state.sqlite'}{suffix}").unlink(missing_ok=True)
    (tmp_path / "state.sqlite").write_bytes(b"")  # a 0-byte state, as a full disk leaves it
    again = await crawl_mirror(server.base_url, tmp_path, incremental="1")
    assert again.articles == []  # rebuilt from the run files and the dataset: nothing is "new"
    assert again.summary is not None and sum(again.summary["reconciled"].values()) > 0


@deferred_f_from_coro_f
async def test_records_that_could_not_be_written_are_not_counted_as_seen(
    server: MirrorServer, tmp_path: Path
) -> None:
    (tmp_path / "runs").write_text("not a folder")  # every write of the run's records fails
    first = await crawl_mirror(server.base_url, tmp_path)
    assert first.summary is not None and first.summary["output"]["unwritten"] == len(POSTS)
    assert first.summary["exit_code"] == 1
    (tmp_path / "runs").unlink()
    again = await crawl_mirror(server.base_url, tmp_path)
    assert {a.change for a in again.articles} == {"new"}  # the state never claimed them
    assert _dataset(tmp_path) == sorted(post["url"] for post in POSTS)


@deferred_f_from_coro_f
async def test_runs_accumulate_and_a_failed_run_removes_nothing(
    server: MirrorServer, tmp_path: Path
) -> None:
    await crawl_mirror(server.base_url, tmp_path)
    before = (tmp_path / "articles.jsonl").read_bytes()
    dead = await crawl_mirror("http://127.0.0.1:1/", tmp_path, settings=FAST)
    assert dead.articles == [] and (tmp_path / "articles.jsonl").read_bytes() == before
    again = await crawl_mirror(server.base_url, tmp_path, incremental="1")
    assert again.articles == [] and _dataset(tmp_path) == sorted(post["url"] for post in POSTS)
    # Only the run that wrote records has a records file: nothing empty is left behind.
    assert len(Layout(tmp_path / "articles.jsonl", tmp_path / "runs").run_ids()) == 1


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*COMMAND, *args], capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.process
def test_a_category_typo_is_an_incomplete_run(server: MirrorServer, tmp_path: Path) -> None:
    done = _cli("crawl", "--mirror", server.base_url, "--output", str(tmp_path / "articles.jsonl"),
                "--category", "no-such-category", "--log-level", "ERROR")  # fmt: skip
    assert done.returncode == 5, done.stderr[-2000:]
    assert json.loads(done.stdout.splitlines()[-1])["incomplete"] == ["no_categories x1"]


@pytest.mark.process
def test_a_broken_state_gives_one_line_and_repair_rebuilds_it(
    server: MirrorServer, tmp_path: Path
) -> None:
    output, state = tmp_path / "articles.jsonl", tmp_path / "state.sqlite"
    crawl = ["crawl", "--mirror", server.base_url, "--output", str(output), "--log-level", "ERROR"]
    assert _cli(*crawl).returncode == 0
    state.write_bytes(b"this is not a database" * 100)
    (tmp_path / "state.sqlite-wal").unlink(missing_ok=True)
    broken = _cli(*crawl)
    assert broken.returncode == 1 and "Traceback" not in broken.stderr
    shown = _cli("state", "show", "--state", str(state))
    assert shown.returncode == 1 and len(shown.stderr.strip().splitlines()) == 1
    repaired = _cli("state", "repair", "--state", str(state), "--output", str(output))
    assert repaired.returncode == 0, repaired.stderr
    assert json.loads(repaired.stdout.splitlines()[-1])["articles"] == len(POSTS)
    missing = _cli("state", "show", "--state", str(tmp_path / "nothing.sqlite"))
    assert missing.returncode == 1 and not (tmp_path / "nothing.sqlite").exists()
