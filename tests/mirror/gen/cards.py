"""Foxiz post cards (`div.p-wrap`), post blocks, carousels and sidebar widgets."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from .textutil import esc, fmt_day

if TYPE_CHECKING:
    from .model import Article, Author, Site


def avatar(author: Author, size: int = 120) -> str:
    digest = hashlib.md5(author.key.encode(), usedforsecurity=False).hexdigest()
    return f"https://secure.gravatar.com/avatar/{digest}?s={size}&amp;d=mm&amp;r=g"


UPLOADS = "wp-content/uploads/"


def upload_url(site: Site, file: str, crop: str = "") -> str:
    """An uploaded file URL; `crop` ('860x484') gives WordPress' resized file name."""
    if crop:
        stem, dot, ext = file.rpartition(".")
        file = f"{stem}-{crop}.{ext}" if dot else file
    return f"{site.base}{UPLOADS}{file}"


def thumb(art: Article, site: Site, crop: str) -> str:
    return upload_url(site, art.image["file"], crop) if art.image else ""


def cat_links(art: Article, site: Site, extra: str = "") -> str:
    links = "".join(
        f'<a class="p-category category-id-{site.categories[c].term_id}" '
        f'href="{site.categories[c].url}" rel="category">{esc(site.categories[c].name)}</a>'
        for c in art.categories
    )
    return f'<div class="p-categories{extra}">{links}</div>'


def _featured(art: Article, site: Site, crop: str, cats: bool = True) -> str:
    if not art.image:
        return ""
    w, h = crop.split("x")
    img = (
        f'<img loading="lazy" decoding="async" width="{w}" height="{h}" '
        f'src="{thumb(art, site, crop)}" class="featured-img wp-post-image" '
        f'alt="{esc(art.image.get("alt") or "")}"/>'
    )
    link = f'<a class="p-flink" href="{art.url}" title="{esc(art.headline)}">{img}</a>'
    top = cat_links(art, site, " p-top") if cats else ""
    return f'<div class="feat-holder overlay-text"><div class="p-featured">{link}</div>{top}</div>'


def _title(art: Article, tag: str) -> str:
    return (
        f'<{tag} class="entry-title"><a class="p-url" href="{art.url}" rel="bookmark">'
        f"{esc(art.headline)}</a></{tag}>"
    )


def _updated(art: Article) -> str:
    return (
        f'<span class="meta-el meta-update"><time class="updated" datetime="{art.modified}">'
        f"{fmt_day(art.mod_dt)}</time></span>"
    )


def _summary(art: Article, words: int = 24) -> str:
    toks = art.description.split()
    text = esc(" ".join(toks[:words]))
    dots = '<span class="summary-dot">&hellip;</span>' if len(toks) > words else ""
    return f'<p class="entry-summary">{text}{dots}</p>'


def grid_1(art: Article, site: Site) -> str:
    """Archive list card (grid_1): image, categories, h3 title, excerpt, avatar/author/update."""
    author = site.authors[art.authors[0]]
    names = "".join(
        f'<a href="{site.authors[k].url}">{esc(site.authors[k].name)}</a>' for k in art.authors
    )
    meta = (
        f'<div class="p-meta has-avatar"><div class="meta-inner is-meta">'
        f'<a class="meta-el meta-avatar" href="{author.url}"><img alt="{esc(author.name)}" '
        f'src="{avatar(author, 44)}" class="avatar avatar-44 photo" height="44" width="44" '
        'loading="lazy" decoding="async"/></a>'
        f'<span class="meta-el meta-author">{names}</span>{_updated(art)}</div></div>'
    )
    return (
        f'<div class="p-wrap p-grid p-grid-1" data-pid="{art.post_id}">'
        f"{_featured(art, site, '420x280')}{_title(art, 'h3')}{_summary(art)}{meta}</div>"
    )


def grid_small(art: Article, site: Site) -> str:
    """'You Might Also Like' card (grid_small_1)."""
    meta = f'<div class="p-meta"><div class="meta-inner is-meta">{_updated(art)}</div></div>'
    return (
        f'<div class="p-wrap p-grid p-grid-small-1" data-pid="{art.post_id}">'
        f'{_featured(art, site, "330x220")}<div class="p-content">{_title(art, "h4")}'
        f"{meta}</div></div>"
    )


