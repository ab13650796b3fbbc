"""``extract_article(html, url)``: one article page in, one record (a plain dict) out."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from insight_scraper.extract import fields
from insight_scraper.extract.body import RawBlock, read_blocks
from insight_scraper.extract.crumbs import breadcrumbs
from insight_scraper.extract.dom import Element, classes, first, first_of, parse_html
from insight_scraper.extract.errors import NotAnArticle
from insight_scraper.extract.language import (
    detect_language,
    dominant_script,
    has_pashto_letters,
    normalize_lang,
)
from insight_scraper.extract.metadata import Head, read_head
from insight_scraper.extract.people import authors
from insight_scraper.extract.text import word_count
from insight_scraper.extract.timing import page_dates
from insight_scraper.extract.urls import site_of

SCHEMA_VERSION = "1.0"
_BODY_SELECTORS = (
    "div.entry-content.rbct",
    ".entry-content",
    "[itemprop=articleBody]",
    "article .rbct",
)
_TAIL_BYTES = 4096
_PROSE_TYPES = frozenset({"paragraph", "heading", "list", "quote"})
_LISTING_CLASSES = frozenset({"archive", "category", "tag", "author", "home", "blog", "search"})


def extract_article(html: str | bytes, url: str) -> dict[str, Any]:
    """The record of docs/record.md without ``scraped_at``; NotAnArticle for other pages."""
    root = parse_html(html)
    _check_complete(html)
    head = read_head(root, url)
    container = _body_container(root, head)
    record = _metadata(root, head, url)
    record.update(_content(container, root, url))
    record["content_hash"] = content_hash(record)
    record["schema_version"] = SCHEMA_VERSION
    return record


def _check_complete(document: str | bytes) -> None:
    """WordPress always sends a closing </html> (caches may add a comment after it). Without
    it the page was cut off, and a record built from it would silently miss its end."""
    tail = document[-_TAIL_BYTES:]
    closed = (b"</html" in tail.lower()) if isinstance(tail, bytes) else ("</html" in tail.lower())
    if document.strip() and not closed:
        raise NotAnArticle("truncated_document", "the page ends before </html>")


def _body_container(root: Element, head: Head) -> Element:
    body_classes = classes(first(root, "body")) if first(root, "body") is not None else frozenset()
    if "error404" in body_classes:
        raise NotAnArticle("not_found_page", "the page is the site's 'not found' page")
    if body_classes & _LISTING_CLASSES and "single" not in body_classes:
        raise NotAnArticle("listing_page", "the page is an archive or listing")
    container = first_of(root, *_BODY_SELECTORS)
    if container is None:
        raise NotAnArticle("no_article_markup", "no article body element on the page")
    return container


def _metadata(root: Element, head: Head, url: str) -> dict[str, Any]:
    canonical = fields.canonical_url(root, head, url)
    title = fields.headline(root, head)
    published, modified = page_dates(root, head)
    return {
        "url": url,
        "canonical_url": canonical,
        "post_id": fields.post_id(root),
        "site": site_of(canonical or url),
        "headline": title,
        "description": fields.description(head),
        "authors": authors(root, head, url),
        "date_published": published.value,
        "date_published_raw": published.raw,
        "date_modified": modified.value,
        "date_modified_raw": modified.raw,
        "breadcrumbs": breadcrumbs(root, head, url, {title, url, canonical or url}),
        "categories": fields.categories(root, head),
        "tags": fields.tags(root, head),
        "main_image": fields.main_image(root, head, url),
    }


def _content(container: Element, root: Element, url: str) -> dict[str, Any]:
    raw_blocks = read_blocks(container, url)
    body = "\n\n".join(_prose(raw_blocks))
    language = detect_language(body, _declared_lang(container)) or "und"
    words = word_count(body)
    return {
        "body": body,
        "blocks": [_block_record(block, language, container) for block in raw_blocks],
        "tweets": [block.tweet.as_record() for block in raw_blocks if block.tweet is not None],
        "language": language,
        "word_count": words,
        "reading_time_minutes": fields.reading_time(root, words),
    }


def _prose(blocks: list[RawBlock]) -> list[str]:
    pieces: list[str] = []
    for block in blocks:
        if block.type == "list":
            pieces.extend(block.extra["items"])
        elif block.type in _PROSE_TYPES and block.text:
            pieces.append(block.text)
    return pieces


def _declared_lang(node: Element) -> str | None:
    """The nearest ``lang`` attribute on the body or its ancestors (e.g. ``<html lang>``)."""
    for element in (node, *node.iterancestors()):
        if element.get("lang"):
            return normalize_lang(element.get("lang"))
    return None


def _block_record(block: RawBlock, language: str, container: Element) -> dict[str, Any]:
    if block.tweet is not None:
        lang = normalize_lang(block.tweet.lang)
    else:
        lang = block_language(block.text, _own_lang(block.node, container), language)
    return {"type": block.type, "text": block.text, "lang": lang, **block.extra}


def _own_lang(node: Element, container: Element) -> str | None:
    """A lang attribute on the block or an ancestor inside the body, not the page's."""
    for element in (node, *node.iterancestors()):
        if element is container:
            return normalize_lang(container.get("lang")) if container.get("lang") else None
        if element.get("lang"):
            return normalize_lang(element.get("lang"))
    return None


_SCRIPT_OF = {"fa": "arabic", "ps": "arabic", "ar": "arabic", "ur": "arabic"}


def block_language(text: str, own: str | None, article: str) -> str | None:
    """Markup first; else the article's language when the script agrees; else the script's."""
    if own:
        return own
    script = dominant_script(text)
    if script is None:
        return None
    if script == _SCRIPT_OF.get(article, "latin"):
        return article
    if script == "arabic":
        return "ps" if has_pashto_letters(text) else "fa"
    return "en" if script == "latin" else None


def content_hash(record: dict[str, Any]) -> str:
    """sha256 of the canonical JSON of headline, body and (tweet_id, text) pairs."""
    payload = {
        "headline": record["headline"],
        "body": record["body"],
        "tweets": [[tweet["tweet_id"], tweet["text"]] for tweet in record["tweets"]],
    }
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()
