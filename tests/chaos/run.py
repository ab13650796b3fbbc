"""One run of the real command (``python -m insight_scraper.cli crawl``) as a subprocess,
with the chaos of its step applied: a SIGKILL after N requests, a file-size limit, or an
unwritable output directory.

Root ignores directory permissions (CAP_DAC_OVERRIDE): run as root, the crawl of an
unwritable directory runs under ``setpriv`` without that capability, so the chmod holds.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from insight_scraper.mirror.server import Answers, Reply
from tests.chaos.plan import Step

ROOT = Path(__file__).resolve().parents[2]
NO_DAC = "-dac_override,-dac_read_search"
DOWNLOAD_TIMEOUT = 2  # seconds: a slow answer (SLOW) outlasts it, and a retry follows
SLOW = 3.0
RUN_TIMEOUT = 150  # seconds: a run that takes longer is killed and reported as "timeout"
TIMEOUT_CODE = 124  # as timeout(1) reports it


class Tap:
    """Answers like ``inner``, counting requests; ``reached`` is set at the ``target``-th."""

    def __init__(self, inner: Answers, target: int = 0) -> None:
        self.inner, self.target, self.count = inner, target, 0
        self.reached = threading.Event()
        self._lock = threading.Lock()

    def answer(self, raw_path: str, headers: Mapping[str, str] | None = None) -> Reply:
        with self._lock:
            self.count += 1
            if self.target and self.count >= self.target:
                self.reached.set()
        return self.inner.answer(raw_path, headers)


@dataclass(frozen=True, slots=True)
class RunResult:
    code: int  # the exit code; -9 for a SIGKILL, TIMEOUT_CODE when it hung
    seconds: float
    requests: int
    killed: bool


def crawl_command(base_url: str, out: Path, step: Step) -> list[str]:
    """The command line of ``step``'s run (a full disk: under tests/chaos/launch.py)."""
    args = ["crawl", "--mirror", base_url, "--output", str(out / "articles.jsonl")]
    args += ["--state", str(out / "state.sqlite"), "--log-level", "ERROR"]
    args += ["--set", f"DOWNLOAD_TIMEOUT={DOWNLOAD_TIMEOUT}"]
    args += [] if step.full else ["--incremental"]
    if step.chaos == "disk":
        limit = max([path.stat().st_size for path in out.rglob("*") if path.is_file()] + [0])
        launch = [sys.executable, "-m", "tests.chaos.launch", str(limit + step.headroom), step.xfsz]
        return [*launch, *args]
    if step.chaos == "unwritable" and os.geteuid() == 0:
        setpriv = ["setpriv", f"--bounding-set={NO_DAC}", f"--inh-caps={NO_DAC}", "--"]
        return [*setpriv, sys.executable, "-m", "insight_scraper.cli", *args]
    return [sys.executable, "-m", "insight_scraper.cli", *args]


def run_step(
    step: Step, base_url: str, out: Path, *, tap: Tap, logs: Path, rng: random.Random
) -> RunResult:
    """Run the crawl of ``step`` to its end (or its kill), its output logged under ``logs``."""
    if step.chaos == "unwritable":
        out.chmod(0o555)
    started = time.monotonic()
    try:
        process = subprocess.Popen(
            crawl_command(base_url, out, step), cwd=ROOT, env=_environment(out.parent),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        drains = [_drain(process.stdout, logs.with_suffix(".out")),
                  _drain(process.stderr, logs.with_suffix(".err"))]  # fmt: skip
        killed = step.chaos == "kill" and _kill_when_reached(process, tap, rng)
        code = _wait(process)
        for drain in drains:
            drain.join()
    finally:
        out.chmod(0o755)
    return RunResult(code, round(time.monotonic() - started, 2), tap.count, killed)


def _drain(pipe: IO[bytes] | None, path: Path) -> threading.Thread:
    """Copy the crawl's output to ``path`` in the background. A pipe, not a file: the crawl's
    file-size limit (a full disk) is for its output directory, not for its log."""

    def copy() -> None:
        assert pipe is not None
        with pipe, path.open("wb") as log:
            shutil.copyfileobj(pipe, log)

    thread = threading.Thread(target=copy, daemon=True)
    thread.start()
    return thread


def _kill_when_reached(process: subprocess.Popen[bytes], tap: Tap, rng: random.Random) -> bool:
    """SIGKILL the crawl a moment after its ``kill_after``-th request; False if it ended first."""
    deadline = time.monotonic() + RUN_TIMEOUT
    while process.poll() is None and not tap.reached.wait(0.02) and time.monotonic() < deadline:
        pass
    time.sleep(rng.uniform(0.0, 0.3))  # sometimes mid-response, sometimes mid-write
    if process.poll() is not None:
        return False
    process.send_signal(signal.SIGKILL)
    return True


def _wait(process: subprocess.Popen[bytes]) -> int:
    try:
        return process.wait(timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        return TIMEOUT_CODE


def _environment(home: Path) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if not name.startswith("PYTHON")}
    return {**env, "HOME": str(home), "PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0"}
