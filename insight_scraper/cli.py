"""``insight-scraper``: demo, crawl, serve and extract."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from insight_scraper.extract_cli import extract_command
from insight_scraper.mirror.server import BUNDLED_SITE, MirrorServer
from insight_scraper.runner import CrawlOptions, run_crawl, summarise

EXIT_OK = 0
EXIT_NOT_AN_ARTICLE = 2
EXIT_INVALID_RECORD = 3


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    handler: Any = args.handler
    return int(handler(args))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="insight-scraper", description=__doc__)
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    demo = commands.add_parser("demo", help="serve the bundled mirror and crawl it into output/")
    demo.add_argument("--output", type=Path, default=Path("output/articles.jsonl"))
    demo.set_defaults(handler=_demo)
    crawl = commands.add_parser("crawl", help="crawl the live site (or a mirror)")
    crawl.add_argument("--output", type=Path, default=Path("output/articles.jsonl"))
    crawl.add_argument("--category", action="append", default=[], metavar="SLUG")
    crawl.add_argument("--max-pages", type=int, default=None, metavar="N")
    crawl.add_argument("--since", default=None, metavar="YYYY-MM-DD")
    crawl.add_argument("--mirror", default=None, metavar="URL", help="base URL of a mirror")
    crawl.add_argument("--log-level", default="INFO")
    crawl.set_defaults(handler=_crawl)
    serve = commands.add_parser("serve", help="serve a mirror directory until interrupted")
    serve.add_argument("directory", nargs="?", type=Path, default=BUNDLED_SITE)
    serve.add_argument("--port", type=int, default=0)
    serve.set_defaults(handler=_serve)
    extract = commands.add_parser("extract", help="print the record of one saved page")
    extract.add_argument("file", nargs="?", default=None, help="FILE or - for stdin")
    extract.add_argument("--listing", default=None, metavar="FILE", help="read a listing page")
    extract.add_argument("--url", required=True)
    extract.set_defaults(handler=_extract)
    return parser


def _crawl(args: argparse.Namespace) -> int:
    options = CrawlOptions(
        output=args.output,
        categories=args.category,
        max_pages=args.max_pages,
        since=args.since,
        mirror=args.mirror,
        log_level=args.log_level,
    )
    return _run_and_report(options)


def _demo(args: argparse.Namespace) -> int:
    with MirrorServer(BUNDLED_SITE) as server:
        print(f"Serving the bundled mirror at {server.base_url}", file=sys.stderr)
        options = CrawlOptions(output=args.output, mirror=server.base_url, log_level="WARNING")
        return _run_and_report(options)


def _run_and_report(options: CrawlOptions) -> int:
    started = time.monotonic()
    stats = run_crawl(options)
    summary = summarise(options, stats, started)
    print(json.dumps(summary, ensure_ascii=False))
    return EXIT_OK if summary["finish_reason"] == "finished" else 1


def _serve(args: argparse.Namespace) -> int:
    server = MirrorServer(args.directory, port=args.port)
    print(f"Serving {args.directory} at {server.base_url} (Ctrl-C to stop)", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return EXIT_OK


def _extract(args: argparse.Namespace) -> int:
    return extract_command(args.file, args.listing, args.url)


if __name__ == "__main__":
    raise SystemExit(main())
