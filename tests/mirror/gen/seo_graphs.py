"""The JSON-LD graphs printed by Yoast SEO and Rank Math on single posts."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from . import meta
from .cards import upload_url

if TYPE_CHECKING:
    from .model import Article, Site

IMG_W, IMG_H = 1280, 720


def _crumb_cats(art: Article, site: Site) -> list[tuple[str, str]]:
    return [(c.name, c.url) for c in site.ancestors(art.categories[0])]


def _person_id(site: Site, key: str) -> str:
    return (
        f"{site.base}#/schema/person/{hashlib.md5(key.encode(), usedforsecurity=False).hexdigest()}"
    )


def yoast_graph(art: Article, site: Site, words: int) -> dict[str, Any]:
    u = art.url
    authors = [{"name": site.authors[k].name, "@id": _person_id(site, k)} for k in art.authors]
    article: dict[str, Any] = {
        "@type": "Article",
        "@id": f"{u}#article",
        "isPartOf": {"@id": u},
        "author": authors[0] if len(authors) == 1 else authors,
        "headline": art.headline,
        "datePublished": art.published,
        "dateModified": art.modified,
        "mainEntityOfPage": {"@id": u},
        "wordCount": words,
        "commentCount": 0,
        "publisher": {"@id": f"{site.base}#organization"},
    }
    page: dict[str, Any] = {
        "@type": "WebPage",
        "@id": u,
        "url": u,
        "name": f"{art.headline} - {site.name}",
        "isPartOf": {"@id": f"{site.base}#website"},
    }
    graph: list[dict[str, Any]] = [article, page]
    if art.image:
        img_url = upload_url(site, art.image["file"])
        article["image"] = {"@id": f"{u}#primaryimage"}
        article["thumbnailUrl"] = img_url
        page.update(
            {
                "primaryImageOfPage": {"@id": f"{u}#primaryimage"},
                "image": {"@id": f"{u}#primaryimage"},
                "thumbnailUrl": img_url,
            }
        )
        graph.append(
            {
                "@type": "ImageObject",
                "inLanguage": art.variant["html_lang"],
                "@id": f"{u}#primaryimage",
                "url": img_url,
                "contentUrl": img_url,
                "width": IMG_W,
                "height": IMG_H,
                "caption": art.image.get("caption") or "",
            }
        )
    article.update(
        {
            "keywords": [t["name"] for t in art.tags],
            "articleSection": [site.categories[c].name for c in art.categories],
            "inLanguage": art.variant["html_lang"],
        }
    )
    page.update(
        {
            "datePublished": art.published,
            "dateModified": art.modified,
            "description": art.description,
            "breadcrumb": {"@id": f"{u}#breadcrumb"},
            "inLanguage": art.variant["html_lang"],
            "potentialAction": [{"@type": "ReadAction", "target": [u]}],
        }
    )
    crumbs = [("Home", site.base), *_crumb_cats(art, site)]
    items: list[dict[str, Any]] = [
        {"@type": "ListItem", "position": n, "name": name, "item": url}
        for n, (name, url) in enumerate(crumbs, 1)
    ]
    items.append({"@type": "ListItem", "position": len(items) + 1, "name": art.headline})
    graph.append({"@type": "BreadcrumbList", "@id": f"{u}#breadcrumb", "itemListElement": items})
    graph.append(
        {
            "@type": "WebSite",
            "@id": f"{site.base}#website",
            "url": site.base,
            "name": site.name,
            "publisher": {"@id": f"{site.base}#organization"},
            "inLanguage": "en-US",
        }
    )
    graph.append(
        {
            "@type": "Organization",
            "@id": f"{site.base}#organization",
            "name": site.name,
            "url": site.base,
            "sameAs": meta.org_ld(site)["sameAs"],
        }
    )
    graph += [
        {
            "@type": "Person",
            "@id": _person_id(site, k),
            "name": site.authors[k].name,
            "url": site.authors[k].url,
        }
        for k in art.authors
    ]
    return {"@context": "https://schema.org", "@graph": graph}


def rankmath_graph(art: Article, site: Site) -> dict[str, Any]:
    u = art.url
    graph: list[dict[str, Any]] = [
        {"@type": "Organization", "@id": f"{site.base}#organization", "name": site.name},
        {
            "@type": "WebSite",
            "@id": f"{site.base}#website",
            "url": site.base,
            "name": site.name,
            "publisher": {"@id": f"{site.base}#organization"},
            "inLanguage": "en-US",
        },
    ]
    if art.image:
        graph.append(
            {
                "@type": "ImageObject",
                "@id": upload_url(site, art.image["file"]),
                "url": upload_url(site, art.image["file"]),
                "width": str(IMG_W),
                "height": str(IMG_H),
                "inLanguage": art.variant["html_lang"],
            }
        )
    crumbs = [("Home", site.base), *_crumb_cats(art, site), (art.headline, u)]
    graph.append(
        {
            "@type": "BreadcrumbList",
            "@id": f"{u}#breadcrumb",
            "itemListElement": [
                {"@type": "ListItem", "position": str(n), "item": {"@id": url, "name": name}}
                for n, (name, url) in enumerate(crumbs, 1)
            ],
        }
    )
    graph.append(
        {
            "@type": "WebPage",
            "@id": f"{u}#webpage",
            "url": u,
            "name": f"{art.headline} - {site.name}",
            "datePublished": art.published,
            "dateModified": art.modified,
            "isPartOf": {"@id": f"{site.base}#website"},
            "inLanguage": art.variant["html_lang"],
            "breadcrumb": {"@id": f"{u}#breadcrumb"},
        }
    )
    people = [
        {
            "@type": "Person",
            "@id": site.authors[k].url,
            "name": site.authors[k].name,
            "url": site.authors[k].url,
        }
        for k in art.authors
    ]
    graph += people
    article: dict[str, Any] = {
        "@type": "NewsArticle",
        "headline": f"{art.headline} - {site.name}",
        "datePublished": art.published,
        "dateModified": art.modified,
        "articleSection": ", ".join(site.categories[c].name for c in art.categories),
        "author": {"@id": people[0]["@id"], "name": people[0]["name"]},
        "publisher": {"@id": f"{site.base}#organization"},
        "description": art.description,
        "name": f"{art.headline} - {site.name}",
        "@id": f"{u}#richSnippet",
        "isPartOf": {"@id": f"{u}#webpage"},
        "inLanguage": art.variant["html_lang"],
        "mainEntityOfPage": {"@id": f"{u}#webpage"},
    }
    if art.image:
        article["image"] = {"@id": upload_url(site, art.image["file"])}
    graph.append(article)
    return {"@context": "https://schema.org", "@graph": graph}
