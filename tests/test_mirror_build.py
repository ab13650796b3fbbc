"""The mirror generator's own checks (tests/mirror/check_build.py) run with the suite: two
builds are byte-identical and equal to the committed fixtures, every expected record validates
against the schema, listings point at generated pages, and bodies read back independently."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CHECK = Path(__file__).parent / "mirror" / "check_build.py"


def test_mirror_build_checks_pass() -> None:
    done = subprocess.run(
        [sys.executable, str(CHECK)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert done.stdout.strip().endswith("check_build: OK")
