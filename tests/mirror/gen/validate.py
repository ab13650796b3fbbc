"""Checks that an article source follows tests/mirror/README.md (fails loudly if not)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from lxml import html as lhtml

if TYPE_CHECKING:
    from .model import Site

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")
REQUIRED = (
    "slug",
    "post_id",
    "headline",
    "description",
    "authors",
    "published",
    "modified",
    "categories",
    "language",
    "body",
)
OPTIONAL = ("tags", "image", "variant", "related")
BLOCK_KEYS = ("p", "h", "ul", "ol", "quote", "image", "video", "tweet", "inject")
BLOCK_EXTRA = {
    "p": {"lang", "dir"},
    "h": {"level"},
    "quote": {"cite", "style"},
    "ul": set(),
    "ol": set(),
    "image": set(),
    "video": set(),
    "tweet": set(),
    "inject": set(),
}
INLINE_TAGS = {"a", "strong", "em", "b", "i", "br", "span", "sup", "sub", "code", "mark", "abbr"}
VARIANT_DEFAULTS: dict[str, Any] = {
    "breadcrumb": "navxt",
    "seo": "foxiz",
    "dates": "updated",
    "lightbox": True,
    "html_lang": "en-US",
}
VARIANT_CHOICES: dict[str, tuple[Any, ...]] = {
    "breadcrumb": ("navxt", "yoast", "yoast-strong", "rankmath", "none"),
    "seo": ("foxiz", "yoast", "rankmath"),
    "dates": ("updated", "both", "legacy"),
    "lightbox": (True, False),
}
TWEET_FORMS = ("block", "block-x", "classic", "jetpack", "pasted", "wpautop", "rendered", "bare")
TWEET_KEYS = {
    "form",
    "id",
    "handle",
    "name",
    "date",
    "lang",
    "dir",
    "html",
    "dash",
    "lang_detected",
    "caption",
    "script",
}
DASHES = ("mdash", "#8212", "#x2014", "literal")
INJECTS = ("ad", "related", "toc")


class SourceError(ValueError):
    """A source file violates the documented format."""


def fail(msg: str) -> None:
    raise SourceError(msg)


def check_inline(value: Any, where: str) -> None:
    if not isinstance(value, str):
        fail(f"{where}: expected a string, got {type(value).__name__}")
    if "<" not in value:
        return
    root = lhtml.fragment_fromstring(f"<div>{value}</div>")
    for el in root.iterdescendants():
        if not isinstance(el.tag, str) or el.tag not in INLINE_TAGS:
            fail(f"{where}: tag <{el.tag}> not allowed inline")


def check_article(src: dict[str, Any], site: Site) -> None:
    for key in REQUIRED:
        if key not in src:
            fail(f"missing key {key!r}")
    unknown = set(src) - set(REQUIRED) - set(OPTIONAL)
    if unknown:
        fail(f"unknown keys {sorted(unknown)}")
    if not re.fullmatch(r"[a-z0-9-]+", src["slug"]):
        fail(f"bad slug {src['slug']!r}")
    for key in ("published", "modified"):
        if not DATE_RE.match(src[key]):
            fail(f"{key} {src[key]!r} is not ISO 8601 with seconds and offset")
    if not src["authors"] or any(a not in site.authors for a in src["authors"]):
        fail(f"unknown or missing authors {src['authors']}")
    if not src["categories"] or any(c not in site.categories for c in src["categories"]):
        fail(f"unknown or missing categories {src['categories']}")
    check_meta(src)
    for i, block in enumerate(src["body"]):
        check_block(block, f"body[{i}]")


def check_meta(src: dict[str, Any]) -> None:
    for tag in src.get("tags") or []:
        if set(tag) != {"slug", "name"}:
            fail(f"bad tag {tag}")
    if src.get("image") is not None:
        check_image(src["image"], "image")
    if not re.fullmatch(r"[a-z]{2,3}", src["language"]):
        fail(f"bad language {src['language']!r}")
    for key, value in (src.get("variant") or {}).items():
        if key not in VARIANT_DEFAULTS:
            fail(f"unknown variant key {key!r}")
        if key in VARIANT_CHOICES and value not in VARIANT_CHOICES[key]:
            fail(f"variant {key}={value!r} not one of {VARIANT_CHOICES[key]}")


def check_image(img: Any, where: str) -> None:
    if not isinstance(img, dict) or not isinstance(img.get("file"), str):
        fail(f"{where}: image needs a 'file'")
    if set(img) - {"file", "caption", "alt"}:
        fail(f"{where}: unknown image keys {sorted(set(img) - {'file', 'caption', 'alt'})}")
    if not re.fullmatch(r"\d{4}/\d{2}/[^/\s]+\.(jpe?g|png|webp|gif)", img["file"]):
        fail(f"{where}: image file {img['file']!r} is not YYYY/MM/name.ext")


def check_block(block: Any, where: str) -> None:
    if not isinstance(block, dict):
        fail(f"{where}: not an object")
    kinds = [k for k in BLOCK_KEYS if k in block]
    if len(kinds) != 1:
        fail(f"{where}: needs exactly one of {BLOCK_KEYS}, has {sorted(block)}")
    kind = kinds[0]
    extra = set(block) - {kind} - BLOCK_EXTRA[kind]
    if extra:
        fail(f"{where}: unknown keys {sorted(extra)} for a {kind!r} block")
    check_value(kind, block, where)


def check_value(kind: str, block: dict[str, Any], where: str) -> None:
    value = block[kind]
    if kind in ("p", "h"):
        check_inline(value, where)
    if kind == "h" and block.get("level", 2) not in (2, 3, 4, 5, 6):
        fail(f"{where}: heading level {block.get('level')}")
    if kind in ("ul", "ol"):
        if not isinstance(value, list) or not value:
            fail(f"{where}: list needs items")
        for item in value:
            check_inline(item, where)
    if kind == "quote":
        check_inline(value, where)
        if block.get("style", "quote") not in ("quote", "pullquote"):
            fail(f"{where}: quote style {block.get('style')!r}")
    check_media(kind, value, where)


def check_media(kind: str, value: Any, where: str) -> None:
    if kind == "image":
        check_image(value, where)
    if kind == "video" and (
        not isinstance(value, dict)
        or value.get("provider") not in ("youtube", "vimeo")
        or not value.get("id")
    ):
        fail(f"{where}: video needs provider youtube|vimeo and id")
    if kind == "tweet":
        check_tweet(value, where)
    if kind == "inject" and value not in INJECTS:
        fail(f"{where}: inject {value!r} not one of {INJECTS}")


def check_tweet(tw: Any, where: str) -> None:
    if not isinstance(tw, dict):
        fail(f"{where}: tweet is not an object")
    unknown = set(tw) - TWEET_KEYS
    if unknown:
        fail(f"{where}: unknown tweet keys {sorted(unknown)}")
    form = tw.get("form", "block")
    if form not in TWEET_FORMS:
        fail(f"{where}: tweet form {form!r}")
    if not re.fullmatch(r"\d+", str(tw.get("id", ""))):
        fail(f"{where}: tweet id must be a digit string")
    if form == "rendered":
        return
    if not re.fullmatch(r"[A-Za-z0-9_]+", str(tw.get("handle", ""))):
        fail(f"{where}: tweet handle {tw.get('handle')!r}")
    if form == "bare":
        return
    for key in ("name", "date", "lang", "dir", "html"):
        if not isinstance(tw.get(key), str):
            fail(f"{where}: tweet needs {key!r}")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", tw["date"]):
        fail(f"{where}: tweet date {tw['date']!r}")
    if tw["dir"] not in ("ltr", "rtl", "auto"):
        fail(f"{where}: tweet dir {tw['dir']!r}")
    if tw.get("dash", "mdash") not in DASHES:
        fail(f"{where}: tweet dash {tw.get('dash')!r}")
    check_inline(tw["html"], where)
