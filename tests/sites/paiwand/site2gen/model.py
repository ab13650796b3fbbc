"""Sources (site.json, content/<lang>.json) loaded into small objects.

Article bodies use the block format of the first mirror (tests/mirror/README.md, "Body
blocks"), so its renderers (gen.body, gen.tweets) write them; ``Article`` and ``Site`` carry
the attributes those renderers read (``body``, ``language``, ``url``, ``post_id``, ``base``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

SOURCES = Path(__file__).resolve().parent.parent
LANG_ORDER = ("fa", "ps", "en")


@dataclass(frozen=True)
class Lang:
    code: str
    prefix: str
    locale: str
    dir: str
    site_title: str
    home: str
    by: str
    tags: str
    digits: str
    calendar: str


@dataclass(frozen=True)
class Category:
    slug: str
    name: str
    term_id: int
    lang: str
    url: str


@dataclass(frozen=True)
class Tag:
    slug: str
    name: str
    term_id: int
    url: str


@dataclass(frozen=True)
class Author:
    key: str
    name: str
    lang: str
    bio: str | None
    url: str
    user_id: int


@dataclass
class Article:
    slug: str
    post_id: int
    language: str
    headline: str
    description: str
    authors: list[str]
    published: str
    modified: str
    categories: list[str]
    tags: list[Tag]
    image: dict[str, Any] | None
    dates: str  # "machine" (datetime attribute, JSON-LD, OpenGraph) | "solar-only"
    digits: str  # "persian" | "arabic-indic" | "latin": the visible date's digits
    body: list[dict[str, Any]]
    url: str = ""
    pub_dt: datetime = field(default_factory=datetime.now)
    mod_dt: datetime = field(default_factory=datetime.now)


@dataclass
class Site:
    name: str
    base: str
    offset: str
    per_page: int
    langs: dict[str, Lang]
    categories: dict[str, Category]
    authors: dict[str, Author]
    articles: list[Article] = field(default_factory=list)

    def home(self, lang: str) -> str:
        return self.base + self.langs[lang].prefix

    def in_lang(self, lang: str) -> list[Article]:
        return [a for a in self.articles if a.language == lang]

    def posts_in(self, slug: str) -> list[Article]:
        return [a for a in self.articles if slug in a.categories]


def load_site(root: Path = SOURCES) -> Site:
    cfg = json.loads((root / "site.json").read_text(encoding="utf-8"))
    base = cfg["base_url"]
    langs = {code: Lang(code=code, **spec) for code, spec in cfg["languages"].items()}
    cats = {
        c["slug"]: Category(c["slug"], c["name"], c["term_id"], code,
                            f"{base}{langs[code].prefix}category/{c['slug']}/")
        for code in LANG_ORDER for c in cfg["categories"][code]
    }  # fmt: skip
    authors = {
        key: Author(key, a["name"], a["lang"], a.get("bio"),
                    f"{base}{langs[a['lang']].prefix}author/{key}/", n + 2)
        for n, (key, a) in enumerate(cfg["authors"].items())
    }  # fmt: skip
    site = Site(cfg["name"], base, cfg["utc_offset"], int(cfg["per_page"]), langs, cats, authors)
    for code in LANG_ORDER:
        for src in json.loads((root / "content" / f"{code}.json").read_text(encoding="utf-8")):
            site.articles.append(_article(src, code, site))
    site.articles.sort(key=lambda a: (a.pub_dt, a.post_id), reverse=True)
    _check(site)
    return site


def _article(src: dict[str, Any], code: str, site: Site) -> Article:
    prefix = site.langs[code].prefix
    tags = [
        Tag(t["slug"], t["name"], t["term_id"], f"{site.base}{prefix}tag/{t['slug']}/")
        for t in src.get("tags", [])
    ]
    default_digits = "latin" if code == "en" else "persian"
    art = Article(
        slug=src["slug"], post_id=int(src["post_id"]), language=code, headline=src["headline"],
        description=src["description"], authors=list(src["authors"]),
        published=src["published"], modified=src["modified"],
        categories=list(src["categories"]), tags=tags, image=src.get("image"),
        dates=src.get("dates", "machine"), digits=src.get("digits", default_digits),
        body=list(src["body"]),
    )  # fmt: skip
    art.url = f"{site.base}{prefix}{art.slug}/"
    art.pub_dt = datetime.fromisoformat(art.published)
    art.mod_dt = datetime.fromisoformat(art.modified)
    return art


def _check(site: Site) -> None:
    """Sources that would give a wrong mirror stop the build (never a silent skip)."""
    seen: set[int] = set()
    for art in site.articles:
        if art.post_id in seen:
            raise ValueError(f"{art.slug}: duplicate post_id {art.post_id}")
        seen.add(art.post_id)
        for slug in art.categories:
            if site.categories[slug].lang != art.language:
                raise ValueError(f"{art.slug}: category {slug} is not in {art.language}")
        for key in art.authors:
            if site.authors[key].lang != art.language:
                raise ValueError(f"{art.slug}: author {key} writes in another section")
