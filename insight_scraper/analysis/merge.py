"""Latest version per article, the tables, the merge into the last export, and the writers.

Tables are built from ``raw`` (the records just read) as ``new_<table>``. With a previous
export, ``winners`` picks, per article key, the newer of the previous row and the new one
(latest ``scraped_at``; a tie goes to the new one), and every table takes the winner's rows:
so an updated article replaces all of its rows (tweets, blocks, …) in every table at once.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from insight_scraper.analysis.tables import KEY, TABLES, order_by, table_sql

if TYPE_CHECKING:
    from duckdb import DuckDBPyConnection

_LATEST = (
    "CREATE TABLE records AS SELECT * FROM raw WHERE url IS NOT NULL "
    f"QUALIFY row_number() OVER (PARTITION BY {KEY} ORDER BY "
    "try_cast(scraped_at AS TIMESTAMPTZ) DESC NULLS LAST, content_hash DESC NULLS LAST, "
    "change NULLS LAST) = 1"
)
_WINNERS = f"""
CREATE TABLE winners AS
SELECT k, fresh, content_hash, k IN (SELECT {KEY} FROM prev_articles) AS known,
    content_hash IN (SELECT content_hash FROM prev_articles) AS same
FROM (
    SELECT {KEY} AS k, scraped_at, content_hash, 1 AS fresh FROM new_articles
    UNION ALL SELECT {KEY}, scraped_at, content_hash, 0 FROM prev_articles
) QUALIFY row_number() OVER (PARTITION BY k ORDER BY scraped_at DESC NULLS LAST, fresh DESC) = 1
"""


def build(con: DuckDBPyConnection, month_names: str, previous: Path | None) -> dict[str, int]:
    """Create ``final_<table>`` views; return counts of articles added, updated, kept."""
    con.execute(_LATEST)
    for name, sql in table_sql(month_names).items():
        con.execute(f"CREATE TABLE new_{name} AS {sql}")
    if previous is None:
        for name in TABLES:
            con.execute(f"CREATE VIEW final_{name} AS SELECT * FROM new_{name}")
        return {
            "added": _scalar(con, "SELECT count(*) FROM new_articles"),
            "updated": 0,
            "unchanged": 0,
            "kept": 0,
        }
    for name in TABLES:
        parquet = str(previous / f"{name}.parquet").replace("'", "''")
        con.execute(f"CREATE VIEW prev_{name} AS SELECT * FROM read_parquet('{parquet}')")
    con.execute(_WINNERS)
    for name in TABLES:
        con.execute(
            f"CREATE VIEW final_{name} AS "
            f"SELECT * FROM new_{name} WHERE {KEY} IN (SELECT k FROM winners WHERE fresh = 1) "
            f"UNION ALL BY NAME SELECT * FROM prev_{name} "
            f"WHERE {KEY} IN (SELECT k FROM winners WHERE fresh = 0)"
        )
    return _merge_counts(con)


def _merge_counts(con: DuckDBPyConnection) -> dict[str, int]:
    row = con.execute(
        "SELECT count(*) FILTER (fresh = 1 AND NOT known), count(*) FILTER (fresh = 1 AND known "
        "AND NOT same), count(*) FILTER (fresh = 1 AND known AND same), count(*) FILTER "
        "(fresh = 0) FROM winners"
    ).fetchone()
    added, updated, unchanged, kept = row if row else (0, 0, 0, 0)
    return {"added": added, "updated": updated, "unchanged": unchanged, "kept": kept}


def _scalar(con: DuckDBPyConnection, sql: str) -> int:
    row = con.execute(sql).fetchone()
    return int(row[0]) if row else 0


def _select(name: str) -> str:
    return f"SELECT * FROM final_{name} ORDER BY {order_by(name)}"


def _copy(con: DuckDBPyConnection, scratch: Path, suffix: str, options: str) -> list[Path]:
    written = []
    for name in TABLES:
        path = scratch / f"{name}.{suffix}"
        quoted = str(path).replace("'", "''")
        con.execute(f"COPY ({_select(name)}) TO '{quoted}' ({options})")
        written.append(path)
    return written


def write_parquet(con: DuckDBPyConnection, scratch: Path) -> list[Path]:
    return _copy(con, scratch, "parquet", "FORMAT parquet, COMPRESSION zstd")


def write_csv(con: DuckDBPyConnection, scratch: Path) -> list[Path]:
    return _copy(con, scratch, "csv", "FORMAT csv, HEADER true")


def write_duckdb(con: DuckDBPyConnection, scratch: Path) -> list[Path]:
    """One database file holding every table (``insight.duckdb``)."""
    path = scratch / "insight.duckdb"
    con.execute(f"ATTACH '{str(path).replace(chr(39), chr(39) * 2)}' AS out")
    for name in TABLES:
        con.execute(f"CREATE TABLE out.{name} AS {_select(name)}")
    con.execute("DETACH out")
    return [path]


WRITERS: dict[str, Callable[[DuckDBPyConnection, Path], list[Path]]] = {
    "parquet": write_parquet,
    "csv": write_csv,
    "duckdb": write_duckdb,
}
