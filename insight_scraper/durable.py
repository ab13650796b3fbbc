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
    """FileFeedStorage with unbuffered appends and an fsync on close."""

    def open(self, spider: Any) -> IO[bytes]:
        folder = Path(self.path).parent
        folder.mkdir(parents=True, exist_ok=True)
        mode = "wb" if self.write_mode == "wb" else "ab"
        return open(self.path, mode, buffering=0)

    def store(self, file: IO[bytes]) -> None:
        os.fsync(file.fileno())
        file.close()


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
