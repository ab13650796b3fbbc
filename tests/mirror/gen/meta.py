"""`<head>` building blocks shared by all pages, Foxiz JSON-LD objects and footer scripts."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from .cards import thumb
from .textutil import esc

if TYPE_CHECKING:
    from .model import Article, Site

THEME_VER = "2.3.4"


def pretty_ld(obj: dict[str, Any]) -> str:
    """Foxiz JSON-LD: PHP JSON_PRETTY_PRINT|JSON_UNESCAPED_SLASHES (unicode escaped)."""
    return (
        '<script type="application/ld+json">'
        + json.dumps(obj, indent=4, ensure_ascii=True)
        + "</script>"
    )


def org_ld(site: Site) -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": "Organization",
        "legalName": site.name,
        "url": site.base,
        "logo": f"{site.base}wp-content/uploads/2023/12/afghan-insight-logo.png",
        "sameAs": ["https://www.facebook.com/afghaninsight", "https://twitter.com/afghaninsight"],
    }


def website_ld(site: Site) -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "@id": f"{site.base}#website",
        "url": site.base,
        "name": site.name,
        "potentialAction": {
            "@type": "SearchAction",
            "target": f"{site.base}?s={{search_term_string}}",
            "query-input": "required name=search_term_string",
        },
    }


def itemlist_ld(posts: list[Article], site: Site) -> str:
    items = []
    for n, art in enumerate(posts, 1):
        item: dict[str, Any] = {
            "@type": "ListItem",
            "position": n,
            "url": art.url,
            "name": art.headline,
        }
        if art.image:
            item["image"] = thumb(art, site, "")
        items.append(item)
    return pretty_ld(
        {"@context": "https://schema.org", "@type": "ItemList", "itemListElement": items}
    )


def head_common(site: Site) -> str:
    return """<meta charset="UTF-8" />
<meta http-equiv="X-UA-Compatible" content="IE=edge" />
<meta name="viewport" content="width=device-width, initial-scale=1.0" />
<link rel="profile" href="https://gmpg.org/xfn/11" />"""


def head_links(site: Site) -> str:
    feed = f"{site.base}feed/"
    return (
        f'<link rel="alternate" type="application/rss+xml" title="{esc(site.name)} &raquo; Feed" '
        f'href="{feed}" />\n<link rel="alternate" type="application/rss+xml" '
        f'title="{esc(site.name)} &raquo; Comments Feed" href="{site.base}comments/feed/" />'
    )


def head_assets(site: Site) -> str:
    theme = f"{site.base}wp-content/themes/foxiz/assets/css/main.css?ver={THEME_VER}"
    return (
        f"<link rel='stylesheet' id='foxiz-main-css' href='{theme}' media='all' />\n"
        f"<link rel='stylesheet' id='foxiz-style-css' href='{site.base}wp-content/themes/foxiz/"
        f"style.css?ver={THEME_VER}' media='all' />\n"
        f'<link rel="https://api.w.org/" href="{site.base}wp-json/" />'
    )


def head_rest(site: Site) -> str:
    return (
        f'<link rel="EditURI" type="application/rsd+xml" title="RSD" '
        f'href="{site.base}xmlrpc.php?rsd" />\n'
        '<meta name="generator" content="WordPress 6.5.3" />'
    )


def scripts(site: Site, extra: str = "") -> str:
    params = json.dumps({"ajaxurl": f"{site.base}wp-admin/admin-ajax.php"}).replace("/", "\\/")
    return (
        f'<script id="foxiz-core-js-extra">\n/* <![CDATA[ */\nvar foxizCoreParams = {params};\n'
        f'{extra}/* ]]> */\n</script>\n<script src="{site.base}wp-content/themes/foxiz/'
        f'assets/js/global.js?ver={THEME_VER}" id="foxiz-global-js"></script>'
    )
