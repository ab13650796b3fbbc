"""The crawl state: storage (store.py), its one owner during a crawl (owner.py), and the
incremental planner's decisions over it (planner.py)."""

from __future__ import annotations

from insight_scraper.state.store import Known, Seen, StateLocked, StateStore, reset_state

__all__ = ["Known", "Seen", "StateLocked", "StateStore", "reset_state"]
