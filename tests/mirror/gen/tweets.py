"""Embedded tweets: the markup of every form of docs/markup.md §5 and the record's tweet object."""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from urllib.parse import quote

from lxml import html as lhtml

from .textutil import esc, guess_lang, html_text, norm

DASH = {"mdash": "&mdash;", "#8212": "&#8212;", "#x2014": "&#x2014;", "literal": "\u2014"}
SCRIPT = '<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>'
FIG_TW = "wp-block-embed is-type-rich is-provider-twitter wp-block-embed-twitter"
FIG_X = "wp-block-embed is-type-rich is-provider-x wp-block-embed-x"
MEDIA_RE = re.compile(r"^pic\.(twitter|x)\.com/")


def _status(tw: dict[str, Any], host: str = "twitter.com") -> str:
    return f"https://{host}/{tw['handle']}/status/{tw['id']}"


def _attribution(tw: dict[str, Any], host: str = "twitter.com") -> str:
    dash = DASH[tw.get("dash", "mdash")]
    day = date.fromisoformat(tw["date"])
    link = f"{_status(tw, host)}?ref_src=twsrc%5Etfw"
    return (
        f"{dash} {esc(tw['name'])} (@{tw['handle']}) "
        f'<a href="{link}">{day:%B} {day.day}, {day.year}</a>'
    )


def _quote(tw: dict[str, Any], attrs: str, host: str = "twitter.com", sep: str = "") -> str:
    para = f'<p lang="{tw["lang"]}" dir="{tw["dir"]}">{tw["html"]}</p>'
    return (
        f'<blockquote class="twitter-tweet"{attrs}>{sep}{para}{sep}'
        f"{_attribution(tw, host)}</blockquote>"
    )


def _figure(classes: str, inner: str, tw: dict[str, Any]) -> str:
    cap = tw.get("caption")
    caption = f'<figcaption class="wp-element-caption">{esc(cap)}</figcaption>' if cap else ""
    return (
        f'<figure class="{classes}"><div class="wp-block-embed__wrapper">\n{inner}\n'
        f"</div>{caption}</figure>"
    )


def _rendered(tw: dict[str, Any], index: int, permalink: str) -> str:
    wid = f"twitter-widget-{index}"
    src = (
        "https://platform.twitter.com/embed/Tweet.html?dnt=true&amp;embedId="
        + wid
        + "&amp;frame=false&amp;hideCard=false&amp;hideThread=false&amp;id="
        + tw["id"]
        + "&amp;lang=en&amp;origin="
        + quote(permalink, safe="")
        + "&amp;theme=light&amp;widgetsVersion=2615f7e52b7e0%3A1702314776716&amp;width=550px"
    )
    return (
        '<div class="twitter-tweet twitter-tweet-rendered" style="display: flex; '
        'max-width: 550px; width: 100%; margin-top: 10px; margin-bottom: 10px;">'
        f'<iframe id="{wid}" scrolling="no" frameborder="0" allowtransparency="true" '
        'allowfullscreen="true" class="" style="position: static; visibility: visible; '
        'width: 550px; height: 640px; display: block; flex-grow: 1;" title="X Post" '
        f'src="{src}" data-tweet-id="{tw["id"]}"></iframe></div>{SCRIPT}'
    )


def render_tweet(tw: dict[str, Any], index: int, permalink: str) -> str:  # noqa: PLR0911
    """HTML of one tweet embed in the requested form (index numbers rendered widgets)."""
    form = tw.get("form", "block")
    std = ' data-width="550" data-dnt="true"'
    if form == "block":
        return _figure(FIG_TW, _quote(tw, std) + SCRIPT, tw)
    if form == "block-x":
        return _figure(FIG_X, _quote(tw, std, host="x.com") + SCRIPT, tw)
    if form == "classic":
        return _quote(tw, std) + SCRIPT
    if form == "jetpack":
        jet = _quote(tw, ' data-width="500" data-dnt="true"')
        return f'<div class="embed-twitter">{jet}{SCRIPT}</div>'
    if form == "pasted":
        return _quote(tw, ' data-lang="en" data-theme="light"') + (
            SCRIPT if tw.get("script") else ""
        )
    if form == "wpautop":
        para = f'<p lang="{tw["lang"]}" dir="{tw["dir"]}">{tw["html"]}</p>'
        return (
            f'<blockquote class="twitter-tweet"{std}>\n{para}\n<p>{_attribution(tw)}</p>\n'
            f"</blockquote>\n<p>{SCRIPT}</p>\n<p></p>"
        )
    if form == "rendered":
        return _figure(FIG_TW, _rendered(tw, index, permalink), tw)
    return _figure(FIG_TW, _status(tw), tw)  # bare: failed oEmbed, only the URL


def _links(tw: dict[str, Any]) -> tuple[list[str], list[str], list[str], list[str]]:
    root = lhtml.fragment_fromstring(f"<div>{tw['html']}</div>")
    hashtags: list[str] = []
    mentions: list[str] = []
    links: list[str] = []
    media: list[str] = []
    for a in root.iter("a"):
        text = norm(a.text_content())
        href = a.get("href", "")
        if "/hashtag/" in href or text.startswith("#"):
            hashtags.append(text.lstrip("#"))
        elif text.startswith("@"):
            mentions.append(text[1:])
        elif MEDIA_RE.match(text):
            media.append("https://" + text)
        else:
            links.append(href)
    return hashtags, mentions, links, media


def _detect_text(tw: dict[str, Any]) -> str:
    root = lhtml.fragment_fromstring(f"<div>{tw['html']}</div>")
    for a in list(root.iter("a")):
        a.drop_tree()
    return norm(root.text_content())


def tweet_record(tw: dict[str, Any], context: str | None) -> dict[str, Any]:
    form = tw.get("form", "block")
    handle = tw.get("handle") if form != "rendered" else None
    url = f"https://twitter.com/{handle or 'i'}/status/{tw['id']}"
    rec: dict[str, Any] = {
        "tweet_id": str(tw["id"]),
        "url": url,
        "author_name": None,
        "author_handle": handle,
        "date": None,
        "date_raw": None,
        "text": None,
        "lang": None,
        "lang_detected": None,
        "dir": None,
        "hashtags": [],
        "mentions": [],
        "links": [],
        "media": [],
        "context": context,
    }
    if form in ("rendered", "bare"):
        return rec
    day = date.fromisoformat(tw["date"])
    hashtags, mentions, links, media = _links(tw)
    rec.update(
        {
            "author_name": norm(tw["name"]),
            "date": tw["date"],
            "date_raw": f"{day:%B} {day.day}, {day.year}",
            "text": html_text(tw["html"], keep_br=True),
            "lang": tw["lang"],
            "lang_detected": detected_lang(tw),
            "dir": tw["dir"],
            "hashtags": hashtags,
            "mentions": mentions,
            "links": links,
            "media": media,
        }
    )
    return rec


def detected_lang(tw: dict[str, Any]) -> str | None:
    if "lang_detected" in tw:
        value = tw["lang_detected"]
        return str(value) if value is not None else None
    lang = str(tw.get("lang") or "")
    text = _detect_text(tw)
    if re.fullmatch(r"[a-z]{2}", lang):
        if lang in ("fa", "ps"):
            return guess_lang(text) or lang
        return lang
    return guess_lang(text)
