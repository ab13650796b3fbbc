"""``extract_rest_post(post, site_url=…)``: one WordPress REST post (``/wp/v2/posts?_embed``,
context=view) in, one record (docs/record.md) out; NotAnArticle when it cannot be one.

The body, blocks, tweets and language go through the same pure extractors as an article page
(``content.rendered`` parsed and read by extract/article.py's ``content_fields``); the other
fields are REST's own, and ``extraction`` says ``rest`` for them. Nothing here trusts the post's
shape: real sites send embed errors (``{"code": "rest_forbidden"}``) in ``_embedded``, omit it,
protect content, or leave excerpt and featured media empty.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime, timedelta, timezone
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from insight_scraper.extract.article import SCHEMA_VERSION, content_fields, content_hash
from insight_scraper.extract.dom import parse_html
from insight_scraper.extract.errors import NotAnArticle
from insight_scraper.extract.sources import NONE
from insight_scraper.extract.text import clean_text, or_none
from insight_scraper.extract.urls import absolute_url, site_of

REST = "rest"
# WordPress ends an automatic excerpt with its "more" marker: not the post's words.
_MORE_MARKER = re.compile(r"\s*\[(?:\u2026|\.\.\.)\]\s*$")
_MAX_OFFSET = timedelta(hours=14)  # the widest UTC offset in use (Kiribati)


def extract_rest_post(
    post: Mapping[str, Any], *, site_url: str, lang: str | None = None
) -> dict[str, Any]:
    """The record of docs/record.md without ``scraped_at``. ``lang``: the language the site
    declares for this post's section (the profile's languages), as an ``<html lang>`` would."""
    if not isinstance(post, Mapping):
        raise NotAnArticle("not_a_post", f"a REST post is a JSON object, not {type(post).__name__}")
    url = _url(post, site_url)
    sources: dict[str, str] = {}
    record = _metadata(post, url, sources)
    container, root = _content_tree(post, lang)
    record.update(content_fields(container, root, url, sources))
    if not record["body"]:
        raise NotAnArticle("empty_body", "content.rendered has no text")
    sources["body"] = REST
    sources["tweets"] = REST if record["tweets"] else NONE
    record["extraction"] = {name: sources[name] for name in _EXTRACTION_ORDER}
    record["content_hash"] = content_hash(record)
    record["schema_version"] = SCHEMA_VERSION
    return record


_EXTRACTION_ORDER = (
    "canonical_url", "post_id", "headline", "description", "authors", "categories", "tags",
    "main_image", "breadcrumbs", "date_published", "date_modified", "body", "tweets",
)  # fmt: skip


def _url(post: Mapping[str, Any], site_url: str) -> str:
    link = post.get("link")
    url = absolute_url(link, site_url) if isinstance(link, str) else None
    if not url:
        raise NotAnArticle("missing_link", f"the post has no usable link ({link!r})")
    return url


def _metadata(post: Mapping[str, Any], url: str, sources: dict[str, str]) -> dict[str, Any]:
    headline = fragment_text(_rendered(post, "title"))
    if not headline:
        raise NotAnArticle("missing_headline", "title.rendered is empty")
    published, published_raw = rest_date(post, "date")
    modified, modified_raw = rest_date(post, "modified")
    found = {
        "description": _excerpt(post), "authors": _authors(post, url),
        "categories": _terms(post, "category"), "tags": _terms(post, "post_tag"),
        "main_image": _featured_image(post, url),
        "date_published": published, "date_modified": modified,
    }  # fmt: skip
    sources.update({name: REST if value else NONE for name, value in found.items()})
    post_id = post.get("id") if isinstance(post.get("id"), int) and post["id"] > 0 else None
    sources.update(canonical_url=REST, post_id=REST if post_id else NONE, headline=REST)
    sources["breadcrumbs"] = NONE  # REST has none: a page field (INSIGHT_REST_PAGE_FIELDS)
    return {
        "url": url, "canonical_url": url, "post_id": post_id, "site": site_of(url),
        "headline": headline, "description": found["description"], "authors": found["authors"],
        "date_published": published, "date_published_raw": published_raw,
        # The calendar the page shows is theme markup: a page field (INSIGHT_REST_PAGE_FIELDS).
        "date_published_solar_hijri": None,
        "date_modified": modified, "date_modified_raw": modified_raw,
        "breadcrumbs": [], "categories": found["categories"], "tags": found["tags"],
        "main_image": found["main_image"],
    }  # fmt: skip


def _rendered(post: Mapping[str, Any], name: str) -> str:
    """``post[name]["rendered"]`` when it is a string (a bare string is accepted too)."""
    value = post.get(name)
    if isinstance(value, Mapping):
        value = value.get("rendered")
    return value if isinstance(value, str) else ""


def _protected(post: Mapping[str, Any], name: str) -> bool:
    value = post.get(name)
    return isinstance(value, Mapping) and value.get("protected") is True


def fragment_text(fragment: str) -> str:
    """The visible text of an HTML fragment (title, excerpt, caption), entities decoded."""
    if "<" not in fragment:
        return clean_text(html.unescape(fragment))
    try:
        node = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return clean_text(html.unescape(re.sub(r"<[^>]*>", " ", fragment)))
    return clean_text(node.text_content())


def _excerpt(post: Mapping[str, Any]) -> str | None:
    if _protected(post, "excerpt"):
        return None
    return or_none(_MORE_MARKER.sub("", fragment_text(_rendered(post, "excerpt"))))


def rest_date(post: Mapping[str, Any], name: str) -> tuple[str | None, str | None]:
    """ISO 8601 with the site's offset (``date`` minus ``date_gmt``), and the raw value."""
    raw = post.get(name)
    local = _naive(raw)
    if local is None:
        return None, raw if isinstance(raw, str) else None
    utc = _naive(post.get(f"{name}_gmt"))
    offset = local - utc if utc is not None else None
    if offset is None or abs(offset) > _MAX_OFFSET:
        return None, str(raw)  # no trustworthy offset: a wrong instant is worse than none
    stamp = local.replace(tzinfo=timezone(offset), microsecond=0)
    return stamp.isoformat(timespec="seconds"), str(raw)


