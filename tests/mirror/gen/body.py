"""Article body: WordPress block markup for `.entry-content` and the record's content fields."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import cards
from .cards import upload_url
from .textutil import block_lang, esc, inline_html, inline_text, norm
from .tweets import render_tweet, tweet_record

if TYPE_CHECKING:
    from .model import Article, Site

YT_ALLOW = (
    "accelerometer; autoplay; clipboard-write; encrypted-media; gyroscope; "
    "picture-in-picture; web-share"
)


def video_src(video: dict[str, Any]) -> str:
    if video["provider"] == "youtube":
        return f"https://www.youtube.com/embed/{video['id']}?feature=oembed"
    return f"https://player.vimeo.com/video/{video['id']}?dnt=1&app_id=122963"


def heading_ids(art: Article) -> dict[int, str]:
    """ids of h2 blocks (only when the article has a table of contents)."""
    if not any(b.get("inject") == "toc" for b in art.body):
        return {}
    ids: dict[int, str] = {}
    seen: set[str] = set()
    for i, block in enumerate(art.body):
        if "h" in block and block.get("level", 2) == 2:
            slug = re.sub(r"[^a-z0-9]+", "-", inline_text(block["h"]).lower()).strip("-")
            anchor = "h-" + (slug or f"section-{i}")
            while anchor in seen:
                anchor += "-2"
            seen.add(anchor)
            ids[i] = anchor
    return ids


def _toc(art: Article, ids: dict[int, str]) -> str:
    links = "".join(
        f'<div class="toc-item h5"><a href="#{anchor}" class="table-link no-link anchor-link" '
        f'data-index="rb-heading-index-{n}">{esc(inline_text(art.body[i]["h"]))}</a></div>'
        for n, (i, anchor) in enumerate(sorted(ids.items()))
    )
    return (
        '<div class="ruby-table-contents rbtoc table-left"><div class="toc-header">'
        '<i class="rbi rbi-read"></i><span class="h3">Contents</span>'
        '<div class="toc-toggle no-link"><i class="rbi rbi-angle-up"></i></div></div>'
        f'<div class="toc-content">{links}</div></div>'
    )


def _ad(site: Site) -> str:
    return (
        '<div class="ad-wrap ad-image-wrap inline-single-ad">'
        '<span class="ad-description is-meta">- Advertisement -</span>'
        f'<div class="ad-image"><a class="ad-destination" target="_blank" '
        f'rel="noopener nofollow" href="{site.base}"><img loading="lazy" decoding="async" '
        f'src="{upload_url(site, "2024/01/afghan-insight-banner-728x90.jpg")}" '
        'alt="Ad image" width="728" height="90"/></a></div></div>'
    )


def inline_related(art: Article, site: Site) -> list[Article]:
    prim = art.categories[0]
    pool = [a for a in site.articles if a.slug != art.slug and prim in a.categories]
    pool += [a for a in site.articles if a.slug != art.slug and a not in pool]
    return pool[:2]


def _related_box(art: Article, site: Site) -> str:
    items = "".join(cards.list_small(a, site) for a in inline_related(art, site))
    return (
        '<div class="related-sec related-5"><div class="inner">'
        '<div class="block-h heading-layout-1"><div class="heading-inner">'
        '<h3 class="heading-title"><span>Related Posts</span></h3></div></div>'
        f'<div class="block-inner">{items}</div></div></div>'
    )


def _image(site: Site, img: dict[str, Any], n: int) -> str:
    alt = esc(img.get("alt") or "")
    cap = img.get("caption")
    figcap = (
        f'<figcaption class="wp-element-caption">{inline_html(cap)}</figcaption>' if cap else ""
    )
    return (
        f'<figure class="wp-block-image size-large"><img decoding="async" width="1024" '
        f'height="576" src="{upload_url(site, img["file"])}" alt="{alt}" '
        f'class="wp-image-{n}"/>{figcap}</figure>'
    )


def _video(video: dict[str, Any]) -> str:
    prov = video["provider"]
    title = esc(video.get("title") or ("YouTube video" if prov == "youtube" else "Vimeo video"))
    cap = video.get("caption")
    figcap = (
        f'<figcaption class="wp-element-caption">{inline_html(cap)}</figcaption>' if cap else ""
    )
    return (
        f'<figure class="wp-block-embed is-type-video is-provider-{prov} '
        f'wp-block-embed-{prov} wp-embed-aspect-16-9 wp-has-aspect-ratio">'
        '<div class="wp-block-embed__wrapper">\n'
        f'<iframe title="{title}" width="860" height="484" src="{esc(video_src(video))}" '
        f'frameborder="0" allow="{YT_ALLOW}" referrerpolicy="strict-origin-when-cross-origin" '
        f"allowfullscreen></iframe>\n</div>{figcap}</figure>"
    )


def _quote(block: dict[str, Any]) -> str:
    cite = f"<cite>{inline_html(block['cite'])}</cite>" if block.get("cite") else ""
    inner = f"<p>{inline_html(block['quote'])}</p>{cite}"
    if block.get("style") == "pullquote":
        return f'<figure class="wp-block-pullquote"><blockquote>{inner}</blockquote></figure>'
    return f'<blockquote class="wp-block-quote">{inner}</blockquote>'


@dataclass
class Ctx:
    art: Article
    site: Site
    ids: dict[int, str]
    feed: bool
    tweets: int = 0


def _paragraph(block: dict[str, Any], i: int, ctx: Ctx) -> str:
    attrs = "".join(f' {k}="{esc(block[k])}"' for k in ("lang", "dir") if block.get(k))
    return f"<p{attrs}>{inline_html(block['p'])}</p>"


def _heading(block: dict[str, Any], i: int, ctx: Ctx) -> str:
    level = block.get("level", 2)
    anchor = f' id="{ctx.ids[i]}"' if i in ctx.ids else ""
    return f'<h{level} class="wp-block-heading"{anchor}>{inline_html(block["h"])}</h{level}>'


def _list(block: dict[str, Any], i: int, ctx: Ctx) -> str:
    tag = "ol" if "ol" in block else "ul"
    items = "".join(f"<li>{inline_html(x)}</li>" for x in block[tag])
    return f'<{tag} class="wp-block-list">{items}</{tag}>'


def _tweet(block: dict[str, Any], i: int, ctx: Ctx) -> str:
    tweet = block["tweet"]
    if tweet.get("form") == "rendered":
        if ctx.feed and tweet.get("html") and tweet.get("handle"):
            tweet = {**tweet, "form": "block"}  # the server sent the blockquote; JS rendered it
        else:
            ctx.tweets += 1
    return render_tweet(tweet, ctx.tweets - 1, ctx.art.url)


def _inject(block: dict[str, Any], i: int, ctx: Ctx) -> str:
    if ctx.feed:
        return ""
    kind = block["inject"]
    if kind == "ad":
        return _ad(ctx.site)
    if kind == "related":
        return _related_box(ctx.art, ctx.site)
    return _toc(ctx.art, ctx.ids)


RENDERERS: dict[str, Callable[[dict[str, Any], int, Ctx], str]] = {
    "p": _paragraph,
    "h": _heading,
    "ul": _list,
    "ol": _list,
    "quote": lambda b, i, c: _quote(b),
    "image": lambda b, i, c: _image(c.site, b["image"], c.art.post_id * 10 + i),
    "video": lambda b, i, c: _video(b["video"]),
    "tweet": _tweet,
    "inject": _inject,
}


def render_body(art: Article, site: Site, feed: bool = False) -> str:
    """Inner HTML of `.entry-content` (feed=True: no theme injections)."""
    ctx = Ctx(art, site, heading_ids(art), feed)
    parts = [
        RENDERERS[next(k for k in block if k in RENDERERS)](block, i, ctx)
        for i, block in enumerate(art.body)
    ]
    return "\n".join(p for p in parts if p)


def _media_block(kind: str, cap: str | None, lang_of: Any, **extra: Any) -> dict[str, Any]:
    text = inline_text(cap) if cap else ""
    return {"type": kind, "text": text, "lang": lang_of(text), **extra}


def content_record(art: Article, site: Site) -> dict[str, Any]:
    """blocks, tweets and body of the record, derived from the source blocks."""
    blocks: list[dict[str, Any]] = []
    tweets: list[dict[str, Any]] = []
    chunks: list[str] = []
    context: str | None = None

    def lang_of(text: str, explicit: str | None = None) -> str | None:
        return block_lang(text, art.language, explicit)

    for block in art.body:
        if "p" in block:
            text = inline_text(block["p"])
            blocks.append(
                {"type": "paragraph", "text": text, "lang": lang_of(text, block.get("lang"))}
            )
            chunks.append(text)
            context = text
        elif "h" in block:
            text = inline_text(block["h"])
            blocks.append(
                {
                    "type": "heading",
                    "text": text,
                    "lang": lang_of(text),
                    "level": block.get("level", 2),
                }
            )
            chunks.append(text)
        elif "ul" in block or "ol" in block:
            items = [inline_text(x) for x in block.get("ul", block.get("ol", []))]
            text = "\n".join(items)
            blocks.append(
                {
                    "type": "list",
                    "text": text,
                    "lang": lang_of(text),
                    "items": items,
                    "ordered": "ol" in block,
                }
            )
            chunks.extend(items)
        elif "quote" in block:
            text = inline_text(block["quote"])
            cite = inline_text(block["cite"]) if block.get("cite") else None
            blocks.append({"type": "quote", "text": text, "lang": lang_of(text), "cite": cite})
            chunks.append(text)
        elif "image" in block:
            img = block["image"]
            blocks.append(
                _media_block(
                    "image",
                    img.get("caption"),
                    lang_of,
                    url=upload_url(site, img["file"]),
                    alt=norm(img.get("alt") or "") or None,
                    caption=inline_text(img["caption"]) if img.get("caption") else None,
                )
            )
        elif "video" in block:
            vid = block["video"]
            blocks.append(
                _media_block(
                    "video",
                    vid.get("caption"),
                    lang_of,
                    url=video_src(vid),
                    provider=vid["provider"],
                )
            )
        elif "tweet" in block:
            rec = tweet_record(block["tweet"], context)
            tweets.append(rec)
            text = rec["text"] or ""
            tlang = rec["lang"] if rec["lang"] and re.fullmatch(r"[a-z]{2}", rec["lang"]) else None
            blocks.append(
                {
                    "type": "tweet",
                    "text": text,
                    "lang": (tlang or lang_of(text)) if text else None,
                    "tweet_id": rec["tweet_id"],
                }
            )
    return {"blocks": blocks, "tweets": tweets, "body": "\n\n".join(c for c in chunks if c)}
