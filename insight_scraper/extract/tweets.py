"""Embedded tweets in every form WordPress serves them (docs/markup.md §5)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from insight_scraper.extract.dates import parse_date
from insight_scraper.extract.dom import Element, attr, classes, multiline_text, raw_text, select
from insight_scraper.extract.language import detect_tweet_language
from insight_scraper.extract.text import clean_text, or_none
from insight_scraper.extract.urls import (
    absolute_url,
    canonical_tweet_url,
    strip_tracking,
    tweet_status,
)

# "— Display Name (@handle) January 25, 2024": the name runs to the last "(@".
_ATTRIBUTION = re.compile(
    r"^[\s\-\u2010-\u2015]*(?P<name>.*)\(@(?P<handle>[A-Za-z0-9_]{1,50})\)\s*(?P<date>.*)$",
    re.DOTALL,
)
_DASH_START = re.compile(r"^\s*[\-\u2010-\u2015]")
_IFRAME_ID = re.compile(r"[?&]id=(\d{5,25})")
_URL_IN_TEXT = re.compile(r"https?://(?:www\.)?(?:twitter|x)\.com/[^\s<>\"']+")
_PIC_PREFIXES = ("pic.twitter.com/", "pic.x.com/")
_EMBED_CLASSES = frozenset(
    {"wp-block-embed-twitter", "is-provider-twitter", "wp-block-embed-x", "is-provider-x"}
)
# Unknown handle: twitter.com resolves /i/status/<id> to the tweet.
UNKNOWN_HANDLE = "i"


@dataclass(slots=True)
class Tweet:
    """One embedded tweet; ``as_record`` gives the record's tweet object."""

    tweet_id: str
    handle: str | None
    author_name: str | None = None
    date_raw: str | None = None
    text: str | None = None
    lang: str | None = None
    dir: str | None = None
    hashtags: tuple[str, ...] = ()
    mentions: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    media: tuple[str, ...] = ()
    context: str | None = None
    # Languages the date line may be written in: the widget's, the tweet's, the page's.
    date_languages: tuple[str, ...] = ()

    def as_record(self) -> dict[str, Any]:
        return {
            "tweet_id": self.tweet_id,
            "url": canonical_tweet_url(self.handle or UNKNOWN_HANDLE, self.tweet_id),
            "author_name": self.author_name,
            "author_handle": self.handle,
            "date": parse_date(self.date_raw, self.date_languages),
            "date_raw": self.date_raw,
            "text": self.text,
            "lang": self.lang,
            "lang_detected": detect_tweet_language(self.text, self.lang) if self.text else None,
            "dir": self.dir,
            "hashtags": list(self.hashtags),
            "mentions": list(self.mentions),
            "links": list(self.links),
            "media": list(self.media),
            "context": self.context,
        }


def is_tweet_embed(node: Element, content: str | None = None) -> bool:
    """True for any element that is (or wraps only) one embedded tweet. ``content``: the
    node's ``text()`` when the caller has it already (a paragraph is read once)."""
    names = classes(node)
    if "twitter-tweet" in names or "twitter-tweet-rendered" in names or names & _EMBED_CLASSES:
        return True
    if node.tag == "iframe":
        return attr(node, "data-tweet-id") is not None
    return "embed-twitter" in names or _is_bare_status_paragraph(node, content)


def _is_bare_status_paragraph(node: Element, content: str | None) -> bool:
    """A classic auto-embed that failed: a paragraph holding only a status URL."""
    if node.tag != "p" or len(node) > 1:
        return False
    if content is None:
        content = clean_text(raw_text(node))
    # The space test first: prose, the usual paragraph, is never parsed as a URL.
    return " " not in content and tweet_status(content) is not None


def is_attribution(node: Element | None) -> bool:
    """wpautop can push "— Name (@handle) Date" out of the blockquote into its own <p>."""
    if node is None or node.tag != "p" or not _DASH_START.match(raw_text(node)):
        return False
    return any(tweet_status(a.get("href")) for a in select(node, "a[href]"))


def parse_tweet(node: Element, base: str) -> Tweet | None:
    """Parse one tweet embed; None when no tweet id can be found in it."""
    quote = _find_quote(node)
    if quote is not None:
        trailer = node.getnext()
        return _from_blockquote(quote, base, trailer if is_attribution(trailer) else None)
    rendered = _rendered_id(node)
    if rendered is not None:
        return Tweet(tweet_id=rendered, handle=None)
    return _from_bare_url(node)


