"""The numbers the report draws, queried with DuckDB from the tables and the run summaries."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from insight_scraper.analysis.export import connect

MAX_ROWS = 2000  # articles listed in the searchable table (the latest ones)
MAX_RUNS = 60  # runs shown in the crawl history (the latest ones)
TOP_ACCOUNTS = 15


@dataclass(slots=True)
class ReportData:
    totals: dict[str, Any] = field(default_factory=dict)
    months: list[tuple[int, int, str]] = field(default_factory=list)  # Solar Hijri y, m, name
    categories: list[str] = field(default_factory=list)
    category_months: dict[tuple[int, int], int] = field(default_factory=dict)
    article_langs: list[tuple[str, int]] = field(default_factory=list)
    tweet_langs: list[tuple[str, int]] = field(default_factory=list)
    accounts: list[tuple[str, str, int]] = field(default_factory=list)  # handle, lang, tweets
    tweet_months: list[tuple[int, int, str, int]] = field(default_factory=list)
    runs: list[dict[str, Any]] = field(default_factory=list)
    articles: list[dict[str, Any]] = field(default_factory=list)


def gather(tables: Path, runs_dir: Path) -> ReportData:
    data = ReportData(runs=read_runs(runs_dir))
    con = connect(":memory:", "256MB")
    try:
        for name in ("articles", "tweets", "article_categories", "authors", "article_tags"):
            path = str(tables / f"{name}.parquet").replace("'", "''")
            con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{path}')")
        _totals(con, data)
        _categories(con, data)
        _languages(con, data)
        _tweets(con, data)
        data.articles = _rows(con)
    finally:
        con.close()
    return data


def _all(con: Any, sql: str) -> list[tuple[Any, ...]]:
    return list(con.execute(sql).fetchall())


def _totals(con: Any, data: ReportData) -> None:
    row = _all(con, "SELECT count(*), min(published_local)::DATE, max(published_local)::DATE, "
                    "(SELECT count(*) FROM tweets) FROM articles")[0]  # fmt: skip
    data.totals = {"articles": row[0], "first": row[1], "last": row[2], "tweets": row[3],
                   "runs": len(data.runs)}  # fmt: skip


def _categories(con: Any, data: ReportData) -> None:
    cells = _all(
        con,
        """
        SELECT c.category, a.published_sh_year, a.published_sh_month,
            any_value(a.published_sh_month_name), count(*)
        FROM article_categories c JOIN articles a USING (post_id, url)
        WHERE a.published_sh_year IS NOT NULL GROUP BY ALL""",
    )
    data.months = sorted({(y, m, name) for _, y, m, name, _ in cells})
    totals: dict[str, int] = {}
    for category, *_, count in cells:
        totals[category] = totals.get(category, 0) + count
    data.categories = sorted(totals, key=lambda name: (-totals[name], name))
    column = {(y, m): i for i, (y, m, _) in enumerate(data.months)}
    row = {name: i for i, name in enumerate(data.categories)}
    data.category_months = {(row[c], column[(y, m)]): n for c, y, m, _, n in cells}


def _languages(con: Any, data: ReportData) -> None:
    data.article_langs = [(str(lang), n) for lang, n in _all(con, """
        SELECT coalesce(language, 'unknown'), count(*) FROM articles
        GROUP BY ALL ORDER BY 2 DESC, 1""")]  # fmt: skip
    data.tweet_langs = [(str(lang), n) for lang, n in _all(con, """
        SELECT coalesce(lang_detected, lang, 'unknown'), count(*) FROM tweets
        GROUP BY ALL ORDER BY 2 DESC, 1""")]  # fmt: skip


def _tweets(con: Any, data: ReportData) -> None:
    data.accounts = [(h, str(lang), n) for h, lang, n in _all(con, f"""
        SELECT author_handle, mode(coalesce(lang_detected, lang, 'unknown')), count(*)
        FROM tweets WHERE author_handle IS NOT NULL
        GROUP BY author_handle ORDER BY 3 DESC, 1 LIMIT {TOP_ACCOUNTS}""")]  # fmt: skip
    data.tweet_months = [
        tuple(row)
        for row in _all(
            con,
            """
        SELECT sh_year, sh_month, any_value(sh_month_name), count(*) FROM tweets
        WHERE sh_year IS NOT NULL GROUP BY sh_year, sh_month ORDER BY 1, 2""",
        )
    ]


def _rows(con: Any) -> list[dict[str, Any]]:
    cursor = con.execute(f"""
        SELECT a.post_id, a.url, a.headline, a.language, a.published_local::DATE AS day,
            a.published_sh_year, a.published_sh_month, a.published_sh_month_name, a.n_tweets,
            (SELECT string_agg(category, ', ' ORDER BY position) FROM article_categories c
             WHERE c.post_id IS NOT DISTINCT FROM a.post_id AND c.url = a.url) AS categories,
            (SELECT string_agg(name, ', ' ORDER BY position) FROM authors w
             WHERE w.post_id IS NOT DISTINCT FROM a.post_id AND w.url = a.url) AS authors,
            fold(concat_ws(' ', a.headline, a.description), a.language) AS search
        FROM articles a ORDER BY a.published_utc DESC NULLS LAST, a.post_id LIMIT {MAX_ROWS}""")
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def read_runs(runs_dir: Path) -> list[dict[str, Any]]:
    """The run summaries, oldest first; an unreadable file is listed with an error, not dropped."""
    runs = []
    for path in sorted(runs_dir.glob("*.json")) if runs_dir.is_dir() else []:
        try:
            summary = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            summary = {"unreadable": str(error)}
        if not isinstance(summary, dict):
            summary = {"unreadable": "not a JSON object"}
        summary.setdefault("run_id", path.stem)
        runs.append(summary)
    runs.sort(key=lambda run: (str(run.get("started_at", "")), str(run["run_id"])))
    return runs[-MAX_RUNS:]
