"""``insight-scraper export``: the crawl's JSON Lines into typed, flat analysis tables.

DuckDB reads the JSON Lines, keeps the latest version of each article (by post id, else URL;
latest ``scraped_at``), flattens the nested lists into tables (tables.py) and writes Parquet,
plus CSV and a DuckDB database on request. It works in an on-disk scratch database with a
memory limit, so memory stays flat however large the output (bench/export.py).

Parquet is always written: it is what the next export merges into, and what the loaders read.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from insight_scraper.analysis import sources
from insight_scraper.analysis.merge import WRITERS, build
from insight_scraper.analysis.schema import RECORD_COLUMNS, TABLES_VERSION, columns_literal
from insight_scraper.analysis.tables import MACROS, TABLES
from insight_scraper.extract.solar_hijri import DARI_MONTHS, to_solar_hijri
from insight_scraper.extract.text import search_key

if TYPE_CHECKING:
    from duckdb import DuckDBPyConnection

FORMATS = ("parquet", "csv", "duckdb")
DATABASE = "insight.duckdb"


@dataclass(slots=True)
class ExportResult:
    """What one export did (printed by the CLI as one JSON line, kept in the manifest)."""

    tables: str
    mode: str
    formats: list[str]
    read: dict[str, int] = field(default_factory=dict)
    articles: dict[str, int] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def export(
    output: str | os.PathLike[str] = "output",
    tables: str | os.PathLike[str] | None = None,
    formats: Iterable[str] = ("parquet",),
    *,
    full: bool = False,
    memory_limit: str = "256MB",
) -> ExportResult:
    """Export the crawl output (``output``: its directory or its articles.jsonl) to tables.

    Incremental: only what is new since the last export is read, and merged so that each
    article keeps its latest version. ``full=True`` rebuilds the tables from scratch.
    """
    layout = sources.Layout.of(Path(output))
    target = Path(tables) if tables is not None else layout.dataset.parent / "tables"
    wanted = _formats(formats)
    target.mkdir(parents=True, exist_ok=True)
    manifest = None if full else sources.read_manifest(target)
    dataset = sources.dataset_state(layout)  # measured before reading: a later append is re-read
    plan = sources.plan(layout, manifest)
    if manifest is not None and _up_to_date(plan, dataset, manifest, wanted):
        return ExportResult(str(target), "up to date", wanted, rows=manifest.get("rows", {}))
    with tempfile.TemporaryDirectory(prefix=".export-", dir=target) as scratch:
        result = _run(layout, target, Path(scratch), plan, wanted, memory_limit=memory_limit)
    _write_manifest(target, result, dataset, sources.runs_seen(layout))
    return result


def _formats(formats: Iterable[str]) -> list[str]:
    chosen = {"parquet", *formats}
    unknown = chosen - set(FORMATS)
    if unknown:
        raise ValueError(f"unknown format(s): {', '.join(sorted(unknown))}")
    return [name for name in FORMATS if name in chosen]


def _up_to_date(
    plan: sources.Plan, dataset: dict[str, Any] | None, manifest: dict[str, Any], wanted: list[str]
) -> bool:
    nothing_new = not plan.run_files and (
        plan.dataset_offset is None
        or (dataset is not None and plan.dataset_offset == dataset["size"])
    )
    return nothing_new and set(wanted) <= set(manifest.get("formats", []))


def _run(
    layout: sources.Layout,
    target: Path,
    scratch: Path,
    plan: sources.Plan,
    wanted: list[str],
    *,
    memory_limit: str,
) -> ExportResult:
    con = connect(scratch / "work.duckdb", memory_limit, scratch)
    try:
        files = _input_files(layout, plan, scratch)
        read = _load(con, files)
        merge = plan.merge and (target / "articles.parquet").is_file()
        articles = build(con, month_names_literal(), target if merge else None)
        rows = {name: _count(con, f"final_{name}") for name in TABLES}
        written = [path for name in wanted for path in WRITERS[name](con, scratch)]
    finally:
        con.close()
    for path in written:  # every table is written before any replaces the previous export
        path.replace(target / path.name)
    return ExportResult(str(target), plan.mode, wanted, read, articles, rows)


def connect(path: Path | str, memory_limit: str, scratch: Path | None = None) -> DuckDBPyConnection:
    """A DuckDB connection in UTC with the project's functions and macros."""
    import duckdb  # noqa: PLC0415 - imported on use: `import insight_scraper` stays light

    con = duckdb.connect(str(path))
    con.execute("SET TimeZone = 'UTC'")
    con.execute(f"SET memory_limit = '{memory_limit}'")
    con.execute("SET preserve_insertion_order = false")  # every write orders its rows itself
    con.execute("SET enable_progress_bar = false")
    if scratch is not None:
        con.execute(f"SET temp_directory = '{_quote(str(scratch / 'spill'))}'")
    register_functions(con)
    return con


