"""Self-test of the mirror generator (python tests/mirror/check_build.py [--samples]).

1. Two fresh builds are byte-identical (and equal to tests/fixtures/site/ if it exists).
2. Every article expected.json (+ scraped_at) validates against the record JSON Schema.
3. Listing article_urls / next_page point at generated pages.
4. Every input.html parses and carries the selectors of docs/markup.md; the visible body text of
   `.entry-content` (read back with a tiny independent reader) equals expected `body`.
"""

from __future__ import annotations

import filecmp
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from lxml import etree
from lxml import html as lhtml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from gen.model import MIRROR_DIR  # noqa: E402
from gen.textutil import norm  # noqa: E402
from gen.writer import build  # noqa: E402

ROOT = HERE.parent.parent
SCHEMA = ROOT / "insight_scraper" / "schema" / "article.schema.json"
FIXTURES = HERE.parent / "fixtures" / "site"
ARTICLE_SELECTORS = (
    "h1.s-title.fw-headline",
    "div.entry-content.rbct.clearfix",
    "header.single-header",
    ".s-cats .p-categories a.p-category",
    ".single-meta .meta-el.meta-author a",
    "span.meta-el.meta-read",
    "div.e-shared-sec a.copy-trigger[data-link]",
    "div.l-shared-sec-outer",
    "div.t-shared-sec",
    "div.sidebar-wrap.single-sidebar .widget_categories",
    "aside.sfoter-sec.single-related",
    "footer.footer-wrap",
    "#rb-user-popup-form",
    "nav#site-navigation ul.main-menu.rb-menu.large-menu",
    "ul#mobile-menu.mobile-menu",
    ".mobile-socials .mobile-social-title",
    "div.font-resizer",
    "link[rel=canonical]",
    "link[rel=shortlink]",
    "link#foxiz-main-css",
)
LISTING_SELECTORS = (
    "h1.archive-title",
    "aside.breadcrumb-wrap.archive-breadcrumb",
    "div.taxonomy-description",
    "footer.footer-wrap",
    "#rb-user-popup-form",
)
SKIP_CLASSES = (
    "ad-wrap",
    "related-sec",
    "rbtoc",
    "wp-block-embed",
    "embed-twitter",
    "twitter-tweet",
    "wp-block-image",
)


class Checker:
    def __init__(self) -> None:
        self.errors: list[str] = []

    def check(self, cond: bool, msg: str) -> None:
        if not cond:
            self.errors.append(msg)


def same_tree(a: Path, b: Path) -> list[str]:
    diffs: list[str] = []
    fa = sorted(p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file())
    fb = sorted(p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file())
    if fa != fb:
        diffs.append(f"file lists differ: {sorted(set(fa) ^ set(fb))[:10]}")
    diffs += [
        f"content differs: {rel}"
        for rel in sorted(set(fa) & set(fb))
        if not filecmp.cmp(a / rel, b / rel, shallow=False)
    ]
    return diffs


def body_text(content: Any) -> str:
    """Independent read-back of `.entry-content` prose (for cross-checking only)."""
    chunks: list[str] = []
    for el in content:
        if not isinstance(el.tag, str) or el.tag == "script":
            continue
        classes = el.get("class", "").split()
        if any(c in classes for c in SKIP_CLASSES) or el.find(".//script") is not None:
            continue
        if el.tag in ("ul", "ol"):
            chunks += [norm(li.text_content()) for li in el.iter("li")]
        elif el.tag in ("blockquote", "figure"):
            chunks += [norm(p.text_content()) for p in el.iter("p")]
        else:
            chunks.append(norm(el.text_content()))
    return "\n\n".join(c for c in chunks if c)


