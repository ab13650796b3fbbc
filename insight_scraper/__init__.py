"""insight-scraper: afghaninsight.com into clean, analyst-ready JSON Lines.

The public API is loaded lazily (module ``__getattr__``): ``import insight_scraper`` and the
``extract`` command import neither Scrapy nor DuckDB nor pandas until a function needs them.

>>> from insight_scraper import extract_article, load_articles, load_tweets, crawl
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_API = {
    "extract_article": "insight_scraper.extract.article",
    "load_articles": "insight_scraper.analysis.loaders",
    "load_tweets": "insight_scraper.analysis.loaders",
    "load_table": "insight_scraper.analysis.loaders",
    "export": "insight_scraper.analysis.export",
    "report": "insight_scraper.analysis.report",
    "crawl": "insight_scraper.analysis.api",
    "CrawlResult": "insight_scraper.analysis.api",
}
__all__ = [
    "CrawlResult",
    "__version__",
    "crawl",
    "export",
    "extract_article",
    "load_articles",
    "load_table",
    "load_tweets",
    "report",
]

if TYPE_CHECKING:  # what type checkers and IDEs see; at run time __getattr__ imports on use
    from insight_scraper.analysis.api import CrawlResult as CrawlResult
    from insight_scraper.analysis.api import crawl as crawl
    from insight_scraper.analysis.export import export as export
    from insight_scraper.analysis.loaders import load_articles as load_articles
    from insight_scraper.analysis.loaders import load_table as load_table
    from insight_scraper.analysis.loaders import load_tweets as load_tweets
    from insight_scraper.analysis.report import report as report
    from insight_scraper.extract.article import extract_article as extract_article


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'insight_scraper' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later look-ups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_API])
