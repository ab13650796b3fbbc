"""The home page (theme blocks + menu expectation) and the WordPress 404 page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import cards, chrome, meta
from .textutil import esc

if TYPE_CHECKING:
    from .model import Article, Site

TAGLINE = "News, analysis and voices from Afghanistan"


def _head(site: Site, title: str, canonical: str | None) -> str:
    parts = [
        meta.head_common(site),
        f"<title>{title}</title>",
        "<meta name='robots' content='max-image-preview:large' />",
        f'<meta name="description" content="{esc(TAGLINE)}" />',
        meta.head_links(site),
        meta.pretty_ld(meta.org_ld(site)),
        meta.pretty_ld(meta.website_ld(site)),
        meta.head_assets(site),
        meta.head_rest(site),
    ]
    if canonical:
        parts.append(f'<link rel="canonical" href="{canonical}" />')
    return "\n".join(parts)


def _grid_block(uid: str, title: str, posts: list[Article], site: Site) -> str:
    items = "\n".join(cards.grid_1(a, site) for a in posts)
    return (
        f'<div id="{uid}" class="block-wrap block-grid block-grid-1 rb-columns rb-col-2 '
        f'is-gap-20 meta-s-default">{cards.heading_block(title, "h3")}'
        f'<div class="block-inner">\n{items}\n</div></div>'
    )


def home_expected(site: Site) -> dict[str, Any]:
    cats = []
    for cat in site.categories.values():
        parent = site.categories[cat.parent].url if cat.parent else None
        cats.append({"name": cat.name, "url": cat.url, "parent": parent})
    return {"categories": cats}


def home_page(site: Site) -> str:
    arts = site.articles
    hero = arts[:6]
    latest = arts[:6]
    politics = site.posts_in("afghan-politics")[:4] if "afghan-politics" in site.categories else []
    widget = sorted(arts, key=lambda a: (a.mod_dt, a.post_id), reverse=True)[:5]
    content = f"""<div data-elementor-type="wp-page" data-elementor-id="2" class="elementor elementor-2">
<div class="elementor-section elementor-top-section"><div class="rb-container edge-padding">
{cards.carousel("uid_home_1", hero, site, "Top Stories")}
</div></div>
<div class="elementor-section"><div class="rb-container edge-padding"><div class="grid-container is-sidebar-right">
<div class="elementor-column elementor-col-66">
{_grid_block("uid_home_2", "Latest News", latest, site)}
{_grid_block("uid_home_3", "Afghan Politics", politics, site)}
</div>
<div class="sidebar-wrap"><div class="sidebar-inner clearfix">
{cards.categories_widget(site)}
{cards.posts_widget("uid_home_w", "Latest Posts", widget, site)}
</div></div>
</div></div></div>
</div>"""
    rendered = hero + latest + politics + widget
    body_class = (
        f"home page-template-default page page-id-2 {chrome.BODY_COMMON} "
        "is-backtop none-m-backtop elementor-default elementor-page elementor-page-2"
    )
    return chrome.document(
        site,
        lang="en-US",
        rtl=False,
        head=_head(site, f"{esc(site.name)} &#8211; {esc(TAGLINE)}", site.base),
        body_class=body_class,
        header_html=chrome.header(site, set(), home_current=True),
        content=content,
        tail=meta.scripts(site) + "\n" + meta.itemlist_ld(rendered, site),
    )


def error_page(site: Site) -> str:
    content = f"""<div class="page404-wrap rb-container edge-padding"><div class="page404-inner">
<h1 class="page404-title h1">Page Not Found</h1>
<p class="page404-description">Oops! Looks like this page doesn't exist. The link you followed may be broken, or the page may have been removed.</p>
<div class="page404-search-form">{chrome.search_form(site)}</div>
<a class="page404-btn is-btn" href="{site.base}">Return to Homepage</a>
</div></div>"""
    body_class = f"error404 {chrome.BODY_COMMON} is-backtop none-m-backtop"
    return chrome.document(
        site,
        lang="en-US",
        rtl=False,
        head=_head(site, f"Page not found &#8211; {esc(site.name)}", None),
        body_class=body_class,
        header_html=chrome.header(site, set()),
        content=content,
        tail=meta.scripts(site),
    )
