"""Sources: site.json + content/articles/*.json, loaded into small typed objects."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from .validate import VARIANT_DEFAULTS, SourceError, check_article

__all__ = ["Article", "Author", "Category", "Site", "SourceError", "load_site"]

MIRROR_DIR = Path(__file__).resolve().parent.parent
RTL_LANGS = ("fa", "ps", "ar", "ur", "he")


@dataclass(frozen=True)
class Category:
    slug: str
    name: str
    term_id: int
    parent: str | None
    children: tuple[str, ...]
    path: str
    url: str
    order: int


@dataclass(frozen=True)
class Author:
    key: str
    name: str
    role: str | None
    bio: str | None
    url: str


@dataclass
class Article:
    src: dict[str, Any]
    slug: str
    post_id: int
    headline: str
    description: str
    authors: list[str]
    published: str
    modified: str
    categories: list[str]
    tags: list[dict[str, str]]
    image: dict[str, Any] | None
    language: str
    variant: dict[str, Any]
    related: list[str]
    body: list[dict[str, Any]]
    url: str = ""
    pub_dt: datetime = field(default_factory=datetime.now)
    mod_dt: datetime = field(default_factory=datetime.now)

    @property
    def rtl(self) -> bool:
        return str(self.variant["html_lang"]).split("-")[0].lower() in RTL_LANGS


@dataclass
class Site:
    name: str
    base: str
    offset: str
    per_page: int
    categories: dict[str, Category]
    authors: dict[str, Author]
    articles: list[Article]
    by_slug: dict[str, Article]
    warnings: list[str]

    def url(self, path: str = "") -> str:
        return self.base + path

    def ancestors(self, slug: str) -> list[Category]:
        """The category chain from the top-level parent down to `slug`."""
        chain: list[Category] = []
        cur: str | None = slug
        while cur is not None:
            cat = self.categories[cur]
            chain.insert(0, cat)
            cur = cat.parent
        return chain

    def posts_in(self, slug: str) -> list[Article]:
        """Posts of a category archive (children included), newest first."""
        cat = self.categories[slug]
        wanted = {slug, *cat.children}
        return [a for a in self.articles if wanted & set(a.categories)]

    def direct_count(self, slug: str) -> int:
        return sum(1 for a in self.articles if slug in a.categories)


def _categories(cfg: dict[str, Any], base: str) -> dict[str, Category]:
    out: dict[str, Category] = {}
    order = 0
    for top in cfg["menu"]:
        kids = tuple(c["slug"] for c in top.get("children", []))
        path = top["slug"]
        out[top["slug"]] = Category(
            top["slug"],
            top["name"],
            int(top["term_id"]),
            None,
            kids,
            path,
            f"{base}category/{path}/",
            order,
        )
        order += 1
        for child in top.get("children", []):
            cpath = f"{path}/{child['slug']}"
            out[child["slug"]] = Category(
                child["slug"],
                child["name"],
                int(child["term_id"]),
                top["slug"],
                (),
                cpath,
                f"{base}category/{cpath}/",
                order,
            )
            order += 1
    return out


def load_site(mirror_dir: Path = MIRROR_DIR, include_samples: bool = False) -> Site:
    cfg = json.loads((mirror_dir / "site.json").read_text(encoding="utf-8"))
    base = cfg["base_url"]
    cats = _categories(cfg, base)
    authors = {
        key: Author(key, a["name"], a.get("role"), a.get("bio"), f"{base}author/{key}/")
        for key, a in cfg["authors"].items()
    }
    site = Site(
        cfg["name"], base, cfg["utc_offset"], int(cfg["per_page"]), cats, authors, [], {}, []
    )
    files = sorted((mirror_dir / "content" / "articles").glob("*.json"))
    for path in files:
        if path.name.startswith("_") and not include_samples:
            continue
        try:
            art = _article(json.loads(path.read_text(encoding="utf-8")), site)
        except (SourceError, KeyError, TypeError, ValueError) as exc:
            raise SourceError(f"{path.name}: {exc}") from exc
        if art.slug in site.by_slug:
            raise SourceError(f"{path.name}: duplicate slug {art.slug}")
        if path.stem.lstrip("_") != art.slug and not path.name.startswith("_"):
            site.warnings.append(f"{path.name}: file name differs from slug {art.slug}")
        site.by_slug[art.slug] = art
    site.articles = sorted(site.by_slug.values(), key=lambda a: (a.pub_dt, a.post_id), reverse=True)
    _check_links(site)
    return site


def _article(src: dict[str, Any], site: Site) -> Article:
    check_article(src, site)
    variant = dict(VARIANT_DEFAULTS)
    variant.update(src.get("variant") or {})
    art = Article(
        src=src,
        slug=src["slug"],
        post_id=int(src["post_id"]),
        headline=src["headline"],
        description=src["description"],
        authors=list(src["authors"]),
        published=src["published"],
        modified=src["modified"],
        categories=list(src["categories"]),
        tags=list(src.get("tags") or []),
        image=src.get("image"),
        language=src["language"],
        variant=variant,
        related=list(src.get("related") or []),
        body=list(src["body"]),
    )
    art.url = f"{site.base}{art.slug}/"
    art.pub_dt = datetime.fromisoformat(art.published)
    art.mod_dt = datetime.fromisoformat(art.modified)
    return art


def _check_links(site: Site) -> None:
    ids: dict[int, str] = {}
    for art in site.articles:
        if art.post_id in ids:
            raise SourceError(f"{art.slug}: post_id {art.post_id} also used by {ids[art.post_id]}")
        ids[art.post_id] = art.slug
        for rel in art.related:
            if rel not in site.by_slug:
                site.warnings.append(f"{art.slug}: related slug {rel!r} has no source (skipped)")
            elif rel == art.slug:
                site.warnings.append(f"{art.slug}: related lists the article itself (skipped)")
