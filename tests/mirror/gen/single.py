"""Single post page (Foxiz "standard 1" layout), docs/markup.md §1."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import cards, chrome, meta
from .body import render_body
from .cards import upload_url
from .head import article_head
from .textutil import esc, fmt_day, fmt_legacy, fmt_long

if TYPE_CHECKING:
    from .model import Article, Site

SEP = " &gt; "


def breadcrumb(art: Article, site: Site) -> str:
    kind = art.variant["breadcrumb"]
    cats = site.ancestors(art.categories[0])
    title = esc(art.headline)
    if kind == "navxt":
        home = site.base.rstrip("/")
        spans = [
            f'<span property="itemListElement" typeof="ListItem"><a property="item" '
            f'typeof="WebPage" title="Go to {esc(site.name)}." href="{home}" class="home">'
            f'<span property="name">{esc(site.name)}</span></a>'
            '<meta property="position" content="1"></span>'
        ]
        spans += [
            f'<span property="itemListElement" typeof="ListItem"><a property="item" '
            f'typeof="WebPage" title="Go to the {esc(c.name)} category archives." '
            f'href="{c.url}" class="taxonomy category"><span property="name">{esc(c.name)}'
            f'</span></a><meta property="position" content="{n}"></span>'
            for n, c in enumerate(cats, 2)
        ]
        spans.append(
            f'<span property="itemListElement" typeof="ListItem"><span property="name" '
            f'class="post post-post current-item">{title}</span><meta property="url" '
            f'content="{art.url}"><meta property="position" content="{len(cats) + 2}">'
            "</span>"
        )
        return (
            '<aside class="breadcrumb-wrap breadcrumb-navxt s-breadcrumb"><div '
            'class="breadcrumb-inner" vocab="https://schema.org/" typeof="BreadcrumbList">'
            + SEP.join(spans)
            + "</div></aside>"
        )
    links = [(site.base, "Home")] + [(c.url, esc(c.name)) for c in cats]
    if kind == "rankmath":
        sep = '<span class="separator"> &raquo; </span>'
        inner = sep.join(f'<a href="{u}">{n}</a>' for u, n in links)
        return (
            '<nav aria-label="breadcrumbs" class="breadcrumb-wrap rank-math-breadcrumb '
            f's-breadcrumb"><p class="breadcrumb-inner">{inner}{sep}'
            f'<span class="last">{title}</span></p></nav>'
        )
    cls = "breadcrumb-wrap breadcrumb-yoast s-breadcrumb"
    if kind == "yoast":
        inner = " &raquo; ".join(f'<span><a href="{u}">{n}</a></span>' for u, n in links)
        last = f'<span class="breadcrumb_last" aria-current="page">{title}</span>'
        return f'<aside class="{cls}"><div class="{cls}"><span>{inner} &raquo; {last}</span></div></aside>'
    if kind == "yoast-strong":
        nested = f'<strong class="breadcrumb_last" aria-current="page">{title}</strong>'
        for u, n in reversed(links):
            nested = f'<span><a href="{u}">{n}</a> &raquo; {nested}</span>'
        return f'<aside class="{cls}"><div class="{cls}">{nested}</div></aside>'
    return ""


def _avatar_img(site: Site, key: str) -> str:
    a = site.authors[key]
    return (
        f'<img alt="{esc(a.name)}" src="{cards.avatar(a)}" class="avatar avatar-120 photo" '
        'height="120" width="120" decoding="async"/>'
    )


def _authors_meta(art: Article, site: Site) -> str:
    def job(key: str) -> str:
        role = site.authors[key].role
        return f'<span class="meta-label meta-job">&#45;&nbsp;{esc(role)}</span>' if role else ""

    if len(art.authors) == 1:
        a = site.authors[art.authors[0]]
        return (
            f'<span class="meta-el meta-author"><span class="meta-label">By</span>'
            f'<a href="{a.url}">{esc(a.name)}</a>{job(a.key)}</span>'
        )
    seps = "".join(
        f'<span class="meta-separate"><a href="{site.authors[k].url}">'
        f"{esc(site.authors[k].name)}</a>{job(k)}</span>"
        for k in art.authors
    )
    return (
        '<span class="meta-el meta-author co-authors yes-multiple">'
        f'<span class="meta-label">By</span>{seps}</span>'
    )


def single_meta(art: Article, site: Site, minutes: int) -> str:
    if len(art.authors) == 1:
        a = site.authors[art.authors[0]]
        av = f'<a class="meta-el meta-avatar" href="{a.url}">{_avatar_img(site, a.key)}</a>'
    else:
        av = (
            '<span class="meta-el meta-avatar multiple-avatar">'
            + "".join(_avatar_img(site, k) for k in art.authors)
            + "</span>"
        )
    dates = art.variant["dates"]
    if dates == "legacy":
        stamp = f'<div class="single-updated-info">Last updated: {fmt_legacy(art.mod_dt)}</div>'
    else:
        stamp = (
            f'<time class="updated-date" datetime="{art.modified}">Last updated: '
            f"{fmt_long(art.mod_dt)}</time>"
        )
    published = ""
    if dates == "both":
        published = (
            f'<span class="meta-el meta-date"><time class="date published" '
            f'datetime="{art.published}">{fmt_day(art.pub_dt)}</time></span>'
        )
    return f"""<div class="single-meta meta-s-default yes-0">
