"""The run summary as Prometheus text, for node_exporter's textfile collector (``--metrics-file``).

Every family is a gauge about the last run. No family double-counts under ``sum()``: requests by
role have no ``total`` series (the sum is the total), and the outcomes of articles partition them
(records emitted and date bumps, which overlap them, are families of their own).

The file is rewritten by every run, so ``insight_scraper_last_success_timestamp_seconds`` would
forget the last success on the first failure: a failed run carries it over from the file it
replaces (0 until a run succeeds), and ``time() - it`` is what to alert on.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

PREFIX = "insight_scraper_"
LAST_SUCCESS = PREFIX + "last_success_timestamp_seconds"
_TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
# Keys of the summary's "articles" that overlap the outcomes, and the family each goes to.
_ARTICLE_SUBSETS = {
    "emitted": ("records_emitted", "Records the last run wrote to the output."),
    "date_bumps": ("date_bumps", "Articles whose modified time moved but content did not."),
}

Sample = tuple[Mapping[str, str], float]
Family = tuple[str, str, list[Sample]]


def prometheus(result: Mapping[str, Any], previous: str | None = None) -> str:
    """The families of one run summary; ``previous`` is the text of the file this one replaces."""
    families = [*_run_families(result, previous), *_count_families(result)]
    return "".join(
        _family_text(name, help_, samples) for name, help_, samples in families if samples
    )


def _run_families(result: Mapping[str, Any], previous: str | None) -> Iterator[Family]:
    finished = _timestamp(result.get("finished_at")) or datetime.now(UTC).timestamp()
    labels = {
        "mode": str(result.get("mode", "")),
        "finish_reason": str(result.get("finish_reason", "")),
    }
    yield "run_info", "The last run's mode and Scrapy finish reason (always 1).", [(labels, 1.0)]
    code = result.get("exit_code")
    yield "exit_code", "Exit code of the last run (see the README).", _one(code)
    yield "duration_seconds", "Wall-clock length of the last run.", _one(_duration(result))
    yield "last_run_timestamp_seconds", "End of the last run, Unix time.", _one(finished)
    success = finished if _succeeded(result) else _previous_value(previous, LAST_SUCCESS)
    help_ = "End of the last successful run (exit code 0), Unix time; 0 = none yet."
    yield "last_success_timestamp_seconds", help_, _one(success or 0)


def _count_families(result: Mapping[str, Any]) -> Iterator[Family]:
    requests = {k: v for k, v in _numbers(result.get("requests")).items() if k != "total"}
    yield (
        "requests",
        "Requests of the last run, by role (their sum is the total).",
        _by("role", requests),
    )
    articles = _numbers(result.get("articles"))
    outcomes = {k: v for k, v in articles.items() if k not in _ARTICLE_SUBSETS}
    yield "articles", "Articles of the last run, by outcome.", _by("outcome", outcomes)
    for key, (name, help_) in _ARTICLE_SUBSETS.items():
        yield name, help_, _one(articles.get(key))
    rejects = _numbers(result.get("rejects"))
    yield "rejects", "Rejects of the last run, by reason (see the README).", _by("reason", rejects)
    yield "errors", "ERROR log lines of the last run.", _one(_error_lines(result.get("errors")))
    yield "coverage_breaches", "Field-coverage breaches in the last run.", _one(_breaches(result))


def _family_text(name: str, help_: str, samples: list[Sample]) -> str:
    lines = [f"# HELP {PREFIX}{name} {help_}", f"# TYPE {PREFIX}{name} gauge"]
    for labels, value in samples:
        pairs = ",".join(f'{key}="{_escape(label)}"' for key, label in labels.items())
        lines.append(
            f"{PREFIX}{name}{{{pairs}}} {_number(value)}"
            if pairs
            else f"{PREFIX}{name} {_number(value)}"
        )
    return "\n".join(lines) + "\n"


def _one(value: Any) -> list[Sample]:
    return [({}, float(value))] if _is_number(value) else []


def _by(label: str, counts: Mapping[str, float]) -> list[Sample]:
    return [({label: key}, value) for key, value in sorted(counts.items())]


def _numbers(section: Any) -> dict[str, float]:
    """The numeric entries of a summary section; anything else (a newer shape) is left out."""
    if not isinstance(section, Mapping):
        return {}
    return {str(key): float(value) for key, value in section.items() if _is_number(value)}


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _number(value: float) -> str:
    number = float(value)
    return str(int(number)) if number.is_integer() else repr(number)


def _escape(value: str) -> str:
    """Label values per the text format: backslash, double quote and newline escaped."""
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _timestamp(text: Any) -> float | None:
    try:
        return datetime.strptime(str(text), _TIME_FORMAT).replace(tzinfo=UTC).timestamp()
    except ValueError:
        return None


def _duration(result: Mapping[str, Any]) -> float | None:
    """The summary's ``duration_seconds``, else from its start and end (whole seconds)."""
    if _is_number(result.get("duration_seconds")):
        return float(result["duration_seconds"])
    started, finished = _timestamp(result.get("started_at")), _timestamp(result.get("finished_at"))
    return finished - started if started is not None and finished is not None else None


def _succeeded(result: Mapping[str, Any]) -> bool:
    """Exit code 0; without one (``scrapy crawl``, Scrapyd), the facts it is decided from."""
    if "exit_code" in result:
        return bool(result["exit_code"] == 0)
    finished = result.get("finish_reason") == "finished"
    return finished and not result.get("errors") and not _breaches(result)


def _breaches(result: Mapping[str, Any]) -> int | None:
    coverage = result.get("coverage")
    breaches = coverage.get("breaches") if isinstance(coverage, Mapping) else None
    return len(breaches) if isinstance(breaches, list) else None


def _error_lines(errors: Any) -> int | None:
    """ERROR log lines: the summary states them as ``log_count/ERROR=N`` among its errors."""
    if isinstance(errors, Mapping):
        value = errors.get("log_count/ERROR", 0)
        return int(value) if _is_number(value) else None
    if not isinstance(errors, list):
        return None
    for entry in errors:
        key, _, value = str(entry).partition("=")
        if key == "log_count/ERROR" and value.isdigit():
            return int(value)
    return 0


def _previous_value(text: str | None, name: str) -> float | None:
    """A sample without labels from the metrics file being replaced; None when absent or bad."""
    for line in (text or "").splitlines():
        key, _, value = line.partition(" ")
        if key == name:
            try:
                number = float(value.strip())
            except ValueError:
                return None
            return number if math.isfinite(number) and number >= 0 else None
    return None
