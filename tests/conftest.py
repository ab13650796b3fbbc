"""Shared fixtures: the bundled mirror, served for real on 127.0.0.1 at a free port."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from insight_scraper.mirror.server import BUNDLED_SITE, MirrorServer

SITE_URL = "https://www.afghaninsight.com/"

# The test pyramid: `make test-fast` runs what is neither a crawl nor a process of its own.
# A test needing one of these fixtures crawls a served mirror through the full Scrapy stack.
# (`output`: the analysis tests' copy of a demo crawl, tests/analysis_data.py.)
CRAWL_FIXTURES = frozenset(
    {"mirror", "server", "offsite", "full_crawl", "damaged_crawl", "redesigned_crawl",
     "fault_crawl", "one_fault_crawl", "output"}
)  # fmt: skip


# A test needing one of these runs another program: the browser, or the docs' examples.
PROCESS_FIXTURES = frozenset({"browser", "workdir"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        needs = set(getattr(item, "fixturenames", ()))
        if CRAWL_FIXTURES & needs:
            item.add_marker(pytest.mark.crawl)
        if PROCESS_FIXTURES & needs:
            item.add_marker(pytest.mark.process)


def manifest(root: Path = BUNDLED_SITE) -> dict[str, Any]:
    """The generator's list of posts and categories of a mirror."""
    data: dict[str, Any] = json.loads((root / "_manifest.json").read_text(encoding="utf-8"))
    return data


def page_url(fixture_dir: Path, root: Path = BUNDLED_SITE) -> str:
    """The real-site URL of a fixture directory of the mirror."""
    relative = fixture_dir.relative_to(root).as_posix()
    return SITE_URL + (relative + "/" if relative != "." else "")


@pytest.fixture(scope="session")
def mirror() -> Iterator[MirrorServer]:
    with MirrorServer(BUNDLED_SITE) as server:
        yield server