def list_small(art: Article, site: Site) -> str:
    """Sidebar / inline-related card (list_small_2)."""
    meta = f'<div class="p-meta"><div class="meta-inner is-meta">{_updated(art)}</div></div>'
    feat = ""
    if art.image:
        feat = (
            f'<div class="feat-holder"><div class="p-featured"><a class="p-flink" '
            f'href="{art.url}" title="{esc(art.headline)}"><img loading="lazy" '
            f'decoding="async" width="330" height="220" src="{thumb(art, site, "330x220")}" '
            'class="featured-img wp-post-image" alt=""/></a></div></div>'
        )
    return (
        f'<div class="p-wrap p-list-small-2" data-pid="{art.post_id}">{feat}'
        f'<div class="p-content">{_title(art, "h5")}{meta}</div></div>'
    )


def box_slide(art: Article, site: Site) -> str:
    """Carousel slide (grid_box_1 inside a swiper)."""
    return (
        f'<div class="p-wrap p-grid p-box p-grid-box-1 swiper-slide" data-pid="{art.post_id}">'
        f'<div class="grid-box">{_featured(art, site, "420x280", cats=False)}'
        f"{cat_links(art, site)}{_title(art, 'h3')}"
        f'<div class="p-meta"><div class="meta-inner is-meta">{_updated(art)}</div></div>'
        "</div></div>"
    )


def carousel(uid: str, posts: list[Article], site: Site, heading: str) -> str:
    slides = "".join(box_slide(a, site) for a in posts)
    return (
        f'<div id="{uid}" class="block-wrap block-carousel block-grid-box-1 rb-columns '
        'rb-col-4 is-gap-20 meta-s-default">'
        f"{heading_block(heading, 'h3')}"
        '<div class="block-inner"><div class="post-carousel swiper-container pre-load" '
        'data-wrapmode="true" data-autoplay="1" data-speed="5000" data-dot="1" '
        'data-nav="1">'
        f'<div class="swiper-wrapper">{slides}</div>'
        '<div class="slider-footer"><div class="slider-pagination"></div>'
        '<div class="slider-prev rbi rbi-prev"></div><div class="slider-next rbi rbi-next">'
        "</div></div></div></div></div>"
    )


def heading_block(text: str, tag: str = "h4", layout: int = 1) -> str:
    return (
        f'<div class="block-h heading-layout-{layout}"><div class="heading-inner">'
        f'<{tag} class="heading-title"><span>{esc(text)}</span></{tag}></div></div>'
    )


def categories_widget(site: Site) -> str:
    """WordPress Categories widget (alphabetical, empty ones hidden, span.count in the link)."""
    cats = sorted(
        (c for c in site.categories.values() if site.direct_count(c.slug)),
        key=lambda c: c.name.lower(),
    )
    items = "\n".join(
        f'\t<li class="cat-item cat-item-{c.term_id}"><a href="{c.url}">{esc(c.name)}'
        f'<span class="count">{site.direct_count(c.slug)}</span></a></li>'
        for c in cats
    )
    return (
        '<div id="categories-2" class="widget rb-section w-sidebar clearfix widget_categories">'
        '<div class="block-h widget-heading heading-layout-1"><div class="heading-inner">'
        '<h4 class="heading-title"><span>Categories</span></h4></div></div>'
        f"<ul>\n{items}\n</ul></div>"
    )


def posts_widget(uid: str, title: str, posts: list[Article], site: Site) -> str:
    items = "".join(list_small(a, site) for a in posts)
    return (
        f'<div id="widget-post-{uid}" class="widget rb-section w-sidebar clearfix widget-post">'
        f"{heading_block(title, 'h4')}"
        f'<div id="{uid}" class="block-wrap block-small block-list block-list-small-2 '
        f'meta-s-default"><div class="block-inner">{items}</div></div></div>'
    )
