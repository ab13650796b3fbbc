"""Furniture that themes and plugins inject into the body never reaches the prose."""

from __future__ import annotations

import pytest
from lxml import html

from insight_scraper.extract.body import read_blocks

CHROME = [
    '<div class="ad-wrap ad-inline"><span class="ad-description">- Advertisement -</span></div>',
    '<div class="google-ad"><p>Sponsored words</p></div>',
    '<ins class="adsbygoogle" data-ad-slot="1"></ins>',
    '<div class="ruby-table-contents rbtoc"><div class="toc-header">Contents</div><a href="#a">A</a></div>',
    '<div id="ez-toc-container"><p class="ez-toc-title">Table of Contents</p></div>',
    '<div class="table-of-contents"><p>Contents</p></div>',
    '<div class="related-sec related-5"><h4 class="entry-title"><a href="/x/">Other story</a></h4></div>',
    '<div class="yarpp-related"><h3>Related posts</h3></div>',
    '<div class="sponsored-box"><p>Partner content</p></div>',
]


@pytest.mark.parametrize("chrome", CHROME, ids=[c.split('"')[1].split()[0] for c in CHROME])
def test_injected_chrome_is_not_prose(chrome: str) -> None:
    body = (
        f"<div class='entry-content rbct'><p>Before.</p>{chrome}<h2>Heading</h2><p>After.</p></div>"
    )
    blocks = read_blocks(html.fromstring(body), "https://www.afghaninsight.com/x/")
    assert [block.text for block in blocks] == ["Before.", "Heading", "After."]


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        ("<p>Schools stayed shut.</p><p>I think it was wrong.</p>",
         "Schools stayed shut.\nI think it was wrong."),
        ("He said: <p>One.</p><!-- x --><p>Two <em>more</em>.</p> end", "He said:\nOne.\nTwo more.\nend"),
        ("<p>Only one paragraph.</p>", "Only one paragraph."),
    ],
)  # fmt: skip
def test_a_quote_keeps_its_paragraphs_apart(quote: str, expected: str) -> None:
    body = f'<div class="entry-content"><blockquote>{quote}</blockquote></div>'
    [block] = read_blocks(html.fromstring(body), "https://www.afghaninsight.com/x/")
    assert (block.type, block.text) == ("quote", expected)
