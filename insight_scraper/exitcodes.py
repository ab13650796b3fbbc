"""Exit codes of ``insight-scraper crawl`` and ``demo`` (documented in the README), decided
from a run's summary. They belong to the command line: a crawl itself only reports facts."""

from __future__ import annotations

from typing import Any, Final

from insight_scraper.meta import STATE_LOCKED

EXIT_OK: Final = 0
EXIT_ERRORS: Final = 1
EXIT_USAGE: Final = 2
EXIT_LOCKED: Final = 3
EXIT_COVERAGE: Final = 4


def exit_code(summary: dict[str, Any] | None, finish_reason: str | None) -> int:
    """0 success; 3 the state was locked; 1 errors; 4 a field-coverage breach."""
    if finish_reason == STATE_LOCKED:
        return EXIT_LOCKED
    if summary is None:
        return EXIT_OK if finish_reason == "finished" else EXIT_ERRORS
    if summary["errors"]:
        return EXIT_ERRORS
    return EXIT_COVERAGE if summary["coverage"]["breaches"] else EXIT_OK
