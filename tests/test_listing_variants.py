"""Hand-written listing and menu markup variants (docs/markup.md §1.3, §2); the mirror has its own."""

from __future__ import annotations

from insight_scraper.extract.listing import extract_listing
from insight_scraper.extract.menu import extract_menu

URL = "https://www.afghaninsight.com/category/afghan-politics/"


def _card(pid: int, slug: str, tag: str = "h3") -> str:
    return (
        f'<div class="p-wrap p-grid p-grid-1" data-pid="{pid}"><div class="feat-holder">'
        f'<div class="p-featured"><a class="p-flink" href="https://www.afghaninsight.com/{slug}/"></a></div></div>'
        f'<{tag} class="entry-title"><a class="p-url" href="https://www.afghaninsight.com/{slug}/" rel="bookmark">T</a></{tag}>'
        '<div class="p-meta"><span class="meta-el meta-update"><time class="updated" datetime="2024-05-08T18:19:00+04:30">May 8, 2024</time></span></div></div>'
    )


def _page(content: str, after: str = "") -> str:
    carousel = f'<div class="post-carousel swiper-container"><div class="swiper-wrapper">{_card(9, "carousel-post")}</div></div>'
    sidebar = f'<div class="blog-sidebar sidebar-wrap"><div class="widget">{_card(8, "widget-post", "h4")}</div></div>'
    return (
        f'<html><body class="archive category"><div class="site-outer">{carousel}<div class="blog-wrap">'
        f'<div class="blog-content"><div class="block-wrap"><div class="block-inner">{content}</div>{after}</div></div>'
        f"{sidebar}</div></div></body></html>"
    )


def test_numbered_pagination_and_repeated_blocks_left_out() -> None:
    nav = '<nav class="pagination-wrap pagination-number"><a class="next page-numbers" href="/category/afghan-politics/page/2/"><i class="rbi-cright"></i></a></nav>'
    listing = extract_listing(_page(_card(1, "a") + _card(2, "b") + _card(1, "a"), nav), URL)
    assert listing.article_urls == [
        "https://www.afghaninsight.com/a/",
        "https://www.afghaninsight.com/b/",
    ]
    assert listing.next_page == URL + "page/2/"
    assert [item.post_id for item in listing.items] == [1, 2]


def test_simple_pagination() -> None:
    nav = '<nav class="pagination-wrap pagination-simple"><span class="older"><a href="https://www.afghaninsight.com/category/afghan-politics/page/3/">Older Articles</a></span></nav>'
    assert extract_listing(_page(_card(1, "a"), nav), URL + "page/2/").next_page == URL + "page/3/"


def test_load_more_uses_the_block_settings() -> None:
    more = '<div class="pagination-wrap pagination-loadmore"><a href="#" class="loadmore-trigger"><span>Show More</span></a></div>'
    script = '<script>var uid_c3 = {"uuid":"uid_c3","paged":2,"page_max":3};</script>'
    listing = extract_listing(_page(_card(1, "a"), more + script), URL + "page/2/")
    assert listing.next_page == URL + "page/3/"
    last = extract_listing(
        _page(_card(1, "a"), more + script.replace('"paged":2', '"paged":3')), URL + "page/3/"
    )
    assert last.next_page is None


def test_not_found_listing_is_empty() -> None:
    assert extract_listing('<html><body class="error404"></body></html>', URL).as_dict() == {
        "article_urls": [],
        "next_page": None,
    }


def test_menu_reads_categories_with_parents_and_skips_pages() -> None:
    menu = (
        '<nav id="site-navigation"><ul class="main-menu">'
        '<li class="menu-item menu-item-type-custom"><a href="https://www.afghaninsight.com/"><span>Home</span></a></li>'
        '<li class="menu-item menu-item-object-category menu-item-has-children"><a href="https://www.afghaninsight.com/category/afghan-politics/"><span>Afghan Politics</span></a>'
        '<ul class="sub-menu"><li class="menu-item menu-item-object-category"><a href="https://www.afghaninsight.com/news/today/"><span>Afghanistan Today</span></a></li></ul></li>'
        '<li class="menu-item menu-item-object-page"><a href="https://www.afghaninsight.com/about/"><span>About</span></a></li>'
        "</ul></nav>"
    )
    found = [
        (c.name, c.url, c.parent)
        for c in extract_menu(f"<html><body>{menu}</body></html>", "https://www.afghaninsight.com/")
    ]
    assert found == [
        ("Afghan Politics", URL, None),
        ("Afghanistan Today", "https://www.afghaninsight.com/news/today/", URL),
    ]
