"""``extract_article(html, url)``: one article page in, one record (a plain dict) out.

Every field walks a fallback chain (theme markup → JSON-LD → OpenGraph/meta → a generic
extractor for the body) and the record's ``extraction`` map names the link that answered.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

from insight_scraper.extract import fields
from insight_scraper.extract.authors import authors
from insight_scraper.extract.blocklang import block_language, declared_lang, own_lang
from insight_scraper.extract.body import RawBlock, read_blocks
from insight_scraper.extract.breadcrumbs import breadcrumbs
from insight_scraper.extract.dom import (
    MAX_DEPTH,
    Element,
    classes,
    first_of,
    parse_html,
    too_deep,
)
from insight_scraper.extract.errors import NotAnArticle
from insight_scraper.extract.generic import generic_blocks
from insight_scraper.extract.language import detect_language, normalize_lang
from insight_scraper.extract.metadata import Head, read_head
from insight_scraper.extract.page_dates import page_dates, shown_solar_hijri
from insight_scraper.extract.sources import GENERIC, NONE, THEME
from insight_scraper.extract.text import word_count
from insight_scraper.extract.urls import site_of

SCHEMA_VERSION = "1.0"
_BODY_SELECTORS = (
    "div.entry-content.rbct",
    "div.td-post-content",  # Newspaper (tagDiv), docs/site2-markup.md §2.4
    ".entry-content",
    "[itemprop=articleBody]",
    "article .rbct",
)
_TAIL_BYTES = 4096
# The shortest news items on the article-extraction-benchmark have ~90 words of body; a
# listing or error page read by the generic extractor gives a few teaser lines at most.
MIN_ARTICLE_WORDS = 50
_PROSE_TYPES = frozenset({"paragraph", "heading", "list", "quote"})
_LISTING_CLASSES = frozenset({"archive", "category", "tag", "author", "home", "blog", "search"})


def extract_article(
    html: str | bytes, url: str, *, body_selectors: Sequence[str] = ()
) -> dict[str, Any]:
    """The record of docs/record.md without ``scraped_at``; NotAnArticle for other pages.
    ``body_selectors``: a site profile's CSS for the body container, tried before ours."""
    root = parse_html(html)
    _check_complete(html)
    head = read_head(root, url)
    container = _body_container(root, body_selectors)
    record, sources = _metadata(root, head, url)
    if not record["headline"]:
        raise NotAnArticle("missing_headline", "no headline in markup, JSON-LD, OpenGraph, title")
    record.update(content_fields(container, root, url, sources))
    if container is None and not says_article(head, root):
        _check_substantial(record["word_count"])
    if not record["body"]:
        if too_deep(root):
            raise NotAnArticle("too_deeply_nested", f"elements nested {MAX_DEPTH}+ deep")
        raise NotAnArticle("empty_body", "the article body has no text")
    record["extraction"] = sources
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


def _body_container(root: Element, preferred: Sequence[str] = ()) -> Element | None:
    """The theme's body element; None on an article whose theme markup is gone (a redesign)."""
    body = root.find("body")
    body_classes = classes(body) if body is not None else frozenset()
    if "error404" in body_classes:
        raise NotAnArticle("not_found_page", "the page is the site's 'not found' page")
    if body_classes & _LISTING_CLASSES and "single" not in body_classes:
        raise NotAnArticle("listing_page", "the page is an archive or listing")
    return first_of(root, *preferred, *_BODY_SELECTORS)


def says_article(head: Head, root: Element) -> bool:
    """The page's markup states that it is an article."""
    body = root.find("body")
    return (
        bool(head.article())
        or head.meta.get("og:type") == "article"
        or (body is not None and "single-post" in classes(body))
    )


def _check_substantial(words: int) -> None:
    """A page is an article by its content too: without any article markup, it is one when
    its main text is substantial (listings, error pages and empty shells are not)."""
    if words < MIN_ARTICLE_WORDS:
        detail = f"no article markup; {words} words of main text, under {MIN_ARTICLE_WORDS}"
        raise NotAnArticle("no_article_markup", detail)


