"""Crash-safe output: JSON Lines that a SIGKILL cannot cut in the middle of a line (a run's
own files, output.py, which also skips a cut tail should a full disk leave one).

Scrapy's FileFeedStorage writes through a buffered file, so a killed process can leave half a
line. DurableFileFeedStorage writes unbuffered: the exporter's one ``write`` per record is one
``write(2)``, which a signal does not split; the file is fsynced when the feed closes.
"""

from __future__ import annotations

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
