"""Regenerate the offline mirror tests/fixtures/site/ from tests/mirror/ sources.

Usage: python tests/mirror/build.py [--out DIR] [--samples] [--check]
  --samples  also build content/articles/_*.json (generator self-test material)
  --check    run tests/mirror/check_build.py after building (determinism, schema, selectors)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import check_build  # noqa: E402
from gen.model import SourceError  # noqa: E402
from gen.writer import build  # noqa: E402

DEFAULT_OUT = HERE.parent / "fixtures" / "site"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--samples", action="store_true")
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    try:
        site, counts = build(args.out, include_samples=args.samples)
    except SourceError as exc:
        print(f"source error: {exc}", file=sys.stderr)
        return 2
    for warning in site.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    summary = ", ".join(f"{k}={v}" for k, v in sorted(counts.items()))
    print(f"built {args.out} ({len(site.articles)} articles): {summary}")
    if args.check:
        return check_build.main(["--samples"] if args.samples else [])
    return 0


if __name__ == "__main__":
    sys.exit(main())