def check_article(c: Checker, rel: str, doc: Any, exp: dict[str, Any]) -> None:
    for sel in ARTICLE_SELECTORS:
        c.check(bool(doc.cssselect(sel)), f"{rel}: missing {sel}")
    c.check(f"postid-{exp['post_id']}" in doc.body.get("class", "").split(), f"{rel}: body.postid")
    h1 = doc.cssselect("h1.s-title")
    c.check(bool(h1) and norm(h1[0].text_content()) == exp["headline"], f"{rel}: headline")
    read = doc.cssselect("span.meta-read")
    c.check(
        bool(read) and read[0].text == f"{exp['reading_time_minutes']} Min Read", f"{rel}: Min Read"
    )
    content = doc.cssselect("div.entry-content.rbct")[0]
    c.check(body_text(content) == exp["body"], f"{rel}: body read-back differs from expected")
    n_tw = len(content.cssselect("blockquote.twitter-tweet, div.twitter-tweet-rendered")) + len(
        [
            w
            for w in content.cssselect("div.wp-block-embed__wrapper")
            if len(w) == 0 and "/status/" in (w.text or "")
        ]
    )
    c.check(n_tw == len(exp["tweets"]), f"{rel}: {n_tw} tweet embeds vs {len(exp['tweets'])}")
    for script in doc.xpath('//script[@type="application/ld+json"]'):
        data = json.loads(script.text)
        nodes = data.get("@graph", [data])
        for node in nodes:
            if "datePublished" in node:
                c.check(node["datePublished"] == exp["date_published_raw"], f"{rel}: ld date")
    cats = [norm(a.text_content()) for a in doc.cssselect(".s-cats a.p-category")]
    c.check(cats == exp["categories"], f"{rel}: categories")
    tags = [norm(a.text_content()) for a in doc.cssselect(".efoot .tag-bar a")]
    c.check(tags == exp["tags"], f"{rel}: tags")


def check_listing(c: Checker, rel: str, doc: Any, exp: dict[str, Any], urls: set[str]) -> None:
    for sel in LISTING_SELECTORS:
        c.check(bool(doc.cssselect(sel)), f"{rel}: missing {sel}")
    cards = [
        a.get("href") for a in doc.cssselect(".blog-content div.p-wrap h3.entry-title a.p-url")
    ]
    c.check(cards == exp["article_urls"], f"{rel}: list cards != article_urls")
    for url in exp["article_urls"]:
        c.check(url in urls, f"{rel}: {url} is not a generated article")
    nxt = doc.cssselect("a.next.page-numbers, span.older a")
    if nxt:
        c.check(nxt[0].get("href") == exp["next_page"], f"{rel}: next link != next_page")
    if exp["article_urls"]:
        c.check(bool(doc.cssselect(".post-carousel.swiper-container .p-wrap")), f"{rel}: carousel")


def check_tree(out: Path, c: Checker) -> None:
    validator = Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    manifest = json.loads((out / "_manifest.json").read_text(encoding="utf-8"))
    urls = {p["url"] for p in manifest["posts"]}
    base = "https://www.afghaninsight.com/"
    for page in sorted(out.rglob("input.html")):
        rel = page.parent.relative_to(out).as_posix()
        doc = lhtml.fromstring(page.read_bytes())
        c.check(
            bool(doc.cssselect("#site-header")) and bool(doc.cssselect("footer.footer-wrap")),
            f"{rel}: chrome",
        )
        exp_path = page.parent / "expected.json"
        if not exp_path.exists():
            continue
        exp = json.loads(exp_path.read_text(encoding="utf-8"))
        if "schema_version" in exp:
            rec = {**exp, "scraped_at": "2026-01-01T00:00:00Z"}
            for err in validator.iter_errors(rec):
                c.errors.append(f"{rel}: schema: {err.message} at {list(err.absolute_path)}")
            c.check(exp["url"] == f"{base}{rel}/", f"{rel}: url/path mismatch")
            check_article(c, rel, doc, exp)
        elif "article_urls" in exp:
            check_listing(c, rel, doc, exp, urls)
            if exp["next_page"]:
                nxt = out / exp["next_page"].removeprefix(base) / "input.html"
                c.check(nxt.exists(), f"{rel}: next_page not generated")
        else:
            menu = [norm(str(a.xpath("string()"))) for a in doc.cssselect("#site-navigation li a")]
            c.check(menu[1:] == [x["name"] for x in exp["categories"]], "home: menu order")
    for xml in sorted([*out.rglob("input.xml"), *out.glob("wp-sitemap*.xml")]):
        etree.fromstring(xml.read_bytes())


def main(argv: list[str] | None = None) -> int:
    samples = "--samples" in (argv if argv is not None else sys.argv[1:])
    c = Checker()
    with tempfile.TemporaryDirectory() as tmp:
        a, b = Path(tmp) / "a" / "site", Path(tmp) / "b" / "site"
        build(a, MIRROR_DIR, samples)
        build(b, MIRROR_DIR, samples)
        c.errors += [f"determinism: {d}" for d in same_tree(a, b)]
        if FIXTURES.exists() and not samples:
            c.errors += [f"fixtures stale: {d}" for d in same_tree(a, FIXTURES)]
        check_tree(a, c)
    for err in c.errors:
        print("FAIL", err)
    print(f"check_build: {'OK' if not c.errors else f'{len(c.errors)} problem(s)'}")
    return 1 if c.errors else 0


if __name__ == "__main__":
    sys.exit(main())
