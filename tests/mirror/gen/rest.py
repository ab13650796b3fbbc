"""The site's REST API posts, ``_rest/posts.json``: every post as ``GET /wp-json/wp/v2/posts?_embed``
(context=view) returns it in WordPress core (docs/markup.md §4.3). The server pages, orders and
trims this list (insight_scraper/mirror/rest.py); any site generator may write the same file.

``content.rendered`` is what ``the_content`` gives: the body's blocks without the theme's
injections (ads, related box, table of contents), every tweet as oEmbed leaves it (blockquote +
widgets.js). Titles, excerpts and captions carry wptexturize's numeric entities.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from .body import render_body
from .cards import avatar, upload_url
from .textutil import norm

if TYPE_CHECKING:
    from .model import Article, Author, Site

API = "wp-json/"
# wptexturize's output: typographic characters as numeric entities, a bare & as &#038;.
_TEXTURIZE = {"&": "&#038;", "<": "&lt;", ">": "&gt;"} | {
    char: f"&#{ord(char)};" for char in "\u2018\u2019\u201c\u201d\u2013\u2014\u2026"
}
_AVATAR_SIZES = ("24", "48", "96")
FEATURED_MEDIA_BASE = 900_000  # attachment ids apart from post and term ids
TAG_ID_BASE = 100


def texturize(text: str) -> str:
    return "".join(_TEXTURIZE.get(char, char) for char in text)


def gmt_stamp(stamp: str) -> str:
    return datetime.fromisoformat(stamp).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")


def local_stamp(stamp: str) -> str:
    return datetime.fromisoformat(stamp).strftime("%Y-%m-%dT%H:%M:%S")


def api_url(site: Site, route: str) -> str:
    """A REST route's URL on the site (the second site's generator builds its links too)."""
    return f"{site.base}{API}{route}"


def author_id(site: Site, key: str) -> int:
    return list(site.authors).index(key) + 2  # user 1 is the admin, who writes nothing


def tag_ids(site: Site) -> dict[str, int]:
    slugs = sorted({tag["slug"] for art in site.articles for tag in art.tags})
    return {slug: TAG_ID_BASE + n for n, slug in enumerate(slugs)}


def _avatar(author: Author, size: str) -> str:
    return html.unescape(avatar(author, int(size)))


def embedded_author(site: Site, key: str) -> dict[str, Any]:
    author = site.authors[key]
    uid = author_id(site, key)
    return {
        "id": uid, "name": author.name, "url": "", "description": author.bio or "",
        "link": author.url, "slug": key,
        "avatar_urls": {size: _avatar(author, size) for size in _AVATAR_SIZES},
        "_links": {
            "self": [{"href": api_url(site, f"wp/v2/users/{uid}"), "targetHints": {"allow": ["GET"]}}],
            "collection": [{"href": api_url(site, "wp/v2/users")}],
        },
    }  # fmt: skip


def term_record(
    site: Site, tid: int, name: str, slug: str, *, link: str, taxonomy: str
) -> dict[str, Any]:
    """A category or tag as ``_embed`` gives it (``wp:term``)."""
    route = "categories" if taxonomy == "category" else "tags"
    return {
        "id": tid, "link": link, "name": name, "slug": slug, "taxonomy": taxonomy,
        "_links": {
            "self": [{"href": api_url(site, f"wp/v2/{route}/{tid}")}],
            "collection": [{"href": api_url(site, f"wp/v2/{route}")}],
            "about": [{"href": api_url(site, f"wp/v2/taxonomies/{taxonomy}")}],
            "wp:post_type": [{"href": api_url(site, f"wp/v2/posts?{route}={tid}")}],
            "curies": [{"name": "wp", "href": "https://api.w.org/{rel}", "templated": True}],
        },
    }  # fmt: skip


def embedded_terms(art: Article, site: Site) -> list[list[dict[str, Any]]]:
    ids = tag_ids(site)
    cats = [site.categories[slug] for slug in art.categories]
    return [
        [term_record(site, c.term_id, c.name, c.slug, link=c.url, taxonomy="category") for c in cats],
        [
            term_record(site, ids[t["slug"]], t["name"], t["slug"], link=f"{site.base}tag/{t['slug']}/",
                  taxonomy="post_tag")
            for t in art.tags
        ],
    ]  # fmt: skip


def featured_media(art: Article, site: Site) -> dict[str, Any] | None:
    if not art.image:
        return None
    image, mid = art.image, FEATURED_MEDIA_BASE + art.post_id
    stem = PurePosixPath(image["file"]).stem
    caption = image.get("caption")
    return {
        "id": mid, "date": local_stamp(art.published), "slug": stem, "type": "attachment",
        "link": f"{art.url}{stem}/", "title": {"rendered": texturize(stem)},
        "author": author_id(site, art.authors[0]), "featured_media": 0,
        "caption": {"rendered": f"<p>{texturize(caption)}</p>\n" if caption else ""},
        "alt_text": image.get("alt") or "", "media_type": "image", "mime_type": "image/jpeg",
        "media_details": _media_details(site, image["file"]),
        "source_url": upload_url(site, image["file"]),
        "_links": {"self": [{"href": api_url(site, f"wp/v2/media/{mid}")}]},
    }  # fmt: skip


def _media_details(site: Site, file: str) -> dict[str, Any]:
    sizes = {"medium": (300, 169), "foxiz_crop_o1": (860, 484), "full": (1920, 1080)}
    return {
        "width": 1920, "height": 1080, "file": file, "filesize": 0,
        "sizes": {
            name: {
                "file": PurePosixPath(upload_url(site, file, "" if name == "full" else f"{w}x{h}")).name,
                "width": w, "height": h, "mime_type": "image/jpeg",
                "source_url": upload_url(site, file, "" if name == "full" else f"{w}x{h}"),
            }
            for name, (w, h) in sizes.items()
        },
        "image_meta": {"caption": "", "copyright": "", "title": "", "orientation": "0"},
    }  # fmt: skip


def _links(art: Article, site: Site) -> dict[str, Any]:
    pid = art.post_id
    links: dict[str, Any] = {
        "self": [{"href": api_url(site, f"wp/v2/posts/{pid}"), "targetHints": {"allow": ["GET"]}}],
        "collection": [{"href": api_url(site, "wp/v2/posts")}],
        "about": [{"href": api_url(site, "wp/v2/types/post")}],
        "author": [
            {"embeddable": True, "href": api_url(site, f"wp/v2/users/{author_id(site, k)}")}
            for k in art.authors[:1]
        ],
        "replies": [{"embeddable": True, "href": api_url(site, f"wp/v2/comments?post={pid}")}],
        "version-history": [{"count": 0, "href": api_url(site, f"wp/v2/posts/{pid}/revisions")}],
        "wp:attachment": [{"href": api_url(site, f"wp/v2/media?parent={pid}")}],
        "wp:term": [
            {"taxonomy": "category", "embeddable": True,
             "href": api_url(site, f"wp/v2/categories?post={pid}")},
            {"taxonomy": "post_tag", "embeddable": True,
             "href": api_url(site, f"wp/v2/tags?post={pid}")},
        ],
        "curies": [{"name": "wp", "href": "https://api.w.org/{rel}", "templated": True}],
    }  # fmt: skip
    if art.image:
        media = api_url(site, f"wp/v2/media/{FEATURED_MEDIA_BASE + pid}")
        links["wp:featuredmedia"] = [{"embeddable": True, "href": media}]
    return links


def _class_list(art: Article) -> list[str]:
    classes = [f"post-{art.post_id}", "post", "type-post", "status-publish", "format-standard"]
    classes += ["has-post-thumbnail"] if art.image else []
    classes += ["hentry", *(f"category-{c}" for c in art.categories)]
    return classes + [f"tag-{t['slug']}" for t in art.tags]


def _embedded(art: Article, site: Site) -> dict[str, Any]:
    # One author per post in core: co-authors (a plugin) are not in the REST post.
    embedded: dict[str, Any] = {
        "author": [embedded_author(site, art.authors[0])],
        "wp:term": embedded_terms(art, site),
    }
    media = featured_media(art, site)
    if media is not None:
        embedded["wp:featuredmedia"] = [media]
    return embedded


def rest_post(art: Article, site: Site) -> dict[str, Any]:
    """One post, ``_embedded`` included (the server drops it without ``_embed``)."""
    tags = tag_ids(site)
    return {
        "id": art.post_id, "date": local_stamp(art.published), "date_gmt": gmt_stamp(art.published),
        "guid": {"rendered": f"{site.base}?p={art.post_id}"},
        "modified": local_stamp(art.modified), "modified_gmt": gmt_stamp(art.modified),
        "slug": art.slug, "status": "publish", "type": "post", "link": art.url,
        "title": {"rendered": texturize(norm(art.headline))},
        "content": {"rendered": render_body(art, site, feed=True) + "\n", "protected": False},
        "excerpt": {"rendered": f"<p>{texturize(art.description)}</p>\n", "protected": False},
        "author": author_id(site, art.authors[0]),
        "featured_media": FEATURED_MEDIA_BASE + art.post_id if art.image else 0,
        "comment_status": "open", "ping_status": "open", "sticky": False, "template": "",
        "format": "standard", "meta": {"footnotes": ""},
        "categories": [site.categories[c].term_id for c in art.categories],
        "tags": [tags[t["slug"]] for t in art.tags], "class_list": _class_list(art),
        "_links": _links(art, site), "_embedded": _embedded(art, site),
    }  # fmt: skip


def rest_posts(site: Site) -> list[dict[str, Any]]:
    """Every post, in post id order (the server orders each query itself)."""
    return [rest_post(art, site) for art in sorted(site.articles, key=lambda a: a.post_id)]


def rest_categories(site: Site) -> list[dict[str, Any]]:
    """``/wp/v2/categories`` (id, count, description, link, name, slug, taxonomy, parent)."""
    return [
        {
            "id": c.term_id, "count": site.direct_count(c.slug), "description": "",
            "link": c.url, "name": c.name, "slug": c.slug, "taxonomy": "category",
            "parent": site.categories[c.parent].term_id if c.parent else 0, "meta": [],
        }
        for c in site.categories.values()
    ]  # fmt: skip
