"""The article body: ordered blocks, chrome removed, tweets kept in place."""

from __future__ import annotations

from collections.abc import Iterator
from copy import deepcopy
from dataclasses import dataclass, field
from typing import Any

from insight_scraper.extract.chrome import chrome_label, is_chrome, links_only
from insight_scraper.extract.dom import Element, attr, classes, first, raw_text, text
from insight_scraper.extract.text import clean_text
from insight_scraper.extract.tweets import Tweet, is_attribution, is_tweet_embed, parse_tweet
from insight_scraper.extract.urls import absolute_url

_SKIP_TAGS = frozenset(
    {"script", "style", "noscript", "template", "hr", "form", "button", "footer", "aside", "nav"}
)
# Blocks that can be a chrome label ("Share", "Related") or an entry of a related list.
_LABELLED = frozenset({"paragraph", "heading", "list"})
# Elements that sit inside a line of text rather than start a block of their own.
_INLINE = frozenset(
    {"a", "abbr", "b", "bdi", "cite", "code", "em", "font", "i", "mark", "q", "s", "small",
     "span", "strong", "sub", "sup", "time", "u"}
)  # fmt: skip
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_VIDEO_HOSTS = ("youtube.com", "youtu.be", "vimeo.com", "dailymotion.com")


@dataclass(slots=True)
class RawBlock:
    """A block before language assignment; ``extra`` holds the type's own keys."""

    type: str
    text: str
    node: Element
    extra: dict[str, Any] = field(default_factory=dict)
    tweet: Tweet | None = None


def read_blocks(container: Element, base: str) -> list[RawBlock]:
    """The body's blocks in document order."""
    blocks: list[RawBlock] = []
    in_related = False
    for block in _walk(container, base):
        label = chrome_label(block.text) if block.type in _LABELLED else None
        in_related = label == "list" or (in_related and _is_link_entry(block))
        if label is None and not in_related and (block.type != "paragraph" or block.text):
            blocks.append(block)
    _attach_contexts(blocks)
    return blocks


def _is_link_entry(block: RawBlock) -> bool:
    return block.type in _LABELLED and links_only(block.node)


def _walk(container: Element, base: str) -> Iterator[RawBlock]:
    """Child blocks in order; text written straight into the container (bare text, inline
    elements, ``<br>``-separated lines) comes out as paragraphs between them."""
    after_tweet = False
    run = _Run(container)
    run.add_text(container.text)
    for child in container.iterchildren("*"):
        if run.absorbs(child):
            run.add_text(child.tail)
            continue
        yield from run.flush()
        if child.tag in _SKIP_TAGS or is_chrome(child) or (after_tweet and is_attribution(child)):
            run.add_text(child.tail)
            continue
        # A paragraph's text is read once: for the embed test and for its block.
        content = text(child) if child.tag == "p" else None
        after_tweet = is_tweet_embed(child, content)
        if after_tweet:
            yield from _tweet_block(child, base)
        else:
            yield from _element_blocks(child, base, content)
        run.add_text(child.tail)
    yield from run.flush()


class _Run:
    """Inline content between blocks: text, text-bearing inline elements and ``<br>``s. Each
    ``<br>``-separated line becomes a paragraph (old editors and CNN-style pages write so)."""

    def __init__(self, container: Element) -> None:
        self.container = container
        self.lines: list[list[str]] = [[]]

    def absorbs(self, child: Element) -> bool:
        if child.tag == "br":
            self.lines.append([])
            return True
        if child.tag not in _INLINE or is_chrome(child) or is_tweet_embed(child):
            return False
        piece = raw_text(child)
        if not piece.strip():
            return False  # e.g. a linked image: read as a block
        self.lines[-1].append(piece)
        return True

    def add_text(self, piece: str | None) -> None:
        if piece:
            self.lines[-1].append(piece)

    def flush(self) -> Iterator[RawBlock]:
        lines, self.lines = self.lines, [[]]
        for line in lines:
            cleaned = clean_text("".join(line))
            if cleaned:
                yield RawBlock("paragraph", cleaned, self.container)


def _element_blocks(node: Element, base: str, content: str | None = None) -> Iterator[RawBlock]:
    tag = node.tag
    if tag == "p":
        yield from _paragraph(node, base, text(node) if content is None else content)
    elif tag in _HEADINGS:
        yield RawBlock("heading", text(node), node, {"level": _HEADINGS[tag]})
    elif tag in ("ul", "ol"):
        yield _list_block(node)
    elif tag == "blockquote":
        yield _quote_block(node)
    elif tag == "figure":
        yield from _figure_blocks(node, base)
    elif tag in ("iframe", "video"):
        yield _media_block(node, node, base)
    elif tag == "img":
        yield _image_block(node, node, base)
    elif tag == "table":
        yield RawBlock("paragraph", text(node), node)
    elif "wp-caption" in classes(node) and (image := first(node, "img")) is not None:
        # Classic-editor [caption]: an image and its caption, not prose.
        yield _image_block(node, image, base)
    else:
        yield from _walk(node, base)


