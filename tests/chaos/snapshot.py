"""What a run left in the output directory, read back without touching it: the dataset
(``articles.jsonl``), the open rejects, the per-run record files, and the state's view of
each article (read from a copy, so that opening it cannot checkpoint or repair anything)."""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

STATE = "state.sqlite"


@dataclass(frozen=True, slots=True)
class Snapshot:
    records: tuple[tuple[str, int | None, str], ...] = ()  # (url, post_id, content_hash) per line
    bad_lines: int = 0  # lines of articles.jsonl that are not a JSON record (cut, garbled)
    rejects: dict[str, str] = field(default_factory=dict)  # url → reason, open rejects
    state: dict[str, str] = field(default_factory=dict)  # url → status (live, removed)
    state_error: str = ""
    run_files: frozenset[str] = frozenset()  # URLs in any runs/*.articles.jsonl

    def hashes(self, url: str) -> set[str]:
        return {digest for record_url, _, digest in self.records if record_url == url}

    @property
    def urls(self) -> set[str]:
        return {url for url, _, _ in self.records}


def take_snapshot(out: Path) -> Snapshot:
    rows, bad = _jsonl(out / "articles.jsonl")
    records = tuple((str(r.get("url")), r.get("post_id"), str(r.get("content_hash"))) for r in rows)
    rejects = {str(r.get("url")): str(r.get("reason")) for r in _jsonl(out / "rejects.jsonl")[0]}
    state, error = _state(out / STATE)
    written: set[str] = set()
    for path in sorted((out / "runs").glob("*.articles.jsonl")):
        written.update(str(r.get("url")) for r in _jsonl(path)[0])
    return Snapshot(records, bad, rejects, state, error, frozenset(written))


def _jsonl(path: Path) -> tuple[list[dict[str, Any]], int]:
    if not path.is_file():
        return [], 0
    rows, bad = [], 0
    for line in path.read_bytes().split(b"\n"):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError:
            bad += 1
            continue
        if isinstance(row, dict):
            rows.append(row)
        else:
            bad += 1
    return rows, bad


def _state(path: Path) -> tuple[dict[str, str], str]:
    if not path.is_file():
        return {}, "missing"
    with tempfile.TemporaryDirectory(prefix="chaos-state-") as scratch:
        for suffix in ("", "-wal"):  # the -shm index is rebuilt from the WAL
            if Path(f"{path}{suffix}").is_file():
                shutil.copy(f"{path}{suffix}", Path(scratch) / f"{STATE}{suffix}")
        try:
            with closing(sqlite3.connect(Path(scratch) / STATE)) as db:
                rows = db.execute("SELECT url, status FROM articles").fetchall()
        except sqlite3.Error as error:
            return {}, f"{type(error).__name__}: {error}"
    return {str(url): str(status) for url, status in rows}, ""
