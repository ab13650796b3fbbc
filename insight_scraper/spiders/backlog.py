"""Article URLs found while listings are read, handed to the scheduler when the crawl idles.

The crawl reads every listing to its end before it fetches articles. Holding a scheduled
Request per article meanwhile costs ~3 KB each (60 MB at 20,000 articles); a URL in a Python
dict ~150 B, and the set of released URLs as much again. Both live on disk here (ondisk.py: a
private temporary SQLite database), so the backlog's memory does not grow with the site.
With a JOBDIR the backlog is kept in the spider's persisted state across a graceful stop.
"""

from __future__ import annotations

from collections.abc import Iterable

from insight_scraper.ondisk import temporary_database


class Backlog:
    """An ordered queue of URLs, released in batches; a URL is queued once per crawl, however
    many listings and sitemaps name it (a released one would only meet Scrapy's duplicate
    filter, and a request it drops never answers)."""

    def __init__(self, batch: int = 256) -> None:
        self.batch = batch
        self._db = temporary_database(self)
        # queued: every URL ever queued (waiting or released); waiting: the queue, in order.
        self._db.execute("CREATE TABLE queued (url TEXT PRIMARY KEY) WITHOUT ROWID")
        self._db.execute("CREATE TABLE waiting (seq INTEGER PRIMARY KEY, url TEXT NOT NULL)")
        self._waiting = 0

    def __len__(self) -> int:
        return self._waiting

    def add(self, url: str) -> None:
        if self._db.execute("INSERT OR IGNORE INTO queued VALUES (?)", (url,)).rowcount:
            self._db.execute("INSERT INTO waiting (url) VALUES (?)", (url,))
            self._waiting += 1

    def extend(self, urls: Iterable[str]) -> None:
        for url in urls:
            self.add(url)

    def take(self, count: int | None = None) -> list[str]:
        """Up to ``count`` (default ``batch``) URLs, oldest first, removed from the backlog."""
        wanted = self.batch if count is None else count
        if wanted <= 0 or not self._waiting:
            return []
        rows = self._db.execute(
            "SELECT seq, url FROM waiting ORDER BY seq LIMIT ?", (wanted,)
        ).fetchall()
        if rows:
            self._db.execute("DELETE FROM waiting WHERE seq <= ?", (rows[-1][0],))
            self._waiting -= len(rows)
        return [url for _, url in rows]

    def dump(self) -> list[str]:
        return [url for (url,) in self._db.execute("SELECT url FROM waiting ORDER BY seq")]
