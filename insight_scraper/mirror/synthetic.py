"""A synthetic site of N articles, generated on request from the bundled mirror's own pages.

Article ``k`` is template article ``k % T`` with its slug, post id and title rewritten (slug
``<slug>-<k>``, post id ``SYNTHETIC_ID_BASE + k``, title ``<title> [<k>]``), so every article is
distinct and extracts like its template. Categories list the articles of their templates' posts
(parents include their children's), newest (highest k) first, with the theme's numbered
pagination; the home page, menu, robots.txt, feed and ``wp-sitemap*.xml`` follow. Only the
templates are held in memory: a page is built when it is asked for, the same bytes every time.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from lxml import etree
from lxml.html import HtmlElement, document_fromstring, tostring

from insight_scraper.mirror.server import BUNDLED_SITE, Reply, Site

SITE_URL = "https://www.afghaninsight.com/"
SYNTHETIC_ID_BASE = 1_000_000
SITEMAP_PAGE = 2000  # URLs per wp-sitemap-posts-post-N.xml, as WordPress writes them
FEED_ITEMS = 10
_HTML = {"Content-Type": "text/html; charset=UTF-8"}
_XML = {"Content-Type": "application/xml; charset=UTF-8"}
_RSS = {"Content-Type": "application/rss+xml; charset=UTF-8"}
_CARDS, _PAGES = "<!--synthetic-cards-->", "<!--synthetic-pagination-->"
_NOT_MAIN_LIST = frozenset({"swiper-wrapper", "swiper-container", "post-carousel", "widget"})
LISTING_PATH = re.compile(r"^/category/(?P<path>(?:[\w-]+/)+?)(?:page/(?P<page>\d+)/)?$")
ARTICLE_PATH = re.compile(r"^/(?P<slug>[\w-]+)-(?P<k>\d+)/$")
# Pagination of the template page, and its head links to pages the synthetic one lacks.
_STALE = "//*[contains(@class, 'pagination-wrap')] | //link[@rel='next' or @rel='prev']"
SITEMAP_PATH = re.compile(r"^/wp-sitemap-posts-post-(?P<n>\d+)\.xml$")


@dataclass(frozen=True, slots=True)
class Template:
    """One bundled article: its page and the strings that make it this article."""

    slug: str
    post_id: int
    title: str
    page: str
    card: str
    feed_item: str


@dataclass(frozen=True, slots=True)
class Listing:
    """A category's page template split around the main list and its pagination."""

    path: str
    members: tuple[int, ...]  # template indexes whose articles this category lists
    parts: tuple[str, str, str]


