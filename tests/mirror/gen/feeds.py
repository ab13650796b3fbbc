"""RSS 2.0 feeds, core sitemaps (docs/markup.md §4.1, §4.2), robots.txt and the crawl manifest."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from .body import render_body
from .textutil import cdata, rfc822

if TYPE_CHECKING:
    from .model import Article, Category, Site

FEED_SIZE = 10
NS = (
    'xmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
    '\txmlns:wfw="http://wellformedweb.org/CommentAPI/"\n'
    '\txmlns:dc="http://purl.org/dc/elements/1.1/"\n'
    '\txmlns:atom="http://www.w3.org/2005/Atom"\n'
    '\txmlns:sy="http://purl.org/rss/1.0/modules/syndication/"\n'
    '\txmlns:slash="http://purl.org/rss/1.0/modules/slash/"'
)


def _item(art: Article, site: Site) -> str:
    creators = "".join(
        f"\t\t<dc:creator>{cdata(site.authors[k].name)}</dc:creator>\n" for k in art.authors
    )
    cats = "".join(
        f"\t\t<category>{cdata(site.categories[c].name)}</category>\n" for c in art.categories
    )
    cats += "".join(f"\t\t<category>{cdata(t['name'])}</category>\n" for t in art.tags)
    return (
        f"\t<item>\n\t\t<title>{escape(art.headline)}</title>\n"
        f"\t\t<link>{art.url}</link>\n\t\t<comments>{art.url}#respond</comments>\n"
        f"{creators}\t\t<pubDate>{rfc822(art.pub_dt)}</pubDate>\n{cats}"
        f'\t\t<guid isPermaLink="false">{site.base}?p={art.post_id}</guid>\n\n'
        f"\t\t<description>{cdata(art.description)}</description>\n"
        f"\t\t<content:encoded>{cdata(render_body(art, site, feed=True))}</content:encoded>\n"
        f"\t\t<wfw:commentRss>{art.url}feed/</wfw:commentRss>\n"
        "\t\t<slash:comments>0</slash:comments>\n\t</item>\n"
    )


def rss(site: Site, posts: list[Article], cat: Category | None = None) -> str:
    posts = posts[:FEED_SIZE]
    self_url = f"{cat.url}feed/" if cat else f"{site.base}feed/"
    title = f"{cat.name} &#8211; {site.name}" if cat else site.name
    link = cat.url if cat else site.base.rstrip("/")
    built = max((a.mod_dt for a in site.articles), default=None)
    last = f"\t<lastBuildDate>{rfc822(built)}</lastBuildDate>\n" if built else ""
    items = "".join(_item(a, site) for a in posts)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"\n\t{NS}\n\t>\n\n'
        f"<channel>\n\t<title>{title}</title>\n"
        f'\t<atom:link href="{self_url}" rel="self" type="application/rss+xml" />\n'
        f"\t<link>{link}</link>\n\t<description>News, analysis and voices from Afghanistan"
        f"</description>\n{last}\t<language>en-US</language>\n"
        "\t<sy:updatePeriod>\n\thourly\t</sy:updatePeriod>\n"
        "\t<sy:updateFrequency>\n\t1\t</sy:updateFrequency>\n"
        "\t<generator>https://wordpress.org/?v=6.5.3</generator>\n"
        f"{items}</channel>\n</rss>\n"
    )


def _xml(site: Site, xsl: str, root: str, body: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<?xml-stylesheet type="text/xsl" href="{site.base}{xsl}" ?>\n'
        f'<{root} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</{root}>\n'
    )


def sitemaps(site: Site) -> dict[str, str]:
    index = "".join(
        f"<sitemap><loc>{site.base}{name}</loc></sitemap>"
        for name in ("wp-sitemap-posts-post-1.xml", "wp-sitemap-taxonomies-category-1.xml")
    )
    posts = "".join(
        f"<url><loc>{a.url}</loc></url>" for a in sorted(site.articles, key=lambda a: a.post_id)
    )
    cats = sorted(
        (c for c in site.categories.values() if site.direct_count(c.slug)),
        key=lambda c: c.name.lower(),
    )
    terms = "".join(f"<url><loc>{c.url}</loc></url>" for c in cats)
    return {
        "wp-sitemap.xml": _xml(site, "wp-sitemap-index.xsl", "sitemapindex", index),
        "wp-sitemap-posts-post-1.xml": _xml(site, "wp-sitemap.xsl", "urlset", posts),
        "wp-sitemap-taxonomies-category-1.xml": _xml(site, "wp-sitemap.xsl", "urlset", terms),
    }


def robots(site: Site) -> str:
    return (
        "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n\n"
        f"Sitemap: {site.base}wp-sitemap.xml\n"
    )


def manifest(site: Site, pages: dict[str, int], kinds: dict[str, str]) -> dict[str, Any]:
    posts = [
        {
            "post_id": a.post_id,
            "slug": a.slug,
            "url": a.url,
            "categories": a.categories,
            "published": a.published,
            "modified": a.modified,
        }
        for a in sorted(site.articles, key=lambda a: a.post_id)
    ]
    cats = [
        {
            "slug": c.slug,
            "name": c.name,
            "term_id": c.term_id,
            "parent": c.parent,
            "url": c.url,
            "path": f"category/{c.path}/",
            "post_count": len(site.posts_in(c.slug)),
            "pages": pages[c.slug],
            "pagination": kinds[c.slug],
        }
        for c in site.categories.values()
    ]
    return {"posts": posts, "categories": cats}