def _naive(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        stamp = datetime.fromisoformat(value)
    except ValueError:
        return None
    return stamp.replace(tzinfo=None) if stamp.tzinfo is None else None


def _embedded(post: Mapping[str, Any], rel: str) -> Iterator[Any]:
    """The items embedded under ``rel``; an embed error item (``code``) is skipped."""
    embedded = post.get("_embedded")
    items = embedded.get(rel) if isinstance(embedded, Mapping) else None
    for item in items if isinstance(items, list) else ():
        if isinstance(item, Mapping) and "code" not in item:
            yield item
        elif isinstance(item, list):  # wp:term: one list per taxonomy
            yield from (term for term in item if isinstance(term, Mapping) and "code" not in term)


def _authors(post: Mapping[str, Any], url: str) -> list[dict[str, Any]]:
    authors = []
    for author in _embedded(post, "author"):
        name = fragment_text(str(author.get("name") or ""))
        if name:
            link = author.get("link")
            authors.append({
                "name": name,
                "url": absolute_url(link, url) if isinstance(link, str) else None,
                "role": None,  # WordPress users have no job title: a page field
                "bio": or_none(fragment_text(str(author.get("description") or ""))),
            })  # fmt: skip
    return authors


def _terms(post: Mapping[str, Any], taxonomy: str) -> list[str]:
    names: list[str] = []
    for term in _embedded(post, "wp:term"):
        name = fragment_text(str(term.get("name") or ""))
        if term.get("taxonomy") == taxonomy and name and name not in names:
            names.append(name)
    return names


def _featured_image(post: Mapping[str, Any], url: str) -> dict[str, Any] | None:
    for media in _embedded(post, "wp:featuredmedia"):
        source = media.get("source_url")
        image_url = absolute_url(source, url) if isinstance(source, str) else None
        if image_url:
            caption = media.get("caption")
            return {
                "url": image_url,
                "caption": or_none(fragment_text(_rendered({"caption": caption}, "caption"))),
                "alt": or_none(clean_text(str(media.get("alt_text") or ""))),
            }
    return _jetpack_image(post, url)


def _jetpack_image(post: Mapping[str, Any], url: str) -> dict[str, Any] | None:
    """Jetpack's ``jetpack_featured_media_url``: the featured image of an answer saved without
    ``_embed`` (real sites send it; ``""`` when the post has none). A bare URL: no caption."""
    source = post.get("jetpack_featured_media_url")
    image_url = absolute_url(source, url) if isinstance(source, str) and source.strip() else None
    return {"url": image_url, "caption": None, "alt": None} if image_url else None


def _content_tree(post: Mapping[str, Any], lang: str | None) -> tuple[Any, Any]:
    """``content.rendered`` as a page body: (the container, the document root)."""
    if _protected(post, "content"):
        raise NotAnArticle("protected_content", "the post is password-protected")
    rendered = _rendered(post, "content")
    if not rendered.strip():
        raise NotAnArticle("empty_body", "content.rendered is empty")
    lang_attr = f' lang="{html.escape(lang)}"' if lang else ""
    document = f"<!DOCTYPE html><html{lang_attr}><head></head><body>{rendered}</body></html>"
    root = parse_html(document)
    body = root.find("body")
    return (body if body is not None else root), root


def with_page_fields(
    rest: Mapping[str, Any], page: Mapping[str, Any], fields: Iterable[str]
) -> dict[str, Any]:
    """The REST record with ``fields`` taken from the article page's record (and their
    ``extraction`` sources); a name that is not a record field is ignored."""
    merged, sources = dict(rest), dict(rest["extraction"])
    for name in fields:
        if name in page and name in merged and name != "extraction":
            merged[name] = page[name]
            if name in page["extraction"]:
                sources[name] = page["extraction"][name]
    merged["extraction"] = sources
    merged["content_hash"] = content_hash(merged)  # a page field may be a hashed one
    return merged
