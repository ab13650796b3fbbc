"""The field-coverage monitor: a redesign must not silently empty the dataset.

Per run it counts, for each field, how many records got it from the theme's own markup (the
first link of the fallback chain), and compares the shares with thresholds. It also watches
tweets: none extracted while pages still link to tweets means the embed parser went blind.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

# Share of records whose field came from the theme, below which the run is a breach.
DEFAULT_THRESHOLDS = {"body": 0.95, "headline": 0.95, "authors": 0.9}
# A link to a tweet's status page, in any embed form: the pages that should yield tweets.
# ``(?:twitter|x)\.com/\w{1,50}/status(?:es)?/\d{5,}``, found in two steps: a pattern that
# starts with an alternation is tried at every byte of the page (~0.35 ms on a 50 KB article),
# one that starts with a literal is found by a fast substring scan (~0.015 ms). The word run
# before ``/status`` is the whole of ``\w{1,50}`` (``/`` is no word character), so the host is
# looked for in the ``_HOST_SPAN`` bytes before each hit.
_STATUS = re.compile(rb"/status(?:es)?/\d{5,}")
_HOST = re.compile(rb"(?:twitter|x)\.com/\w{1,50}\Z")
_HOST_SPAN = len(b"twitter.com/") + 50


@dataclass
class Coverage:
    """Counts sources per field over the records of one run."""

    thresholds: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_THRESHOLDS))
    articles: int = 0
    tweets: int = 0
    pages_linking_tweets: int = 0
    sources: defaultdict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    def add(self, extraction: dict[str, str], tweets: int) -> None:
        self.articles += 1
        self.tweets += tweets
        for name, source in extraction.items():
            self.sources[name][source] += 1

    def scan(self, page: bytes) -> None:
        """Count an article page that links to a tweet (one regex over the raw bytes)."""
        if links_to_tweet(page):
            self.pages_linking_tweets += 1

    def report(self) -> dict[str, Any]:
        """Shares by field and source, and the breaches (empty when all is well)."""
        shares = {
            name: {
                source: round(count / self.articles, 4) for source, count in sorted(counts.items())
            }
            for name, counts in sorted(self.sources.items())
        }
        return {
            "articles": self.articles,
            "tweets": self.tweets,
            "pages_linking_tweets": self.pages_linking_tweets,
            "sources": shares,
            "breaches": self._breaches(shares, self.pages_linking_tweets),
        }

    def _breaches(self, shares: dict[str, dict[str, float]], linking: int) -> list[str]:
        if self.articles == 0:
            return []
        breaches = [
            f"{name}: {_first_hand(shares, name):.0%} from the theme markup "
            f"(threshold {minimum:.0%})"
            for name, minimum in self.thresholds.items()
            if _first_hand(shares, name) < minimum
        ]
        if self.tweets == 0 and linking > 0:
            breaches.append(f"tweets: none extracted while {linking} pages link to tweets")
        return breaches


def _first_hand(shares: dict[str, dict[str, float]], name: str) -> float:
    """The share read first-hand: the theme's markup, or the REST API (a REST-first crawl),
    which no redesign of the theme can empty."""
    return sum(shares.get(name, {}).get(source, 0.0) for source in ("theme", "rest"))


def links_to_tweet(page: bytes) -> bool:
    """The page holds a link to a tweet's status page."""
    for hit in _STATUS.finditer(page):
        if _HOST.search(page, max(0, hit.start() - _HOST_SPAN), hit.start()):
            return True
    return False
