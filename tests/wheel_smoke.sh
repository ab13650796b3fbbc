#!/usr/bin/env bash
# A bare install is a full install: build the wheel, install it with no extras into a fresh venv,
# and from a temporary folder outside the checkout run `insight-scraper demo` of both sites (the
# bundled mirrors and profiles ship in the wheel) and `insight-scraper extract` of a redesigned
# page (theme classes renamed: the drift fallback, trafilatura with lxml_html_clean, must run). Exit 0 when both outputs check.
#
#   tests/wheel_smoke.sh            (PYTHON=python3.11 to choose the interpreter)
# pip's cache is used (no --no-cache-dir): after the first run nothing is downloaded again.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# Build from a copy of what the build reads, so the checkout gets no build/ or *.egg-info. The
# copy keeps insight_scraper/mirror/site a symlink to tests/fixtures/site, as in the checkout.
mkdir -p "$WORK/src/tests/fixtures"
cp -R "$ROOT/pyproject.toml" "$ROOT/README.md" "$ROOT/LICENSE" "$ROOT/insight_scraper" "$WORK/src/"
cp -R "$ROOT/tests/fixtures/site" "$ROOT/tests/fixtures/sites" "$WORK/src/tests/fixtures/"
"${PYTHON:-python3}" -m venv "$WORK/venv"
PIP=("$WORK/venv/bin/python" -m pip --quiet --disable-pip-version-check)
"${PIP[@]}" wheel --no-deps --wheel-dir "$WORK/dist" "$WORK/src"
"${PIP[@]}" install "$WORK"/dist/insight_scraper-*.whl
rm -rf "$WORK/src"

cd "$WORK"
BIN="$WORK/venv/bin"
"$BIN/insight-scraper" demo --output "$WORK/out/articles.jsonl" > demo.json 2> demo.err \
    || { cat demo.err >&2; echo "wheel smoke: demo failed" >&2; exit 1; }
# The second site: its profile and its bundled mirror ship in the wheel too.
"$BIN/insight-scraper" demo --site paiwand --output "$WORK/out2/articles.jsonl" > demo2.json 2> demo2.err \
    || { cat demo2.err >&2; echo "wheel smoke: demo --site paiwand failed" >&2; exit 1; }
"$BIN/insight-scraper" sites --json > sites.json
"$BIN/python" "$ROOT/tests/mirror/redesign.py" \
    < "$("$BIN/python" -c 'from insight_scraper.mirror.server import BUNDLED_SITE as s; import json; print(s / json.loads((s / "_manifest.json").read_text())["posts"][0]["slug"] / "input.html")')" \
    > redesigned.html
"$BIN/insight-scraper" extract redesigned.html > record.json 2> extract.err \
    || { cat extract.err >&2; echo "wheel smoke: extract failed" >&2; exit 1; }

"$BIN/python" - "$ROOT" <<'EOF'
import json, sys
from pathlib import Path
import insight_scraper
from insight_scraper.mirror.server import BUNDLED_SITE

root = Path(sys.argv[1]).resolve()
assert root not in Path(insight_scraper.__file__).resolve().parents, "imported the checkout"
manifest = json.loads((BUNDLED_SITE / "_manifest.json").read_text(encoding="utf-8"))
demo = json.loads(Path("demo.json").read_text().splitlines()[-1])
assert demo["articles"] == len(manifest["posts"]) and demo["rejects"] == 0, demo
demo2 = json.loads(Path("demo2.json").read_text().splitlines()[-1])
assert demo2["articles"] == 24 and demo2["rejects"] == 0, demo2  # the second offline site
sites = [json.loads(line)["name"] for line in Path("sites.json").read_text().splitlines()]
assert sites == ["afghaninsight", "paiwand"], sites
post = manifest["posts"][0]
expected = json.loads((BUNDLED_SITE / post["slug"] / "expected.json").read_text(encoding="utf-8"))
record = json.loads(Path("record.json").read_text(encoding="utf-8"))
assert record["extraction"]["body"] == "generic", record["extraction"]  # the drift fallback ran
assert record["headline"] == expected["headline"] and record["url"] == post["url"], record["url"]
assert len(record["body"]) > 0.5 * len(expected["body"])
print(f"wheel smoke: ok: demo {demo['articles']} articles, paiwand {demo2['articles']}, 0 rejects; redesigned page extracted "
      f"(body from {record['extraction']['body']}), installed at {Path(insight_scraper.__file__).parent}")
EOF
