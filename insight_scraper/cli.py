"""insight-scraper: WordPress news sites (afghaninsight.com by default) into JSON Lines records.
Commands: demo, crawl, sites, state, serve, extract; each has --help."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias, cast

from insight_scraper import __version__
from insight_scraper import cli_run as run
from insight_scraper import cli_types as types
from insight_scraper.analysis.commands import add_commands as add_analysis_commands
from insight_scraper.cli_types import HelpFormatter, Parser, UsageError
from insight_scraper.exitcodes import EXIT_USAGE
from insight_scraper.mirror import TRAPS

# Each command imports what it needs when it runs: `extract` and `--help` never load Scrapy.
if TYPE_CHECKING:
    pass

# Typed as plain argparse (other modules register commands too); the parsers are Parser.
Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
Handler = Callable[[argparse.Namespace], int]
DEFAULT_OUTPUT = Path("output/articles.jsonl")
EXIT_INTERNAL = 1  # an unexpected error: one line on stderr, the traceback with -v or in LOG_FILE
EXIT_BROKEN_PIPE = 141  # stdout closed early (| head): what a shell reports for SIGPIPE


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    handler: Handler = args.handler
    try:
        return int(handler(args))
    except UsageError as exc:
        print(f"insight-scraper {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("insight-scraper: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # Python would complain again while flushing stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except Exception as exc:
        return _internal_error(args, exc)


def _parser() -> argparse.ArgumentParser:
    parser = Parser(prog="insight-scraper", description=__doc__, formatter_class=HelpFormatter)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _add_verbosity(parser, default=0)
    commands = cast(
        Commands, parser.add_subparsers(required=True, metavar="COMMAND", dest="command")
    )
    for register in (_add_demo, _add_crawl, _add_sites, _add_state, _add_serve, _add_extract):
        register(commands)
    add_analysis_commands(commands)
    return parser


def _command(commands: Commands, name: str, summary: str, handler: Handler) -> Parser:
    command = commands.add_parser(
        name, help=summary, description=summary, formatter_class=HelpFormatter
    )
    assert isinstance(command, Parser)
    _add_verbosity(command, default=argparse.SUPPRESS)  # SUPPRESS: keeps `insight-scraper -v X`
    command.set_defaults(handler=handler)
    return command


def _add_verbosity(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument(
        "-v", "--verbose", action="count", default=default, help="log more (repeat: -vv)"
    )
    parser.add_argument(
        "-q", "--quiet", action="count", default=default, help="log less (repeat: -qq)"
    )


def _add_output(command: Parser) -> None:
    command.add_argument(
        "--output",
        type=types.output_file,
        default=DEFAULT_OUTPUT,
        metavar="PATH",
        help="the records file; rejects.jsonl and runs/ go beside it",
    )


# fmt: off
# One small function per command (the table reads best unformatted).
def _add_demo(commands: Commands) -> None:
    demo = _command(
        commands, "demo", "serve the bundled mirror on a free local port and crawl it", run.demo
    )
    _add_output(demo)
    demo.add_argument("--site", type=types.site_profile, default="afghaninsight",
                      metavar="PROFILE", help="the site whose bundled mirror is crawled")


def _add_crawl(commands: Commands) -> None:
    crawl = _command(commands, "crawl", "crawl the live site (or a mirror)", run.crawl)
    _add_output(crawl)
    add = crawl.add_argument
    add("--site", type=types.site_profile, default=None, metavar="PROFILE|URL",
        help="a site profile (see `sites`), a profile .toml file, or any WordPress site's URL"
        " (its sources found by probing; default: afghaninsight)")
    add("--category", type=types.category, action="append", default=[], metavar="SLUG",
        help="crawl only this category (repeatable; default: every category in the menu)")
    add("--max-pages", type=types.positive_int, default=None, metavar="N",
        help="read at most N listing pages per category (default: no limit)")
    add("--since", type=types.iso_date, default=None, metavar="YYYY-MM-DD",
        help="skip articles older than this date (default: no limit)")
    add("--mirror", type=types.http_url, default=None, metavar="URL",
        help="base URL of a mirror serving the site's paths (default: the live site)")
    add("--log-level", type=types.log_level, default="INFO", metavar="LEVEL",
        help=f"Scrapy's log level, one of {', '.join(types.LOG_LEVELS)}; -v/-q shift it")
    add("--incremental", action="store_true",
        help="fetch only new and changed articles (default: a full crawl)")
    add("--state", type=types.output_file, default=None, metavar="PATH",
        help="the crawl state (SQLite; default: state.sqlite beside --output)")
    add("--resume", type=types.work_dir, default=None, metavar="DIR",
        help="Scrapy JOBDIR: a stopped crawl continues from here (default: no resume)")
    add("--metrics-file", type=types.output_file, default=None, metavar="PATH",
        help="also write the run summary as Prometheus text here (default: none)")
    add("--set", type=types.setting, action="append", default=[], metavar="NAME=VALUE",
        help="any Scrapy or INSIGHT_ setting, e.g. --set DOWNLOAD_DELAY=2 (repeatable;"
        " default: none)")


def _add_sites(commands: Commands) -> None:
    sites = _command(commands, "sites", "list the site profiles, or probe a WordPress site",
                     run.sites)
    add = sites.add_argument
    add("--json", action="store_true", help="one JSON object per profile (default: a table)")
    add("--probe", type=types.http_url, default=None, metavar="URL",
        help="ask this WordPress site what it offers; print its profile as TOML")
    add("--mirror", type=types.http_url, default=None, metavar="URL",
        help="with --probe: a mirror serving the site's paths (default: the site itself)")


def _add_state(commands: Commands) -> None:
    state = _command(commands, "state", "inspect, check, repair or reset the crawl state",
                     run.state)
    state.add_argument("action", choices=["show", "check", "repair", "reset"],
                       help="show counts; check it against the output; rebuild it from the "
                            "output; or delete it")
    state.add_argument("--state", type=types.output_file, default=None, metavar="PATH",
                       help="the crawl state (SQLite; default: state.sqlite beside --output)")
    state.add_argument("--output", type=types.output_file, default=DEFAULT_OUTPUT,
                       metavar="PATH", help="the dataset the state follows (for check, repair)")


def _add_serve(commands: Commands) -> None:
    serve = _command(commands, "serve", "serve a mirror directory until interrupted", run.serve)
    add = serve.add_argument
    add("directory", nargs="?", type=types.existing_dir, default=None,
        help="the mirror directory (default: the --site profile's bundled mirror)")
    add("--site", type=types.site_profile, default="afghaninsight", metavar="PROFILE",
        help="serve this site profile's bundled mirror")
    add("--port", type=types.port, default=0, help="TCP port on 127.0.0.1 (default: any free port)")
    add("--synthetic", type=types.positive_int, default=None, metavar="N",
        help="serve a generated site of N articles built from the mirror's pages (default: off)")
    add("--no-rest", action="store_true", help="answer the REST API with 404")
    add("--faults", type=types.rate, default=0.0, metavar="RATE",
        help="inject faults into this share of answers, spread over every kind"
        " (mirror/faults.py; default: 0, none)")
    add("--seed", type=int, default=0, help="the fault mode's seed (default: 0)")
    add("--slow", type=types.non_negative_float, default=40.0, metavar="SECONDS",
        help="how long a slow answer waits (past the crawl's DOWNLOAD_TIMEOUT)")
    add("--hostile", choices=TRAPS, default=None, metavar="TRAP",
        help=f"spring a hostile-server trap (mirror/hostile.py): {', '.join(TRAPS)}")


def _add_extract(commands: Commands) -> None:
    extract = _command(
        commands, "extract", "print the records of saved article pages as JSON Lines", run.extract
    )
    add = extract.add_argument
    add("inputs", nargs="*", type=types.input_path, metavar="FILE|DIR|-",
        help="saved pages: files, folders (their .html/.htm files, recursively) or - for stdin")
    add("--listing", type=types.input_file, default=None, metavar="FILE",
        help="read one category listing page instead: print its article URLs and next page")
    add("--url", type=types.http_url, default=None,
        help="the page's URL (default: the canonical URL the page states)")
    add("--rest", type=types.input_file, default=None, metavar="FILE",
        help="read a saved REST answer instead (/wp-json/wp/v2/posts?_embed: a list of posts,"
        " or one post): print one record per post")
    add("--site", type=types.site_profile, default=None, metavar="PROFILE|URL",
        help="the site the pages belong to (a name from `sites`, a .toml file or a URL;"
        " default: afghaninsight, or for --rest the site each post links to)")
# fmt: on


def _internal_error(args: argparse.Namespace, error: Exception) -> int:
    """One line on stderr; the traceback goes to Scrapy's LOG_FILE when there is one, else to
    stderr only with -v."""
    log_file = dict(getattr(args, "set", [])).get("LOG_FILE")
    if log_file:
        with contextlib.suppress(OSError), Path(log_file).open("a", encoding="utf-8") as log:
            traceback.print_exception(error, file=log)
        where = f" (traceback in {log_file})"
    elif args.verbose:
        traceback.print_exception(error)
        where = ""
    else:
        where = " (run with -v for the traceback)"
    message = (str(error).splitlines() or [""])[0]
    print(
        f"insight-scraper: unexpected error: {type(error).__name__}: {message}{where}",
        file=sys.stderr,
    )
    return EXIT_INTERNAL


if __name__ == "__main__":
    raise SystemExit(main())
