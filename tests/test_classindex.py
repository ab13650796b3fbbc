"""The class index answers exactly what lxml's compiled CSS selectors answer."""

from __future__ import annotations

import gc
import weakref

import pytest
from lxml.cssselect import CSSSelector
from lxml.html import HtmlElement, document_fromstring

from insight_scraper.extract.classindex import indexed_select
from insight_scraper.mirror.server import BUNDLED_SITE

SELECTORS = [
    ".ubox",
    ".usr-holder .ubox, .ubox",
    ".single-header .meta-author",
    "div.entry-content.rbct",
    ".efoot .tag-bar a, .tags-list a, .post-tags a",
    ".a .b",
    ".a .b .c",
    ".a span",
    "p.b",
    ".c, .b",
]
TRICKY = """<html><body class="a">
<div class="a\tb"><p class="b  b">one<span class="c">x</span></p></div>
<div class="b\u00a0c"><span>two</span></div>
<section class="a"><div class="a"><span class="b">three</span></div></section>
</body></html>"""


def _same(root: HtmlElement, selector: str) -> None:
    found = indexed_select(root, selector)
    assert found is not None, f"the index declined {selector!r}: nothing was compared"
    assert found == CSSSelector(selector, translator="html")(root), selector


@pytest.mark.parametrize("selector", SELECTORS)
def test_tricky_markup(selector: str) -> None:
    _same(document_fromstring(TRICKY), selector)


def test_every_mirror_page() -> None:
    for page in sorted(BUNDLED_SITE.rglob("input.html")):
        root = document_fromstring(page.read_bytes())
        for selector in SELECTORS:
            _same(root, selector)


def test_falls_back_for_other_selectors_and_subtrees() -> None:
    root = document_fromstring(TRICKY)
    assert indexed_select(root, "a[href]") is None
    assert indexed_select(root, "title") is None
    assert indexed_select(root.body, ".a") is None


def test_an_index_never_keeps_its_page_alive() -> None:
    """The index lives as long as the page's root: one that listed the root itself (an
    <html> with a class or an id) would hold its own key, and every such page for ever."""
    page = document_fromstring(
        '<html class="no-js" id="top"><body><p class="a">x</p></body></html>'
    )
    assert indexed_select(page, ".no-js, .a") == [page, page.body[0]]
    assert indexed_select(page, "#top") == [page]
    watch = weakref.ref(page)
    del page
    gc.collect()
    assert watch() is None
