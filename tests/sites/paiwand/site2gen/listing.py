"""Language home pages and category archives in Newspaper markup (docs/site2-markup.md §3).
Archives show ``per_page`` posts a page with the theme's numbered ``div.page-nav``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from gen.cards import upload_url
from gen.textutil import esc

from . import frame
from .single import shown_date

if TYPE_CHECKING:
    from .model import Article, Category, Site

THUMB_CROP = "218x150"


@dataclass(frozen=True)
class Listing:
    cat: Category
    page: int
    pages: int
    posts: list[Article]

    def url(self, page: int) -> str:
        return self.cat.url + (f"page/{page}/" if page > 1 else "")


def listings(site: Site, cat: Category) -> list[Listing]:
    posts = site.posts_in(cat.slug)
    size = site.per_page
    pages = max(1, -(-len(posts) // size))
    return [Listing(cat, n, pages, posts[(n - 1) * size : n * size]) for n in range(1, pages + 1)]


def _module(art: Article, site: Site) -> str:
    """One post card of the category loop (td_module_2)."""
    thumb = (
        f'<div class="td-module-image"><div class="td-module-thumb"><a href="{art.url}" rel="bookmark" '
        f'class="td-image-wrap" title="{esc(art.headline)}"><img width="218" height="150" class="entry-thumb" '
        f'src="{upload_url(site, art.image["file"], THUMB_CROP)}" alt=""/></a></div></div>'
        if art.image
        else ""
    )
    author = site.authors[art.authors[0]]
    return (
        '<div class="td_module_2 td_module_wrap td-animation-stack">'
        + thumb
        + f'<h3 class="entry-title td-module-title"><a href="{art.url}" rel="bookmark" title="{esc(art.headline)}">{esc(art.headline)}</a></h3>'
        + '<div class="td-module-meta-info">'
        + f'<span class="td-post-author-name"><a href="{author.url}">{esc(author.name)}</a> <span>-</span> </span>'
        + f'<span class="td-post-date"><time class="entry-date updated td-module-date">{shown_date(art, site)}</time></span></div>'
        + f'<div class="td-excerpt">{esc(art.description)}</div></div>'
    )


def _rows(posts: list[Article], site: Site) -> str:
    cells = [f'<div class="td-block-span6">{_module(a, site)}</div>' for a in posts]
    rows = [cells[i : i + 2] for i in range(0, len(cells), 2)]
    return "".join(f'<div class="td-block-row">{"".join(row)}</div>\n' for row in rows)


def _page_nav(lst: Listing) -> str:
    if lst.pages == 1:
        return ""
    parts = []
    if lst.page > 1:
        parts.append(f'<a href="{lst.url(lst.page - 1)}"><i class="td-icon-menu-left"></i></a>')
    for n in range(1, lst.pages + 1):
        parts.append(
            f'<span class="current">{n}</span>'
            if n == lst.page
            else f'<a href="{lst.url(n)}" class="page" title="{n}">{n}</a>'
        )
    if lst.page < lst.pages:
        parts.append(f'<a href="{lst.url(lst.page + 1)}"><i class="td-icon-menu-right"></i></a>')
    parts.append(f'<span class="pages">Page {lst.page} of {lst.pages}</span>')
    return f'<div class="page-nav td-pb-padding-side">{"".join(parts)}<div class="clearfix"></div></div>\n'


def _popular(site: Site, lang: str) -> str:
    """Sidebar widget listing the newest posts of the section on every archive page: never
    the archive's own list."""
    items = "".join(
        f'<div class="td_module_6 td_module_wrap"><h3 class="entry-title td-module-title">'
        f'<a href="{a.url}" rel="bookmark" title="{esc(a.headline)}">{esc(a.headline)}</a></h3></div>'
        for a in site.in_lang(lang)[:4]
    )
    return f'<div class="td_block_wrap td_block_7 td_block_widget"><div class="td_block_inner">{items}</div></div>'


def _links(lst: Listing) -> str:
    prev = f'<link rel="prev" href="{lst.url(lst.page - 1)}">\n' if lst.page > 1 else ""
    nxt = f'<link rel="next" href="{lst.url(lst.page + 1)}">\n' if lst.page < lst.pages else ""
    return prev + nxt


def listing_page(lst: Listing, site: Site) -> str:
    lang, cat = lst.cat.lang, lst.cat
    title = f"{cat.name} - {site.langs[lang].site_title}"
    head = frame.head(site, lang, title, lst.url(lst.page), _links(lst))
    main = (
        '<div class="td-main-content-wrap td-container-wrap"><div class="td-container">'
        f'<div class="td-crumb-container"><div class="entry-crumbs"><span><a class="entry-crumb" href="{site.home(lang)}">{esc(site.langs[lang].home)}</a></span>'
        f' <i class="td-icon-right td-bread-sep td-bred-no-url-last"></i> <span class="td-bred-no-url-last">{esc(cat.name)}</span></div></div>'
        f'<div class="td-category-header"><h1 class="entry-title td-page-title"><span>{esc(cat.name)}</span></h1></div>\n'
        '<div class="td-pb-row"><div class="td-pb-span8 td-main-content"><div class="td-ss-main-content">\n'
        + _rows(lst.posts, site)
        + _page_nav(lst)
        + '</div></div><div class="td-pb-span4 td-main-sidebar"><div class="td-ss-main-sidebar">'
        + _popular(site, lang)
        + "</div></div></div></div></div>\n"
    )
    paged = f" paged paged-{lst.page} category-paged-{lst.page}" if lst.page > 1 else ""
    body = f"archive category category-{cat.slug} category-{cat.term_id}{paged} td-standard-pack"
    return frame.page(site, lang, head, body, main)


def home_page(site: Site, lang: str) -> str:
    title = site.langs[lang].site_title
    head = frame.head(site, lang, title, site.home(lang))
    main = (
        '<div class="td-main-content-wrap td-container-wrap"><div class="td-container">'
        '<div class="td_block_wrap td_block_big_grid_1"><div class="td_block_inner">\n'
        + _rows(site.in_lang(lang)[:6], site)
        + "</div></div></div></div>\n"
    )
    return frame.page(site, lang, head, "home blog td-standard-pack", main)


def listing_expected(lst: Listing) -> dict[str, Any]:
    """The main list only (the sidebar's newest posts are not the archive's), in page order."""
    nxt = lst.url(lst.page + 1) if lst.page < lst.pages else None
    return {"article_urls": [a.url for a in lst.posts], "next_page": nxt}


def menu_expected(site: Site, lang: str) -> dict[str, Any]:
    """The section's header menu: its categories (the Home link is not one)."""
    cats = [c for c in site.categories.values() if c.lang == lang]
    return {"categories": [{"name": c.name, "url": c.url, "parent": None} for c in cats]}
