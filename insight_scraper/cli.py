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

from insight_scraper.exitcodes import EXIT_LOCKED, EXIT_OK, exit_code
from insight_scraper.extract_cli import extract_command
from insight_scraper.mirror.faults import FaultySite, uniform_rates
from insight_scraper.mirror.hostile import TRAPS, HostileSite
from insight_scraper.mirror.server import BUNDLED_SITE, Answers, MirrorServer, Site
from insight_scraper.mirror.synthetic import SyntheticSite
from insight_scraper.runner import CrawlOptions, CrawlOutcome, run_crawl, summarise
from insight_scraper.state import StateLocked, StateStore, reset_state

DEFAULT_STATE = Path("output/state.sqlite")


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
    crawl.add_argument("--incremental", action="store_true", help="only new and changed articles")
    crawl.add_argument("--state", type=Path, default=DEFAULT_STATE, metavar="PATH")
    crawl.add_argument("--resume", type=Path, default=None, metavar="DIR", help="Scrapy JOBDIR")
    crawl.add_argument("--metrics-file", type=Path, default=None, metavar="PATH")
    crawl.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="any Scrapy or INSIGHT_ setting, e.g. --set DOWNLOAD_DELAY=2",
    )
    crawl.set_defaults(handler=_crawl)
    state = commands.add_parser("state", help="inspect or reset the crawl state")
    state.add_argument("action", choices=["show", "reset"])
    state.add_argument("--state", type=Path, default=DEFAULT_STATE, metavar="PATH")
    state.set_defaults(handler=_state)
    serve = commands.add_parser("serve", help="serve a mirror directory until interrupted")
    serve.add_argument("directory", nargs="?", type=Path, default=BUNDLED_SITE)
    serve.add_argument("--port", type=int, default=0)
    serve.add_argument(
        "--synthetic",
        type=int,
        default=None,
        metavar="N",
        help="serve a generated site of N articles built from the mirror's pages",
    )
    serve.add_argument("--no-rest", action="store_true", help="answer the REST API with 404")
    serve.add_argument(
        "--faults",
        type=float,
        default=0.0,
        metavar="RATE",
        help="inject faults into this share of answers, spread over every kind (mirror/faults.py)",
    )
    serve.add_argument("--seed", type=int, default=0, help="the fault mode's seed")
    serve.add_argument(
        "--hostile", choices=TRAPS, default=None, metavar="TRAP",
        help=f"spring a hostile-server trap (mirror/hostile.py): {', '.join(TRAPS)}",
    )  # fmt: skip
    serve.add_argument(
        "--slow",
        type=float,
        default=40.0,
        metavar="SECONDS",
        help="how long a slow answer waits (past the crawl's DOWNLOAD_TIMEOUT)",
    )
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
        state=args.state,
        incremental=args.incremental,
        resume=args.resume,
        metrics_file=args.metrics_file,
        settings=dict(pair.split("=", 1) for pair in args.set),
    )
    return _finish(run_crawl(options))


def _finish(outcome: CrawlOutcome) -> int:
    """The run's exit code, published with its summary (run file, metrics, stdout)."""
    code = exit_code(outcome.summary, outcome.finish_reason)
    if code == EXIT_LOCKED:
        print("insight-scraper: another run holds the state lock", file=sys.stderr)
    if outcome.summary is not None and outcome.sink is not None:
        outcome.summary["exit_code"] = code
        outcome.sink.write(outcome.summary)
    return code


def _demo(args: argparse.Namespace) -> int:
    with MirrorServer(BUNDLED_SITE) as server:
        print(f"Serving the bundled mirror at {server.base_url}", file=sys.stderr)
        options = CrawlOptions(
            output=args.output,
            mirror=server.base_url,
            log_level="WARNING",
            state=args.output.with_name("state.sqlite"),
            summary_stdout=False,
        )
        started = time.monotonic()
        outcome = run_crawl(options)
        code = _finish(outcome)
        print(json.dumps(summarise(options, outcome.stats, started), ensure_ascii=False))
        return code


def _locked(error: StateLocked) -> int:
    print(f"insight-scraper: another run holds the state lock: {error}", file=sys.stderr)
    return EXIT_LOCKED


def _state(args: argparse.Namespace) -> int:
    try:
        if args.action == "reset":
            existed = reset_state(args.state)
            print(f"{'removed' if existed else 'no state at'} {args.state}")
            return EXIT_OK
        store = StateStore.open(args.state)
    except StateLocked as exc:
        return _locked(exc)
    try:
        print(json.dumps(store.summary(), indent=2))
    finally:
        store.close()
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    site: Answers = Site(args.directory, rest=not args.no_rest)
    if args.synthetic is not None:
        site = SyntheticSite(args.synthetic, args.directory)
    if args.faults:
        site = FaultySite(site, args.seed, uniform_rates(args.faults), slow=args.slow)
    if args.hostile:
        site = HostileSite(site, args.hostile, template_root=args.directory)
    server = MirrorServer(site, port=args.port)
    faults = f" with {args.faults:.0%} faults (seed {args.seed})" if args.faults else ""
    print(f"Serving {args.directory} at {server.base_url}{faults} (Ctrl-C to stop)", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return EXIT_OK


def _extract(args: argparse.Namespace) -> int:
    return extract_command(args.file, args.listing, args.url)


if __name__ == "__main__":
    raise SystemExit(main())
