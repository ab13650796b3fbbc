"""Run ``insight-scraper`` in this process under a file-size limit: a full disk.

    python -m tests.chaos.launch BYTES ignore|signal ARGS...

CPython ignores SIGXFSZ at start-up, so a write past the limit fails with EFBIG (an OSError,
as on a full disk). ``signal`` restores the default action first: the process then dies at
that write, as a C program would (or a kill in the middle of a write).
"""

from __future__ import annotations

import resource
import runpy
import signal
import sys


def main(argv: list[str]) -> None:
    limit, mode, *args = argv
    resource.setrlimit(resource.RLIMIT_FSIZE, (int(limit), int(limit)))
    signal.signal(signal.SIGXFSZ, signal.SIG_DFL if mode == "signal" else signal.SIG_IGN)
    sys.argv = ["insight-scraper", *args]
    runpy.run_module("insight_scraper.cli", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main(sys.argv[1:])
