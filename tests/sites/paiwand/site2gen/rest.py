"""``_rest/posts.json``: every post as WordPress core returns it from
``GET /wp-json/wp/v2/posts?_embed`` (context=view), newest first. The shape follows core's own
fixture (wordpress-develop tests/qunit/fixtures/wp-api-generated.js): content.rendered is
the_content (no theme wrapper, no featured image, no inline ad); titles and excerpts carry
wptexturize's entities; one author per post (co-authors are a plugin's, not core's)."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from gen.body import render_body
from gen.cards import upload_url
from gen.rest import (
    FEATURED_MEDIA_BASE,
    api_url,
    gmt_stamp,
    local_stamp,
    term_record,
    texturize,
)

if TYPE_CHECKING:
    from .model import Article, Site

CURIES = [{"name": "wp", "href": "https://api.w.org/{rel}", "templated": True}]


def _author(site: Site, key: str) -> dict[str, Any]:
    author = site.authors[key]
    uid = author.user_id
    return {
        "id": uid, "name": author.name, "url": "", "description": author.bio or "",
        "link": author.url, "slug": key,
        "avatar_urls": {s: f"https://secure.gravatar.com/avatar/{key}?s={s}&d=mm&r=g"
                        for s in ("24", "48", "96")},
        "_links": {"self": [{"href": api_url(site, f"wp/v2/users/{uid}")}],
                   "collection": [{"href": api_url(site, "wp/v2/users")}]},
    }  # fmt: skip


def _terms(art: Article, site: Site) -> list[list[dict[str, Any]]]:
    cats = [site.categories[c] for c in art.categories]
    return [
        [
            term_record(site, c.term_id, name=c.name, slug=c.slug, link=c.url, taxonomy="category")
            for c in cats
        ],
        [
            term_record(site, t.term_id, name=t.name, slug=t.slug, link=t.url, taxonomy="post_tag")
            for t in art.tags
        ],
    ]


def _media(art: Article, site: Site) -> dict[str, Any]:
    assert art.image is not None
    image, mid = art.image, FEATURED_MEDIA_BASE + art.post_id
    stem = PurePosixPath(image["file"]).stem
    caption = image.get("caption")
    sizes = {"medium": (300, 169), "td_696x0": (696, 392), "full": (1280, 720)}
    return {
        "id": mid, "date": local_stamp(art.published), "slug": stem, "type": "attachment",
        "link": f"{art.url}{stem}/", "title": {"rendered": texturize(stem)},
        "author": site.authors[art.authors[0]].user_id, "featured_media": 0,
        "caption": {"rendered": f"<p>{texturize(caption)}</p>\n" if caption else ""},
        "alt_text": image.get("alt") or "", "media_type": "image", "mime_type": "image/jpeg",
        "media_details": {
            "width": 1280, "height": 720, "file": image["file"], "filesize": 0,
            "sizes": {
                name: {"file": PurePosixPath(upload_url(site, image["file"], "" if name == "full" else f"{w}x{h}")).name,
                       "width": w, "height": h, "mime_type": "image/jpeg",
                       "source_url": upload_url(site, image["file"], "" if name == "full" else f"{w}x{h}")}
                for name, (w, h) in sizes.items()
            },
            "image_meta": {"caption": "", "copyright": "", "title": "", "orientation": "0"},
        },
        "source_url": upload_url(site, image["file"]),
        "_links": {"self": [{"href": api_url(site, f"wp/v2/media/{mid}")}]},
    }  # fmt: skip


def _links(art: Article, site: Site) -> dict[str, Any]:
    pid = art.post_id
    links: dict[str, Any] = {
        "self": [{"href": api_url(site, f"wp/v2/posts/{pid}")}],
        "collection": [{"href": api_url(site, "wp/v2/posts")}],
        "about": [{"href": api_url(site, "wp/v2/types/post")}],
        "author": [{"embeddable": True,
                    "href": api_url(site, f"wp/v2/users/{site.authors[art.authors[0]].user_id}")}],
        "replies": [{"embeddable": True, "href": api_url(site, f"wp/v2/comments?post={pid}")}],
        "version-history": [{"count": 1, "href": api_url(site, f"wp/v2/posts/{pid}/revisions")}],
        "predecessor-version": [{"id": pid + 1, "href": api_url(site, f"wp/v2/posts/{pid}/revisions/{pid + 1}")}],
        "wp:attachment": [{"href": api_url(site, f"wp/v2/media?parent={pid}")}],
        "wp:term": [
            {"taxonomy": "category", "embeddable": True, "href": api_url(site, f"wp/v2/categories?post={pid}")},
            {"taxonomy": "post_tag", "embeddable": True, "href": api_url(site, f"wp/v2/tags?post={pid}")},
        ],
        "curies": CURIES,
    }  # fmt: skip
    if art.image:
        href = api_url(site, f"wp/v2/media/{FEATURED_MEDIA_BASE + pid}")
        links["wp:featuredmedia"] = [{"embeddable": True, "href": href}]
    return links


def rest_post(art: Article, site: Site) -> dict[str, Any]:
    embedded: dict[str, Any] = {"author": [_author(site, art.authors[0])]}
    if art.image:
        embedded["wp:featuredmedia"] = [_media(art, site)]
    embedded["wp:term"] = _terms(art, site)
    return {
        "id": art.post_id, "date": local_stamp(art.published), "date_gmt": gmt_stamp(art.published),
        "guid": {"rendered": f"{site.base}?p={art.post_id}"},
        "modified": local_stamp(art.modified), "modified_gmt": gmt_stamp(art.modified),
        "slug": art.slug, "status": "publish", "type": "post", "link": art.url,
        "title": {"rendered": texturize(art.headline)},
        "content": {"rendered": render_body(art, site, feed=True) + "\n", "protected": False},
        "excerpt": {"rendered": f"<p>{texturize(art.description)}</p>\n", "protected": False},
        "author": site.authors[art.authors[0]].user_id,
        "featured_media": FEATURED_MEDIA_BASE + art.post_id if art.image else 0,
        "comment_status": "open", "ping_status": "open", "sticky": False, "template": "",
        "format": "standard", "meta": {"footnotes": ""},
        "categories": [site.categories[c].term_id for c in art.categories],
        "tags": [t.term_id for t in art.tags],
        "class_list": [f"post-{art.post_id}", "post", "type-post", "status-publish",
                       "format-standard", *(["has-post-thumbnail"] if art.image else []), "hentry",
                       *(f"category-{c}" for c in art.categories),
                       *(f"tag-{t.slug}" for t in art.tags)],
        "lang": art.language,  # Polylang adds the post's language to the REST post
        "_links": _links(art, site),
        "_embedded": embedded,
    }  # fmt: skip


def posts(site: Site) -> list[dict[str, Any]]:
    """Newest first, as the endpoint's default order (date desc)."""
    return [rest_post(a, site) for a in site.articles]
