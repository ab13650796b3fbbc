"""Crawl cost in instructions, against the same floor as bench/crawl.py: a noise-free ratio.

CPU seconds on a shared 2-vCPU machine move by 15-30% between runs of the same code, so one
``bench/crawl.py`` ratio can land either side of a 10% change. Instructions retired do not
depend on the neighbours: each child of bench/crawl.py (our crawl; the bare Scrapy spider that
parses every page) runs under valgrind's cachegrind (``apt-get install valgrind``), counting the
instructions the process executes, start-up included, as CPU seconds include it. Two runs of
the same tree agree within ~1%. Instructions are not time (cache misses and system calls weigh
differently), so this is a second, steadier view of the printed CPU ratio, not a replacement.
Valgrind runs the crawl ~50x slower: N=2,000 takes ~12 minutes.

    python bench/crawl_instructions.py                 # N = 2,000 (the issue's site)
    python bench/crawl_instructions.py --sizes 300 1200   # also the marginal cost per page
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def _bench_crawl():  # type: ignore[no-untyped-def]
    """bench/crawl.py (its children, the floor's pages, the server), loaded from its file: with
    bench/ on sys.path, bench/incremental.py would shadow the package Twisted imports."""
    path = Path(__file__).resolve().parent / "crawl.py"
    spec = importlib.util.spec_from_file_location("bench_crawl", path)
    assert spec is not None and spec.loader is not None
    module = sys.modules["bench_crawl"] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


crawl = _bench_crawl()

_REFS = re.compile(r"I\s+refs:\s+([\d,]+)")
_PAGES = re.compile(r'"pages": (\d+)')
_VALGRIND = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"]


def counted(*args: str) -> tuple[int, int]:
    """(instructions, pages) of one bench/crawl.py child run under cachegrind."""
    env = {**os.environ, "PYTHONHASHSEED": "0"}  # the same hashing, the same work, each run
    command = [*_VALGRIND, crawl.PYTHON, crawl.__file__, *args]
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    refs, pages = _REFS.search(done.stderr), _PAGES.search(done.stdout)
    if done.returncode != 0 or refs is None or pages is None:
        raise RuntimeError(f"{args[0]} failed under valgrind:\n{done.stderr[-3000:]}")
    return int(refs.group(1).replace(",", "")), int(pages.group(1))


def measure(articles: int, concurrency: int) -> tuple[tuple[int, int], tuple[int, int]]:
    """Ours and the "bare Scrapy + lxml parse" floor, over one served site."""
    with tempfile.TemporaryDirectory() as out_dir, crawl._serve(articles) as base_url:
        ours = counted("--child", base_url, out_dir, str(concurrency))
        urls = Path(out_dir) / "urls.txt"
        urls.write_text("\n".join(crawl.floor_paths(articles)), encoding="utf-8")
        floor = counted("--floor-child", base_url, str(urls), str(concurrency), "1", "0")
    return ours, floor


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000])
    parser.add_argument("--concurrency", type=int, default=32)
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (apt-get install valgrind)")
    rows = {n: measure(n, args.concurrency) for n in args.sizes}
    print("instructions per page, under cachegrind; floor = bare Scrapy + lxml parse")
    for n, ((ours, our_pages), (floor, floor_pages)) in rows.items():
        mine, theirs = ours / our_pages / 1e6, floor / floor_pages / 1e6
        print(f"N={n}: ours {mine:.2f} M ({our_pages} pages), floor {theirs:.2f} M "
              f"({floor_pages} pages): {mine / theirs:.2f}x (target <= 1.60)")  # fmt: skip
    if len(rows) >= 2:
        (small, (o1, f1)), (large, (o2, f2)) = sorted(rows.items())[:1] + sorted(rows.items())[-1:]
        mine = (o2[0] - o1[0]) / (o2[1] - o1[1]) / 1e6
        theirs = (f2[0] - f1[0]) / (f2[1] - f1[1]) / 1e6
        print(f"each page past start-up (N={small} -> {large}): ours {mine:.2f} M, floor "
              f"{theirs:.2f} M: {mine / theirs:.2f}x")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
