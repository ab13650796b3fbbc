"""The last link of the body's fallback chain: a generic main-content extractor (trafilatura),
for a page whose theme body selectors no longer match (a redesign). Tweets are still found by
Twitter's own embed markup, which does not change with the theme."""

from __future__ import annotations

from copy import deepcopy

from lxml import html as lxml_html

from insight_scraper.extract.body import RawBlock, is_chrome
from insight_scraper.extract.dom import Element, select, text
from insight_scraper.extract.text import clean_text
from insight_scraper.extract.tweets import parse_tweet

_EMBEDS = (
    "blockquote.twitter-tweet, .twitter-tweet-rendered, .embed-twitter, "
    "figure.wp-block-embed-twitter, figure.wp-block-embed-x, iframe[data-tweet-id]"
)
_NOT_CONTENT = "header, footer, nav, aside, form, script, style, noscript, template"


def generic_blocks(root: Element, base: str) -> list[RawBlock]:
    """Paragraphs by trafilatura (tweets taken out first), then the page's tweets in order."""
    tweets = _tweets(root, base)
    paragraphs = [RawBlock("paragraph", line, root) for line in _main_text(root, tweets)]
    return [*paragraphs, *tweets]


def _tweets(root: Element, base: str) -> list[RawBlock]:
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


def _main_text(root: Element, tweets: list[RawBlock]) -> list[str]:
    # trafilatura cleans the tree it is given: work on a copy without embeds and chrome.
    page = deepcopy(root)
    for node in [*select(page, _EMBEDS), *select(page, _NOT_CONTENT)]:
        if node.getparent() is not None:
            node.drop_tree()
    import trafilatura  # noqa: PLC0415 - costs ~0.5 s to import; only a redesigned page needs it

    found = trafilatura.extract(lxml_html.tostring(page, encoding="unicode"), favor_precision=True)
    tweet_texts = {block.text for block in tweets}
    lines = (clean_text(line) for line in (found or "").splitlines())
    return [line for line in lines if line and line not in tweet_texts]
