"""Theme-independent discovery: RSS 2.0 feeds per language (Polylang filters /fa/feed/ etc.),
core sitemaps, robots.txt and the crawl manifest (docs/site2-markup.md §4)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from gen.body import render_body
from gen.feeds import FEED_SIZE, NS
from gen.textutil import cdata, rfc822

from .model import LANG_ORDER

if TYPE_CHECKING:
    from .model import Article, Site


def _item(art: Article, site: Site) -> str:
    creators = "".join(
        f"\t\t<dc:creator>{cdata(site.authors[k].name)}</dc:creator>\n" for k in art.authors
    )
    terms = [site.categories[c].name for c in art.categories] + [t.name for t in art.tags]
    cats = "".join(f"\t\t<category>{cdata(name)}</category>\n" for name in terms)
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


def rss(site: Site, lang: str) -> str:
    posts = site.in_lang(lang)
    spec = site.langs[lang]
    built = max(a.mod_dt for a in posts)
    items = "".join(_item(a, site) for a in posts[:FEED_SIZE])
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"\n\t{NS}\n\t>\n\n'
        f"<channel>\n\t<title>{escape(spec.site_title)}</title>\n"
        f'\t<atom:link href="{site.home(lang)}feed/" rel="self" type="application/rss+xml" />\n'
        f"\t<link>{site.home(lang).rstrip('/')}</link>\n\t<description></description>\n"
        f"\t<lastBuildDate>{rfc822(built)}</lastBuildDate>\n\t<language>{spec.locale}</language>\n"
        "\t<sy:updatePeriod>\n\thourly\t</sy:updatePeriod>\n"
        "\t<sy:updateFrequency>\n\t1\t</sy:updateFrequency>\n"
        "\t<generator>https://wordpress.org/?v=6.5.5</generator>\n"
        f"{items}</channel>\n</rss>\n"
    )


def _xml(site: Site, xsl: str, root: str, body: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<?xml-stylesheet type="text/xsl" href="{site.base}{xsl}" ?>\n'
        f'<{root} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</{root}>\n'
    )


def sitemaps(site: Site) -> dict[str, str]:
    """Core sitemaps: posts of every language in one file, ordered by post id (Polylang leaves
    the core provider unfiltered)."""
    index = "".join(
        f"<sitemap><loc>{site.base}{name}</loc></sitemap>"
        for name in ("wp-sitemap-posts-post-1.xml", "wp-sitemap-taxonomies-category-1.xml")
    )
    posts = "".join(
        f"<url><loc>{a.url}</loc></url>" for a in sorted(site.articles, key=lambda a: a.post_id)
    )
    terms = "".join(f"<url><loc>{c.url}</loc></url>" for c in site.categories.values())
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


def manifest(site: Site, pages: dict[str, int]) -> dict[str, Any]:
    """The shape of tests/fixtures/site/_manifest.json, plus each post's and category's
    ``language`` and the site's ``languages`` (code -> path prefix)."""
    posts = [
        {"post_id": a.post_id, "slug": a.slug, "url": a.url, "categories": a.categories,
         "published": a.published, "modified": a.modified, "language": a.language}
        for a in sorted(site.articles, key=lambda a: a.post_id)
    ]  # fmt: skip
    cats = [
        {"slug": c.slug, "name": c.name, "term_id": c.term_id, "parent": None, "url": c.url,
         "path": c.url.removeprefix(site.base), "post_count": len(site.posts_in(c.slug)),
         "pages": pages[c.slug], "pagination": "number", "language": c.lang}
        for c in site.categories.values()
    ]  # fmt: skip
    languages = {code: "/" + site.langs[code].prefix for code in LANG_ORDER}
    return {"posts": posts, "categories": cats, "languages": languages}
