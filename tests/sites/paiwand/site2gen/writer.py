"""Writes the whole mirror into a directory, deterministically (sorted keys are not needed:
every dict is built in a fixed order)."""

from __future__ import annotations

import shutil
from pathlib import Path

from gen.writer import Writer

from . import discovery, listing
from .model import LANG_ORDER, Site, load_site
from .record import article_record
from .rest import posts
from .single import article_page


def _path(site: Site, url: str) -> str:
    return url.removeprefix(site.base)


def write_site(site: Site, out: Path) -> dict[str, int]:
    w = Writer(out)
    w.text("input.html", listing.home_page(site, LANG_ORDER[0]), "home")
    w.json("expected.json", listing.menu_expected(site, LANG_ORDER[0]), "expected")
    for code in LANG_ORDER:
        w.text(f"{site.langs[code].prefix}input.html", listing.home_page(site, code), "home")
        w.json(
            f"{site.langs[code].prefix}expected.json", listing.menu_expected(site, code), "expected"
        )
        w.text(f"{site.langs[code].prefix}feed/input.xml", discovery.rss(site, code), "feed")
    for art in site.articles:
        w.text(f"{_path(site, art.url)}input.html", article_page(art, site), "article")
        w.json(f"{_path(site, art.url)}expected.json", article_record(art, site), "expected")
    pages: dict[str, int] = {}
    for cat in site.categories.values():
        lists = listing.listings(site, cat)
        pages[cat.slug] = len(lists)
        for lst in lists:
            rel = _path(site, lst.url(lst.page))
            w.text(f"{rel}input.html", listing.listing_page(lst, site), "listing")
            w.json(f"{rel}expected.json", listing.listing_expected(lst), "expected")
    for name, xml in discovery.sitemaps(site).items():
        w.text(name, xml, "sitemap")
    w.text("robots.txt", discovery.robots(site), "robots")
    w.json("_manifest.json", discovery.manifest(site, pages), "manifest")
    w.json("_rest/posts.json", posts(site), "rest")
    return w.count


def build(out: Path) -> tuple[Site, dict[str, int]]:
    """Rebuild ``out`` from scratch (stale pages of a renamed slug must not survive)."""
    site = load_site()
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    return site, write_site(site, out)
