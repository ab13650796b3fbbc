"""A profile applied to Scrapy settings on every route: the CLI, ``scrapy crawl`` and Scrapyd
(``-s INSIGHT_SITE_PROFILE=NAME``). Duck-typed on Scrapy's Settings, so no Scrapy import."""

from __future__ import annotations

from typing import Any, Protocol

from insight_scraper.sites import profile_settings, resolve


class _Settings(Protocol):
    def get(self, name: str, default: Any = None) -> Any: ...
    def set(self, name: str, value: Any, priority: int | str = ...) -> None: ...


def apply_profile(settings: _Settings, priority: int | str = "spider") -> None:
    """Apply INSIGHT_SITE_PROFILE's settings unless the run already did (the CLI applies the
    profile itself). A setting chosen for the run (``-s``, ``--set``) keeps its value: Scrapy
    ignores a set() below the priority a setting already has."""
    name = settings.get("INSIGHT_SITE_PROFILE")
    if not name or settings.get("INSIGHT_PROFILE_APPLIED"):
        return
    for key, value in profile_settings(resolve(str(name))).items():
        settings.set(key, value, priority)
