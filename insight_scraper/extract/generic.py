"""The last link of the body's fallback chain: a generic main-content extractor (trafilatura),
for a page whose theme body selectors no longer match (a redesign) or that never had them
(another site). Tweets are still found by Twitter's own embed markup, which does not change
with the theme.

The page is parsed once: trafilatura is handed our lxml tree (it works on its own copy), not
HTML serialised back from it, and the tweet embeds are pruned from its copy by XPath, so
their text does not come out twice. Nothing else is deleted before it sees the page: on
ASP.NET sites one ``<form>`` wraps the whole page, and trafilatura knows its own boilerplate.
"""

from __future__ import annotations

from copy import deepcopy
from functools import lru_cache
from typing import Any

from lxml import html as lxml_html
from lxml.cssselect import CSSSelector

from insight_scraper.extract.body import RawBlock
from insight_scraper.extract.chrome import is_chrome
from insight_scraper.extract.dom import Element, select, text
from insight_scraper.extract.text import clean_text
from insight_scraper.extract.tweets import parse_tweet

_EMBEDS = (
    "blockquote.twitter-tweet, .twitter-tweet-rendered, .embed-twitter, "
    "figure.wp-block-embed-twitter, figure.wp-block-embed-x, iframe[data-tweet-id]"
)
# Recall mode first: on the benchmark it scores best of trafilatura's fast modes (precision
# mode gives some real articles nothing), and "fast" skips trafilatura's readability/jusText
# comparison, which costs 40% more for no gain here. If recall finds nothing, the full
# cascade (with those other algorithms) has its try before the page is given up.
# Under this many words from the page's one <article>, the whole page is read instead.
MIN_SCOPED_WORDS = 50
_ATTEMPTS: tuple[dict[str, Any], ...] = ({"fast": True, "favor_recall": True}, {})


def generic_blocks(root: Element, base: str) -> list[RawBlock]:
    """Paragraphs by trafilatura (tweets taken out first), then the page's tweets in order."""
    tweets = page_tweets(root, base)
    paragraphs = [RawBlock("paragraph", line, root) for line in _main_text(root, base, tweets)]
    return [*paragraphs, *tweets]


def page_tweets(root: Element, base: str) -> list[RawBlock]:
    """Every tweet embedded in the page outside chrome, once each, in page order."""
    blocks: dict[str, RawBlock] = {}
    for node in select(root, _EMBEDS):
        if any(is_chrome(ancestor) for ancestor in node.iterancestors()):
            continue
        tweet = parse_tweet(node, base)
        if tweet is not None and tweet.tweet_id not in blocks:
            tweet.context = _previous_paragraph(node)
            extra = {"tweet_id": tweet.tweet_id}
            blocks[tweet.tweet_id] = RawBlock("tweet", tweet.text or "", node, extra, tweet)
    return list(blocks.values())


def _previous_paragraph(node: Element) -> str | None:
    for sibling in node.itersiblings(preceding=True):
        if sibling.tag == "p" and text(sibling):
            return text(sibling)
    return None


def _article_scope(root: Element) -> Element | None:
    """The page's one ``<article>`` (else its one ``<main>``) as a document of its own.

    trafilatura copies and cleans the whole tree it is given, and most of a real page is
    navigation and footer: handed only the article, it does 25% less work for the same text
    on the benchmark (the copy is of the article alone, not the page)."""
    for tag in ("article", "main"):
        found = select(root, tag)
        if len(found) == 1:
            document = lxml_html.Element("html")
            body = lxml_html.Element("body")
            document.append(body)
            body.append(deepcopy(found[0]))
            return document
    return None


def _trafilatura(document: Element, base: str) -> str | None:
    import trafilatura  # noqa: PLC0415 - costs ~0.5 s to import; only a generic page needs it

    for attempt in _ATTEMPTS:
        found: str | None = trafilatura.extract(
            document, url=base, include_comments=False, prune_xpath=_embed_xpath(), **attempt
        )
        if found:
            return found
    return None


@lru_cache(maxsize=1)
def _embed_xpath() -> str:
    return str(CSSSelector(_EMBEDS, translator="html").path)


def _main_text(root: Element, base: str, tweets: list[RawBlock]) -> list[str]:
    found = None
    scope = _article_scope(root)
    if scope is not None:
        found = _trafilatura(scope, base)
        if len((found or "").split()) < MIN_SCOPED_WORDS:
            found = None  # the one <article> was a teaser or a card: read the whole page
    found = found or _trafilatura(root, base)
    tweet_texts = {block.text for block in tweets}
    lines = (clean_text(cell) for line in (found or "").splitlines() for cell in _cells(line))
    return [line for line in lines if line and line not in tweet_texts]


def _cells(line: str) -> list[str]:
    """trafilatura writes a table row as "| cell | cell |"; old sites lay whole articles out
    in tables, so each cell is text of its own, without the pipes."""
    line = line.strip()
    if len(line) > 1 and line.startswith("|") and line.endswith("|"):
        return line[1:-1].split("|")
    return [line]