def _find_quote(node: Element) -> Element | None:
    if node.tag == "blockquote" and "twitter-tweet" in classes(node):
        return node
    found = select(node, "blockquote.twitter-tweet")
    return found[0] if found else None


def _rendered_id(node: Element) -> str | None:
    frames = [node] if node.tag == "iframe" else select(node, "iframe")
    for frame in frames:
        tweet_id = attr(frame, "data-tweet-id")
        match = _IFRAME_ID.search(frame.get("src") or "")
        if tweet_id or match:
            return tweet_id or (match.group(1) if match else None)
    return None


def _from_bare_url(node: Element) -> Tweet | None:
    hrefs = [a.get("href") or "" for a in select(node, "a[href]")]
    for candidate in [*hrefs, *_URL_IN_TEXT.findall(raw_text(node))]:
        status = tweet_status(candidate)
        if status:
            return Tweet(tweet_id=status[1], handle=status[0])
    return None


def _from_blockquote(quote: Element, base: str, trailer: Element | None) -> Tweet | None:
    status_link = _status_link(quote)
    if status_link is None and trailer is not None:
        status_link = _status_link(trailer)
    paragraphs = _tweet_paragraphs(quote, status_link)
    found = tweet_status(status_link.get("href")) if status_link is not None else None
    if found is None:
        return None
    tweet = Tweet(tweet_id=found[1], handle=found[0])
    _read_attribution(tweet, [quote, trailer], paragraphs, status_link)
    if paragraphs:
        _read_text(tweet, paragraphs, base)
    tweet.date_languages = _date_languages(quote, tweet.lang)
    return tweet


def _status_link(quote: Element) -> Element | None:
    links = [a for a in select(quote, "a[href]") if tweet_status(a.get("href"))]
    return links[-1] if links else None


def _tweet_paragraphs(quote: Element, status_link: Element | None) -> list[Element]:
    """Every paragraph of the embed but the attribution ("— Name (@handle) date"): real
    embeds put each sentence of a long tweet in a <p> of its own."""
    return [
        paragraph
        for paragraph in quote.iterchildren("p")
        if not _DASH_START.match(raw_text(paragraph))
        and (status_link is None or status_link not in paragraph.iterdescendants("a"))
    ]


def _date_languages(quote: Element, tweet_lang: str | None) -> tuple[str, ...]:
    """The widget's ``data-lang`` (the date line's own), the tweet's, the page's ``lang``."""
    found = [attr(quote, "data-lang"), tweet_lang]
    found.extend(attr(node, "lang") for node in quote.iterancestors())
    codes = (code.split("-")[0].lower() for code in found if code)
    return tuple(dict.fromkeys(code for code in codes if code.isalpha()))


def _read_attribution(
    tweet: Tweet, holders: list[Element | None], paragraphs: list[Element], link: Element | None
) -> None:
    pieces: list[str] = []
    for holder in holders:
        if holder is None:
            continue
        pieces.append(holder.text or "")
        for child in holder:
            if child not in paragraphs and isinstance(child.tag, str):
                pieces.append(raw_text(child))
            pieces.append(child.tail or "")
    match = _ATTRIBUTION.match(clean_text("".join(pieces)))
    if match:
        tweet.author_name = or_none(match.group("name"))
        tweet.handle = match.group("handle")
    tweet.date_raw = or_none(raw_text(link)) if link is not None else None


def _read_text(tweet: Tweet, paragraphs: list[Element], base: str) -> None:
    """Each paragraph on lines of its own (``<br>`` a line break), a blank line between."""
    tweet.text = "\n\n".join(filter(None, map(multiline_text, paragraphs))) or None
    marked = next((p for p in paragraphs if p.get("lang") is not None), paragraphs[0])
    tweet.lang = attr(marked, "lang")
    tweet.dir = (attr(marked, "dir") or "").lower() or None
    hashtags, mentions, links, media = [], [], [], []
    for anchor in (a for paragraph in paragraphs for a in select(paragraph, "a")):
        label = clean_text(raw_text(anchor))
        href = absolute_url(anchor.get("href"), base)
        if label.startswith("#") or "/hashtag/" in (href or ""):
            hashtags.append(label.lstrip("#"))
        elif label.startswith("@"):
            mentions.append(label.lstrip("@"))
        elif label.startswith(_PIC_PREFIXES):
            media.append("https://" + label)
        elif href:
            links.append(strip_tracking(href))
    tweet.hashtags, tweet.mentions = tuple(hashtags), tuple(mentions)
    tweet.links, tweet.media = tuple(links), tuple(media)
