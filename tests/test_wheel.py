"""A bare install is a full install: tests/wheel_smoke.sh builds the wheel, installs it with no
extras into a fresh venv and, outside the checkout, runs the demo and extracts a redesigned page.
About 40 s (a venv and every dependency from pip's cache), so it is left out of the default run
(``-m "not wheel"`` in pytest's addopts) and run by CI: ``pytest -m wheel`` / ``make wheel-check``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).with_name("wheel_smoke.sh")


@pytest.mark.wheel
def test_wheel_without_extras_runs_demo_and_drift_fallback() -> None:
    done = subprocess.run(
        ["bash", str(SCRIPT)],
        capture_output=True,
        timeout=900,
        check=False,
        env={**os.environ, "PYTHON": sys.executable},  # pip's cache and index settings kept
    )
    output = (done.stdout + done.stderr).decode(errors="replace")
    assert done.returncode == 0, output[-4000:]
    assert "wheel smoke: ok" in output
