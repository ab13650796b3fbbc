"""Regenerate the second offline site tests/fixtures/sites/paiwand/ from tests/sites/paiwand/.

Usage: python tests/sites/paiwand/build.py [--out DIR]
The same sources give byte-identical output (tests/test_site2_build.py checks it).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# The first mirror's generator (tests/mirror/gen) renders the post content: the block editor's
# markup and every tweet form are the same whatever the theme.
sys.path[:0] = [str(HERE), str(HERE.parents[1] / "mirror")]

from site2gen.writer import build  # noqa: E402

DEFAULT_OUT = HERE.parents[1] / "fixtures" / "sites" / "paiwand"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    site, counts = build(args.out)
    summary = ", ".join(f"{k}={v}" for k, v in sorted(counts.items()))
    print(f"built {args.out} ({len(site.articles)} articles): {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