def register_functions(con: DuckDBPyConnection) -> None:
    """``sh_iso(date text)`` (Solar Hijri ISO date) and ``fold(text, lang)`` (search key)."""

    def solar(day: str) -> str:
        return to_solar_hijri(date.fromisoformat(day)).isoformat()

    def fold(text: str | None, lang: str | None) -> str | None:
        return None if text is None else search_key(text, lang)

    # "special": fold receives NULLs (a tweet's lang may be NULL) instead of returning NULL. A
    # string, which every DuckDB version accepts (the enum moved between modules).
    special: Any = "special"
    con.create_function("sh_iso", solar, ["VARCHAR"], "VARCHAR")
    con.create_function("fold", fold, ["VARCHAR", "VARCHAR"], "VARCHAR", null_handling=special)
    con.execute(MACROS)


def month_names_literal() -> str:
    """The Dari month names as a DuckDB list literal (index 1 = Hamal)."""
    return "[" + ", ".join(f"'{_quote(name)}'" for name in DARI_MONTHS) + "]"


def _quote(text: str) -> str:
    return text.replace("'", "''")


def _input_files(layout: sources.Layout, plan: sources.Plan, scratch: Path) -> list[Path]:
    files = list(plan.run_files)
    if plan.dataset_offset == 0:
        files.insert(0, layout.dataset)
    elif plan.dataset_offset is not None:
        tail = scratch / "dataset-tail.jsonl"
        with layout.dataset.open("rb") as source, tail.open("wb") as sink:
            source.seek(plan.dataset_offset)
            shutil.copyfileobj(source, sink)
        files.insert(0, tail)
    return files


def _load(con: DuckDBPyConnection, files: Sequence[Path]) -> dict[str, int]:
    """Read the records into ``raw``; count lines that gave no record (malformed, no url)."""
    lines = sum(_count_lines(path) for path in files)
    if files:
        paths = "[" + ", ".join(f"'{_quote(str(p))}'" for p in files) + "]"
        con.execute(
            f"CREATE TABLE raw AS SELECT * FROM read_json({paths}, format = 'newline_delimited', "
            f"columns = {columns_literal()}, ignore_errors = true)"
        )
    else:
        nulls = ", ".join(
            f'CAST(NULL AS {kind}) AS "{name}"' for name, kind in RECORD_COLUMNS.items()
        )
        con.execute(f"CREATE TABLE raw AS SELECT {nulls} LIMIT 0")
    usable = _count(con, "raw WHERE url IS NOT NULL")
    return {"files": len(files), "lines": lines, "records": usable, "skipped": lines - usable}


def _count_lines(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(1 for line in handle if line.strip())


def _count(con: DuckDBPyConnection, relation: str) -> int:
    row = con.execute(f"SELECT count(*) FROM {relation}").fetchone()
    return int(row[0]) if row else 0


def _write_manifest(
    target: Path, result: ExportResult, dataset: dict[str, Any] | None, runs: list[str]
) -> None:
    manifest = {
        "tables_version": TABLES_VERSION,
        "exported_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        **result.as_dict(),
        "dataset": dataset,
        "runs_seen": runs,
    }
    manifest.pop("tables")
    partial = target / f".{sources.MANIFEST}.tmp"
    partial.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    partial.replace(target / sources.MANIFEST)