<div class="smeta-in">{av}<div class="smeta-sec">
<div class="smeta-bottom meta-text">{stamp}</div>
<div class="p-meta"><div class="meta-inner is-meta">{_authors_meta(art, site)}{published}</div></div>
</div></div>
<div class="smeta-extra">
<div class="t-shared-sec tooltips-n has-read-meta is-color"><div class="t-shared-header is-meta"><i class="rbi rbi-share"></i><span class="share-label">Share</span></div><div class="effect-fadeout">{chrome.share_links(art, site, names=False)}</div></div>
<div class="single-right-meta single-time-read is-meta"><span class="meta-el meta-read">{minutes} Min Read</span></div>
</div>
</div>"""


def featured(art: Article, site: Site) -> str:
    if not art.image:
        return ""
    img = art.image
    alt, cap = esc(img.get("alt") or ""), img.get("caption")
    tag = (
        f'<img width="860" height="484" src="{upload_url(site, img["file"], "860x484")}" '
        'class="attachment-foxiz_crop_o1 size-foxiz_crop_o1 wp-post-image" '
        f'alt="{alt}" loading="eager" decoding="async"/>'
    )
    if art.variant["lightbox"]:
        tag = (
            f'<div class="featured-lightbox-trigger" data-source="{upload_url(site, img["file"])}" '
            f'data-caption="{esc(cap or "")}" data-attribution="">{tag}</div>'
        )
    caption = (
        f'<div class="feat-caption meta-text"><span class="caption-text meta-bold">'
        f"{esc(cap)}</span></div>"
        if cap
        else ""
    )
    return f'<div class="s-feat-outer"><div class="s-feat">{tag}</div>{caption}</div>'


def tag_bar(art: Article, site: Site) -> str:
    if not art.tags:
        return ""
    links = "".join(
        f'<a href="{site.base}tag/{t["slug"]}/" rel="tag">{esc(t["name"])}</a>' for t in art.tags
    )
    return (
        '<div class="efoot efoot-commas h5"><div class="efoot-bar tag-bar">'
        '<span class="blabel is-meta"><i class="rbi rbi-tag" aria-hidden="true"></i>TAGGED:'
        f"</span>{links}</div></div>"
    )


def author_boxes(art: Article, site: Site) -> str:
    out = []
    for key in art.authors:
        a = site.authors[key]
        if not a.bio:
            continue
        job = f'<span class="author-job">{esc(a.role)}</span>' if a.role else ""
        out.append(
            f'<div class="usr-holder entry-sec"><div class="ubox"><div class="ubox-header">'
            f'<div class="author-info-wrap"><a class="author-avatar" href="{a.url}">'
            f'<img alt="" src="{cards.avatar(a)}" class="avatar avatar-120 photo" height="120" '
            'width="120" loading="lazy" decoding="async"/></a><div class="is-meta">'
            f'<span class="nname-info meta-author"><span class="meta-label">By</span> '
            f'<a class="nice-name" href="{a.url}">{esc(a.name)}</a></span>{job}</div></div>'
            '<div class="usocials tooltips-n meta-text"><span class="ef-label">Follow: </span>'
            f'<a class="social-link-website" aria-label="Website" data-title="Website" '
            f'href="{a.url}" target="_blank" rel="noopener nofollow"><i class="rbi rbi-link" '
            'aria-hidden="true"></i></a></div></div>'
            f'<div class="ubio description-text">{esc(a.bio)}</div></div></div>'
        )
    return "\n".join(out)


def related(art: Article, site: Site) -> str:
    posts = [site.by_slug[s] for s in art.related if s in site.by_slug and s != art.slug]
    items = "\n".join(cards.grid_small(p, site) for p in posts)
    return (
        f'<aside class="sfoter-sec single-related ">{cards.heading_block("You Might Also Like", "h3")}'
        f'<div id="uuid_r{art.post_id}" class="block-wrap block-small block-grid '
        'block-grid-small-1 rb-columns rb-col-4 is-gap-10 meta-s-default">'
        f'<div class="block-inner">\n{items}\n</div></div></aside>'
    )


def article_classes(art: Article) -> str:
    cls = [f"post-{art.post_id}", "post", "type-post", "status-publish", "format-standard"]
    if art.image:
        cls.append("has-post-thumbnail")
    cls += [f"category-{c}" for c in art.categories] + [f"tag-{t['slug']}" for t in art.tags]
    return " ".join(cls)


def article_page(art: Article, site: Site, minutes: int, words: int) -> str:
    lshare = (
        '<div class="l-shared-sec-outer show-mobile"><div class="l-shared-sec">'
        '<div class="l-shared-header meta-text"><i class="rbi rbi-share"></i>'
        '<span class="share-label">SHARE</span></div><div class="l-shared-items '
        f'effect-fadeout is-color">{chrome.share_links(art, site, names=False)}</div></div></div>'
    )
    eshare = (
        '<div class="e-shared-sec entry-sec"><div class="e-shared-header h4">'
        '<i class="rbi rbi-share"></i><span>Share This Article</span></div>'
        '<div class="rbbsl tooltips-n effect-fadeout is-bg">'
        f"{chrome.share_links(art, site, names=True)}</div></div>"
    )
    content = f"""<div class="single-standard-1 is-sidebar-right sticky-sidebar">
