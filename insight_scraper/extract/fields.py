"""Single-field extractors of an article page (headline, ids, taxonomy, image, reading time).
Each walks a fallback chain (extract/sources.py) — the theme's markup,
then JSON-LD, then OpenGraph and meta tags — and says which link of it gave the value
(a ``Sourced`` pair), so that a redesign that breaks the theme selectors shows in the records."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from insight_scraper.extract.dom import Element, attr, first, first_of, select, text
from insight_scraper.extract.metadata import Head, as_list, as_text
from insight_scraper.extract.sources import (
    GENERIC,
    JSON_LD,
    META,
    NONE,
    OPENGRAPH,
    THEME,
    Sourced,
    first_found,
)
from insight_scraper.extract.text import or_none
from insight_scraper.extract.urls import absolute_url, full_size_image, post_id_from_url

_TITLE_SUFFIX = re.compile(r"\s+[-–—|»:]\s+[^-–—|»:]+$")
_REST_POST = re.compile(r"/wp-json/wp/v2/posts/(\d+)")
_POSTID_CLASS = re.compile(r"\bpostid-(\d+)\b")
_ARTICLE_ID = re.compile(r"^post-(\d+)$")
_READ_MINUTES = re.compile(r"(\d+)")
_JOB_PREFIX = re.compile(r"^[\s\-\u2010-\u2015]+")
_WORD = re.compile(r"\w+")
# Theme markup, Foxiz first (docs/markup.md §1.5, §1.7), then Newspaper (docs/site2-markup.md §2).
_HEADLINES = ("h1.s-title", ".single-header h1", ".td-post-title h1")
_CATEGORY_LISTS = (".single-header .s-cats", ".s-cats", ".td-post-header .td-category")
_TAG_LINKS = ".efoot .tag-bar a, .tags-list a, .td-post-source-tags a"
_MIN_H1_WORDS = 3  # a site's name in an h1 ("India Post") is shorter than a headline


def headline(root: Element, head: Head) -> Sourced[str]:
    """h1.s-title → the visible h1 when the metadata confirms it → JSON-LD headline →
    og:title → the article's h1 → <title> minus suffix.

    The rule between the visible h1 and the metadata headline (SEO plugins write a headline
    for search engines, often shorter or reworded, and generic pages carry a site logo in an
    h1 too): an h1 is *confirmed* when at least 60% of its words (3 or more words) appear in
    the metadata titles (JSON-LD headline, og:title, twitter:title, <title> without its site
    suffix). The first confirmed h1 is the headline, unless the metadata headline has the
    same words: then that one is kept, and named as the source."""
    metadata = _metadata_headline(head)
    return first_found(
        [
            (THEME, lambda: text(first_of(root, *_HEADLINES))),
            (GENERIC, lambda: _visible_headline(root, head, metadata[0])),
            (metadata[1], lambda: metadata[0]),
            (GENERIC, lambda: text(first(root, "article h1")) or None),
            (META, lambda: or_none(_TITLE_SUFFIX.sub("", head.title or ""))),
        ],
        "",
    )


def _metadata_headline(head: Head) -> Sourced[str | None]:
    return first_found(
        [
            (JSON_LD, lambda: _without_site_name(as_text(head.article().get("headline")), head)),
            (OPENGRAPH, lambda: _without_site_name(head.meta.get("og:title"), head)),
        ],
        None,
    )


def _visible_headline(root: Element, head: Head, stated: str | None) -> str | None:
    title, site = _split_title(head.title or "")
    titles = [stated, _without_site_name(head.meta.get("og:title"), head), title]
    known = {word for line in [*titles, head.meta.get("twitter:title")] for word in _words(line)}
    site_words = set(_words(site)) | set(_words(head.meta.get("og:site_name")))
    for node in select(root, "h1"):
        words = _words(text(node))
        if len(words) < _MIN_H1_WORDS or set(words) <= site_words or _links_home(node):
            continue  # the site's name or logo, not the article's headline
        if sum(word in known for word in words) >= 0.6 * len(words):
            # Same words: the metadata's own spelling is kept (and named as the source).
            return None if words == _words(stated) else text(node)
    return None


def _split_title(title: str) -> tuple[str, str]:
    """ "Headline | Site Name" → ("Headline", "Site Name") at the last separator; no
    separator → (title, "")."""
    at, separator = max((title.rfind(sep), sep) for sep in (" | ", " - ", " – ", " — ", " » "))
    return (title[:at], title[at + len(separator) :]) if at > 0 else (title, "")


def _links_home(node: Element) -> bool:
    links = [*node.iterancestors("a"), *node.iterdescendants("a")]
    return any(urlsplit(link.get("href") or "x").path in ("", "/") for link in links)


def _words(title: str | None) -> list[str]:
    return _WORD.findall((title or "").casefold())


def _without_site_name(title: str | None, head: Head) -> str | None:
    """SEO plugins may append " - Site Name" to og:title and even to the JSON-LD headline."""
    site_name = head.meta.get("og:site_name") or as_text(head.of_type("WebSite").get("name"))
    title, site = or_none(title), or_none(site_name)
    if title and site:
        for separator in (" - ", " – ", " — ", " | ", " » "):
            title = title.removesuffix(separator + site)
    return title


def description(head: Head) -> Sourced[str | None]:
    """The theme prints no standfirst by default: JSON-LD → og:description → meta description.
    All three carry the same excerpt on this site; the meta tag is the one every page has."""
    return first_found(
        [
            (META, lambda: or_none(head.meta.get("description"))),
            (JSON_LD, lambda: or_none(as_text(head.article().get("description")))),
            (OPENGRAPH, lambda: or_none(head.meta.get("og:description"))),
        ],
        None,
    )


def canonical_url(root: Element, head: Head, url: str) -> Sourced[str | None]:
    """link[rel=canonical] → og:url → the theme's copy-link button."""
    copy_link = attr(first(root, "a.copy-trigger[data-link]"), "data-link")
    return first_found(
        [
            (META, lambda: head.canonical),
            (OPENGRAPH, lambda: absolute_url(head.meta.get("og:url"), url)),
            (THEME, lambda: absolute_url(copy_link, url)),
        ],
        None,
    )


