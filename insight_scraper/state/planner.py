"""Incremental discovery decisions: which listed posts are new, changed or unchanged, and
which known posts were not listed any more. Pure logic over the state's snapshot."""

from __future__ import annotations

from datetime import datetime

from insight_scraper.extract.discovery import Entry
from insight_scraper.state.store import Known

NEW, CHANGED, UNCHANGED = "new", "changed", "unchanged"


class Planner:
    """Compares what discovery endpoints list with what the state remembers."""

    def __init__(self, known: list[Known]) -> None:
        self.by_id = {item.post_id: item for item in known if item.post_id is not None}
        self.by_url = {item.url: item for item in known}
        self.listed: set[str] = set()

    @property
    def live(self) -> list[Known]:
        return [item for item in self.by_url.values() if item.status == "live"]

    def verdict(self, entry: Entry) -> str:
        """``new`` (never seen or seen removed), ``changed`` (a later modified time), else
        ``unchanged``. An entry without a modified time can only be told new or not."""
        known = self.by_id.get(entry.post_id or -1) or self.by_url.get(entry.url)
        self.listed.add(known.url if known is not None else entry.url)
        if known is None or known.status != "live":
            return NEW
        if _later(entry.modified, known.date_modified):
            return CHANGED
        return UNCHANGED

    def unlisted(self) -> list[str]:
        """Live articles that a complete listing (REST, sitemap) did not mention: maybe gone."""
        return sorted(item.url for item in self.live if item.url not in self.listed)


def _later(listed: str | None, stored: str | None) -> bool:
    if listed is None:
        return False
    if stored is None:
        return True
    try:
        return datetime.fromisoformat(listed) > datetime.fromisoformat(stored)
    except (TypeError, ValueError):
        return listed != stored  # unreadable dates: trust any difference
