"""`<head>` of article pages: WordPress core links + the Foxiz / Yoast / Rank Math SEO variants."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from . import meta, seo_graphs
from .cards import upload_url
from .textutil import esc

if TYPE_CHECKING:
    from .model import Article, Site

IMG_W, IMG_H = 1280, 720


def _meta(attr: str, key: str, value: str) -> str:
    return f'<meta {attr}="{key}" content="{esc(value)}" />'


def _crumb_cats(art: Article, site: Site) -> list[tuple[str, str]]:
    return [(c.name, c.url) for c in site.ancestors(art.categories[0])]


def _author_names(art: Article, site: Site) -> str:
    return ", ".join(site.authors[k].name for k in art.authors)


def foxiz_article_ld(art: Article, site: Site) -> dict[str, Any]:
    people = [
        {"@type": "Person", "name": site.authors[k].name, "url": site.authors[k].url}
        for k in art.authors
    ]
    obj: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": art.headline,
        "description": art.description,
        "mainEntityOfPage": {"@type": "WebPage", "@id": art.url},
        "author": people[0] if len(people) == 1 else people,
        "publisher": {
            "@type": "Organization",
            "name": site.name,
            "url": site.base,
            "logo": {"@type": "ImageObject", "url": meta.org_ld(site)["logo"]},
        },
        "dateModified": art.modified,
        "datePublished": art.published,
    }
    if art.image:
        obj["image"] = {
            "@type": "ImageObject",
            "url": upload_url(site, art.image["file"]),
            "width": str(IMG_W),
            "height": str(IMG_H),
        }
    obj["commentCount"] = 0
    obj["articleSection"] = [site.categories[c].name for c in art.categories]
    return obj


def _foxiz_seo(art: Article, site: Site, minutes: int) -> str:
    tags = [
        _meta("name", "description", art.description),
        _meta("property", "og:title", art.headline),
        _meta("property", "og:url", art.url),
        _meta("property", "og:site_name", site.name),
    ]
    if art.image:
        tags.append(_meta("property", "og:image", upload_url(site, art.image["file"])))
    tags += [
        _meta("property", "og:type", "article"),
        _meta("property", "article:published_time", art.published),
        _meta("property", "article:modified_time", art.modified),
        _meta("name", "author", _author_names(art, site)),
        _meta("name", "twitter:card", "summary_large_image"),
        _meta("name", "twitter:creator", "@afghaninsight"),
        _meta("name", "twitter:label1", "Written by"),
        _meta("name", "twitter:data1", _author_names(art, site)),
        _meta("name", "twitter:label2", "Est. reading time"),
        _meta("name", "twitter:data2", f"{minutes} minutes"),
    ]
    return "\n".join(tags)


def _foxiz_ld(art: Article, site: Site, article: bool) -> str:
    parts = [meta.pretty_ld(meta.org_ld(site)), meta.pretty_ld(meta.website_ld(site))]
    if article:
        parts.append(meta.pretty_ld(foxiz_article_ld(art, site)))
    return "\n".join(parts)


def _og_block(art: Article, site: Site, minutes: int, plugin: str) -> list[str]:
    locale = art.variant["html_lang"].replace("-", "_")
    title = f"{art.headline} - {site.name}"
    tags = [
        _meta("property", "og:locale", locale),
        _meta("property", "og:type", "article"),
        _meta("property", "og:title", title),
        _meta("property", "og:description", art.description),
        _meta("property", "og:url", art.url),
        _meta("property", "og:site_name", site.name),
    ]
    if plugin == "yoast":
        tags.append(
            _meta("property", "article:publisher", "https://www.facebook.com/afghaninsight")
        )
    else:
        tags += [_meta("property", "article:tag", t["name"]) for t in art.tags]
        tags.append(_meta("property", "article:section", site.categories[art.categories[0]].name))
        tags.append(_meta("property", "og:updated_time", art.modified))
    pubs = [
        _meta("property", "article:published_time", art.published),
        _meta("property", "article:modified_time", art.modified),
    ]
    img: list[str] = []
    if art.image:
        url = upload_url(site, art.image["file"])
        img = [
            _meta("property", "og:image", url),
            _meta("property", "og:image:width", str(IMG_W)),
            _meta("property", "og:image:height", str(IMG_H)),
            _meta("property", "og:image:type", "image/jpeg"),
        ]
    tags += pubs + img if plugin == "yoast" else img + pubs
    names = _author_names(art, site)
    if plugin == "yoast":
        tags += [
            _meta("name", "author", names),
            _meta("name", "twitter:card", "summary_large_image"),
            _meta("name", "twitter:creator", "@afghaninsight"),
            _meta("name", "twitter:site", "@afghaninsight"),
        ]
    else:
        tags += [
            _meta("name", "twitter:card", "summary_large_image"),
            _meta("name", "twitter:title", title),
            _meta("name", "twitter:description", art.description),
        ]
    label2 = "Est. reading time" if plugin == "yoast" else "Time to read"
    tags += [
        _meta("name", "twitter:label1", "Written by"),
        _meta("name", "twitter:data1", names),
        _meta("name", "twitter:label2", label2),
        _meta("name", "twitter:data2", f"{minutes} minutes"),
    ]
    return tags


def compact(obj: dict[str, Any]) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


def article_head(art: Article, site: Site, minutes: int, words: int) -> str:
    seo = art.variant["seo"]
    title = esc(art.headline)
    comments = (
        f'<link rel="alternate" type="application/rss+xml" title="{esc(site.name)} '
        f'&raquo; {title} Comments Feed" href="{art.url}feed/" />'
    )
    enc = quote(art.url, safe="")
    core_tail = (
        f'<link rel="alternate" title="JSON" type="application/json" '
        f'href="{site.base}wp-json/wp/v2/posts/{art.post_id}" />\n{meta.head_rest(site)}\n'
        + (f'<link rel="canonical" href="{art.url}" />\n' if seo == "foxiz" else "")
        + f"<link rel='shortlink' href='{site.base}?p={art.post_id}' />\n"
        f'<link rel="alternate" title="oEmbed (JSON)" type="application/json+oembed" '
        f'href="{site.base}wp-json/oembed/1.0/embed?url={enc}" />\n'
        f'<link rel="alternate" title="oEmbed (XML)" type="text/xml+oembed" '
        f'href="{site.base}wp-json/oembed/1.0/embed?url={enc}&#038;format=xml" />'
    )
    parts = [meta.head_common(site)]
    if seo == "foxiz":
        parts += [
            f"<title>{title} &#8211; {esc(site.name)}</title>",
            "<meta name='robots' content='max-image-preview:large' />",
        ]
    elif seo == "yoast":
        parts += [
            "<!-- This site is optimized with the Yoast SEO plugin v22.6 - "
            "https://yoast.com/wordpress/plugins/seo/ -->",
            f"<title>{title} - {esc(site.name)}</title>",
            _meta("name", "description", art.description),
            '<meta name="robots" content="index, follow, max-snippet:-1, '
            'max-image-preview:large, max-video-preview:-1" />',
            f'<link rel="canonical" href="{art.url}" />',
            *_og_block(art, site, minutes, seo),
            '<script type="application/ld+json" class="yoast-schema-graph">'
            f"{compact(seo_graphs.yoast_graph(art, site, words))}</script>",
            "<!-- / Yoast SEO plugin. -->",
        ]
    else:
        parts += [
            "<!-- Search Engine Optimization by Rank Math - https://rankmath.com/ -->",
            f"<title>{title} - {esc(site.name)}</title>",
            _meta("name", "description", art.description),
            '<meta name="robots" content="follow, index, max-snippet:-1, '
            'max-video-preview:-1, max-image-preview:large"/>',
            f'<link rel="canonical" href="{art.url}" />',
            *_og_block(art, site, minutes, seo),
            '<script type="application/ld+json" class="rank-math-schema">'
            f"{compact(seo_graphs.rankmath_graph(art, site))}</script>",
            "<!-- /Rank Math WordPress SEO plugin -->",
        ]
    parts += [meta.head_links(site), comments]
    if seo == "foxiz":
        parts.append(_foxiz_seo(art, site, minutes))
    parts += [_foxiz_ld(art, site, article=seo != "rankmath"), meta.head_assets(site), core_tail]
    return "\n".join(parts)
