"""Category archives (docs/markup.md §2), the home page and the WordPress 404 page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import cards, chrome, meta, pagination
from .textutil import esc

if TYPE_CHECKING:
    from .model import Article, Category, Site

# Per-category theme settings that differ from the defaults (number pagination, sidebar on
# even menu positions, carousel above on odd term ids).
PAGINATION = {"afghanistan-on-the-global-scene": "simple", "afghan-politics": "loadmore"}


@dataclass
class Listing:
    cat: Category
    page: int
    total: int
    posts: list[Article]

    @property
    def url(self) -> str:
        return pagination.page_url(self.cat.url, self.page)

    @property
    def kind(self) -> str:
        return PAGINATION.get(self.cat.slug, "number")

    @property
    def sidebar(self) -> bool:
        return self.cat.order % 2 == 0

    @property
    def carousel_above(self) -> bool:
        return self.cat.term_id % 2 == 1


def listings(site: Site, cat: Category) -> list[Listing]:
    posts = site.posts_in(cat.slug)
    per = site.per_page
    total = max(1, -(-len(posts) // per))
    return [Listing(cat, n, total, posts[(n - 1) * per : n * per]) for n in range(1, total + 1)]


def _others(site: Site, exclude: list[Article], count: int, key: Any) -> list[Article]:
    pool = sorted((a for a in site.articles if a not in exclude), key=key, reverse=True)
    return pool[:count]


def _navxt_archive(cat: Category, site: Site) -> str:
    home = site.base.rstrip("/")
    spans = [
        f'<span property="itemListElement" typeof="ListItem"><a property="item" '
        f'typeof="WebPage" title="Go to {esc(site.name)}." href="{home}" class="home">'
        f'<span property="name">{esc(site.name)}</span></a><meta property="position" '
        'content="1"></span>'
    ]
    chain = site.ancestors(cat.slug)
    for n, c in enumerate(chain[:-1], 2):
        spans.append(
            f'<span property="itemListElement" typeof="ListItem"><a property="item" '
            f'typeof="WebPage" title="Go to the {esc(c.name)} category archives." '
            f'href="{c.url}" class="taxonomy category"><span property="name">'
            f'{esc(c.name)}</span></a><meta property="position" content="{n}"></span>'
        )
    spans.append(
        f'<span property="itemListElement" typeof="ListItem"><span property="name" '
        f'class="archive taxonomy category current-item">{esc(cat.name)}</span>'
        f'<meta property="url" content="{cat.url}"><meta property="position" '
        f'content="{len(chain) + 1}"></span>'
    )
    return (
        '<aside class="breadcrumb-wrap breadcrumb-navxt archive-breadcrumb"><div '
        'class="breadcrumb-inner" vocab="https://schema.org/" typeof="BreadcrumbList">'
        + " &gt; ".join(spans)
        + "</div></aside>"
    )


def archive_header(cat: Category, site: Site) -> str:
    subs = ""
    if cat.children:
        items = "".join(
            f'<span class="sub-cat-item h5"><a href="{site.categories[c].url}">'
            f"{esc(site.categories[c].name)}</a></span>"
            for c in cat.children
        )
        subs = (
            '<div class="subcat-wrap"><span class="subcat-heading"><i class="rbi rbi-share">'
            f"</i>Find More:</span>{items}</div>"
        )
    desc = f"Latest news, analysis and commentary from Afghan Insight on {esc(cat.name)}."
    return f"""<header class="archive-header category-header-1 is-pattern pattern-dot">
<div class="rb-container edge-padding"><div class="archive-inner"><div class="archive-header-content">
{_navxt_archive(cat, site)}
<h1 class="archive-title">{esc(cat.name)}</h1>
<div class="taxonomy-description"><p>{desc}</p></div>
{subs}
</div></div></div>
</header>"""


def not_found_section(site: Site) -> str:
    return f"""<div class="section-not-found not-found"><div class="wrap rb-container gutter-p20"><div class="not-found-inner">
