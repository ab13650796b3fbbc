"""Crash-safe output: JSON Lines that a SIGKILL cannot cut in the middle of a line, and the
repair a resumed run does before it appends.

Scrapy's FileFeedStorage writes through a buffered file, so a killed process can leave half a
line. DurableFileFeedStorage writes unbuffered: the exporter's one ``write`` per record is one
``write(2)``, which a signal does not split; the file is fsynced when the feed closes.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import IO, Any

from scrapy.extensions.feedexport import FileFeedStorage


class DurableFileFeedStorage(FileFeedStorage):
    """FileFeedStorage with unbuffered appends and an fsync on close. The file is opened at
    the first record: a run that writes nothing (refused by the state lock, failed before its
    first record) leaves an earlier output as it was."""

    def open(self, spider: Any) -> IO[bytes]:
        mode = "wb" if self.write_mode == "wb" else "ab"
        return _FirstWriteFile(Path(self.path), mode)  # type: ignore[return-value]

    def store(self, file: IO[bytes]) -> None:
        file.close()  # only when the feed stores empty files, or wrote something


class _FirstWriteFile:
    """A binary file that is created (or truncated) only when something is written to it.
    Unbuffered: each ``write`` is one ``write(2)``. ``close`` fsyncs what was written."""

    def __init__(self, path: Path, mode: str) -> None:
        self.path, self.mode = path, mode
        self._file: IO[bytes] | None = None

    def write(self, data: bytes) -> int:
        if self._file is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._file = open(self.path, self.mode, buffering=0)  # noqa: SIM115 - closed in close()
        return self._file.write(data)

    def flush(self) -> None:
        return None  # unbuffered: nothing waits in memory

    def close(self) -> None:
        """fsync and close; a file never written to is created empty if missing (Scrapy's
        FEED_STORE_EMPTY), never truncated."""
        if self._file is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.touch()
            return
        os.fsync(self._file.fileno())
        self._file.close()


def repair_jsonl(path: Path) -> int:
    """Cut a trailing partial line (a crash in the middle of a write); return bytes removed."""
    if not path.is_file():
        return 0
    data = path.read_bytes()
    keep = data.rfind(b"\n") + 1
    if keep == len(data):
        return 0
    with path.open("r+b") as handle:
        handle.truncate(keep)
        os.fsync(handle.fileno())
    return len(data) - keep


def exported_urls(path: str | Path | None) -> frozenset[str]:
    """URLs of the records already in an output file (a resumed run does not fetch them again)."""
    if path is None or not Path(path).is_file():
        return frozenset()
    urls = set()
    with Path(path).open(encoding="utf-8") as handle:
        for line in handle:
            try:
                urls.add(json.loads(line)["url"])
            except (ValueError, KeyError, TypeError):
                continue  # a line cut by a crash is repaired before resuming
    return frozenset(urls)
