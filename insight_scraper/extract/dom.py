"""Parsing and tree helpers: one lxml parse per page, precompiled CSS selectors."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import TypeAlias, cast

from lxml import etree, html
from lxml.cssselect import CSSSelector
from lxml.html import HtmlElement

from insight_scraper.extract.classindex import indexed_select
from insight_scraper.extract.errors import NotAnArticle
from insight_scraper.extract.text import clean_multiline, clean_text

# An XML declaration in text: its encoding is not the text's (the text is decoded already).
_XML_DECL = re.compile(rb"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
Element: TypeAlias = HtmlElement
# The crawl refuses bodies over DOWNLOAD_MAXSIZE (8 MiB); the extractor keeps the same bound.
MAX_DOCUMENT_CHARS = 8 * 1024 * 1024
# libxml2 stops descending at this depth (unless huge_tree, which would unbound memory).
MAX_DEPTH = 255
_TAG = re.compile(r"<[A-Za-z!?/]")
_SNIFF = 2048
_BARE_TAG = re.compile(r"[a-z][a-z0-9]*\Z").match
# Control characters other than tab and line breaks, and the replacement character.
_NOISE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffd]")
_NON_TEXT = ("script", "style", "noscript", "template")
# What lxml's itertext() reads unlike raw_text(): <br> (a line break there) and the text of
# non-text elements and entities. A subtree without any of them is read by itertext, in C.
_NOT_ITERTEXT = ("br", *_NON_TEXT, etree.Entity)
# Comments and processing instructions carry no content, and left in the tree they split
# text runs and count as children: trafilatura (handed this tree) then misjudges a page
# (half the body lost on a real page). collect_ids=False: ids are never looked up by libxml2.
_PARSER = html.HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False)
# lxml.html's own class lookup is a Python callback run for every element proxy created (it
# picks FormElement, InputElement, … by tag: nothing here uses those). The same classes chosen
# by node type in C make every proxy cheaper: 15-20% of an extraction on real pages, where
# trafilatura walks the tree too.
_PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=html.HtmlElement,
        comment=html.HtmlComment,
        pi=html.HtmlProcessingInstruction,
        entity=html.HtmlEntity,
    )
)


def parse_html(document: str | bytes) -> Element:
    """Parse a page once; raise NotAnArticle for empty, oversized or unparsable input."""
    if len(document) > MAX_DOCUMENT_CHARS:
        # A parsed tree costs ~20x the page in memory: bound it (a real article is ~100 KB).
        raise NotAnArticle(
            "too_large", f"{len(document):,} characters, over {MAX_DOCUMENT_CHARS:,}"
        )
    data = _without_nul(document)
    if not data.strip() or (isinstance(document, str) and not document.strip()):
        raise NotAnArticle("empty_document", "the response body is empty")
    if not _looks_like_markup(data[:_SNIFF]):
        raise NotAnArticle("not_html", "the response is not an HTML document")
    if isinstance(document, str):
        data = codecs.BOM_UTF8 + data
    try:
        root = html.document_fromstring(data, parser=_PARSER)
    except (etree.ParserError, ValueError) as exc:
        raise NotAnArticle("unparsable", str(exc)) from exc
    return root


def _without_nul(document: str | bytes) -> bytes:
    """The page as bytes without NULs (libxml2 stops at one). Text goes as UTF-8, without an XML
    declaration, and is given to libxml2 behind a byte-order mark: it is then read as UTF-8
    whatever its ``<meta charset>`` or declaration says (as it must: the text is decoded
    already), ~20% faster than a str, which lxml hands over as UCS-4 to be converted again
    (0.78 → 0.61 ms a page); and NULs are dropped from bytes (0.5 µs) rather than from a
    non-Latin-1 str (30 µs)."""
    if isinstance(document, bytes):
        return document.replace(b"\x00", b"")
    data = document.encode("utf-8", "replace").replace(b"\x00", b"")  # lone surrogates: "?"
    return _XML_DECL.sub(b"", data, count=1)


def too_deep(root: Element) -> bool:
    """True when the page nests elements as deep as libxml2 reads: the rest was cut off."""
    depth = 0
    for event, _ in etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        if depth >= MAX_DEPTH:
            return True
    return False


def _looks_like_markup(head: str | bytes) -> bool:
    """Binary garbage has no tags, or is mostly control or undecodable characters."""
    sample = head.decode("utf-8", "replace") if isinstance(head, bytes) else head
    if not _TAG.search(sample):
        return False
    noise = len(_NOISE.findall(sample))
    return noise <= len(sample) * 0.1


@lru_cache(maxsize=512)
def _compiled(selector: str) -> CSSSelector:
    return CSSSelector(selector, translator="html")


def select(node: Element, selector: str) -> list[Element]:
    """All matches of a CSS selector below ``node`` (compiled once per selector); class
    selectors asked of the whole page are answered from its class index (same result)."""
    if _BARE_TAG(selector):  # "img": lxml's iter() is descendant-or-self::img, without XPath
        return list(node.iter(selector))
    indexed = indexed_select(node, selector, lambda part: _lxml_select(node, part))
    return indexed if indexed is not None else _lxml_select(node, selector)


def _lxml_select(node: Element, selector: str) -> list[Element]:
    # CSS selectors compile to XPath that only ever selects elements.
    return cast("list[Element]", _compiled(selector)(node))


def first(node: Element, selector: str) -> Element | None:
    """The first match of a CSS selector, or None."""
    found = select(node, selector)
    return found[0] if found else None


def first_of(node: Element, *selectors: str) -> Element | None:
    """The first match of the first selector that matches (a fallback chain)."""
    for selector in selectors:
        found = select(node, selector)
        if found:
            return found[0]
    return None


def classes(node: Element) -> frozenset[str]:
    """The class tokens of an element."""
    return frozenset((node.get("class") or "").split())


def attr(node: Element | None, name: str) -> str | None:
    """A stripped attribute value, None when missing or blank."""
    if node is None:
        return None
    value = node.get(name)
    return value.strip() if value and value.strip() else None


def raw_text(node: Element) -> str:
    """Text of a subtree without scripts, with ``<br>`` as a line break (not normalised)."""
    if next(node.iter(*_NOT_ITERTEXT), None) is None:  # the usual paragraph or link
        return "".join(node.itertext())
    return "".join(_text_pieces(node))


def _text_pieces(node: Element) -> Iterator[str]:
    if node.text and node.tag not in _NON_TEXT:
        yield node.text
    for child in node:
        if isinstance(child.tag, str):
            if child.tag == "br":
                yield "\n"
            elif child.tag not in _NON_TEXT:
                yield from _text_pieces(child)
        if child.tail:
            yield child.tail


def text(node: Element | None) -> str:
    """Normalised one-line text of a subtree ("" for None)."""
    return clean_text(raw_text(node)) if node is not None else ""


def multiline_text(node: Element) -> str:
    """Normalised text that keeps ``<br>`` line breaks."""
    return clean_multiline(raw_text(node))
