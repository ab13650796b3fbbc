"""What each command of ``insight-scraper`` does once its arguments are parsed (cli.py parses
them). Each handler imports what it needs when it runs: `extract` and `--help` never load Scrapy."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from insight_scraper import cli_types as types
from insight_scraper.cli_types import UsageError

if TYPE_CHECKING:
    from insight_scraper.runner import CrawlOutcome
    from insight_scraper.sites import Profile


def level(args: argparse.Namespace, base: str) -> str:
    return types.shifted_level(base, args.verbose, args.quiet)


def crawl(args: argparse.Namespace) -> int:
    from insight_scraper.runner import CrawlOptions, run_crawl  # noqa: PLC0415

    options = CrawlOptions(
        output=args.output,
        profile=profile(args.site, args.mirror),
        categories=args.category,
        max_pages=args.max_pages,
        since=args.since,
        mirror=args.mirror,
        log_level=level(args, args.log_level),
        state=args.state or beside(args.output),
        incremental=args.incremental,
        resume=args.resume,
        metrics_file=args.metrics_file,
        settings=dict(args.set),
    )
    return finish(run_crawl(options))


def profile(site: str | None, mirror: str | None) -> Profile | None:
    """The named profile, or a URL's profile found by probing it (through the mirror if any)."""
    if site is None:
        return None
    if "://" not in site:
        return types.load_site(site)
    from insight_scraper.sites.probe import probe  # noqa: PLC0415

    return probe(site, via=mirror)


def sites(args: argparse.Namespace) -> int:
    from insight_scraper.sites.commands import sites_command  # noqa: PLC0415

    types.configure_logging(level(args, "WARNING"))
    return sites_command(args.json, args.probe, args.mirror)


def finish(outcome: CrawlOutcome) -> int:
    """The run's exit code, published with its summary (run file, metrics, stdout)."""
    from insight_scraper.exitcodes import EXIT_LOCKED, exit_code  # noqa: PLC0415

    code = exit_code(outcome.summary, outcome.finish_reason)
    if code == EXIT_LOCKED:
        print("insight-scraper: another run holds the state lock", file=sys.stderr)
    if outcome.summary is not None and outcome.sink is not None:
        outcome.summary["exit_code"] = code
        outcome.sink.write(outcome.summary)
    return code


def demo(args: argparse.Namespace) -> int:
    from insight_scraper.mirror.server import MirrorServer  # noqa: PLC0415
    from insight_scraper.runner import CrawlOptions, run_crawl, summarise  # noqa: PLC0415

    with MirrorServer(bundled(args.site)) as server:
        print(f"Serving the bundled mirror at {server.base_url}", file=sys.stderr)
        options = CrawlOptions(
            output=args.output,
            profile=types.load_site(args.site),
            mirror=server.base_url,
            log_level=level(args, "WARNING"),
            state=args.output.with_name("state.sqlite"),
            summary_stdout=False,
        )
        started = time.monotonic()
        outcome = run_crawl(options)
        code = finish(outcome)
        print(json.dumps(summarise(options, outcome.stats, started), ensure_ascii=False))
        return code


def bundled(site: str) -> Path:
    from insight_scraper.mirror import bundled_mirror  # noqa: PLC0415

    try:
        return bundled_mirror(types.load_site(site).name)
    except FileNotFoundError as error:
        raise UsageError(str(error)) from error


def state(args: argparse.Namespace) -> int:
    from insight_scraper.state.commands import state_command  # noqa: PLC0415

    return state_command(args.action, args.state or beside(args.output), args.output)


def beside(output: Path) -> Path:
    """The state lives with the output it follows."""
    return output.with_name("state.sqlite")


def serve(args: argparse.Namespace) -> int:
    from insight_scraper.mirror.faults import FaultySite, uniform_rates  # noqa: PLC0415
    from insight_scraper.mirror.server import Answers, MirrorServer, Site  # noqa: PLC0415
    from insight_scraper.mirror.synthetic import SyntheticSite  # noqa: PLC0415

    types.configure_logging(level(args, "WARNING"))
    directory: Path = args.directory or bundled(args.site)
    site: Answers = Site(directory, rest=not args.no_rest)
    if args.synthetic is not None:
        site = SyntheticSite(args.synthetic, directory)
    if args.faults:
        site = FaultySite(site, args.seed, uniform_rates(args.faults), slow=args.slow)
    if args.hostile:
        from insight_scraper.mirror.hostile import HostileSite  # noqa: PLC0415

        site = HostileSite(site, args.hostile, template_root=directory)
    server = MirrorServer(site, port=args.port)
    faults = f" with {args.faults:.0%} faults (seed {args.seed})" if args.faults else ""
    print(f"Serving {directory} at {server.base_url}{faults} (Ctrl-C to stop)", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0


def extract(args: argparse.Namespace) -> int:
    from insight_scraper.extract_cli import extract_command  # noqa: PLC0415

    types.configure_logging(level(args, "WARNING"))
    site = types.load_site(args.site) if args.site else None
    if args.rest is not None:
        from insight_scraper.extract_rest import rest_command  # noqa: PLC0415

        if args.inputs or args.listing or args.url:
            raise UsageError(
                "--rest reads one saved REST answer: give no pages, --listing or --url"
            )
        return rest_command(args.rest, site)
    return extract_command(args.inputs, args.listing, args.url, site)
