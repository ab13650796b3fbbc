"""The ``export`` and ``report`` subcommands (registered by cli.py through ``add_commands``).

DuckDB and the analysis modules are imported inside the handlers, so the other commands
(``extract`` above all) start without them.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_USAGE = 0, 2


def add_commands(subparsers: Any) -> None:
    """Add ``export`` and ``report`` to the CLI's subparsers."""
    export = subparsers.add_parser(
        "export",
        help="turn the JSON Lines output into typed analysis tables (Parquet; CSV, DuckDB)",
        description="Write articles, tweets, blocks, authors, article_categories and "
        "article_tags tables beside the output (incremental: only what is new is read).",
    )
    _common(export)
    export.add_argument(
        "--format", action="append", default=[], choices=["parquet", "csv", "duckdb"],
        help="also write CSV files or a DuckDB database (insight.duckdb); Parquet is always "
        "written (repeatable)",
    )  # fmt: skip
    export.add_argument("--full", action="store_true", help="rebuild the tables from scratch")
    export.add_argument(
        "--memory-limit", default="256MB", help="DuckDB's memory limit (default: %(default)s)"
    )
    export.set_defaults(handler=_export)
    report = subparsers.add_parser(
        "report", help="write a self-contained HTML report of the output (no server needed)"
    )
    _common(report)
    report.add_argument(
        "--report", type=Path, default=None, metavar="FILE",
        help="where to write the report (default: report.html beside the output)",
    )  # fmt: skip
    report.set_defaults(handler=_report)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--output", type=Path, default=Path("output"), metavar="PATH",
        help="the crawl output: its directory or its articles.jsonl (default: %(default)s)",
    )  # fmt: skip
    parser.add_argument(
        "--tables", type=Path, default=None, metavar="DIR",
        help="where the tables live (default: tables/ beside the output)",
    )  # fmt: skip


def _missing(output: Path) -> bool:
    if output.is_file() or (output / "articles.jsonl").is_file() or (output / "runs").is_dir():
        return False
    print(f"insight-scraper: no crawl output at {output}", file=sys.stderr)
    return True


def _export(args: argparse.Namespace) -> int:
    from insight_scraper.analysis.export import export  # noqa: PLC0415 - DuckDB only for this command

    if _missing(args.output):
        return EXIT_USAGE
    result = export(args.output, args.tables, args.format, full=args.full,
                    memory_limit=args.memory_limit)  # fmt: skip
    print(json.dumps(result.as_dict(), ensure_ascii=False))
    return EXIT_OK


def _report(args: argparse.Namespace) -> int:
    from insight_scraper.analysis.report import report  # noqa: PLC0415 - DuckDB only for this command

    if _missing(args.output):
        return EXIT_USAGE
    path = report(args.output, args.report, tables=args.tables)
    print(path)
    return EXIT_OK
