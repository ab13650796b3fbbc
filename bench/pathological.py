"""Time and peak memory of the extractor on pathological pages, each against a normal page.

Each input runs in a fresh child process, so its peak RSS (VmHWM) is its own; the ratio to the
normal page is what to read, not the absolute numbers.

    python bench/pathological.py
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Run as a script, this directory leads sys.path, and bench/incremental.py would shadow the
# `incremental` package that Twisted imports: take the directory off, put the project on.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(ROOT))

from tests.pathological import PAGES

CHILD = """
import json, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from insight_scraper.extract.article import extract_article
from insight_scraper.extract.errors import NotAnArticle
from tests.pathological import PAGES, base_page
page = base_page()
document = PAGES[{name!r}](page) if {name!r} else page
extract_article(base_page(), "https://www.afghaninsight.com/warm-up/")
started = time.perf_counter()
try:
    outcome = "record: %d tweets" % len(extract_article(document, "https://www.afghaninsight.com/x/")["tweets"])
except NotAnArticle as error:
    outcome = "NotAnArticle: " + error.reason
seconds = time.perf_counter() - started
status = Path("/proc/self/status").read_text()
peak_kb = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM")))
result = {{"seconds": seconds, "peak_mb": peak_kb / 1024, "outcome": outcome}}
print(json.dumps({{**result, "size": len(document)}}))
"""


def measure(name: str) -> dict[str, object]:
    code = CHILD.format(root=str(ROOT), name=name)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    normal = measure("")
    print(f"{'input':<28}{'size MB':>9}{'seconds':>9}{'x normal':>10}{'peak MB':>9}  outcome")
    for name in ["", *PAGES]:
        row = normal if not name else measure(name)
        seconds, peak = float(str(row["seconds"])), float(str(row["peak_mb"]))
        ratio = seconds / float(str(normal["seconds"]))
        size = int(str(row["size"])) / 1e6
        label = name or "normal article page"
        print(f"{label:<28}{size:>9.2f}{seconds:>9.3f}{ratio:>9.1f}x{peak:>9.1f}  {row['outcome']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