def _metadata(root: Element, head: Head, url: str) -> tuple[dict[str, Any], dict[str, str]]:
    sources: dict[str, str] = {}
    found: dict[str, Any] = {}
    for name, (value, source) in _sourced_fields(root, head, url).items():
        found[name], sources[name] = value, source
    canonical = found["canonical_url"]
    title = found["headline"]
    crumbs, sources["breadcrumbs"] = breadcrumbs(root, head, url, {title, url, canonical or url})
    published, modified = page_dates(root, head)
    sources["date_published"], sources["date_modified"] = published.source, modified.source
    record = {
        "url": url, "canonical_url": canonical, "post_id": found["post_id"],
        "site": site_of(canonical or url), "headline": title, "description": found["description"],
        "authors": found["authors"],
        "date_published": published.value, "date_published_raw": published.raw,
        "date_published_solar_hijri": shown_solar_hijri(root),
        "date_modified": modified.value, "date_modified_raw": modified.raw,
        "breadcrumbs": crumbs, "categories": found["categories"], "tags": found["tags"],
        "main_image": found["main_image"],
    }  # fmt: skip
    return record, sources


def _sourced_fields(root: Element, head: Head, url: str) -> dict[str, tuple[Any, str]]:
    return {
        "canonical_url": fields.canonical_url(root, head, url),
        "post_id": fields.post_id(root),
        "headline": fields.headline(root, head),
        "description": fields.description(head),
        "authors": authors(root, head, url),
        "categories": fields.categories(root, head),
        "tags": fields.tags(root, head),
        "main_image": fields.main_image(root, head, url),
    }


def content_fields(
    container: Element | None, root: Element, url: str, sources: dict[str, str]
) -> dict[str, Any]:
    raw_blocks, sources["body"], container = _body_blocks(container, root, url)
    body = "\n\n".join(_prose(raw_blocks))
    tweets = [block.tweet.as_record() for block in raw_blocks if block.tweet is not None]
    sources["tweets"] = sources["body"] if tweets else NONE
    language = detect_language(body, declared_lang(container)) or "und"
    words = word_count(body)
    return {
        "body": body,
        "blocks": [_block_record(block, language, container) for block in raw_blocks],
        "tweets": tweets,
        "language": language,
        "word_count": words,
        "reading_time_minutes": fields.reading_time(root, words),
    }


def _body_blocks(
    container: Element | None, root: Element, url: str
) -> tuple[list[RawBlock], str, Element]:
    """The theme container's blocks; the generic extractor's when there is no container or
    no prose in it (the container's tweets are kept: they are the page's, whatever read it)."""
    themed = read_blocks(container, url) if container is not None else []
    if container is not None and _prose(themed):
        return themed, THEME, container
    generic = generic_blocks(root, url)
    found = {block.tweet.tweet_id for block in generic if block.tweet is not None}
    kept = [block for block in themed if block.tweet and block.tweet.tweet_id not in found]
    return [*generic, *kept], GENERIC, root


def _prose(blocks: list[RawBlock]) -> list[str]:
    pieces: list[str] = []
    for block in blocks:
        if block.type == "list":
            pieces.extend(block.extra["items"])
        elif block.type in _PROSE_TYPES and block.text:
            pieces.append(block.text)
    return pieces


def _block_record(block: RawBlock, language: str, container: Element) -> dict[str, Any]:
    if block.tweet is not None:
        lang = normalize_lang(block.tweet.lang)
    else:
        lang = block_language(block.text, own_lang(block.node, container), language)
    return {"type": block.type, "text": block.text, "lang": lang, **block.extra}


def content_hash(record: dict[str, Any]) -> str:
    """sha256 of the canonical JSON of headline, body and (tweet_id, text) pairs."""
    payload = {
        "headline": record["headline"],
        "body": record["body"],
        "tweets": [[tweet["tweet_id"], tweet["text"]] for tweet in record["tweets"]],
    }
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()
