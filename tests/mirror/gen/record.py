"""The expected article record (docs/record.md, without `scraped_at`), derived from sources."""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

from .body import content_record
from .cards import upload_url
from .textutil import norm, reading_minutes

if TYPE_CHECKING:
    from .model import Article, Site


def crumbs_record(art: Article, site: Site) -> list[dict[str, Any]]:
    kind = art.variant["breadcrumb"]
    cats = [{"name": norm(c.name), "url": c.url} for c in site.ancestors(art.categories[0])]
    if kind == "navxt":
        return [{"name": norm(site.name), "url": site.base}, *cats]
    if kind in ("yoast", "yoast-strong", "rankmath"):
        return [{"name": "Home", "url": site.base}, *cats]
    if art.variant["seo"] in ("yoast", "rankmath"):  # none: JSON-LD BreadcrumbList fallback
        return [{"name": "Home", "url": site.base}, *cats]
    return []


def extraction_record(art: Article, content: dict[str, Any]) -> dict[str, str]:
    """Which link of each fallback chain answers on this page, from the markup the generator
    wrote (docs/record.md, ``extraction``): the theme's markup where the variant prints it."""
    variant, crumbs = art.variant, art.variant["breadcrumb"]
    graph = variant["seo"] in ("yoast", "rankmath")  # an SEO plugin's BreadcrumbList
    return {
        "canonical_url": "meta",  # link[rel=canonical] is on every page
        "post_id": "theme",
        "headline": "theme",
        "description": "meta",  # meta description is on every page
        "authors": "theme",
        "categories": "theme",
        "tags": "theme" if art.tags else "none",
        "main_image": "theme" if art.image else "none",
        "breadcrumbs": "theme" if crumbs != "none" else ("json-ld" if graph else "none"),
        # Only the "both" variant prints the published time; every variant prints the updated
        # time with a datetime attribute except "legacy" (text without one): JSON-LD then.
        "date_published": "theme" if variant["dates"] == "both" else "json-ld",
        "date_modified": "json-ld" if variant["dates"] == "legacy" else "theme",
        "body": "theme",
        "tweets": "theme" if content["tweets"] else "none",
    }


def content_hash(headline: str, body: str, tweets: list[dict[str, Any]]) -> str:
    canon = {
        "headline": headline,
        "body": body,
        "tweets": [[t["tweet_id"], t["text"]] for t in tweets],
    }
    data = json.dumps(canon, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "sha256:" + hashlib.sha256(data.encode("utf-8")).hexdigest()


def article_record(art: Article, site: Site) -> dict[str, Any]:
    content = content_record(art, site)
    words = len(content["body"].split())
    headline = norm(art.headline)
    image = None
    if art.image:
        image = {
            "url": upload_url(site, art.image["file"]),
            "caption": norm(art.image.get("caption") or "") or None,
            "alt": norm(art.image.get("alt") or "") or None,
        }
    host = site.base.split("//", 1)[1].split("/", 1)[0]
    return {
        "url": art.url,
        "canonical_url": art.url,
        "post_id": art.post_id,
        "site": host.removeprefix("www."),
        "headline": headline,
        "description": norm(art.description),
        "authors": [
            {
                "name": norm(a.name),
                "url": a.url,
                "role": norm(a.role) if a.role else None,
                "bio": norm(a.bio) if a.bio else None,
            }
            for a in (site.authors[k] for k in art.authors)
        ],
        "date_published": art.published,
        "date_published_raw": art.published,
        "date_published_solar_hijri": None,  # the theme shows Gregorian dates only
        "date_modified": art.modified,
        "date_modified_raw": art.modified,
        "breadcrumbs": crumbs_record(art, site),
        "categories": [norm(site.categories[c].name) for c in art.categories],
        "tags": [norm(t["name"]) for t in art.tags],
        "main_image": image,
        "body": content["body"],
        "blocks": content["blocks"],
        "tweets": content["tweets"],
        "language": art.language,
        "word_count": words,
        "reading_time_minutes": reading_minutes(words),
        "extraction": extraction_record(art, content),
        "content_hash": content_hash(headline, content["body"], content["tweets"]),
        "schema_version": "1.0",
    }
