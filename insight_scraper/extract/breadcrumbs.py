"""Breadcrumbs in Breadcrumb NavXT, Yoast and Rank Math markup, else JSON-LD BreadcrumbList."""

from __future__ import annotations

from typing import Any

from insight_scraper.extract.dom import Element, first_of, select, text
from insight_scraper.extract.metadata import Head, as_list, as_text
from insight_scraper.extract.sources import JSON_LD, THEME, Sourced, first_found
from insight_scraper.extract.text import or_none
from insight_scraper.extract.urls import absolute_url

Crumb = dict[str, Any]
# Foxiz wraps any plugin's trail in .breadcrumb-wrap (docs/markup.md §1.4); the rest are plugins'.
_CONTAINERS = (
    ".single-header .breadcrumb-wrap",
    ".breadcrumb-wrap",
    "#breadcrumbs",
    ".rank-math-breadcrumb",
    ".breadcrumb-navxt",
    ".td-crumb-container",  # Newspaper (tagDiv): a.entry-crumb links, docs/site2-markup.md §2.2
)


def breadcrumbs(root: Element, head: Head, url: str, own: set[str]) -> Sourced[list[Crumb]]:
    """Crumbs above the article; ``own`` holds the article's title and URLs to leave out."""
    container = first_of(root, *_CONTAINERS)
    none: list[Crumb] = []
    found, source = first_found(
        [
            (THEME, lambda: _from_links(container, url) if container is not None else []),
            (JSON_LD, lambda: _from_json_ld(head, url)),
        ],
        none,
    )
    return [crumb for crumb in found if not _is_own(crumb, own)], source


def _from_links(container: Element, url: str) -> list[Crumb]:
    crumbs = []
    for link in select(container, "a[href]"):
        name = text(link)
        if name:
            crumbs.append({"name": name, "url": absolute_url(link.get("href"), url)})
    return crumbs


def _from_json_ld(head: Head, url: str) -> list[Crumb]:
    trail = head.of_type("BreadcrumbList")
    items = sorted(
        (item for item in as_list(trail.get("itemListElement")) if isinstance(item, dict)),
        key=lambda item: int(item.get("position") or 0),
    )
    crumbs = []
    for item in items:
        target = item.get("item")
        name = or_none(item.get("name") or as_text(target))
        link = target.get("@id") or target.get("url") if isinstance(target, dict) else target
        if name:
            crumbs.append({"name": name, "url": absolute_url(link, url) if link else None})
    return crumbs


def _is_own(crumb: Crumb, own: set[str]) -> bool:
    return crumb["name"] in own or (crumb["url"] is not None and crumb["url"] in own)
