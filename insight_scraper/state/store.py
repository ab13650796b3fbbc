"""The crawl state's storage: an embedded SQLite database of every article seen, and the
validators of the discovery endpoints. One writer at a time (a lock file); each write is one
transaction. During a crawl only ``state/owner.py`` opens it."""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any

SCHEMA_VERSION = 2
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    url TEXT PRIMARY KEY,
    post_id INTEGER UNIQUE,
    canonical_url TEXT,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    date_modified TEXT,
    content_hash TEXT,
    etag TEXT,
    last_modified TEXT,
    status TEXT NOT NULL DEFAULT 'live' CHECK (status IN ('live', 'removed')),
    removed_at TEXT
);
CREATE TABLE IF NOT EXISTS validators (
    url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS applied_runs (run_id TEXT PRIMARY KEY, applied_at TEXT NOT NULL);
"""


class StateLocked(RuntimeError):
    """Another run holds the state's lock."""


class StateCorrupt(RuntimeError):
    """The state file is not a database this program can read."""


@dataclass(frozen=True, slots=True)
class Known:
    """What the state remembers of one article."""

    url: str
    post_id: int | None
    date_modified: str | None
    content_hash: str | None
    status: str
    first_seen: str


@dataclass(frozen=True, slots=True)
class Seen:
    """One fetched article, as the state records it."""

    url: str
    post_id: int | None
    canonical_url: str | None
    date_modified: str | None
    content_hash: str
    etag: str | None
    last_modified: str | None
    at: str


class StateStore:
    """``StateStore.open(path)`` takes the lock (or raises StateLocked); ``close()`` frees it."""

    def __init__(self, path: Path, lock_file: IO[str]) -> None:
        self.path = path
        self._lock_file = lock_file
        self.conn = sqlite3.connect(path, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=FULL")  # a crash must not lose a committed write
        self._migrate()

    @classmethod
    def open(cls, path: str | Path) -> StateStore:
        """Lock the state at ``path`` for this process and open it (created when missing)."""
        path = Path(path).resolve()
        path.parent.mkdir(parents=True, exist_ok=True)
        lock_file = _lock(path.with_name(path.name + ".lock"))
        try:
            return cls(path, lock_file)
        except sqlite3.DatabaseError as exc:
            lock_file.close()
            raise StateCorrupt(
                f"{path} is not a readable state ({exc}): see `state repair`"
            ) from exc
        except BaseException:
            lock_file.close()
            raise

    def close(self) -> None:
        """Close the database, then free the lock."""
        self.conn.close()
        self._lock_file.close()

    def _migrate(self) -> None:
        self.conn.executescript(_SCHEMA)
        found = self.meta("schema_version")
        if found is not None and int(found) > SCHEMA_VERSION:
            raise StateCorrupt(f"{self.path} has schema {found}, newer than this program's")
        if found != str(SCHEMA_VERSION):  # 1 → 2 added applied_runs (created above)
            self.set_meta("schema_version", str(SCHEMA_VERSION))

    def transaction(self) -> _Transaction:
        return _Transaction(self.conn)

    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction():
            self.conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def known(self) -> list[Known]:
        """Every article of the state (a few thousand rows: read once per run)."""
        rows = self.conn.execute(f"SELECT {_KNOWN_COLUMNS} FROM articles ORDER BY url")
        return [Known(*row) for row in rows]

    def find(self, url: str, post_id: int | None) -> Known | None:
        row = self.conn.execute(
            f"SELECT {_KNOWN_COLUMNS} FROM articles "
            "WHERE post_id = ? OR url = ? ORDER BY post_id IS NULL LIMIT 1",
            (post_id, url),
        ).fetchone()
        return Known(*row) if row else None

    def record(self, seen: Seen) -> tuple[str, Known | None]:
        """Store a fetched article; return (``new`` | ``updated`` | ``unchanged``, previous)."""
        with self.transaction():
            before = self.find(seen.url, seen.post_id)
            self._upsert(seen)
        return change_against(before, seen.content_hash), before

    def apply(self, run_id: str, seen: Iterable[Seen]) -> int:
        """Record one run's written records, once: all of them, or none (one transaction).
        ``seen`` is read as it comes (a run's file is not held in memory). Returns how many."""
        count, at = 0, ""
        with self.transaction():
            if run_id in self.applied():
                return 0
            for one in seen:
                self._upsert(one)
                count, at = count + 1, one.at
            self.conn.execute("INSERT INTO applied_runs VALUES (?, ?)", (run_id, at))
        return count

    def applied(self) -> set[str]:
        return {row[0] for row in self.conn.execute("SELECT run_id FROM applied_runs")}

    def _upsert(self, seen: Seen) -> None:
        before = self.find(seen.url, seen.post_id)
        if before is not None and before.url != seen.url:
            self.conn.execute("DELETE FROM articles WHERE url = ?", (before.url,))
        self.conn.execute(_UPSERT, _upsert_values(seen, before))

    def forget(self, urls: list[str]) -> None:
        """Drop articles the output does not hold: the next run sees them as new."""
        with self.transaction():
            self.conn.executemany("DELETE FROM articles WHERE url = ?", [(url,) for url in urls])

    def mark_removed(self, url: str, at: str) -> bool:
        """Mark a live article as removed (kept in the state); True if it was live."""
        with self.transaction():
            cursor = self.conn.execute(
                "UPDATE articles SET status = 'removed', removed_at = ? "
                "WHERE url = ? AND status = 'live'",
                (at, url),
            )
        return cursor.rowcount > 0

    def validators(self, url: str) -> tuple[str | None, str | None]:
        row = self.conn.execute(
            "SELECT etag, last_modified FROM validators WHERE url = ?", (url,)
        ).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def save_validators(
        self, url: str, etag: str | None, last_modified: str | None, at: str
    ) -> None:
        if not etag and not last_modified:
            return
        with self.transaction():
            self.conn.execute(
                "INSERT OR REPLACE INTO validators VALUES (?, ?, ?, ?)",
                (url, etag, last_modified, at),
            )

    def summary(self) -> dict[str, Any]:
        """Counts for ``insight-scraper state show``."""
        by_status = dict(self.conn.execute("SELECT status, count(*) FROM articles GROUP BY status"))
        newest = self.conn.execute("SELECT max(last_seen) FROM articles").fetchone()[0]
        return {
            "path": str(self.path),
            "schema_version": int(self.meta("schema_version") or 0),
            "articles": sum(by_status.values()),
            "live": by_status.get("live", 0),
            "removed": by_status.get("removed", 0),
            "validators": self.conn.execute("SELECT count(*) FROM validators").fetchone()[0],
            "last_seen": newest,
            "integrity": self.conn.execute("PRAGMA integrity_check").fetchone()[0],
        }


def change_against(before: Known | None, content_hash: str) -> str:
    """``new`` (never recorded), ``unchanged`` (same content) or ``updated``."""
    if before is None:
        return "new"
    return "unchanged" if before.content_hash == content_hash else "updated"


_KNOWN_COLUMNS = "url, post_id, date_modified, content_hash, status, first_seen"
_UPSERT = """
INSERT INTO articles (url, post_id, canonical_url, first_seen, last_seen, date_modified,
                      content_hash, etag, last_modified, status, removed_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'live', NULL)
ON CONFLICT(url) DO UPDATE SET
    post_id = excluded.post_id, canonical_url = excluded.canonical_url,
    last_seen = excluded.last_seen, date_modified = excluded.date_modified,
    content_hash = excluded.content_hash, etag = excluded.etag,
    last_modified = excluded.last_modified, status = 'live', removed_at = NULL
"""


def _upsert_values(seen: Seen, before: Known | None) -> tuple[Any, ...]:
    first_seen = before.first_seen if before is not None else seen.at
    return (
        seen.url, seen.post_id, seen.canonical_url, first_seen, seen.at, seen.date_modified,
        seen.content_hash, seen.etag, seen.last_modified,
    )  # fmt: skip


class _Transaction:
    """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on error: a write is all or nothing."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> sqlite3.Connection:
        if not self.conn.in_transaction:
            self.conn.execute("BEGIN IMMEDIATE")
            self._owner = True
        else:
            self._owner = False
        return self.conn

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if self._owner:
            self.conn.execute("ROLLBACK" if kind else "COMMIT")


def _lock(path: Path) -> IO[str]:
    handle = path.open("a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError as exc:
        handle.seek(0)
        holder = handle.read().strip() or "unknown"
        handle.close()
        raise StateLocked(f"{path} is held by another run ({holder})") from exc
    handle.seek(0)
    handle.truncate()
    handle.write(json.dumps({"pid": os.getpid(), "since": datetime.now().isoformat()}))
    handle.flush()
    return handle


def reset_state(path: str | Path) -> bool:
    """Delete the state database (under its lock). True if there was one."""
    path = Path(path)
    lock = _lock(path.with_name(path.name + ".lock"))
    try:
        existed = path.exists()
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        return existed
    finally:
        lock.close()
