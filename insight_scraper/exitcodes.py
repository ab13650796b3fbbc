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
EXIT_INCOMPLETE: Final = 5


def exit_code(summary: dict[str, Any] | None, finish_reason: str | None) -> int:
    """3 the state was locked; 1 a real error; 5 finished, but discovery or the run ended
    short (caps, failed listings, a time limit, a stop); 4 a field-coverage breach; 0 success.
    Rejected articles are data, counted in the summary: they do not change the code."""
    if finish_reason == STATE_LOCKED:
        return EXIT_LOCKED
    if summary is None:
        return EXIT_OK if finish_reason == "finished" else EXIT_ERRORS
    if summary["errors"]:
        return EXIT_ERRORS
    if summary.get("incomplete"):
        return EXIT_INCOMPLETE
    return EXIT_COVERAGE if summary["coverage"]["breaches"] else EXIT_OK
