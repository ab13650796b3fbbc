"""The state follows the output: a record counts as seen once it is in a run's file.

``apply_run`` records one run's written records in the state (once per run). ``reconcile``,
at the start of every run, applies runs that were killed before they could, and then makes the
state agree with the dataset: records the state lacks are added (a lost WAL, a deleted state),
and articles the dataset lacks are forgotten, so that the next crawl fetches them as new.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any, Protocol

from insight_scraper.output import Layout, dataset_keys, read_records
from insight_scraper.state.store import Seen, StateStore

Validators = tuple[str | None, str | None]  # (ETag, Last-Modified) of a response


class Fetch(Protocol):
    """url → the validators of its response (a dict, or the crawl's table on disk)."""

    def get(self, url: str, default: Validators, /) -> Validators: ...


@dataclass(frozen=True, slots=True)
class Reconciled:
    """What the start of a run repaired."""

    runs_applied: int = 0
    added: int = 0
    forgotten: int = 0


def seen_of(record: dict[str, Any], fetched: Fetch | None = None) -> Seen:
    """The state's row for one written record."""
    etag, last_modified = (fetched or {}).get(str(record.get("url")), (None, None))
    return Seen(
        url=str(record["url"]), post_id=record.get("post_id"),
        canonical_url=record.get("canonical_url"), date_modified=record.get("date_modified"),
        content_hash=str(record.get("content_hash")), etag=etag, last_modified=last_modified,
        at=str(record.get("scraped_at")),
    )  # fmt: skip


def apply_run(
    store: StateStore, layout: Layout, run_id: str, extra: list[Seen], fetched: Fetch
) -> int:
    """Record the run's written records (and ``extra`` rows, e.g. date bumps); returns how many."""
    written = (seen_of(record, fetched) for record in read_records(layout.run_articles(run_id)))
    return store.apply(run_id, itertools.chain(written, extra)) - len(extra)


def reconcile(store: StateStore, layout: Layout, current_run: str) -> Reconciled:
    applied = store.applied()
    pending = [run for run in layout.run_ids() if run not in applied and run != current_run]
    for run_id in pending:
        apply_run(store, layout, run_id, [], {})
    if _line_count(layout) == store.summary()["articles"]:
        return Reconciled(runs_applied=len(pending))
    added, forgotten = _agree_with_dataset(store, layout)
    return Reconciled(len(pending), added, forgotten)


def _agree_with_dataset(store: StateStore, layout: Layout) -> tuple[int, int]:
    records = list(dataset_keys(layout).values())
    ids = {r["post_id"] for r in records if r["post_id"] is not None}
    urls = {str(r["url"]) for r in records}
    known = store.known()
    known_ids = {k.post_id for k in known if k.post_id is not None}
    known_urls = {k.url for k in known}
    missing = [r for r in records if r["post_id"] not in known_ids and r["url"] not in known_urls]
    if missing:
        store.apply(f"reconcile-{missing[-1]['scraped_at']}", [seen_of(r) for r in missing])
    lost = [
        k.url for k in known if k.status == "live" and k.url not in urls and k.post_id not in ids
    ]
    store.forget(lost)
    return len(missing), len(lost)


def _line_count(layout: Layout) -> int:
    if not layout.dataset.is_file():
        return 0
    with layout.dataset.open("rb") as handle:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
