"""Chrome inside an article body: what themes and plugins put between or after the post's
own blocks (ads, tables of contents, share bars, related links, author boxes, sign-up
boxes), told by class names in any theme, and by the labels such blocks print.

The labels are read as whole blocks only ("Share", "You may also like…"), never as words
inside a sentence, and the links-only paragraphs that follow a "related" label are its list.
"""

from __future__ import annotations

import re

from insight_scraper.extract.dom import Element, attr, classes, select, text

# docs/markup.md §1.7 (Foxiz) and any theme or plugin: "ad"/"ads"/"advert…"/"sponsor…"/"toc",
# share bars, related/recommended boxes, comments, sign-up boxes, "read more" buttons and
# author boxes, as a whole dash- or underscore-separated part of a class, or a known compound.
_CHROME_TOKEN = re.compile(
    r"(?:^|[-_])(?:ads?|advert\w*|sponsor\w*|toc|share|sharing|social|related|recommended"
    r"|comments?|newsletter|subscribe|signup|read-?more|author-box)(?:[-_]|$)"
    r"|table-(?:of-)?contents|^yarpp|^crp_related"
)
_CHROME_CLASSES = frozenset(
    {
        "ad-wrap", "ads-wrap", "rb-ad", "related-sec", "inline-related", "ruby-table-contents",
        "rbtoc", "table-contents", "ez-toc-container", "e-shared-sec", "sharedaddy",
        "jp-relatedposts", "efoot", "usr-holder", "sfoter-sec", "newsletter-box",
        # Newspaper (tagDiv): its ad spots, and the featured image it prints inside the
        # content div (the record's main_image, not a body block)
        "td-a-rec", "td-post-featured-image",
    }
)  # fmt: skip
_CHROME_IDS = frozenset({"ez-toc-container", "toc_container", "jp-relatedposts"})
# A block that is nothing but one of these labels is furniture, not prose.
_LABEL = re.compile(
    r"^(?:advertisement|sponsored|tweet|share(?: this(?: article| story| post)?)?|comments?"
    r"|tags?|(?P<list>you (?:may|might) also like|related(?: articles| stories| posts| content)?"
    r"|read (?:more|next|also)|read these next|recommended(?: for you)?|more stories))"
    r"\W*$",
    re.IGNORECASE,
)


def is_chrome(node: Element) -> bool:
    """Theme or plugin furniture inside the body."""
    names = classes(node)
    return (
        bool(names & _CHROME_CLASSES)
        or attr(node, "id") in _CHROME_IDS
        # "social-media-embed" wraps a tweet: a class naming an embed is never chrome by token.
        or any(_CHROME_TOKEN.search(name) and "embed" not in name for name in names)
        or node.tag == "ins"  # AdSense slots: <ins class="adsbygoogle">
    )


def chrome_label(line: str) -> str | None:
    """ "list" for a label that heads a list of links ("Related"), "label" for any other
    label ("Share", "Advertisement"), None for prose."""
    if len(line) > 40:
        return None
    match = _LABEL.match(line.strip())
    if match is None:
        return None
    return "list" if match.group("list") else "label"


def links_only(node: Element) -> bool:
    """True when every word of the block is inside a link (a related-links entry)."""
    content = text(node)
    linked = "".join(text(link) for link in select(node, "a"))
    return bool(content) and content.replace(" ", "") == linked.replace(" ", "")
