"""``insight-scraper report``: one self-contained HTML file about the output.

Charts are SVG drawn here (svg.py) and the page's only script filters the article table, so the
file opens from disk with no server and no network. Dari and Pashto text is marked ``dir="auto"``
with its ``lang``, in a font stack that has Persian letters and shapes ZWNJ (page.py).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from insight_scraper.analysis import svg
from insight_scraper.analysis.export import export
from insight_scraper.analysis.page import figure, page, search_table
from insight_scraper.analysis.report_data import ReportData, gather
from insight_scraper.analysis.sources import Layout

LANGUAGES = {"fa": "Dari", "ps": "Pashto", "en": "English", "ar": "Arabic", "ur": "Urdu",
             "und": "undetermined", "unknown": "unknown"}  # fmt: skip


def report(
    output: str | os.PathLike[str] = "output",
    path: str | os.PathLike[str] | None = None,
    *,
    tables: str | os.PathLike[str] | None = None,
) -> Path:
    """Bring the tables up to date, then write the HTML report; returns its path.

    >>> from insight_scraper import report
    >>> report("output")  # doctest: +SKIP
    PosixPath('output/report.html')
    """
    layout = Layout.of(Path(output))
    directory = Path(export(output, tables).tables)
    target = Path(path) if path is not None else layout.dataset.parent / "report.html"
    html = render(gather(directory, layout.runs))
    partial = target.with_name(f".{target.name}.tmp")
    partial.write_text(html, encoding="utf-8")
    partial.replace(target)
    return target


def render(data: ReportData) -> str:
    sections = [
        _category_months(data),
        figure("article-languages", "Language of articles", len(data.article_langs),
               svg.hbars(_langs(data.article_langs), "Language of articles")),
        figure("tweet-languages", "Language of embedded tweets", len(data.tweet_langs),
               svg.hbars(_langs(data.tweet_langs), "Language of tweets")),
        _accounts(data),
        _tweet_months(data),
        *_history(data.runs),
        search_table(data.articles, len(data.articles), data.totals.get("articles", 0)),
    ]  # fmt: skip
    return page(data.totals, sections)


def _langs(rows: list[tuple[str, int]]) -> list[tuple[str, int, int]]:
    return [(f"{LANGUAGES.get(code, code)} ({code})", n, i) for i, (code, n) in enumerate(rows)]


def _month_label(year: int, month: int, name: str) -> tuple[str, str]:
    return (name or str(month), f"{year}/{month:02d}")


def _category_months(data: ReportData) -> str:
    cols = [_month_label(*month) for month in data.months]
    chart = svg.heatmap(data.categories, cols, data.category_months, "Articles per category")
    return figure("category-months", "Articles per category per month (Solar Hijri)",
                  len(data.category_months), chart)  # fmt: skip


def _accounts(data: ReportData) -> str:
    langs = sorted({lang for _, lang, _ in data.accounts})
    rows = [(f"@{handle}", n, langs.index(lang)) for handle, lang, n in data.accounts]
    names = [f"{LANGUAGES.get(code, code)} ({code})" for code in langs]
    chart = svg.hbars(rows, "Most quoted accounts", " tweets") + svg.legend(names)
    return figure("top-accounts", "Most quoted accounts, by the language of their tweets",
                  len(rows), chart)  # fmt: skip


def _tweet_months(data: ReportData) -> str:
    labels = [_month_label(y, m, name) for y, m, name, _ in data.tweet_months]
    values = [n for *_, n in data.tweet_months]
    chart = svg.columns(labels, [("tweets", values)], "Tweets per month")
    return figure("tweet-months", "Embedded tweets per month (Solar Hijri, by tweet date)",
                  sum(1 for n in values if n), chart)  # fmt: skip


def _history(runs: list[dict[str, Any]]) -> list[str]:
    labels = [(str(run.get("mode", "?")), str(run["run_id"])[:13]) for run in runs]
    outcomes = [
        (key, [_number(run, "articles", key) for run in runs]) for key in ("new", "updated")
    ]
    reasons = sorted({str(reason) for run in runs for reason in _dict(run.get("rejects"))})
    rejects = [(reason, [_number(run, "rejects", reason) for run in runs]) for reason in reasons]
    roles = [(role, [_number(run, "requests", role) for run in runs])
             for role in ("discovery", "article", "other")]  # fmt: skip
    charts = [
        ("run-articles", "New and updated articles per run", outcomes),
        ("run-rejects", "Rejects per run, by reason", rejects),
        ("run-requests", "Requests per run, by role", roles),
    ]
    return [
        figure(key, title, sum(1 for _, vs in series for v in vs if v),
               svg.columns(labels, series, title) + svg.legend([s for s, _ in series]),
               empty=f"No {title.split(' ')[0].lower()} in the {len(runs)} runs found.")
        for key, title, series in charts
    ]  # fmt: skip


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _number(run: dict[str, Any], group: str, key: str) -> int:
    value = _dict(run.get(group)).get(key, 0)
    return value if isinstance(value, int) and not isinstance(value, bool) else 0
