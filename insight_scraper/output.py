"""The output directory: per-run files that FEEDS append to, and the current dataset built
from them.

    <out>/articles.jsonl             the dataset: the latest version of every article captured
    <out>/rejects.jsonl              the open rejects (what the next run retries)
    <out>/runs/<run-id>.articles.jsonl, <run-id>.rejects.jsonl, <run-id>.json   one run's own

A run's records go to its own file (unbuffered, fsynced: durable.py). When the run closes, or
when the next run starts after a kill, its file is merged into the dataset: a streamed rewrite
into a temporary file that replaces the dataset atomically. Merging is idempotent and never
drops a record, so no run, failed, killed or successful, can cost a record an earlier run wrote.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from insight_scraper.ondisk import DiskTable

# Rejects worth fetching again next run: the page may well be there then (a redirect off the
# site or an oversized answer can be a passing fault too). The others are the site's own answer
# about the page (gone; not to be fetched) that a retry would repeat.
PERMANENT_DOWNLOAD = frozenset({"http_404", "http_410", "removed", "robots_disallowed"})
TRANSIENT_EXTRACT = frozenset({"truncated_document", "empty_document", "extract_error"})
ARTICLE_STAGES = frozenset({"download", "extract", "validate"})
ARTICLES_SUFFIX = ".articles.jsonl"
REJECTS_SUFFIX = ".rejects.jsonl"
MERGED_LOG = "merged.log"


def new_run_id() -> str:
    """``20241203T120000Z-<pid>``: sorts by start time, unique per process."""
    return f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{os.getpid()}"


def record_key(record: dict[str, Any]) -> str:
    """One article, whatever URL it was read from: its post id, else its canonical URL."""
    if record.get("post_id") is not None:
        return f"post:{record['post_id']}"
    return f"url:{record.get('canonical_url') or record.get('url')}"


@dataclass(frozen=True, slots=True)
class Layout:
    """Where one output directory keeps its files."""

    dataset: Path
    runs: Path

    @property
    def open_rejects(self) -> Path:
        return self.dataset.with_name("rejects.jsonl")

    def run_articles(self, run_id: str) -> Path:
        return self.runs / f"{run_id}{ARTICLES_SUFFIX}"

    def run_rejects(self, run_id: str) -> Path:
        return self.runs / f"{run_id}{REJECTS_SUFFIX}"

    def run_ids(self) -> list[str]:
        """Every run that wrote records here, oldest first."""
        if not self.runs.is_dir():
            return []
        names = (path.name for path in self.runs.glob(f"*{ARTICLES_SUFFIX}"))
        return sorted(name.removesuffix(ARTICLES_SUFFIX) for name in names)

    def merged(self) -> set[str]:
        path = self.runs / MERGED_LOG
        return set(path.read_text(encoding="utf-8").split()) if path.is_file() else set()

    def unmerged(self) -> list[str]:
        done = self.merged()
        return [run for run in self.run_ids() if run not in done]


def read_records(path: Path) -> Iterator[dict[str, Any]]:
    """The complete records of a JSON Lines file; a line cut by a crash is skipped."""
    return (record for _, _, record in _read_lines(path))


def _read_lines(path: Path) -> Iterator[tuple[int, bytes, dict[str, Any]]]:
    """(line number, the line as written, its record) of each complete record in the file."""
    if not path.is_file():
        return
    with path.open("rb") as handle:
        for number, line in enumerate(handle):
            if not line.endswith(b"\n"):
                return  # the tail of a killed write: never a record
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if isinstance(record, dict):
                yield number, line, record


def retryable(reject: dict[str, Any]) -> bool:
    """A reject the next run fetches again."""
    stage, reason = reject.get("stage"), str(reject.get("reason"))
    if stage == "download":
        return reason not in PERMANENT_DOWNLOAD
    return stage == "extract" and reason in TRANSIENT_EXTRACT


def retry_urls(layout: Layout) -> list[str]:
    """The open rejects' URLs worth fetching again, in file order."""
    return list(dict.fromkeys(r["url"] for r in read_records(layout.open_rejects) if retryable(r)))


def captured_urls(layout: Layout, run_ids: Iterable[str]) -> frozenset[str]:
    """URLs these runs wrote records for (a resumed job does not fetch them again)."""
    return frozenset(
        str(record.get("url"))
        for run_id in run_ids
        for record in read_records(layout.run_articles(run_id))
    )


def close_rejects(layout: Layout, run_id: str, captured: Container[str] | None = None) -> int:
    """Rewrite the open rejects: this run's, plus earlier retryable ones this run did not
    capture or reject again; minus everything this run captured (``captured``: the URLs of
    the run's records, when the caller has them). Returns how many are open."""
    captured = captured_urls(layout, [run_id]) if captured is None else captured
    latest: dict[str, dict[str, Any]] = {
        str(r["url"]): r for r in read_records(layout.open_rejects) if retryable(r)
    }
    for reject in read_records(layout.run_rejects(run_id)):
        latest[str(reject.get("url"))] = reject
    still_open = [r for url, r in latest.items() if url not in captured]
    write_jsonl_atomically(layout.open_rejects, still_open)
    return len(still_open)


