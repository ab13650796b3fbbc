"""The crawl's heap: start-up's objects frozen while the spider runs, all given back after."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import pytest
from scrapy.settings import default_settings
from scrapy.utils.defer import deferred_f_from_coro_f

from insight_scraper import settings
from insight_scraper.heap import YOUNG_THRESHOLD, FreezeStartupHeap
from insight_scraper.mirror.server import MirrorServer
from tests.crawling import crawl_mirror


class _Stats:
    def __init__(self) -> None:
        self.values: dict[str, int] = {}

    def set_value(self, key: str, value: int) -> None:
        self.values[key] = value


def test_the_heap_is_frozen_while_the_spider_runs_and_unfrozen_after() -> None:
    before = gc.get_threshold()
    stats = _Stats()
    heap = FreezeStartupHeap(stats)  # type: ignore[arg-type]
    heap.spider_opened()
    try:
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold() == (YOUNG_THRESHOLD, *before[1:])
        # Frozen objects freed by reference counting leave the count: it only ever falls.
        assert stats.values["insight/heap/frozen"] >= gc.get_freeze_count() > 0
    finally:
        heap.spider_closed()
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == before


@pytest.mark.crawl
@deferred_f_from_coro_f
async def test_a_crawl_freezes_its_heap_and_gives_it_back(
    mirror: MirrorServer, tmp_path: Path
) -> None:
    before = gc.get_threshold()
    result = await crawl_mirror(mirror.base_url, tmp_path)
    assert result.stats["insight/heap/frozen"] > 10_000  # Scrapy's and Twisted's modules at least
    assert result.articles
    assert gc.get_freeze_count() == 0 and gc.get_threshold() == before


@pytest.mark.crawl
@deferred_f_from_coro_f
async def test_switched_off_the_heap_is_left_alone(mirror: MirrorServer, tmp_path: Path) -> None:
    settings = {"INSIGHT_GC_FREEZE": False}
    result = await crawl_mirror(mirror.base_url, tmp_path, settings=settings, max_pages=1)
    assert "insight/heap/frozen" not in result.stats


@pytest.mark.parametrize("module", ["aiohttp", "tldextract"])
def test_the_crawl_does_not_import_what_it_switched_off(module: str) -> None:
    """Scrapy's remote control (aiohttp, 10 MB of RSS) and cookies middleware (tldextract) are
    off: their modules are not even loaded when the crawler builds its components."""
    code = (
        "import sys\n"
        "from insight_scraper.runner import CrawlOptions, project_settings\n"
        "settings = project_settings(CrawlOptions())\n"
        "for name in ('EXTENSIONS', 'DOWNLOADER_MIDDLEWARES', 'SPIDER_MIDDLEWARES'):\n"
        "    settings.get_component_priority_dict_with_base(name)  # what Scrapy imports\n"
        f"print({module!r} in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False", done.stderr[-2000:]


NOT_IMPORTED = {
    "scrapy.extensions.remote_control.RemoteControl",
    "scrapy.downloadermiddlewares.cookies.CookiesMiddleware",
}


@pytest.mark.parametrize("name", ["EXTENSIONS_BASE", "DOWNLOADER_MIDDLEWARES_BASE"])
def test_our_component_bases_are_scrapys_without_the_two_left_out(name: str) -> None:
    """settings.py writes Scrapy's bases out (importing Scrapy there would load it for
    `extract`): when an upgrade of Scrapy changes its bases, this says to write them again."""
    theirs = {k: v for k, v in getattr(default_settings, name).items() if k not in NOT_IMPORTED}
    assert getattr(settings, name) == theirs