def _paragraph(node: Element, base: str, content: str) -> Iterator[RawBlock]:
    """``content``: the paragraph's ``text()``."""
    # wpautop can wrap an embed or an image in a <p>; read those as blocks of their own.
    if any(is_tweet_embed(child) for child in node.iterchildren("*")):
        yield from _walk(node, base)
    elif not content and (image := first(node, "img")) is not None:
        yield _image_block(node, image, base)
    else:
        yield RawBlock("paragraph", content, node)


def _list_block(node: Element) -> RawBlock:
    items = [text(item) for item in node.iterchildren("li")]
    items = [item for item in items if item]
    return RawBlock("list", "\n".join(items), node, {"items": items, "ordered": node.tag == "ol"})


_QUOTE_PARAGRAPHS = frozenset({"p", "div"})


def _quote_block(node: Element) -> RawBlock:
    cite = first(node, "cite")
    cite_text = text(cite) or None
    if cite is not None:
        node = _copy_without(node, cite)
    return RawBlock("quote", _quote_text(node), node, {"cite": cite_text})


def _quote_text(node: Element) -> str:
    """A quote of several paragraphs keeps them apart, one per line (their text runs
    together otherwise: "…over Baga.I think…")."""
    paragraphs = [child for child in node if child.tag in _QUOTE_PARAGRAPHS]
    if len(paragraphs) < 2:
        return text(node)
    lines = [node.text or ""]
    for child in node:
        own = text(child) if isinstance(child.tag, str) else ""  # comments have no text
        if child.tag in _QUOTE_PARAGRAPHS:
            lines.append(own)
            lines.append(child.tail or "")
        else:  # inline: part of the line around it
            lines[-1] += f" {own} {child.tail or ''}"
    return "\n".join(clean_text(line) for line in lines if clean_text(line))


def _copy_without(node: Element, drop: Element) -> Element:
    index = list(node.iter()).index(drop)
    clone = deepcopy(node)
    list(clone.iter())[index].drop_tree()
    return clone


def _figure_blocks(node: Element, base: str) -> Iterator[RawBlock]:
    names = classes(node)
    if "wp-block-pullquote" in names:
        quote = first(node, "blockquote")
        yield _quote_block(quote if quote is not None else node)
    elif _is_video(node):
        yield _media_block(node, first(node, "iframe, video, a[href]"), base)
    elif "wp-block-embed" in names or first(node, "iframe") is not None:
        yield _media_block(node, first(node, "iframe, a[href]"), base, kind="embed")
    elif (image := first(node, "img")) is not None:
        yield _image_block(node, image, base)
    elif first(node, "table") is not None:
        yield RawBlock("paragraph", text(first(node, "table")), node)


def _is_video(node: Element) -> bool:
    names = classes(node)
    if "is-type-video" in names or "wp-block-video" in names or first(node, "video") is not None:
        return True
    frame = first(node, "iframe")
    return frame is not None and any(host in (frame.get("src") or "") for host in _VIDEO_HOSTS)


def _caption(node: Element) -> str | None:
    return text(first(node, "figcaption, .wp-caption-text")) or None


def _image_block(node: Element, image: Element, base: str) -> RawBlock:
    source = attr(image, "data-src") or attr(image, "src")
    caption = _caption(node)
    extra = {"url": absolute_url(source, base), "alt": attr(image, "alt"), "caption": caption}
    return RawBlock("image", caption or "", node, extra)


def _media_block(node: Element, media: Element | None, base: str, kind: str = "") -> RawBlock:
    source = None
    if media is not None:
        source = attr(media, "src") or attr(media, "href") or attr(first(media, "source"), "src")
    url = absolute_url(source, base)
    block_type = kind or ("video" if url is None or _is_video_url(url) else "embed")
    caption = _caption(node) if node.tag == "figure" else None
    extra = {"url": url, "provider": _provider(node, url)}
    return RawBlock(block_type, caption or "", node, extra)


def _is_video_url(url: str) -> bool:
    return any(host in url for host in _VIDEO_HOSTS) or url.endswith((".mp4", ".webm"))


def _provider(node: Element, url: str | None) -> str | None:
    for name in sorted(classes(node)):
        if name.startswith("is-provider-"):
            return name.removeprefix("is-provider-")
    if url is None:
        return None
    host = url.split("/")[2].removeprefix("www.")
    return "youtube" if host == "youtu.be" else host.rsplit(".", 1)[0].split(".")[-1]


def _tweet_block(node: Element, base: str) -> Iterator[RawBlock]:
    tweet = parse_tweet(node, base)
    if tweet is None:
        # An embed we cannot read still must not leak into the prose.
        return
    yield RawBlock("tweet", tweet.text or "", node, {"tweet_id": tweet.tweet_id}, tweet)


def _attach_contexts(blocks: list[RawBlock]) -> None:
    last_paragraph: str | None = None
    for block in blocks:
        if block.type == "paragraph":
            last_paragraph = block.text
        elif block.tweet is not None:
            block.tweet.context = last_paragraph
