"""What an export must read: the crawl output's files against the manifest of the last export.

The output directory holds the current dataset (``articles.jsonl``) and, per run,
``runs/<run-id>.json`` (the summary) and, when the crawl writes it, ``runs/<run-id>.articles.jsonl``
(the records that run emitted). The manifest beside the tables remembers how much of the dataset
was read (its size and the SHA-256 of those bytes) and which runs were seen, so that the next
export reads only what is new:

- the dataset grew by appending (its first ``size`` bytes still hash the same): only the tail;
- it was rewritten, and every run since the last export left its records file: only those files;
- it was rewritten otherwise: the whole dataset again (the merge still keeps the latest version).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from insight_scraper.analysis.schema import TABLES_VERSION

MANIFEST = "manifest.json"
_RUN_RECORDS = ".articles.jsonl"
_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class Layout:
    """Where a crawl's output lives: ``dataset`` is its articles.jsonl, runs sit beside it."""

    dataset: Path

    @classmethod
    def of(cls, output: Path) -> Layout:
        """``output`` is the dataset file or the directory that holds ``articles.jsonl``."""
        return cls(output / "articles.jsonl" if output.is_dir() else output)

    @property
    def runs(self) -> Path:
        return self.dataset.parent / "runs"

    def run_summaries(self) -> list[Path]:
        if not self.runs.is_dir():
            return []
        return sorted(p for p in self.runs.glob("*.json") if p.is_file())

    def run_records(self) -> dict[str, Path]:
        """Run id → that run's records file, for the runs that wrote one."""
        if not self.runs.is_dir():
            return {}
        found = self.runs.glob(f"*{_RUN_RECORDS}")
        return {p.name.removesuffix(_RUN_RECORDS): p for p in sorted(found) if p.is_file()}


@dataclass(slots=True)
class Plan:
    """The files (or the dataset's tail, from ``offset``) this export reads, and why."""

    mode: str
    dataset_offset: int | None
    run_files: list[Path] = field(default_factory=list)
    merge: bool = False


def sha256_prefix(path: Path, size: int) -> str:
    """SHA-256 of the first ``size`` bytes (read in 1 MiB chunks: memory stays flat)."""
    digest, left = hashlib.sha256(), size
    with path.open("rb") as handle:
        while left > 0:
            chunk = handle.read(min(_CHUNK, left))
            if not chunk:
                break
            digest.update(chunk)
            left -= len(chunk)
    return digest.hexdigest()


def read_manifest(tables: Path) -> dict[str, Any] | None:
    """The last export's manifest, or None when there is none usable (then: a full export)."""
    try:
        manifest = json.loads((tables / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(manifest, dict) or manifest.get("tables_version") != TABLES_VERSION:
        return None
    if not (tables / "articles.parquet").is_file():
        return None
    return manifest


def plan(layout: Layout, manifest: dict[str, Any] | None) -> Plan:
    """Decide what to read; see the module docstring."""
    runs = layout.run_records()
    has_dataset = layout.dataset.is_file()
    if manifest is None:
        if has_dataset:
            return Plan("full", 0)
        return Plan("full (run files)", None, list(runs.values()))
    seen = set(manifest.get("runs_seen", []))
    fresh = [path for run, path in runs.items() if run not in seen]
    if not has_dataset:
        return Plan("incremental (run files)", None, fresh, merge=True)
    offset = _appended_from(layout.dataset, manifest.get("dataset"))
    if offset is not None:
        return Plan("incremental", offset, fresh, merge=True)
    unseen = {p.stem for p in layout.run_summaries()} - seen
    if unseen and unseen <= set(runs):
        return Plan("incremental (run files)", None, fresh, merge=True)
    return Plan("incremental (dataset rewritten)", 0, fresh, merge=True)


def _appended_from(dataset: Path, last: Any) -> int | None:
    """The byte offset the dataset grew from, or None when it was rewritten."""
    if not isinstance(last, dict):
        return None
    size, digest = last.get("size"), last.get("sha256")
    if not isinstance(size, int) or not isinstance(digest, str):
        return None
    if dataset.stat().st_size < size or sha256_prefix(dataset, size) != digest:
        return None
    return size


def dataset_state(layout: Layout) -> dict[str, Any] | None:
    """What the manifest records of the dataset: its size and the hash of its bytes."""
    if not layout.dataset.is_file():
        return None
    size = layout.dataset.stat().st_size
    return {
        "path": layout.dataset.name,
        "size": size,
        "sha256": sha256_prefix(layout.dataset, size),
    }


def runs_seen(layout: Layout) -> list[str]:
    """Every run id present now (summaries and record files): the next export skips them."""
    ids = {p.stem for p in layout.run_summaries()} | set(layout.run_records())
    return sorted(ids)
