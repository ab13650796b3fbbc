"""Category listings: the main list's article URLs in page order, and the next page."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from insight_scraper.extract.dom import Element, attr, classes, first, first_of, parse_html, select
from insight_scraper.extract.errors import NotAnArticle
from insight_scraper.extract.urls import absolute_url, post_id_from_url

# Theme blocks that repeat posts without being the listing (docs/markup.md §2.2).
_NOT_THE_LIST = frozenset(
    {
        "post-carousel",
        "swiper-container",
        "swiper-wrapper",
        "sidebar-wrap",
        "blog-sidebar",
        "widget",
        "sfoter-sec",
        "single-related",
        "related-sec",
        "header-wrap",
        "footer-wrap",
        "mega-dropdown",
        "mobile-collapse",
        "end-list-info",
        "rb-user-popup-form",
        # Newspaper (tagDiv), docs/site2-markup.md §3: sidebar blocks and related posts
        "td-main-sidebar",
        "td_block_widget",
        "td_block_related_posts",
    }
)
_ITEM_LINK = (
    "h1.entry-title a",
    "h2.entry-title a",
    "h3.entry-title a",
    "h4.entry-title a",
    ".entry-title a",
    "a.p-url",
    "a.p-flink",
)
_PAGE_SUFFIX = re.compile(r"page/(\d+)/?$")
_JS_BLOCK_VAR = re.compile(r"var\s+uid_\w+\s*=\s*(\{.*?\});", re.DOTALL)


@dataclass(slots=True)
class ListingItem:
    """One post card of the main list."""

    url: str
    post_id: int | None
    date: str | None


@dataclass(slots=True)
class Listing:
    """A listing page: its posts in order and the URL of the next page (or None)."""

    items: list[ListingItem] = field(default_factory=list)
    next_page: str | None = None

    @property
    def article_urls(self) -> list[str]:
        return [item.url for item in self.items]

    def as_dict(self) -> dict[str, Any]:
        return {"article_urls": self.article_urls, "next_page": self.next_page}


def extract_listing(html: str | bytes, url: str) -> Listing:
    """Read a category listing page; an empty, unreadable or 404 page gives an empty Listing."""
    try:
        root = parse_html(html)
    except NotAnArticle:
        return Listing()
    body = first(root, "body")
    if body is not None and "error404" in classes(body):
        return Listing()
    return Listing(items=_items(root, url), next_page=next_page(root, url))


def _items(root: Element, url: str) -> list[ListingItem]:
    scope = first_of(root, ".blog-content", ".td-ss-main-content")
    # Foxiz cards, then Newspaper's modules (td_module_N) in the category loop
    cards = select(scope if scope is not None else root, "div.p-wrap, div.td_module_wrap")
    seen: dict[str, ListingItem] = {}
    for card in cards:
        if _outside_list(card):
            continue
        link = first_of(card, *_ITEM_LINK)
        target = absolute_url(link.get("href"), url) if link is not None else None
        if target and target not in seen:
            seen[target] = ListingItem(target, _card_id(card, target), _card_date(card))
    return list(seen.values())


def _outside_list(card: Element) -> bool:
    if classes(card) & _NOT_THE_LIST:
        return True
    return any(classes(ancestor) & _NOT_THE_LIST for ancestor in card.iterancestors())


def _card_id(card: Element, target: str) -> int | None:
    pid = attr(card, "data-pid")
    return int(pid) if pid and pid.isdigit() else post_id_from_url(target)


def _card_date(card: Element) -> str | None:
    return attr(first(card, "time[datetime]"), "datetime")


def next_page(root: Element, url: str) -> str | None:
    """a.next.page-numbers → "Older Articles" → link[rel=next] → the AJAX block's page_max."""
    link = first_of(root, "a.next.page-numbers", ".pagination-simple .older a", "span.older a")
    href = attr(link, "href") if link is not None else None
    href = href or attr(first(root, "link[rel=next]"), "href")
    if href and href != "#":
        return absolute_url(href, url)
    return _next_from_block_settings(root, url)


def _next_from_block_settings(root: Element, url: str) -> str | None:
    """Load-more and infinite-scroll pages exist server-side as /page/N/ (docs/markup.md §2.3)."""
    if first(root, ".pagination-loadmore, .pagination-infinite") is None:
        return None
    for script in select(root, "script"):
        for match in _JS_BLOCK_VAR.finditer(script.text or ""):
            settings = _json_or_empty(match.group(1))
            paged, page_max = _as_int(settings.get("paged")), _as_int(settings.get("page_max"))
            if paged and page_max and paged < page_max:
                return absolute_url(f"page/{paged + 1}/", _listing_base(url))
    return None


def _listing_base(url: str) -> str:
    base = _PAGE_SUFFIX.sub("", url.split("?", maxsplit=1)[0])
    return base if base.endswith("/") else base + "/"


def _json_or_empty(source: str) -> dict[str, Any]:
    try:
        value = json.loads(source)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _as_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
