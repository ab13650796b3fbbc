"""Nothing lost across runs (issue 10): the chaos checker itself, and a few seeded sequences
of faulted, killed, disk-full and read-only runs on a changing mirror (bench/chaos.py runs 50)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.chaos.check import RunRecord, judge
from tests.chaos.plan import Step, make_plan
from tests.chaos.run import RunResult
from tests.chaos.sequence import Outcome, run_sequence
from tests.chaos.site import Version
from tests.chaos.snapshot import Snapshot

# Quick plans (a healthy full crawl, one faulted run, a healthy run) that between them cover
# a full disk (EFBIG and SIGXFSZ), a read-only output directory, and SIGKILLs of a full and
# of an incremental run, with REST on and off: `python bench/chaos.py --quick --sequences 1
# --seed S` replays one.
SEEDS = (5, 10, 11, 16, 26)
SITE = "https://www.afghaninsight.com/"
A, B, C, D = (f"{SITE}{slug}/" for slug in ("a", "b", "c", "d"))


def _record(
    step: Step, posts: dict[str, str], records: list[tuple[str, int, str]], **state: str
) -> RunRecord:
    snapshot = Snapshot(records=tuple(records), state={f"{SITE}{k}/": v for k, v in state.items()})
    return RunRecord(step, _version(0, posts), RunResult(0, 0.0, 0, False), snapshot)


def _version(index: int, posts: dict[str, str]) -> Version:
    """A version whose posts each have one current record (one content hash)."""
    return Version(index, Path("."), {url: frozenset({digest}) for url, digest in posts.items()})


def test_checker_counts_lost_duplicated_stale_gone_and_recovery() -> None:
    faulted, healthy = Step(full=True, chaos="kill", kill_after=3), Step(full=False)
    history = [
        # The site has a, b, d; the killed run captured a only.
        _record(faulted, {A: "a1", B: "b1", D: "d1"}, [(A, 1, "a1")]),
        # Then a was edited, b and d deleted, c published. The dataset keeps a's old version,
        # c twice, and lacks b, which the state calls live; nothing ever captured d.
        _record(healthy, {A: "a2", C: "c1"}, [(A, 1, "a1"), (C, 3, "c1"), (C, 3, "c1")], b="live"),
    ]
    verdict = judge(history)
    counts = {
        key: verdict.counts[key]
        for key in ("articles", "lost", "duplicated", "stale", "gone", "ok")
    }
    assert counts == {"articles": 4, "lost": 1, "duplicated": 1, "stale": 1, "gone": 1, "ok": 1}
    # b was missed by the killed run and is still missing; a was captured, then fell behind.
    assert (verdict.counts["missed"], verdict.counts["unrecovered"]) == (1, 1)
    assert verdict.failed
    assert verdict.unrecovered == {"full kill": 1}
    assert any(note.startswith("lost b:") for note in verdict.notes)


def test_checker_accepts_removed_rejected_and_recovered() -> None:
    faulted, healthy = Step(full=False, faults=0.3), Step(full=False)
    rejected = Snapshot(records=((A, 1, "a2"),), rejects={C: "http_503"}, state={B: "removed"})
    history = [
        _record(faulted, {A: "a1", B: "b1"}, [(B, 2, "b1")]),
        RunRecord(
            healthy,
            _version(1, {A: "a2", C: "c1"}),
            RunResult(0, 0.0, 0, False),
            rejected,
        ),
    ]
    verdict = judge(history)
    assert (verdict.counts["ok"], verdict.counts["removed"], verdict.counts["rejected"]) == (
        1,
        1,
        1,
    )
    assert (verdict.counts["missed"], verdict.counts["recovered"]) == (1, 1)
    assert not verdict.failed


def test_plans_are_seeded_and_end_healthy() -> None:
    assert make_plan(7) == make_plan(7)
    for seed in range(40):
        *faulted, last = make_plan(seed, quick=seed % 2 == 0).steps
        assert last.healthy and any(not step.healthy for step in faulted)


def _failures(outcome: Outcome) -> str:
    plan = outcome.plan
    return f"seed {plan.seed} ({plan.label()}): exits {outcome.verdict.exits}\n  " + "\n  ".join(
        outcome.verdict.notes
    )


def _run(seeds: tuple[int, ...], quick: bool, work: Path) -> list[Outcome]:
    def one(seed: int) -> Outcome:
        return run_sequence(make_plan(seed, quick=quick), work / str(seed))

    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(one, seeds))


def _assert_nothing_lost(outcomes: list[Outcome]) -> None:
    failed = [outcome for outcome in outcomes if outcome.verdict.failed]
    assert not failed, "\n".join(_failures(outcome) for outcome in failed)


@pytest.mark.process
def test_chaos_sequences_lose_nothing(tmp_path: Path) -> None:
    outcomes = _run(SEEDS, True, tmp_path)
    assert any(record.result.killed for outcome in outcomes for record in outcome.history)
    _assert_nothing_lost(outcomes)


@pytest.mark.process
def test_one_off_offsite_redirect_is_not_lost(tmp_path: Path) -> None:
    # Deterministic: the fault drawn for the new post's first request is offsite_redirect. It
    # used to be a permanent reject: validators saved, a 304 next, the article in no place.
    _assert_nothing_lost(_run((45,), False, tmp_path))