@dataclass(frozen=True, slots=True)
class Merged:
    """What a merge read from the runs' files."""

    records: int
    """Complete records (versions of an article included)."""
    articles: int
    """Distinct articles."""


def merge_runs(layout: Layout, run_ids: Iterable[str], captured: DiskTable | None = None) -> Merged:
    """Merge these runs' records into the dataset (later runs win), under the dataset's lock.
    ``captured``, if given, receives the URL of every record read."""
    with _dataset_lock(layout), DiskTable(2) as newest:
        return _merge(layout, list(run_ids), newest, captured)


def _merge(
    layout: Layout, chosen: list[str], newest: DiskTable, captured: DiskTable | None
) -> Merged:
    """One read of each run's file finds the last version of each key (``newest``: key →
    run index, line number; on disk, as it grows with the site); the rewrite then copies
    those lines as they were written, with no second parse."""
    records = 0
    for run, run_id in enumerate(chosen):
        for number, _, record in _read_lines(layout.run_articles(run_id)):
            newest.put(record_key(record), run, number)
            if captured is not None:
                captured.add(str(record.get("url")))
            records += 1
    if records:
        _rewrite(layout, chosen, newest)
    _log_merged(layout, chosen)
    return Merged(records, len(newest) if records else 0)


def _rewrite(layout: Layout, run_ids: list[str], newest: DiskTable) -> None:
    layout.dataset.parent.mkdir(parents=True, exist_ok=True)
    temporary = layout.dataset.with_name(f".{layout.dataset.name}.{os.getpid()}.tmp")
    with temporary.open("wb") as out:
        out.writelines(
            line for _, line, record in _read_lines(layout.dataset)
            if record_key(record) not in newest
        )  # fmt: skip
        for run, run_id in enumerate(run_ids):
            query = "SELECT v1 FROM t WHERE v0 = ? ORDER BY v1"
            wanted = (number for (number,) in newest.conn.execute(query, (run,)))
            out.writelines(_lines_at(layout.run_articles(run_id), wanted))
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, layout.dataset)
    _fsync_dir(layout.dataset.parent)


def _lines_at(path: Path, numbers: Iterator[int]) -> Iterator[bytes]:
    """The lines of ``path`` with these (ascending) line numbers."""
    wanted = next(numbers, None)
    with path.open("rb") as handle:
        for number, line in enumerate(handle):
            if number == wanted:
                yield line
                wanted = next(numbers, None)


class _dataset_lock:
    """One writer of the dataset at a time (two runs without a state lock may overlap)."""

    def __init__(self, layout: Layout) -> None:
        layout.dataset.parent.mkdir(parents=True, exist_ok=True)
        self.handle = layout.dataset.with_name(f".{layout.dataset.name}.lock").open("a")

    def __enter__(self) -> None:
        fcntl.flock(self.handle, fcntl.LOCK_EX)

    def __exit__(self, *_: object) -> None:
        self.handle.close()


def _line(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False) + "\n"


def _log_merged(layout: Layout, run_ids: list[str]) -> None:
    if not run_ids:
        return
    layout.runs.mkdir(parents=True, exist_ok=True)
    with (layout.runs / MERGED_LOG).open("a", encoding="utf-8") as log:
        log.write("".join(f"{run_id}\n" for run_id in run_ids))
        log.flush()
        os.fsync(log.fileno())


def write_jsonl_atomically(path: Path, records: Iterable[dict[str, Any]]) -> None:
    """Replace ``path`` with these records: written beside, fsynced, renamed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with temporary.open("w", encoding="utf-8") as out:
        out.writelines(_line(record) for record in records)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, path)
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    """A rename is durable once its directory is fsynced."""
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def dataset_keys(layout: Layout) -> dict[str, dict[str, Any]]:
    """Key → the bookkeeping of each dataset record (for reconciling the state)."""
    wanted = ("url", "post_id", "canonical_url", "date_modified", "content_hash", "scraped_at")
    return {
        record_key(record): {name: record.get(name) for name in wanted}
        for record in read_records(layout.dataset)
    }


@dataclass(frozen=True, slots=True)
class Completeness:
    """Whether a run saw the whole site: what discovery missed, and what articles it owes."""

    discovery: tuple[str, ...]
    """Why discovery (or the run) ended short: caps, failed listings or signals, a time limit."""
    retryable: int
    """Articles rejected for reasons the next run retries."""

    @property
    def complete(self) -> bool:
        return not self.discovery and self.retryable == 0


def completeness(
    finish_reason: str, rejects: dict[tuple[str, str], int], discovery_errors: int
) -> Completeness:
    """From the run's finish reason, its rejects by (stage, reason), and failed discovery calls."""
    short = [f"finish_reason={finish_reason}"] if finish_reason != "finished" else []
    short += [
        f"{reason} x{n}" for (stage, reason), n in sorted(rejects.items()) if stage == "listing"
    ]
    if discovery_errors:
        short.append(f"discovery_errors x{discovery_errors}")
    owed = sum(
        n for (stage, reason), n in rejects.items() if retryable({"stage": stage, "reason": reason})
    )
    return Completeness(tuple(short), owed)
