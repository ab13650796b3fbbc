"""The second site's generator is deterministic and the committed mirror is its output:
two builds from the same sources are byte-identical to tests/fixtures/sites/paiwand/."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.site2 import SITE2

BUILD = Path(__file__).parent / "sites" / "paiwand" / "build.py"


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _build(out: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(BUILD), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]


def test_two_builds_are_identical_to_the_committed_mirror(tmp_path: Path) -> None:
    _build(tmp_path / "one")
    _build(tmp_path / "two")
    one, two = _tree(tmp_path / "one"), _tree(tmp_path / "two")
    assert one == two
    committed = _tree(SITE2)
    assert sorted(one) == sorted(committed)
    changed = [name for name in one if one[name] != committed[name]]
    assert changed == [], f"stale mirror: run python {BUILD} and commit ({changed[:5]})"
