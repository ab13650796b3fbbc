"""Nothing lost across runs (issue 10): seeded chaos sequences through the real command.

Each sequence serves a mirror on 127.0.0.1 that changes between runs (new, edited and deleted
posts; REST on or off), and runs 1-3 faulted crawls, full or incremental, then a healthy one.
A faulted run meets server faults (insight_scraper/mirror/faults.py) and, chosen by the seed,
a SIGKILL after N requests, a file-size limit (`ulimit -f`; SIGXFSZ ignored so writes fail
with EFBIG, or left to kill), or an unwritable output directory. After the last run it checks
the invariant of the output layout: every article the site ever listed is in articles.jsonl
exactly once at the site's latest version, or an open reject, or (deleted) removed in the
state; and whatever a faulted run missed is in the dataset after the next healthy run.

    python bench/chaos.py [--sequences 50] [--seed 1] [--quick] [--jobs 2] [--keep DIR]

Sequence k has seed SEED+k: `--sequences 1 --seed S` replays the sequence printed as seed S.
Exits 1 when anything is lost, duplicated or not recovered by the next healthy run.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Run as a script, this directory leads sys.path, and bench/incremental.py would shadow the
# `incremental` package that Twisted imports: take the directory off, put the project on.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(ROOT))

from tests.chaos.check import Verdict, shorten
from tests.chaos.plan import make_plan
from tests.chaos.sequence import Outcome, run_sequence

COLUMNS = (("lost", "lost"), ("dup", "duplicated"), ("stale", "stale"), ("missed", "missed"),
           ("recovered", "recovered"), ("unrecovered", "unrecovered"), ("rejected", "rejected"),
           ("removed", "removed"), ("gone", "gone"), ("state-only", "state_only"),
           ("cut", "bad_lines"))  # fmt: skip


def sequence_line(outcome: Outcome, notes: int) -> str:
    verdict, plan = outcome.verdict, outcome.plan
    counts = " ".join(f"{name} {verdict.counts[key]}" for name, key in COLUMNS)
    exits = ",".join(map(str, verdict.exits))
    runs, articles = verdict.counts["runs"], verdict.counts["articles"]
    status = "FAIL" if verdict.failed else "ok"
    lines = [f"seed {plan.seed:<5} {plan.label():<48} runs {runs} articles {articles} {counts} "
             f"exits {exits} {outcome.seconds:.0f}s {status}"]  # fmt: skip
    for number, record in enumerate(outcome.history, start=1):
        if record.version.changes and record.version.index == number:  # built for this run
            changes = " ".join(shorten(change, 44) for change in record.version.changes)
            lines.append(f"    site before run {number}: {changes}")
    shown = verdict.notes if notes < 0 else verdict.notes[:notes]
    lines += [f"    {note}" for note in shown]
    if len(shown) < len(verdict.notes):
        lines.append(f"    … {len(verdict.notes) - len(shown)} more (--verbose shows all)")
    return "\n".join(lines)


def total_lines(outcomes: list[Outcome], seconds: float, jobs: int) -> list[str]:
    total = Verdict()
    for outcome in outcomes:
        total.add(outcome.verdict)
    failed = sum(outcome.verdict.failed for outcome in outcomes)
    counts = ", ".join(f"{name} {total.counts[key]}" for name, key in COLUMNS)
    exits = ", ".join(f"{code}: {n}" for code, n in sorted(Counter(total.exits).items()))
    lines = [f"total: {len(outcomes)} sequences ({failed} failed), runs {total.counts['runs']}, "
             f"articles {total.counts['articles']}, {counts}",
             f"exit codes seen (run count): {exits}",
             "faulted runs by scenario: misses left by the next healthy run / runs"]  # fmt: skip
    for scenario, runs in sorted(total.scenarios.items()):
        lines.append(f"    {scenario:<32} {total.unrecovered[scenario]:>4} / {runs}")
    lines.append(f"time: {seconds:.1f} s ({jobs} jobs)")
    return lines


def main(argv: list[str] | None = None) -> int:
    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=raw)
    parser.add_argument("--sequences", type=int, default=None, help="default 50 (quick: 6)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the first sequence")
    parser.add_argument("--quick", action="store_true", help="shorter sequences (1-2 faulted runs)")
    parser.add_argument("--jobs", type=int, default=2, help="sequences run at once")
    parser.add_argument(
        "--keep", type=Path, default=None, metavar="DIR", help="keep the files here"
    )
    parser.add_argument("--verbose", action="store_true", help="every note, not the first 6")
    args = parser.parse_args(argv)
    count = args.sequences if args.sequences is not None else (6 if args.quick else 50)
    seeds = range(args.seed, args.seed + count)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="insight-chaos-") as scratch:
        base = args.keep or Path(scratch)

        def one(seed: int) -> Outcome:
            plan, keep = make_plan(seed, args.quick), args.keep is not None
            return run_sequence(plan, base / f"seed-{seed}", keep=keep)

        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            outcomes = []
            for outcome in pool.map(one, seeds):
                print(sequence_line(outcome, -1 if args.verbose else 6), flush=True)
                outcomes.append(outcome)
    for line in total_lines(outcomes, time.monotonic() - started, args.jobs):
        print(line)
    failed = [str(outcome.plan.seed) for outcome in outcomes if outcome.verdict.failed]
    if failed:
        quick = " --quick" if args.quick else ""
        print(f"failed seeds: {' '.join(failed)}; replay one with its files and every note:")
        print(f"    python bench/chaos.py{quick} --sequences 1 --seed S --keep DIR --verbose")
    return 1 if any(outcome.verdict.failed for outcome in outcomes) else 0


if __name__ == "__main__":
    raise SystemExit(main())
