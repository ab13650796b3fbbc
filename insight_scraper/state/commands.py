"""``insight-scraper state show|check|repair|reset``: one line for every broken case, never a
traceback. The state follows the output, so ``repair`` rebuilds it from the output."""

from __future__ import annotations

import json
import shutil
import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path

from insight_scraper.exitcodes import EXIT_ERRORS, EXIT_LOCKED, EXIT_OK
from insight_scraper.output import Layout, merge_runs
from insight_scraper.state.reconcile import reconcile
from insight_scraper.state.store import StateCorrupt, StateLocked, StateStore, reset_state


def state_command(action: str, path: Path, output: Path) -> int:
    layout = Layout(output, output.parent / "runs")
    try:
        if action == "reset":
            print(f"{'removed' if reset_state(path) else 'no state at'} {path}")
            return EXIT_OK
        if action == "repair":
            return _repair(path, layout)
        return _inspect(action, path, layout)
    except StateLocked as exc:
        return _fail(f"another run holds the state lock: {exc}", EXIT_LOCKED)
    except (StateCorrupt, OSError, sqlite3.Error) as exc:
        return _fail(str(exc), EXIT_ERRORS)


def _inspect(action: str, path: Path, layout: Layout) -> int:
    if not path.exists():
        return _fail(f"no state at {path} (a crawl creates it)", EXIT_ERRORS)
    if path.stat().st_size == 0:
        return _fail(f"{path} is empty (0 bytes): `state repair` rebuilds it", EXIT_ERRORS)
    store = StateStore.open(path)
    try:
        summary = store.summary()
        if action == "check":
            summary["dataset"] = _dataset_lines(layout.dataset)
            summary["agrees"] = (
                summary["integrity"] == "ok" and summary["dataset"] == summary["articles"]
            )
        print(json.dumps(summary, indent=2))
    finally:
        store.close()
    return EXIT_OK if action == "show" or summary["agrees"] else EXIT_ERRORS


def _repair(path: Path, layout: Layout) -> int:
    """Move an unreadable state aside and rebuild it from the output."""
    if path.exists() and _unreadable(path):
        aside = path.with_name(f"{path.name}.corrupt-{datetime.now(UTC):%Y%m%dT%H%M%SZ}")
        shutil.move(path, aside)
        print(f"moved the unreadable state to {aside}", file=sys.stderr)
    merge_runs(layout, layout.unmerged())
    store = StateStore.open(path)
    try:
        done = reconcile(store, layout, current_run="")
        print(json.dumps({**store.summary(), "rebuilt": done.added, "dropped": done.forgotten}))
    finally:
        store.close()
    return EXIT_OK


def _unreadable(path: Path) -> bool:
    if path.stat().st_size == 0:
        return True
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            return str(db.execute("PRAGMA integrity_check").fetchone()[0]) != "ok"
    except sqlite3.DatabaseError:
        return True


def _dataset_lines(dataset: Path) -> int:
    if not dataset.is_file():
        return 0
    with dataset.open("rb") as handle:
        return sum(1 for _ in handle)


def _fail(message: str, code: int) -> int:
    print(f"insight-scraper state: {message}", file=sys.stderr)
    return code
