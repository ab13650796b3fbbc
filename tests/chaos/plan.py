"""A seeded plan of one sequence: what each run is (full or incremental), how the mirror
misbehaves during it (a fault rate), and what happens to the process (a SIGKILL after a
number of requests, a file-size limit, an unwritable output directory). The last run is
always healthy: no fault, no chaos. In labels, ``F``/``I`` is a full/incremental run, ``~``
a site that changed just before it, and ``!`` a faulted run."""

from __future__ import annotations

import random
from dataclasses import dataclass

CHAOS = ("none", "kill", "disk", "unwritable")
_CHAOS_WEIGHTS = (2, 4, 3, 2)
_RATES = (0.0, 0.0, 0.1, 0.3)
# Free space left on the "disk", in bytes: above the largest file of the output directory (the
# state, or the dataset) a write fails at once, after a record or two, or after a dozen.
_HEADROOM = (0, 0, 3_000, 20_000, 120_000)


@dataclass(frozen=True, slots=True)
class Step:
    """One run of a sequence, and whether the site changes just before it."""

    full: bool
    faults: float = 0.0
    chaos: str = "none"
    kill_after: int = 0  # a SIGKILL once the mirror has answered this many requests
    headroom: int = 0  # RLIMIT_FSIZE = the largest output file + this many bytes
    xfsz: str = "ignore"  # SIGXFSZ ignored (writes fail with EFBIG) or default (the write kills)
    change: bool = False

    @property
    def healthy(self) -> bool:
        return self.faults == 0 and self.chaos == "none"

    def scenario(self) -> str:
        """The kind of run, for totals: mode, chaos, faults (e.g. "incremental kill +faults")."""
        chaos = f"disk/{self.xfsz}" if self.chaos == "disk" else self.chaos
        return (
            f"{'full' if self.full else 'incremental'} {chaos}{' +faults' if self.faults else ''}"
        )

    def label(self) -> str:
        parts = ["F" if self.full else "I"]
        parts += [{"none": "", "kill": f"kill@{self.kill_after}", "unwritable": "ro-dir",
                   "disk": f"disk+{self.headroom // 1000}K/{'sig' if self.xfsz == 'signal' else 'efbig'}",
                   }[self.chaos]]  # fmt: skip
        parts += [f"f{self.faults:.1f}" if self.faults else ""]
        mark = ("~" if self.change else "") + ":".join(part for part in parts if part)
        return mark + ("" if self.healthy else "!")


@dataclass(frozen=True, slots=True)
class Plan:
    seed: int
    rest: bool
    steps: tuple[Step, ...]

    def label(self) -> str:
        return f"{'rest' if self.rest else 'no-rest'} " + " > ".join(s.label() for s in self.steps)


def make_plan(seed: int, quick: bool = False) -> Plan:
    """The runs of sequence ``seed``: maybe a healthy full crawl first (a state and a dataset
    to lose, as an operator has; always in quick mode), then 1-2 (quick: 1) faulted runs, then
    a healthy one."""
    rng = random.Random(seed)
    rest = rng.random() < 0.5
    baseline = quick or rng.random() < 0.5
    count = 1 if quick or rng.random() < 0.6 else 2
    steps = [Step(full=True)] if baseline else []
    steps += [_step(rng, first=not steps) for _ in range(count)]
    steps.append(Step(full=rng.random() < 0.4, change=rng.random() < 0.5))
    return Plan(seed, rest, tuple(steps))


def _step(rng: random.Random, first: bool) -> Step:
    full = rng.random() < (0.7 if first else 0.3)
    chaos = rng.choices(CHAOS, _CHAOS_WEIGHTS)[0]
    rates = _RATES if chaos != "none" else _RATES[2:]  # every run but the last one is faulted
    return Step(
        full=full,
        faults=rng.choice(rates),
        chaos=chaos,
        kill_after=rng.randint(1, 55 if full else 20) if chaos == "kill" else 0,
        headroom=rng.choice(_HEADROOM) if chaos == "disk" else 0,
        xfsz=rng.choice(("ignore", "signal")) if chaos == "disk" else "ignore",
        change=not first and rng.random() < 0.8,
    )