def post_id(root: Element) -> Sourced[int | None]:
    """body.postid-N → article#post-N → shortlink ?p=N → the REST alternate link."""
    return first_found(
        [
            (THEME, lambda: _class_id(root)),
            (THEME, lambda: _article_id(root)),
            (META, lambda: post_id_from_url(attr(first(root, "link[rel=shortlink]"), "href"))),
            (META, lambda: _rest_id(root)),
        ],
        None,
    )


def _class_id(root: Element) -> int | None:
    match = _POSTID_CLASS.search(attr(root.find("body"), "class") or "")
    return int(match.group(1)) if match else None


def _article_id(root: Element) -> int | None:
    for article in select(root, "article[id]"):
        match = _ARTICLE_ID.match(article.get("id", ""))
        if match:
            return int(match.group(1))
    return None


def _rest_id(root: Element) -> int | None:
    link = first(root, 'link[rel="alternate"][type="application/json"]')
    match = _REST_POST.search(attr(link, "href") or "")
    return int(match.group(1)) if match else None


def categories(root: Element, head: Head) -> Sourced[list[str]]:
    """All categories shown over the headline, else JSON-LD articleSection."""
    return first_found(
        [
            (THEME, lambda: _unique(_texts(first_of(root, *_CATEGORY_LISTS)))),
            (JSON_LD, lambda: _unique(_names(head.article().get("articleSection")))),
        ],
        [],
    )


def tags(root: Element, head: Head) -> Sourced[list[str]]:
    """The entry footer tag bar, else JSON-LD keywords (Yoast writes the tags there)."""
    keywords = head.article().get("keywords")
    if isinstance(keywords, str):
        keywords = keywords.split(",")
    return first_found(
        [
            (THEME, lambda: _unique([text(a) for a in select(root, _TAG_LINKS)])),
            (JSON_LD, lambda: _unique(_names(keywords))),
        ],
        [],
    )


def _texts(scope: Element | None) -> list[str]:
    return [text(a) for a in select(scope, "a.p-category, a")] if scope is not None else []


def _names(values: Any) -> list[str]:
    return [as_text(item) or "" for item in as_list(values)]


def main_image(root: Element, head: Head, url: str) -> Sourced[dict[str, Any] | None]:
    """The featured image at full size with its caption and alt; else og:image."""
    outer = first_of(root, ".s-feat-outer", ".s-feat", ".td-post-featured-image")
    themed = _theme_image(outer, url) if outer is not None else None
    if themed is not None:
        return themed, THEME
    image = head.meta.get("og:image") or as_text(head.article().get("image"))
    found = absolute_url(image, url)
    return ({"url": found, "caption": None, "alt": None}, OPENGRAPH) if found else (None, NONE)


def _theme_image(outer: Element, url: str) -> dict[str, Any] | None:
    image = first(outer, "img")
    source = attr(first(outer, "[data-source]"), "data-source")
    if source is None and image is not None:
        source = attr(image, "data-src") or attr(image, "src")
        source = full_size_image(source) if source else None
    found = absolute_url(source, url)
    if found is None:
        return None
    caption = text(first_of(outer, ".caption-text", ".feat-caption", ".wp-caption-text"))
    return {"url": found, "caption": caption or None, "alt": attr(image, "alt")}


def reading_time(root: Element, words: int) -> int:
    """The page's own "N Min Read", else the theme's 130 words per minute."""
    match = _READ_MINUTES.search(text(first(root, ".meta-read")))
    if match:
        return int(match.group(1))
    return max(1, round(words / 130))


def strip_job_prefix(label: str) -> str:
    """ "- Journalist / Contributor" → "Journalist / Contributor"."""
    return _JOB_PREFIX.sub("", label).strip()


def _unique(values: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for value in values:
        if value and value not in seen:
            seen[value] = None
    return list(seen)
