"""The single post page in the Newspaper theme's default post template (docs/site2-markup.md §2)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from gen.body import RENDERERS, Ctx, heading_ids
from gen.cards import upload_url
from gen.textutil import esc

from . import frame
from .visible import visible_date

if TYPE_CHECKING:
    from .model import Article, Site

CONTENT_CROP = "696x392"  # Newspaper's td_696x0 content-width crop


def shown_date(art: Article, site: Site) -> str:
    """The date the post header shows: the theme's date format, with the time on posts whose
    only date is the visible one (the 'solar-only' sources)."""
    lang = site.langs[art.language]
    digits = art.digits if lang.calendar == "solar" else "latin"
    return visible_date(art.pub_dt, art.language, digits, art.dates == "solar-only")


def utc(stamp: str) -> str:
    return datetime.fromisoformat(stamp).astimezone(UTC).isoformat(timespec="seconds")


def _yoast(art: Article, site: Site) -> str:
    lang = site.langs[art.language]
    title = f"{art.headline} - {lang.site_title}"
    author = site.authors[art.authors[0]]
    image = upload_url(site, art.image["file"]) if art.image else None
    meta = [
        ("name", "description", art.description),
        ("property", "og:locale", lang.locale.replace("-", "_")),
        ("property", "og:type", "article"),
        ("property", "og:title", title),
        ("property", "og:description", art.description),
        ("property", "og:url", art.url),
        ("property", "og:site_name", lang.site_title),
        ("property", "article:published_time", utc(art.published)),
        ("property", "article:modified_time", utc(art.modified)),
        *([("property", "og:image", image)] if image else []),
        ("name", "author", author.name),
    ]
    tags = "".join(f'<meta {kind}="{key}" content="{esc(value)}">\n' for kind, key, value in meta)
    graph = json.dumps(_graph(art, site, image), ensure_ascii=False, separators=(",", ":"))
    return (
        tags + f'<script type="application/ld+json" class="yoast-schema-graph">{graph}</script>\n'
    )


def _graph(art: Article, site: Site, image: str | None) -> dict[str, Any]:
    home = site.home(art.language)
    cat = site.categories[art.categories[0]]
    article: dict[str, Any] = {
        "@type": "NewsArticle", "@id": f"{art.url}#article",
        "isPartOf": {"@id": art.url}, "headline": art.headline,
        "datePublished": utc(art.published), "dateModified": utc(art.modified),
        "mainEntityOfPage": {"@id": art.url},
        "author": [{"@id": f"{home}#/schema/person/{k}"} for k in art.authors],
        "publisher": {"@id": f"{site.base}#organization"},
        "articleSection": [site.categories[c].name for c in art.categories],
        "inLanguage": site.langs[art.language].locale.replace("-", "_"),
    }  # fmt: skip
    if art.tags:
        article["keywords"] = [t.name for t in art.tags]
    if image:
        article["image"] = {"@id": f"{art.url}#primaryimage"}
    people = [
        {"@type": "Person", "@id": f"{home}#/schema/person/{k}", "name": site.authors[k].name,
         "url": site.authors[k].url}
        for k in art.authors
    ]  # fmt: skip
    crumbs = {
        "@type": "BreadcrumbList", "@id": f"{art.url}#breadcrumb",
        "itemListElement": [
            {"@type": "ListItem", "position": 1, "name": site.langs[art.language].home, "item": home},
            {"@type": "ListItem", "position": 2, "name": cat.name, "item": cat.url},
            {"@type": "ListItem", "position": 3, "name": art.headline},
        ],
    }  # fmt: skip
    page = {"@type": "WebPage", "@id": art.url, "url": art.url, "name": art.headline,
            "breadcrumb": {"@id": f"{art.url}#breadcrumb"}}  # fmt: skip
    return {"@context": "https://schema.org", "@graph": [article, page, crumbs, *people]}


def _head(art: Article, site: Site) -> str:
    core = (
        f'<link rel="shortlink" href="{site.base}?p={art.post_id}">\n'
        f'<link rel="alternate" type="application/json" title="JSON" '
        f'href="{site.base}wp-json/wp/v2/posts/{art.post_id}">\n'
    )
    seo = _yoast(art, site) if art.dates == "machine" else ""  # solar-only: no SEO plugin
    title = f"{art.headline} - {site.langs[art.language].site_title}"
    return frame.head(site, art.language, title, art.url, core + seo)


def _crumbs(art: Article, site: Site) -> str:
    cat = site.categories[art.categories[0]]
    sep = '<i class="td-icon-right td-bread-sep"></i>'
    return (
        '<div class="td-crumb-container"><div class="entry-crumbs">'
        f'<span><a title="" class="entry-crumb" href="{site.home(art.language)}">'
        f"{esc(site.langs[art.language].home)}</a></span> {sep} "
        f'<span><a title="{esc(cat.name)}" class="entry-crumb" href="{cat.url}">{esc(cat.name)}</a></span> '
        '<i class="td-icon-right td-bread-sep td-bred-no-url-last"></i> '
        f'<span class="td-bred-no-url-last">{esc(art.headline)}</span></div></div>\n'
    )


def _byline(art: Article, site: Site) -> str:
    links = ", ".join(
        f'<a href="{site.authors[k].url}">{esc(site.authors[k].name)}</a>' for k in art.authors
    )
    return (
        f'<div class="td-post-author-name"><div class="td-author-by">{esc(site.langs[art.language].by)}</div> '
        f'{links}<div class="td-author-line"> - </div></div>'
    )


def _date(art: Article, site: Site) -> str:
    stamp = f' datetime="{art.published}"' if art.dates == "machine" else ""
    return (
        f'<span class="td-post-date"><time class="entry-date updated td-module-date"{stamp}>'
        f"{shown_date(art, site)}</time></span>"
    )


def _header(art: Article, site: Site) -> str:
    cats = "".join(
        f'<li class="entry-category"><a href="{site.categories[c].url}">{esc(site.categories[c].name)}</a></li>'
        for c in art.categories
    )
    return (
        '<div class="td-post-header">\n'
        + _crumbs(art, site)
        + f'<ul class="td-category">{cats}</ul>\n'
        + '<header class="td-post-title">\n'
        + f'<h1 class="entry-title">{esc(art.headline)}</h1>\n'
        + '<div class="td-module-meta-info">'
        + _byline(art, site)
        + _date(art, site)
        + '<div class="td-post-views"><i class="td-icon-views"></i><span class="td-nr-views-'
        + str(art.post_id)
        + '">۱۲۳۴</span></div>'
        + '<div class="td-post-comments"><a href="#respond"><i class="td-icon-comments"></i>0</a></div>'
        + "</div>\n</header>\n</div>\n"
    )


def _featured(art: Article, site: Site) -> str:
    if not art.image:
        return ""
    full = upload_url(site, art.image["file"])
    crop = upload_url(site, art.image["file"], CONTENT_CROP)
    caption = esc(art.image.get("caption") or "")
    return (
        '<div class="td-post-featured-image"><figure>'
        f'<a href="{full}" data-caption="{caption}">'
        f'<img width="696" height="392" class="entry-thumb td-modal-image" src="{crop}" '
        f'alt="{esc(art.image.get("alt") or "")}" title="{esc(art.headline)}"/></a>'
        f'<figcaption class="wp-caption-text">{caption}</figcaption></figure></div>\n'
    )


AD = (
    '<div class="td-a-rec td-a-rec-id-content_inline tdi_3 td_block_template_1">'
    '<span class="td-adspot-title">- Advertisement -</span>'
    '<div class="td-all-devices"><a href="#"><img src="https://www.paiwand.example/wp-content/uploads/2024/01/banner-300x250.jpg" alt=""/></a></div></div>'
)


def content_html(art: Article, site: Site) -> str:
    """``div.td-post-content``: the featured image, then the_content with the theme's inline ad
    after the second block (Newspaper's 'content_inline' ad spot)."""
    ctx = Ctx(art, site, heading_ids(art), feed=False)
    blocks = [
        RENDERERS[next(k for k in block if k in RENDERERS)](block, i, ctx)
        for i, block in enumerate(art.body)
    ]
    at = min(2, len(blocks))
    inner = "\n".join([*blocks[:at], AD, *blocks[at:]])
    return f'<div class="td-post-content tagdiv-type">\n{_featured(art, site)}{inner}\n</div>\n'


def _footer(art: Article, site: Site) -> str:
    tags = "".join(f'<li><a href="{t.url}">{esc(t.name)}</a></li>' for t in art.tags)
    tag_bar = (
        '<div class="td-post-source-tags"><ul class="td-tags td-post-small-box clearfix">'
        f"<li><span>{esc(site.langs[art.language].tags)}</span></li>{tags}</ul></div>\n"
        if art.tags
        else ""
    )
    author = site.authors[art.authors[0]]
    return (
        "<footer>\n"
        + tag_bar
        + '<div class="td-post-sharing-bottom"><div class="td-post-sharing-classic">'
        + f'<a class="td-social-sharing-button" href="https://twitter.com/intent/tweet?url={art.url}">Twitter</a></div></div>\n'
        + '<div class="author-box-wrap"><a href="'
        + author.url
        + '"><img alt="" class="avatar avatar-96" src="https://secure.gravatar.com/avatar/x?s=96"/></a>'
        + '<div class="desc"><div class="td-author-name vcard author"><span class="fn">'
        + f'<a href="{author.url}">{esc(author.name)}</a></span></div>'
        + f'<div class="td-author-description">{esc(author.bio or "")}</div><div class="clearfix"></div></div></div>\n'
        + "</footer>\n"
    )


def _related(art: Article, site: Site) -> str:
    others = [a for a in site.in_lang(art.language) if a.slug != art.slug][:3]
    cards = "".join(
        '<div class="td-related-span4"><div class="td_module_related_posts td-animation-stack td_mod_related_posts">'
        f'<h3 class="entry-title td-module-title"><a href="{a.url}" rel="bookmark" title="{esc(a.headline)}">{esc(a.headline)}</a></h3>'
        "</div></div>"
        for a in others
    )
    return (
        '<div class="td_block_wrap td_block_related_posts tdi_5 td_with_ajax_pagination td-pb-border-top td_block_template_1">'
        f'<div class="td_block_inner"><div class="td-related-row">{cards}</div></div></div>\n'
    )


def article_page(art: Article, site: Site) -> str:
    classes = [f"post-{art.post_id}", "post", "type-post", "status-publish", "format-standard"]
    classes += ["has-post-thumbnail"] if art.image else []
    classes += [f"category-{c}" for c in art.categories] + [f"tag-{t.slug}" for t in art.tags]
    main = (
        '<div class="td-main-content-wrap td-container-wrap"><div class="td-container td-post-template-default">'
        '<div class="td-pb-row"><div class="td-pb-span8 td-main-content" role="main"><div class="td-ss-main-content">\n'
        f'<article id="post-{art.post_id}" class="{" ".join(classes)}">\n'
        + _header(art, site)
        + '<div class="td-post-sharing-top"><a class="td-social-sharing-button" href="#">Facebook</a></div>\n'
        + content_html(art, site)
        + _footer(art, site)
        + "</article>\n"
        + _related(art, site)
        + "</div></div>"
        + '<div class="td-pb-span4 td-main-sidebar" role="complementary"><div class="td-ss-main-sidebar"></div></div>'
        + "</div></div></div>\n"
    )
    body = f"post-template-default single single-post postid-{art.post_id} single-format-standard td-standard-pack"
    return frame.page(site, art.language, _head(art, site), body, main)
