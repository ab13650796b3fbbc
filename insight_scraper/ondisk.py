"""Per-run bookkeeping kept on disk, so that a crawl's memory does not grow with the site.

A crawl remembers a few facts per article until it closes: the URLs it has queued, the
validators of each response, the post ids and canonical URLs it has written, the last version
of each record to merge. In Python objects that is ~1 KB an article (the strings, the tuples,
the hash table slots): +50 MB at 50,000 articles. Here each is a table in a private temporary
SQLite database (``sqlite3.connect("")``: a file SQLite deletes when it is closed, read
through a page cache of at most ``CACHE_KIB``). A lookup or an insert costs ~4 µs.

Nothing here needs to survive the process: the database is never synced (journal off), and
what must survive a crash is written elsewhere (the run's files, the state).
"""

from __future__ import annotations

import sqlite3
import weakref
from collections.abc import Iterator
from typing import Any

# SQLite's page cache per table set; beyond it the rows live in the temporary file.
CACHE_KIB = 1024


def temporary_database(owner: object) -> sqlite3.Connection:
    """A private on-disk database, deleted when closed (at the latest when ``owner`` is
    collected); autocommit, never synced."""
    conn = sqlite3.connect("", isolation_level=None, check_same_thread=False)
    for pragma in ("journal_mode=OFF", "synchronous=OFF", f"cache_size=-{CACHE_KIB}"):
        conn.execute(f"PRAGMA {pragma}")
    weakref.finalize(owner, conn.close)
    return conn


class DiskTable:
    """A map from a text key to a row of ``width`` values (text, integers or None); with
    ``width`` 0, a set of keys."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.conn = temporary_database(self)
        columns = "".join(f", v{i}" for i in range(width))
        self.conn.execute(f"CREATE TABLE t (k TEXT PRIMARY KEY{columns}) WITHOUT ROWID")
        marks = ", ".join("?" * (width + 1))
        self._put = f"INSERT OR REPLACE INTO t VALUES ({marks})"
        self._add = f"INSERT OR IGNORE INTO t VALUES ({marks})"
        self._get = f"SELECT k{columns} FROM t WHERE k = ?"

    def get(self, key: str) -> tuple[Any, ...] | None:
        row: tuple[Any, ...] | None = self.conn.execute(self._get, (key,)).fetchone()
        return None if row is None else row[1:]

    def put(self, key: str, *values: Any) -> None:
        """Set ``key``'s row (replacing any)."""
        self._check(values)
        self.conn.execute(self._put, (key, *values))

    def add(self, key: str, *values: Any) -> bool:
        """Set ``key``'s row unless it has one; True when it was added."""
        self._check(values)
        added: bool = self.conn.execute(self._add, (key, *values)).rowcount == 1
        return added

    def __contains__(self, key: object) -> bool:
        return self.conn.execute("SELECT 1 FROM t WHERE k = ?", (key,)).fetchone() is not None

    def __len__(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM t").fetchone()[0])

    def keys(self) -> Iterator[str]:
        """Every key, in key order."""
        return (row[0] for row in self.conn.execute("SELECT k FROM t ORDER BY k"))

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> DiskTable:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _check(self, values: tuple[Any, ...]) -> None:
        if len(values) != self.width:
            raise ValueError(f"{len(values)} values for a table of {self.width}")
