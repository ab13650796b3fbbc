"""One chaos sequence: build the changing mirror, serve it, run each planned crawl against
it (faults in the server, chaos on the process), snapshot the output after each run, and
judge the history (check.py)."""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass
from pathlib import Path

from insight_scraper.mirror.faults import FaultySite, uniform_rates
from insight_scraper.mirror.server import Answers, MirrorServer, Site
from tests.chaos.check import RunRecord, Verdict, judge
from tests.chaos.plan import Plan, Step
from tests.chaos.run import SLOW, Tap, run_step
from tests.chaos.site import EvolvingSite, Version
from tests.chaos.snapshot import take_snapshot


@dataclass(frozen=True, slots=True)
class Outcome:
    plan: Plan
    history: list[RunRecord]
    verdict: Verdict
    seconds: float


def run_sequence(plan: Plan, work: Path, keep: bool = False) -> Outcome:
    """Run ``plan`` in ``work`` (removed afterwards unless ``keep``) and judge it."""
    work.mkdir(parents=True, exist_ok=True)
    try:
        history = _runs(plan, work)
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    verdict = judge(history)
    return Outcome(plan, history, verdict, sum(record.result.seconds for record in history))


def _runs(plan: Plan, work: Path) -> list[RunRecord]:
    rng = random.Random(f"chaos:{plan.seed}")
    site = EvolvingSite(work / "site")
    version = site.build(0)
    out = work / "out"
    out.mkdir(exist_ok=True)
    history: list[RunRecord] = []
    with MirrorServer(Site(version.root, rest=plan.rest)) as server:
        _quiet(server)
        for index, step in enumerate(plan.steps, start=1):
            if step.change:
                version = site.build(index, site.change(rng))
            tap = Tap(_answers(plan, step, version, index), step.kill_after)
            server.swap(tap)
            logs = work / f"run{index}"
            result = run_step(step, server.base_url, out, tap=tap, logs=logs, rng=rng)
            history.append(RunRecord(step, version, result, take_snapshot(out)))
    return history


def _answers(plan: Plan, step: Step, version: Version, index: int) -> Answers:
    site = Site(version.root, rest=plan.rest)
    if not step.faults:
        return site
    return FaultySite(site, plan.seed * 100 + index, uniform_rates(step.faults), slow=SLOW)


def _quiet(server: MirrorServer) -> None:
    """A killed crawl resets its connections; the server need not print each traceback."""
    server._server.handle_error = lambda request, client_address: None  # type: ignore[method-assign]