<header class="page-header"><h1 class="page-title">Nothing Found</h1></header>
<div class="page-content entry-content rbct">
<p>It looks like nothing was found at this location. Maybe try a search?</p>
{chrome.search_form(site)}
<a href="{site.base}" class="return-home h6" title="Return to Home">Return to Home</a>
</div></div></div></div>"""


def listing_head(lst: Listing, site: Site) -> str:
    cat = lst.cat
    page = f" &#8211; Page {lst.page}" if lst.page > 1 else ""
    rel = ""
    if lst.page > 1:
        rel += f'<link rel="prev" href="{pagination.page_url(cat.url, lst.page - 1)}" />\n'
    if lst.page < lst.total:
        rel += f'<link rel="next" href="{pagination.page_url(cat.url, lst.page + 1)}" />\n'
    return "\n".join(
        [
            meta.head_common(site),
            f"<title>{esc(cat.name)}{page} &#8211; {esc(site.name)}</title>",
            "<meta name='robots' content='max-image-preview:large' />",
            meta.head_links(site),
            f'<link rel="alternate" type="application/rss+xml" title="{esc(site.name)} &raquo; '
            f'{esc(cat.name)} Category Feed" href="{cat.url}feed/" />',
            meta.pretty_ld(meta.org_ld(site)),
            meta.pretty_ld(meta.website_ld(site)),
            meta.head_assets(site),
            f'<link rel="alternate" title="JSON" type="application/json" '
            f'href="{site.base}wp-json/wp/v2/categories/{cat.term_id}" />',
            meta.head_rest(site),
            f'<link rel="canonical" href="{lst.url}" />\n{rel}'.rstrip("\n"),
        ]
    )


def listing_page(lst: Listing, site: Site) -> tuple[str, dict[str, Any]]:
    cat = lst.cat
    rendered: list[Article] = []
    next_url = pagination.page_url(cat.url, lst.page + 1) if lst.page < lst.total else None
    parts = [archive_header(cat, site)]
    extra_js = ""
    if not lst.posts:
        parts.append(not_found_section(site))
    else:
        slides = _others(site, lst.posts, 4, key=lambda a: (a.mod_dt, a.post_id))
        widget = _others(site, lst.posts + slides, 3, key=lambda a: a.post_id)
        carousel = (
            '<div class="archive-builder'
            + ("" if lst.carousel_above else " archive-builder-bottom")
            + '"><div class="rb-container edge-padding">'
            + cards.carousel(f"uid_fc{cat.term_id}", slides, site, "Editor’s Picks")
            + "</div></div>"
        )
        cards_html = "\n".join(cards.grid_1(a, site) for a in lst.posts)
        blog_cls = "is-sidebar-right sticky-sidebar" if lst.sidebar else "without-sidebar"
        sidebar = ""
        if lst.sidebar:
            sidebar = (
                '<div class="blog-sidebar sidebar-wrap"><div class="sidebar-inner clearfix">'
                f"{cards.categories_widget(site)}"
                f"{cards.posts_widget(f'uid_w{cat.term_id}', 'Latest Posts', widget, site)}"
                "</div></div>"
            )
        blog = f"""<div class="blog-wrap {blog_cls}">
<div class="rb-container edge-padding"><div class="grid-container">
<div class="blog-content">
<div class="block-h heading-layout-1"><div class="heading-inner"><span class="heading-title h3"><span>Latest {esc(cat.name)} News</span></span></div></div>
<div id="uid_c{cat.term_id}" class="block-wrap block-grid block-grid-1 rb-columns rb-col-3 is-gap-20 meta-s-default">
<div class="block-inner">
{cards_html}
</div>
{pagination.render(lst.kind, cat.url, lst.page, lst.total)}
</div>
</div>
{sidebar}
</div></div>
</div>"""
        if lst.carousel_above:
            parts += [carousel, blog]
            rendered = slides + lst.posts
        else:
            parts += [blog, carousel]
            rendered = lst.posts + slides
        rendered += widget if lst.sidebar else []
        if lst.kind == "loadmore":
            extra_js = pagination.loadmore_var(cat.term_id, site.per_page, lst.page, lst.total)
    paged = f" paged paged-{lst.page} category-paged-{lst.page}" if lst.page > 1 else ""
    body_class = (
        f"archive category category-{cat.slug} category-{cat.term_id}{paged} "
        f"{chrome.BODY_COMMON} is-backtop none-m-backtop"
    )
    html = chrome.document(
        site,
        lang="en-US",
        rtl=False,
        head=listing_head(lst, site),
        body_class=body_class,
        header_html=chrome.header(site, {cat.slug}),
        content="\n".join(parts),
        tail=meta.scripts(site, extra_js) + "\n" + meta.itemlist_ld(rendered, site),
    )
    expected = {"article_urls": [a.url for a in lst.posts], "next_page": next_url}
    return html, expected
