"""Single-field extractors of an article page. Each reads the theme markup first, then head data."""

from __future__ import annotations

import re
from typing import Any

from insight_scraper.extract.dom import Element, attr, first, first_of, select, text
from insight_scraper.extract.metadata import Head, as_list, as_text
from insight_scraper.extract.text import or_none
from insight_scraper.extract.urls import absolute_url, full_size_image, post_id_from_url

_TITLE_SUFFIX = re.compile(r"\s+[-–—|»:]\s+[^-–—|»:]+$")
_REST_POST = re.compile(r"/wp-json/wp/v2/posts/(\d+)")
_POSTID_CLASS = re.compile(r"\bpostid-(\d+)\b")
_ARTICLE_ID = re.compile(r"^post-(\d+)$")
_READ_MINUTES = re.compile(r"(\d+)")
_JOB_PREFIX = re.compile(r"^[\s\-\u2010-\u2015]+")


def headline(root: Element, head: Head) -> str:
    """h1.s-title → og:title → JSON-LD headline → <title> minus the site suffix."""
    found = text(first_of(root, "h1.s-title", ".single-header h1", "article h1"))
    if found:
        return found
    candidates = [head.meta.get("og:title"), as_text(head.article().get("headline"))]
    for candidate in candidates:
        if or_none(candidate):
            return or_none(candidate) or ""
    return or_none(_TITLE_SUFFIX.sub("", head.title or "")) or ""


def description(head: Head) -> str | None:
    """meta description → og:description → JSON-LD description."""
    for candidate in (
        head.meta.get("description"),
        head.meta.get("og:description"),
        as_text(head.article().get("description")),
    ):
        if or_none(candidate):
            return or_none(candidate)
    return None


def canonical_url(root: Element, head: Head, url: str) -> str | None:
    """link[rel=canonical] → og:url → the copy-link button's permalink."""
    if head.canonical:
        return head.canonical
    copy_link = attr(first(root, "a.copy-trigger[data-link]"), "data-link")
    return absolute_url(head.meta.get("og:url"), url) or absolute_url(copy_link, url)


def post_id(root: Element) -> int | None:
    """Shortlink ?p=N → body.postid-N → article#post-N → the REST alternate link."""
    shortlink = attr(first(root, "link[rel=shortlink]"), "href")
    found = post_id_from_url(shortlink)
    if found:
        return found
    body_class = _POSTID_CLASS.search(attr(first(root, "body"), "class") or "")
    if body_class:
        return int(body_class.group(1))
    for article in select(root, "article[id]"):
        match = _ARTICLE_ID.match(article.get("id", ""))
        if match:
            return int(match.group(1))
    rest = _REST_POST.search(
        attr(first(root, 'link[rel="alternate"][type="application/json"]'), "href") or ""
    )
    return int(rest.group(1)) if rest else None


def categories(root: Element, head: Head) -> list[str]:
    """All categories shown over the headline, else JSON-LD articleSection."""
    scope = first_of(root, ".single-header .s-cats", ".s-cats")
    names = [text(a) for a in select(scope, "a.p-category, a")] if scope is not None else []
    if not names:
        names = [as_text(item) or "" for item in as_list(head.article().get("articleSection"))]
    return _unique(names)


def tags(root: Element, head: Head) -> list[str]:
    """The entry footer tag bar, else JSON-LD keywords (Yoast writes the tags there)."""
    names: list[str] = [
        text(a) for a in select(root, ".efoot .tag-bar a, .tags-list a, .post-tags a")
    ]
    if not names:
        keywords = head.article().get("keywords")
        if isinstance(keywords, str):
            keywords = keywords.split(",")
        names = [as_text(item) or "" for item in as_list(keywords)]
    return _unique(names)


def main_image(root: Element, head: Head, url: str) -> dict[str, Any] | None:
    """The featured image at full size with its caption and alt."""
    outer = first_of(root, ".s-feat-outer", ".s-feat")
    image = first(outer, "img") if outer is not None else None
    source = attr(first(outer, "[data-source]"), "data-source") if outer is not None else None
    if source is None and image is not None:
        source = attr(image, "data-src") or attr(image, "src")
        source = full_size_image(source) if source else None
    found = absolute_url(source or head.meta.get("og:image"), url)
    if found is None:
        return None
    caption = text(first_of(outer, ".caption-text", ".feat-caption")) if outer is not None else ""
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
