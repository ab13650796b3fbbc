"""Each article's expected record (docs/record.md without ``scraped_at``), from the SOURCES and
the markup this generator writes, never from insight_scraper's extractor."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from gen.body import content_record
from gen.cards import upload_url
from gen.record import content_hash
from gen.textutil import norm, reading_minutes

from .single import shown_date, utc

if TYPE_CHECKING:
    from .model import Article, Site


def _authors(art: Article, site: Site) -> list[dict[str, Any]]:
    # The author box under the post is the primary author's only (get_the_author()).
    primary = art.authors[0]
    return [
        {"name": norm(site.authors[k].name), "url": site.authors[k].url, "role": None,
         "bio": norm(site.authors[k].bio) if k == primary and site.authors[k].bio else None}
        for k in art.authors
    ]  # fmt: skip


def _dates(art: Article, site: Site) -> dict[str, Any]:
    shown = shown_date(art, site)
    solar = shown if site.langs[art.language].calendar == "solar" else None
    if art.dates == "machine":
        # Published: the header's time[datetime] (local offset); modified: Yoast's JSON-LD
        # dateModified (UTC), written back in the page's local offset.
        return {
            "date_published": art.published, "date_published_raw": art.published,
            "date_published_solar_hijri": solar,
            "date_modified": art.modified, "date_modified_raw": utc(art.modified),
        }  # fmt: skip
    # Only the visible date, with its time and no offset: the Gregorian wall-clock time.
    local = datetime.fromisoformat(art.published).replace(tzinfo=None)
    return {
        "date_published": local.isoformat(timespec="seconds"), "date_published_raw": shown,
        "date_published_solar_hijri": solar, "date_modified": None, "date_modified_raw": None,
    }  # fmt: skip


def _extraction(art: Article, content: dict[str, Any]) -> dict[str, str]:
    seo = art.dates == "machine"  # the posts with Yoast's head; the others have core's only
    return {
        "canonical_url": "meta", "post_id": "theme", "headline": "theme",
        "description": "meta" if seo else "none", "authors": "theme", "categories": "theme",
        "tags": "theme" if art.tags else "none", "main_image": "theme" if art.image else "none",
        "breadcrumbs": "theme", "date_published": "theme",
        "date_modified": "json-ld" if seo else "none", "body": "theme",
        "tweets": "theme" if content["tweets"] else "none",
    }  # fmt: skip


def article_record(art: Article, site: Site) -> dict[str, Any]:
    content = content_record(art, site)
    words = len(content["body"].split())
    headline = norm(art.headline)
    image = None
    if art.image:
        image = {"url": upload_url(site, art.image["file"]),
                 "caption": norm(art.image.get("caption") or "") or None,
                 "alt": norm(art.image.get("alt") or "") or None}  # fmt: skip
    cat = site.categories[art.categories[0]]
    return {
        "url": art.url, "canonical_url": art.url, "post_id": art.post_id,
        "site": site.base.split("//", 1)[1].split("/", 1)[0].removeprefix("www."),
        "headline": headline, "description": norm(art.description) if art.dates == "machine" else None,
        "authors": _authors(art, site), **_dates(art, site),
        "breadcrumbs": [{"name": norm(site.langs[art.language].home), "url": site.home(art.language)},
                        {"name": norm(cat.name), "url": cat.url}],
        "categories": [norm(site.categories[c].name) for c in art.categories],
        "tags": [norm(t.name) for t in art.tags], "main_image": image,
        "body": content["body"], "blocks": content["blocks"], "tweets": content["tweets"],
        "language": art.language, "word_count": words, "reading_time_minutes": reading_minutes(words),
        "extraction": _extraction(art, content),
        "content_hash": content_hash(headline, content["body"], content["tweets"]),
        "schema_version": "1.0",
    }  # fmt: skip