class SyntheticSite:
    """``Answers`` for a generated site of ``n_articles`` articles (see the module doc)."""

    def __init__(self, n_articles: int, template_root: Path = BUNDLED_SITE) -> None:
        self.n = n_articles
        self.static = Site(template_root)
        manifest = json.loads((template_root / "_manifest.json").read_text(encoding="utf-8"))
        self.templates = _templates(template_root, manifest["posts"])
        self.listings = _listings(template_root, manifest, self.templates)
        self.per_page = _per_page(template_root, manifest)

    def answer(self, raw_path: str, headers: Mapping[str, str] | None = None) -> Reply:
        parts = urlsplit(raw_path)
        post = parse_qs(parts.query).get("p", [""])[0]
        if parts.path == "/" and post.isdigit():
            k = int(post) - SYNTHETIC_ID_BASE
            return _redirect(self.url(k)) if 0 <= k < self.n else self.static.not_found()
        return self._route(parts.path)

    def _route(self, path: str) -> Reply:
        if path in ("/", "/robots.txt", "/wp-sitemap-taxonomies-category-1.xml"):
            return self.static.answer(path)
        if path in ("/wp-sitemap.xml", "/feed/"):
            feed = path == "/feed/"
            return self._page(self.feed() if feed else self.sitemap_index(), _RSS if feed else _XML)
        if match := SITEMAP_PATH.match(path):
            return self._page(self.sitemap(int(match["n"])), _XML)
        if match := LISTING_PATH.match(path):
            return self._page(self.listing(match["path"], int(match["page"] or 1)), _HTML)
        match = ARTICLE_PATH.match(path)
        return self._page(self.article(match["slug"], int(match["k"])) if match else None, _HTML)

    def _page(self, text: str | None, headers: dict[str, str]) -> Reply:
        return Reply(HTTPStatus.OK, text.encode(), headers) if text else self.static.not_found()

    def template(self, k: int) -> Template:
        return self.templates[k % len(self.templates)]

    def url(self, k: int) -> str:
        return f"/{self.template(k).slug}-{k}/"

    def rewrite(self, text: str, k: int) -> str:
        """A template's page, card or feed item as article ``k``."""
        source = self.template(k)
        # The id first: "-<k>" in the new slug may spell the old id (k == post id).
        text = re.sub(rf"(?<!\d){source.post_id}(?!\d)", str(SYNTHETIC_ID_BASE + k), text)
        text = text.replace(f"/{source.slug}/", f"/{source.slug}-{k}/")
        for form in {source.title, html.escape(source.title), html.escape(source.title, False)}:
            text = text.replace(form, f"{form} [{k}]")
        return text

    def article(self, slug: str, k: int) -> str | None:
        if not 0 <= k < self.n or self.template(k).slug != slug:
            return None
        return self.rewrite(self.template(k).page, k)

    def members(self, listing: Listing) -> list[int]:
        """Article numbers a category lists, newest (highest) first: arithmetic, no scan."""
        size, residues = len(self.templates), sorted(listing.members)
        count = (self.n // size) * len(residues) + sum(r < self.n % size for r in residues)
        ascending = (divmod(j, len(residues)) for j in range(count - 1, -1, -1))
        return [q * size + residues[r] for q, r in ascending]

    def listing(self, path: str, page: int) -> str | None:
        listing = self.listings.get(path)
        if listing is None:
            return None
        members = self.members(listing)
        pages = max(1, math.ceil(len(members) / self.per_page))
        if not 1 <= page <= pages:
            return None
        shown = members[(page - 1) * self.per_page : page * self.per_page]
        return self.listing_page(listing, page, pages, shown)

    def listing_page(self, listing: Listing, page: int, pages: int, shown: Iterable[int]) -> str:
        """Page ``page`` of ``pages`` of a category, showing the cards of articles ``shown``."""
        cards = "\n".join(self.rewrite(self.template(k).card, k) for k in shown)
        head, middle, tail = listing.parts
        return head + cards + middle + _pagination(SITE_URL + listing.path, page, pages) + tail

    def feed(self) -> str:
        source = self.static.answer("/feed/").body.decode()
        start, end = source.index("<item>"), source.rindex("</item>") + len("</item>")
        newest = range(self.n - 1, max(-1, self.n - 1 - FEED_ITEMS), -1)
        items = "\n\t".join(self.rewrite(self.template(k).feed_item, k) for k in newest)
        return source[:start] + items + source[end:]

    def sitemap_index(self) -> str:
        files = [f"wp-sitemap-posts-post-{n}.xml" for n in range(1, self._sitemaps() + 1)]
        files.append("wp-sitemap-taxonomies-category-1.xml")
        entries = "".join(f"<sitemap><loc>{SITE_URL}{name}</loc></sitemap>" for name in files)
        return SITEMAP_HEAD + f"<sitemapindex {SITEMAP_NS}>{entries}</sitemapindex>\n"

    def sitemap(self, number: int) -> str | None:
        if not 1 <= number <= self._sitemaps():
            return None
        first = (number - 1) * SITEMAP_PAGE
        ks = range(first, min(self.n, first + SITEMAP_PAGE))
        urls = "".join(f"<url><loc>{SITE_URL}{self.url(k)[1:]}</loc></url>" for k in ks)
        return SITEMAP_HEAD + f"<urlset {SITEMAP_NS}>{urls}</urlset>\n"

    def _sitemaps(self) -> int:
        return max(1, math.ceil(self.n / SITEMAP_PAGE))


SITEMAP_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
SITEMAP_NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


def _redirect(location: str) -> Reply:
    return Reply(HTTPStatus.MOVED_PERMANENTLY, b"", {"Location": location})


def _pagination(base: str, page: int, pages: int) -> str:
    """WordPress's paginate_links() markup, as the theme's numbered listings print it."""
    if pages == 1:
        return ""

    def link(n: int) -> str:
        return base if n == 1 else f"{base}page/{n}/"

    near = [n for n in (1, page - 1, page, page + 1, pages) if 1 <= n <= pages]
    items = [
        f'<span aria-current="page" class="page-numbers current">{n}</span>'
        if n == page
        else f'<a class="page-numbers" href="{link(n)}">{n}</a>'
        for n in sorted(set(near))
    ]
    if page < pages:
        icon = '<i class="rbi-cright" aria-hidden="true"></i>'
        items.append(f'<a class="next page-numbers" href="{link(page + 1)}">{icon}</a>')
    return '<nav class="pagination-wrap pagination-number">\n' + "\n".join(items) + "\n</nav>"


def _templates(root: Path, posts: list[dict[str, object]]) -> list[Template]:
    cards = _cards(root)
    items = _feed_items(root)
    templates = []
    for post in sorted(posts, key=lambda post: str(post["slug"])):
        slug, post_id = str(post["slug"]), int(str(post["post_id"]))
        page = (root / slug / "input.html").read_text(encoding="utf-8")
        title = json.loads((root / slug / "expected.json").read_text(encoding="utf-8"))
        headline = str(title["headline"])
        item = items.get(post_id) or _minimal_item(slug, post_id, headline)
        templates.append(Template(slug, post_id, headline, page, cards[post_id], item))
    return templates


def _cards(root: Path) -> dict[int, str]:
    """Every post's main-list card, from whichever listing page shows it."""
    cards: dict[int, str] = {}
    for page in sorted((root / "category").rglob("input.html")):
        for card in _main_cards(document_fromstring(page.read_text(encoding="utf-8"))):
            pid = int(card.get("data-pid") or 0)
            cards.setdefault(pid, tostring(card, encoding="unicode", with_tail=False))
    return cards


def _main_cards(page: HtmlElement) -> list[HtmlElement]:
    """The listing's own cards: not the carousels and widgets around it."""
    return [
        card
        for card in page.cssselect(".blog-content div.p-wrap")
        if not any(
            _NOT_MAIN_LIST & set((a.get("class") or "").split()) for a in card.iterancestors()
        )
    ]


def _feed_items(root: Path) -> dict[int, str]:
    source = (root / "feed" / "input.xml").read_text(encoding="utf-8")
    items = re.findall(r"<item>.*?</item>", source, re.DOTALL)
    ids = (re.search(r"\?p=(\d+)</guid>", item) for item in items)
    return {int(found[1]): item for found, item in zip(ids, items, strict=True) if found}


def _minimal_item(slug: str, post_id: int, title: str) -> str:
    return (
        f"<item>\n\t\t<title>{html.escape(title)}</title>\n\t\t<link>{SITE_URL}{slug}/</link>"
        f'\n\t\t<guid isPermaLink="false">{SITE_URL}?p={post_id}</guid>\n\t</item>'
    )


def _listings(
    root: Path, manifest: dict[str, list[dict[str, object]]], templates: list[Template]
) -> dict[str, Listing]:
    """Category path (below /category/) → its page template and the templates it lists."""
    index = {template.slug: n for n, template in enumerate(templates)}
    listings = {}
    for category in manifest["categories"]:
        slugs = {str(c["slug"]) for c in manifest["categories"] if c["parent"] == category["slug"]}
        slugs.add(str(category["slug"]))
        members = tuple(
            index[str(post["slug"])]
            for post in manifest["posts"]
            if slugs & set(post["categories"])  # type: ignore[call-overload]
        )
        path = str(category["path"])
        parts = _split_listing((root / path / "input.html").read_text(encoding="utf-8"))
        listings[path.removeprefix("category/")] = Listing(path, members, parts)
    return listings


def _split_listing(source: str) -> tuple[str, str, str]:
    """The page around its main list and pagination (both replaced by what a page shows)."""
    page = document_fromstring(source)
    cards = _main_cards(page)
    container = cards[0].getparent()
    assert container is not None
    container.insert(container.index(cards[0]), etree.Comment(_CARDS[4:-3]))
    stale = page.xpath(
        "//*[contains(@class, 'pagination-wrap')] | //link[@rel='next' or @rel='prev']"
    )
    for node in [*cards, *stale]:  # type: ignore[misc]
        node.getparent().remove(node)
    container.addnext(etree.Comment(_PAGES[4:-3]))
    text = "<!DOCTYPE html>\n" + tostring(page, encoding="unicode")
    head, rest = text.split(_CARDS)
    middle, tail = rest.split(_PAGES)
    return head, middle, tail


def _per_page(root: Path, manifest: dict[str, list[dict[str, object]]]) -> int:
    """WordPress's posts_per_page: the card count of a first page that has a second."""
    counts = [
        len(_main_cards(document_fromstring((root / str(c["path"]) / "input.html").read_bytes())))
        for c in manifest["categories"]
        if int(str(c["pages"])) > 1
    ]
    return max(counts, default=10)
