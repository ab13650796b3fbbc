"""Argument types and the parser class of ``insight-scraper``.

Every bad value is a usage error caught while parsing: one line on stderr and exit 2, before a
server, a crawl or a state lock is started. Imports only the standard library (``--help`` and
``extract`` start fast); Scrapy's defaults are read only when a ``--set`` is parsed.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from insight_scraper.sites import Profile

from insight_scraper.exitcodes import EXIT_USAGE

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
_SETTING_NAME = re.compile(r"[A-Z][A-Z0-9_]*")
# Settings Scrapy reads with getfloat although their default is an int (from Scrapy's source).
_FLOAT_SETTINGS = frozenset({"DOWNLOAD_TIMEOUT", "DNS_TIMEOUT"})
# What BaseSettings.getbool accepts besides True/False.
_BOOLEANS = frozenset({"0", "1", "true", "false", "True", "False"})


class UsageError(Exception):
    """A combination of arguments that parsing alone cannot refuse (exit 2, one line)."""


class Parser(argparse.ArgumentParser):
    """argparse, with one line instead of the usage block on a usage error."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


class HelpFormatter(argparse.ArgumentDefaultsHelpFormatter):
    """Shows a default where it says something: not for flags, nor for None (whose help text
    says what happens instead)."""

    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        quiet = action.default in (None, False, [], 0, argparse.SUPPRESS)
        if "%(default)" in text or quiet or isinstance(action, argparse._CountAction):
            return text
        return f"{text} (default: %(default)s)"


def _fail(message: str) -> NoReturn:
    raise argparse.ArgumentTypeError(message)


def iso_date(value: str) -> str:
    """``YYYY-MM-DD`` → the same date, checked (``2024-13-01`` and ``yesterday`` are refused)."""
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        _fail(f"expected a date YYYY-MM-DD, got {value!r}")


def positive_int(value: str) -> int:
    number = _int(value)
    if number < 1:
        _fail(f"expected a positive integer, got {value!r}")
    return number


def port(value: str) -> int:
    number = _int(value)
    if not 0 <= number <= 65535:
        _fail(f"expected a port number 0-65535 (0: any free port), got {value!r}")
    return number


def non_negative_float(value: str) -> float:
    number = _float(value)
    if number < 0:
        _fail(f"expected a number >= 0, got {value!r}")
    return number


def rate(value: str) -> float:
    number = _float(value)
    if not 0 <= number <= 1:
        _fail(f"expected a share between 0 and 1, got {value!r}")
    return number


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        _fail(f"expected an integer, got {value!r}")


def _float(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        _fail(f"expected a number, got {value!r}")
    if not math.isfinite(number):
        _fail(f"expected a finite number, got {value!r}")
    return number


def log_level(value: str) -> str:
    level = value.strip().upper()
    if level not in LOG_LEVELS:
        _fail(f"expected one of {', '.join(LOG_LEVELS)}, got {value!r}")
    return level


def shifted_level(base: str, verbose: int, quiet: int) -> str:
    """``base`` made more verbose by ``-v`` and quieter by ``-q`` (each may repeat)."""
    index = LOG_LEVELS.index(base) - verbose + quiet
    return LOG_LEVELS[max(0, min(index, len(LOG_LEVELS) - 1))]


def http_url(value: str) -> str:
    """An http(s) URL with a host (``ftp://…`` and ``http://[::1`` are refused)."""
    try:
        parts = urlsplit(value.strip())
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        _fail(f"not a valid URL: {value!r} ({exc})")
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        _fail(f"expected an http:// or https:// URL with a host, got {value!r}")
    return value.strip()


def site_profile(value: str) -> str:
    """A profile name, a profile .toml file, or an http(s) URL (checked here; probed later)."""
    if "://" in value:
        return http_url(value)
    load_site(value)
    return value


def load_site(value: str) -> Profile:
    from insight_scraper.sites import ProfileError, resolve  # noqa: PLC0415 - light; only here

    try:
        return resolve(value)
    except ProfileError as error:
        _fail(str(error))


def on_site(url: str, site: str) -> bool:
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    return host == (urlsplit(site).hostname or "").removeprefix("www.")


def output_file(value: str) -> Path:
    """A file to write: not empty, not a directory (its parent is created when needed)."""
    if not value.strip():
        _fail("expected a file path, got an empty string")
    path = Path(value)
    if value.endswith(("/", "\\")) or path.is_dir():
        _fail(f"{value!r} is a directory: expected a file path")
    return path


def work_dir(value: str) -> Path:
    """A directory to use or create: not empty, not an existing file."""
    if not value.strip():
        _fail("expected a directory path, got an empty string")
    path = Path(value)
    if path.exists() and not path.is_dir():
        _fail(f"{value!r} exists and is not a directory")
    return path


def existing_dir(value: str) -> Path:
    path = work_dir(value)
    if not path.is_dir():
        _fail(f"no such directory: {value!r}")
    return path


def input_path(value: str) -> str:
    """``-`` (stdin), an existing file (a pipe too), or a folder of saved pages."""
    if value == "-":
        return value
    if not value.strip():
        _fail("expected a file or folder, got an empty string")
    if not Path(value).exists():
        _fail(f"no such file or folder: {value!r}")
    return value


def input_file(value: str) -> str:
    """``-`` (stdin) or an existing file: not a folder."""
    if input_path(value) != "-" and Path(value).is_dir():
        _fail(f"{value!r} is a folder: expected one file")
    return value


def category(value: str) -> str:
    slug = value.strip().strip("/")
    if not slug or "," in slug:
        _fail(f"expected one category slug (repeat --category for more), got {value!r}")
    return slug


def setting(value: str) -> tuple[str, str]:
    """``NAME=VALUE``; the value of a setting whose type is known (Scrapy's defaults and the
    project's) must parse as that type, as Scrapy will read it only once the crawl runs."""
    name, equals, raw = value.partition("=")
    name = name.strip()
    if not equals or not _SETTING_NAME.fullmatch(name):
        _fail(f"expected NAME=VALUE with an upper-case setting NAME, got {value!r}")
    problem = _type_problem(name, raw, _default_of(name))
    if problem:
        _fail(f"{name}={raw!r}: {problem}")
    return name, raw


def _default_of(name: str) -> Any:
    from scrapy.settings import default_settings  # noqa: PLC0415 - only when --set is used

    from insight_scraper import settings  # noqa: PLC0415

    return getattr(settings, name, getattr(default_settings, name, None))


def _type_problem(name: str, raw: str, default: Any) -> str | None:
    if isinstance(default, bool):
        return None if raw.strip() in _BOOLEANS else "expected a boolean (1/0, true/false)"
    if isinstance(default, int | float):
        kind = float if isinstance(default, float) or name in _FLOAT_SETTINGS else int
        try:
            kind(raw)
        except ValueError:
            return f"expected {'a number' if kind is float else 'an integer'}"
        return None
    if isinstance(default, dict):
        try:
            return None if isinstance(json.loads(raw), dict) else "expected a JSON object"
        except json.JSONDecodeError:
            return "expected a JSON object"
    return None


def configure_logging(level: str) -> None:
    """For the commands that run no crawl (Scrapy configures its own)."""
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
