"""The README's tables say what the code does: every reject reason the code can write is in the
README's table of reasons, and the README and docs/scheduling.md list the same exit codes."""

from __future__ import annotations

import re
from pathlib import Path

from insight_scraper.spiders.failures import _REASONS

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "insight_scraper"
# Where the code names a reason: NotAnArticle("…"), make_reject(url, stage, "…"), a pipeline's
# self.reject(item, "…"), the listing problems {"…": f"{where} …"}, reject.reason = "…", and
# failure_reason's own return values.
_REASON_SITES = (
    r'NotAnArticle\(\s*"([a-z_]+)"',
    r'make_reject\([^()]*?"[a-z]+",\s*"([a-z_]+)"',
    r'\.reject\(item,\s*"([a-z_]+)"',
    r'"([a-z_]+)": f"\{where\}',
    r'reason(?:, reject\.detail)? = "([a-z_]+)"',
)
_FAILURE_SITES = (r'return "([a-z_]+)"', r'"([a-z_]+)" if "max', r'else "([a-z_]+)"')


def _code_reasons() -> set[str]:
    source = "\n".join(path.read_text(encoding="utf-8") for path in PACKAGE.rglob("*.py"))
    found = {reason for pattern in _REASON_SITES for reason in re.findall(pattern, source)}
    failures = (PACKAGE / "spiders" / "failures.py").read_text(encoding="utf-8")
    found |= {reason for pattern in _FAILURE_SITES for reason in re.findall(pattern, failures)}
    return found | set(_REASONS.values())


def _rejects_table() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme[readme.index("### Rejects") : readme.index("### Threat model")]


def test_every_reject_reason_is_in_the_readme_table() -> None:
    reasons = _code_reasons()
    assert {
        "connection_refused",
        "empty_listing",
        "listing_page",
        "duplicate",
        "removed",
        "ignored",
    } <= reasons
    table = _rejects_table()
    assert sorted(r for r in reasons if f"`{r}`" not in table) == []


def _exit_codes(text: str, heading: str) -> list[int]:
    table = text[text.index(heading) :]
    return [
        int(code) for code in re.findall(r"^\| (\d) \|", table.split("\n\n", 2)[1], re.MULTILINE)
    ]


def test_readme_and_scheduling_list_the_same_exit_codes() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    scheduling = (ROOT / "docs" / "scheduling.md").read_text(encoding="utf-8")
    assert _exit_codes(readme, "**Exit codes**") == [0, 1, 2, 3, 4, 5]
    assert _exit_codes(scheduling, "The run summary is also printed") == [0, 1, 2, 3, 4, 5]
