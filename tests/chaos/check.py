"""The invariant of docs/layout (issue 10), checked over the history of one sequence.

Every article the site listed during any run is, after the final healthy run, in exactly
one of: the dataset ``articles.jsonl`` (once, with the content the site serves now), an open
reject in ``rejects.jsonl``, or the state as ``removed`` (for a post the site deleted). And
every article a faulted run left missing (or behind the site's version) is in the dataset,
up to date, after the next healthy run.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from tests.chaos.plan import Step
from tests.chaos.run import RunResult
from tests.chaos.site import Version
from tests.chaos.snapshot import Snapshot

COUNTS = ("runs", "articles", "lost", "duplicated", "stale", "missed", "recovered",
          "unrecovered", "rejected", "removed", "gone", "state_only", "bad_lines")  # fmt: skip


@dataclass(frozen=True, slots=True)
class RunRecord:
    step: Step
    version: Version
    result: RunResult
    snapshot: Snapshot


@dataclass(slots=True)
class Verdict:
    """Counts of one sequence (or a total); ``notes`` say which article went wrong where."""

    counts: Counter[str] = field(default_factory=Counter)
    exits: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    scenarios: Counter[str] = field(default_factory=Counter)  # faulted runs, by scenario
    unrecovered: Counter[str] = field(default_factory=Counter)  # their misses not recovered

    @property
    def failed(self) -> bool:
        return any(self.counts[key] for key in ("lost", "duplicated", "unrecovered"))

    def add(self, other: Verdict) -> None:
        self.counts.update(other.counts)
        self.exits += other.exits
        self.scenarios.update(other.scenarios)
        self.unrecovered.update(other.unrecovered)


def judge(history: list[RunRecord]) -> Verdict:
    verdict = Verdict(exits=[record.result.code for record in history])
    verdict.counts["runs"] = len(history)
    _final(history, verdict)
    _recovery(history, verdict)
    return verdict


def _final(history: list[RunRecord], verdict: Verdict) -> None:
    final, site = history[-1].snapshot, history[-1].version.posts
    served = _served_by(history)
    verdict.counts["articles"] = len(served)
    verdict.counts["duplicated"] = sum(n - 1 for n in _post_counts(final).values() if n > 1)
    verdict.counts["bad_lines"] = final.bad_lines
    captured = set().union(*(r.snapshot.urls | r.snapshot.run_files for r in history))
    for url in sorted(served):
        outcome = _outcome(url, final, site, captured)
        verdict.counts[outcome] += 1
        if outcome in ("lost", "stale"):
            verdict.notes.append(f"{outcome} {_slug(url)}: {_story(url, history, served[url])}")
    live = {url for url, status in final.state.items() if status != "removed"}
    verdict.counts["state_only"] = len((live & set(served)) - final.urls)


def _outcome(url: str, final: Snapshot, site: dict[str, str], captured: set[str]) -> str:
    hashes = final.hashes(url)
    if url in site:
        if site[url] & hashes:
            return "ok"
        if hashes:
            return "stale"
        return "rejected" if url in final.rejects else "lost"
    if hashes:
        return "ok"  # deleted by the site, its last version kept
    if final.state.get(url) == "removed":
        return "removed"
    return "gone" if url not in captured and url not in final.state else "lost"


def _recovery(history: list[RunRecord], verdict: Verdict) -> None:
    for index, record in enumerate(history):
        if record.step.healthy:
            continue
        verdict.scenarios[record.step.scenario()] += 1
        after = next(later for later in history[index + 1 :] if later.step.healthy)
        for url, digests in sorted(record.version.posts.items()):
            if digests & record.snapshot.hashes(url):
                continue
            fixed = _up_to_date(url, after)
            if fixed is None:
                continue  # deleted before anything captured it: nothing to recover
            verdict.counts["missed"] += 1
            verdict.counts["recovered" if fixed else "unrecovered"] += 1
            if not fixed:
                verdict.unrecovered[record.step.scenario()] += 1
                verdict.notes.append(f"unrecovered {_slug(url)}: missed by run {index + 1} "
                                     f"({record.step.label()}), still missing after run "
                                     f"{history.index(after) + 1}")  # fmt: skip


def _up_to_date(url: str, record: RunRecord) -> bool | None:
    snapshot, site = record.snapshot, record.version.posts
    if url in site:
        return bool(site[url] & snapshot.hashes(url))
    if snapshot.hashes(url) or snapshot.state.get(url) == "removed":
        return True
    return False if url in snapshot.state else None


def _served_by(history: list[RunRecord]) -> dict[str, list[int]]:
    served: dict[str, list[int]] = {}
    for index, record in enumerate(history, start=1):
        for url in record.version.posts:
            served.setdefault(url, []).append(index)
    return served


def _post_counts(snapshot: Snapshot) -> Counter[str]:
    return Counter(
        str(post_id) if post_id is not None else url for url, post_id, _ in snapshot.records
    )


def _story(url: str, history: list[RunRecord], served: list[int]) -> str:
    present = [i for i, r in enumerate(history, start=1) if r.snapshot.hashes(url)]
    state = history[-1].snapshot.state.get(url, "absent")
    return f"served in runs {_runs(served)}, in the dataset after runs {_runs(present)}, state: {state}"


def _runs(indexes: list[int]) -> str:
    return ",".join(map(str, indexes)) or "none"


def _slug(url: str) -> str:
    return shorten(urlsplit(url).path.strip("/"))


def shorten(text: str, width: int = 56) -> str:
    """Both ends of a long slug: new posts differ only in their last words."""
    return text if len(text) <= width else f"{text[: width - 20]}…{text[-19:]}"
