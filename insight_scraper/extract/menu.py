"""The category menu of the site header: where a crawl starts."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from insight_scraper.extract.dom import Element, classes, first, first_of, parse_html, text
from insight_scraper.extract.errors import NotAnArticle
from insight_scraper.extract.text import clean_text
from insight_scraper.extract.urls import absolute_url, same_site

_MENUS = (
    "nav#site-navigation ul.main-menu",
    "ul.main-menu",
    "ul#mobile-menu",
    "#td-header-menu ul.sf-menu",  # Newspaper (tagDiv), docs/site2-markup.md §1
    ".widget_categories ul",
)


@dataclass(frozen=True, slots=True)
class Category:
    """A category linked from the menu; ``parent`` is the parent category's URL."""

    name: str
    url: str
    parent: str | None

    @property
    def slug(self) -> str:
        return urlsplit(self.url).path.rstrip("/").rsplit("/", 1)[-1]


def extract_menu(html: str | bytes, url: str) -> list[Category]:
    """Categories of the header menu in menu order (mobile menu or widget as fallbacks)."""
    try:
        root = parse_html(html)
    except NotAnArticle:
        return []  # an unreadable home page has no menu; the caller reports it
    menu = first_of(root, *_MENUS)
    if menu is None:
        return []
    found: dict[str, Category] = {}
    _walk(menu, url, None, found)
    return list(found.values())


def _walk(menu: Element, base: str, parent: str | None, found: dict[str, Category]) -> None:
    for item in menu.iterchildren("li"):
        link = first(item, "a")
        target = absolute_url(link.get("href"), base) if link is not None else None
        own = parent
        if link is not None and target and _is_category(item, target, base):
            found.setdefault(target, Category(_label(link), target, parent))
            own = target
        for submenu in item.iterchildren("ul"):
            _walk(submenu, base, own, found)


def _label(link: Element) -> str:
    """Menu items wrap the label in a span; the Categories widget appends a span.count."""
    span = first(link, "span")
    if span is not None and "count" not in classes(span):
        return text(span)
    return clean_text(link.text or "") or text(link)


def _is_category(item: Element, target: str, base: str) -> bool:
    """WordPress marks category menu items; a renamed category base is still caught by class."""
    names = classes(item)
    if "menu-item-object-category" in names or "cat-item" in names:
        return same_site(target, base)
    return same_site(target, base) and "/category/" in urlsplit(target).path
