"""Start-up of ``insight-scraper extract`` against trafilatura's command line, same machine, same
run: each extracts one saved mirror article page as a whole process (interpreter start, imports,
one extraction, JSON out). Prints the fastest and the median wall time of each, and the ratio
ours / trafilatura of the fastest runs (noise from other processes only ever adds time, so the
minimum is the stable figure on a shared machine; target <= 1.0). ``python -c pass`` is the floor
both pay.

    .venv/bin/python bench/startup.py [--runs 9] [--check-ratio 1.0]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.conftest import manifest  # noqa: I001 - after the path is set
from insight_scraper.mirror.server import BUNDLED_SITE

BIN = Path(sys.executable).parent


def commands(page: Path) -> dict[str, tuple[list[str], Path | None]]:
    """Name → (command, file for stdin)."""
    return {
        "python -c pass": ([sys.executable, "-c", "pass"], None),
        "insight-scraper --help": ([str(BIN / "insight-scraper"), "--help"], None),
        "insight-scraper extract": ([str(BIN / "insight-scraper"), "extract", str(page)], None),
        "trafilatura --json": ([str(BIN / "trafilatura"), "--json"], page),
    }


def timed(command: list[str], stdin: Path | None) -> float:
    started = time.perf_counter()
    with open(stdin or "/dev/null", "rb") as source:
        done = subprocess.run(command, stdin=source, capture_output=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{command[0]} failed ({done.returncode}): {done.stderr[-500:]!r}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--check-ratio", type=float, default=None, help="exit 1 above this")
    args = parser.parse_args()
    page = BUNDLED_SITE / str(manifest()["posts"][0]["slug"]) / "input.html"
    runs = commands(page)
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(args.runs):  # interleaved: a noisy moment hits every command alike
        for name, (command, stdin) in runs.items():
            times[name].append(timed(command, stdin))
    print(f"one page as a whole process, {args.runs} runs each ({page.parent.name[:40]})")
    print(f"  {'command':28} {'fastest':>10} {'median':>10}")
    for name, values in times.items():
        fastest, median = min(values) * 1000, statistics.median(values) * 1000
        print(f"  {name:28} {fastest:7.0f} ms {median:7.0f} ms")
    ratio = min(times["insight-scraper extract"]) / min(times["trafilatura --json"])
    print(f"ratio insight-scraper extract / trafilatura: {ratio:.2f}x (target <= 1.00)")
    return 1 if args.check_ratio is not None and ratio > args.check_ratio else 0


if __name__ == "__main__":
    raise SystemExit(main())
