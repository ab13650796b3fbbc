"""Typed pandas DataFrames of the analysis tables, exported on demand.

Each loader first brings the tables up to date (an incremental export: a no-op when nothing
changed since the last one), then reads the Parquet table through DuckDB, which keeps the types:
nullable integers as ``Int64``, timestamps as ``datetime64[us, UTC]`` (``*_utc``) or naive wall
clock (``*_local``), text as ``str``, lists as Python lists.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from insight_scraper.analysis.export import export
from insight_scraper.analysis.tables import TABLES, order_by

if TYPE_CHECKING:
    import pandas as pd

PathLike = str | os.PathLike[str]
_NULLABLE = {"BIGINT": "Int64", "INTEGER": "Int32", "SMALLINT": "Int16", "TINYINT": "Int8"}


def load_table(
    name: str, output: PathLike = "output", *, tables: PathLike | None = None, refresh: bool = True
) -> pd.DataFrame:
    """One analysis table (``articles``, ``tweets``, ``blocks``, ``authors``,
    ``article_categories``, ``article_tags``) as a DataFrame.

    >>> from insight_scraper import load_table
    >>> load_table("article_categories").groupby("category").size()  # doctest: +SKIP
    """
    if name not in TABLES:
        raise ValueError(f"unknown table {name!r}: one of {', '.join(TABLES)}")
    directory = Path(tables) if tables is not None else None
    if refresh:
        directory = Path(export(output, tables).tables)
    elif directory is None:
        directory = (
            Path(output) / "tables" if Path(output).is_dir() else Path(output).parent / "tables"
        )
    return _read(directory / f"{name}.parquet", order_by(name))


def load_articles(
    output: PathLike = "output", *, tables: PathLike | None = None, refresh: bool = True
) -> pd.DataFrame:
    """One row per article (its latest version), typed; see docs/working-with-data.md.

    >>> from insight_scraper import load_articles
    >>> articles = load_articles("output")  # doctest: +SKIP
    >>> articles.groupby(["published_sh_year", "published_sh_month_name"]).size()  # doctest: +SKIP
    """
    return load_table("articles", output, tables=tables, refresh=refresh)


def load_tweets(
    output: PathLike = "output", *, tables: PathLike | None = None, refresh: bool = True
) -> pd.DataFrame:
    """One row per embedded tweet, with its article's ``post_id``, ``url`` and ``position``.

    >>> from insight_scraper import load_tweets
    >>> tweets = load_tweets("output")  # doctest: +SKIP
    >>> tweets[tweets.search_text.str.contains("امنیت")].author_handle  # doctest: +SKIP
    """
    return load_table("tweets", output, tables=tables, refresh=refresh)


def _read(path: Path, order: str) -> pd.DataFrame:
    import duckdb  # noqa: PLC0415 - imported on use: `import insight_scraper` stays light

    if not path.is_file():
        raise FileNotFoundError(f"no table at {path}: run `insight-scraper export` first")
    with duckdb.connect() as con:
        con.execute("SET TimeZone = 'UTC'")
        quoted = str(path).replace("'", "''")
        relation = con.sql(f"SELECT * FROM read_parquet('{quoted}') ORDER BY {order}")
        nullable = {
            name: _NULLABLE[str(kind)]
            for name, kind in zip(relation.columns, relation.types, strict=True)
            if str(kind) in _NULLABLE
        }
        # DuckDB gives int64 to a column without NULLs and Int64 to one with: one dtype always.
        return relation.df().astype(nullable)
