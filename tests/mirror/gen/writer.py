"""Writes the whole mirror into a directory, deterministically."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

from . import archive, feeds, pages, rest
from .model import MIRROR_DIR, Site, load_site
from .record import article_record
from .single import article_page


class Writer:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.count: dict[str, int] = {}

    def text(self, rel: str, content: str, kind: str) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="\n") as fh:
            fh.write(content)
        self.count[kind] = self.count.get(kind, 0) + 1

    def json(self, rel: str, obj: Any, kind: str = "expected") -> None:
        self.text(rel, json.dumps(obj, ensure_ascii=False, indent=2) + "\n", kind)


def write_site(site: Site, out: Path) -> dict[str, int]:
    w = Writer(out)
    w.text("input.html", pages.home_page(site), "home")
    w.json("expected.json", pages.home_expected(site))
    for art in site.articles:
        rec = article_record(art, site)
        html = article_page(art, site, rec["reading_time_minutes"], rec["word_count"])
        w.text(f"{art.slug}/input.html", html, "article")
        w.json(f"{art.slug}/expected.json", rec)
    page_counts: dict[str, int] = {}
    kinds: dict[str, str] = {}
    for cat in site.categories.values():
        lists = archive.listings(site, cat)
        page_counts[cat.slug] = len(lists)
        kinds[cat.slug] = archive.PAGINATION.get(cat.slug, "number")
        for lst in lists:
            html, expected = archive.listing_page(lst, site)
            rel = f"category/{cat.path}/" + (f"page/{lst.page}/" if lst.page > 1 else "")
            w.text(rel + "input.html", html, "listing")
            w.json(rel + "expected.json", expected)
        w.text(
            f"category/{cat.path}/feed/input.xml",
            feeds.rss(site, site.posts_in(cat.slug), cat),
            "feed",
        )
    w.text("feed/input.xml", feeds.rss(site, site.articles), "feed")
    for name, xml in feeds.sitemaps(site).items():
        w.text(name, xml, "sitemap")
    w.text("robots.txt", feeds.robots(site), "robots")
    w.text("_errors/404/input.html", pages.error_page(site), "error")
    w.json("_manifest.json", feeds.manifest(site, page_counts, kinds))
    write_rest(w, site)
    return w.count


def write_rest(w: Writer, site: Site) -> None:
    """The REST API's posts (with ``_embedded``) and categories, served by mirror/rest.py."""
    for name, data in (
        ("posts", rest.rest_posts(site)),
        ("categories", rest.rest_categories(site)),
    ):
        w.text(f"_rest/{name}.json", json.dumps(data, ensure_ascii=False, indent=1) + "\n", "rest")


def build(
    out: Path, mirror_dir: Path = MIRROR_DIR, include_samples: bool = False
) -> tuple[Site, dict[str, int]]:
    """Regenerate `out` from scratch (built in a temp dir, then swapped in)."""
    site = load_site(mirror_dir, include_samples)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".site-build-", dir=out.parent))
    try:
        counts = write_site(site, tmp)
        if out.exists():
            shutil.rmtree(out)
        tmp.rename(out)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)
    return site, counts