<div class="rb-container edge-padding">
<article id="post-{art.post_id}" class="{article_classes(art)}">
<header class="single-header">
{breadcrumb(art, site)}
<div class="s-cats ecat-bg-1 ecat-size-big">{cards.cat_links(art, site)}</div>
<h1 class="s-title fw-headline">{esc(art.headline)}</h1>
{single_meta(art, site, minutes)}
</header>
<div class="grid-container">
<div class="s-ct">
{featured(art, site)}
<div class="s-ct-wrap has-lsl">
<div class="s-ct-inner">
{lshare}
<div class="e-ct-outer">
<div class="entry-content rbct clearfix">
{render_body(art, site)}
</div>
{tag_bar(art, site)}
</div>
</div>
{eshare}
</div>
{author_boxes(art, site)}
</div>
<div class="sidebar-wrap single-sidebar"><div class="sidebar-inner clearfix">
{cards.categories_widget(site)}
</div></div>
</div>
</article>
{related(art, site)}
</div>
</div>"""
    body_class = ("rtl " if art.rtl else "") + (
        f"post-template-default single single-post postid-{art.post_id} single-format-standard "
        f"{chrome.BODY_COMMON} is-standard-1 is-mstick yes-tstick is-backtop none-m-backtop"
    )
    return chrome.document(
        site,
        lang=art.variant["html_lang"],
        rtl=art.rtl,
        head=article_head(art, site, minutes, words),
        body_class=body_class,
        header_html=chrome.header(site, set(), single=True),
        content=content,
        tail=meta.scripts(site),
    )
