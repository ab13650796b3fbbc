"""The second site's ``_rest/posts.json`` has the shape of WordPress core's
``GET /wp-json/wp/v2/posts?_embed`` (view context), as in core's own fixture
(wordpress-develop tests/qunit/fixtures/wp-api-generated.js), and agrees with the pages."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

import pytest

from insight_scraper.extract.discovery import parse_feed, parse_rest_posts, parse_sitemap
from tests.site2 import ARTICLES, SITE2, expected, rest_posts

POST_KEYS = {
    "id", "date", "date_gmt", "guid", "modified", "modified_gmt", "slug", "status", "type",
    "link", "title", "content", "excerpt", "author", "featured_media", "comment_status",
    "ping_status", "sticky", "template", "format", "meta", "categories", "tags", "class_list",
    "_links", "_embedded",
}  # fmt: skip
LINK_KEYS = {"self", "collection", "about", "author", "replies", "version-history",
             "wp:attachment", "wp:term", "curies"}  # fmt: skip
AUTHOR_KEYS = {"id", "name", "url", "description", "link", "slug", "avatar_urls", "_links"}
MEDIA_KEYS = {"id", "date", "slug", "type", "link", "title", "author", "caption", "alt_text",
              "media_type", "mime_type", "media_details", "source_url", "_links"}  # fmt: skip
TERM_KEYS = {"id", "link", "name", "slug", "taxonomy", "_links"}
LOCAL = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$")  # core writes no offset
POSTS = rest_posts()


def _ids(post: dict[str, Any]) -> str:
    return str(post["slug"])


@pytest.mark.parametrize("post", POSTS, ids=_ids)
def test_post_has_the_core_fields(post: dict[str, Any]) -> None:
    assert set(post) >= POST_KEYS
    assert isinstance(post["id"], int) and isinstance(post["author"], int)
    assert (post["status"], post["type"]) == ("publish", "post")
    assert set(post["title"]) == {"rendered"}
    assert set(post["content"]) == set(post["excerpt"]) == {"rendered", "protected"}
    assert all(LOCAL.match(post[key]) for key in ("date", "date_gmt", "modified", "modified_gmt"))
    assert all(isinstance(t, int) for t in post["categories"] + post["tags"])


@pytest.mark.parametrize("post", POSTS, ids=_ids)
def test_gmt_dates_are_the_local_ones_in_utc(post: dict[str, Any]) -> None:
    for local, gmt in (("date", "date_gmt"), ("modified", "modified_gmt")):
        shift = datetime.fromisoformat(post[local]) - datetime.fromisoformat(post[gmt])
        assert shift == timedelta(hours=4, minutes=30)


@pytest.mark.parametrize("post", POSTS, ids=_ids)
def test_links_and_embeds_have_the_core_shape(post: dict[str, Any]) -> None:
    links, embedded = post["_links"], post["_embedded"]
    assert set(links) >= LINK_KEYS
    assert [t["taxonomy"] for t in links["wp:term"]] == ["category", "post_tag"]
    assert all(set(author) >= AUTHOR_KEYS for author in embedded["author"])
    cats, tags = embedded["wp:term"]
    assert [c["id"] for c in cats] == post["categories"] and [t["id"] for t in tags] == post["tags"]
    assert all(set(term) >= TERM_KEYS for term in cats + tags)
    assert {c["taxonomy"] for c in cats} <= {"category"} and {t["taxonomy"] for t in tags} <= {
        "post_tag"
    }
    if post["featured_media"]:
        (media,) = embedded["wp:featuredmedia"]
        assert set(media) >= MEDIA_KEYS and media["id"] == post["featured_media"]
        assert "wp:featuredmedia" in links
    else:
        assert "wp:featuredmedia" not in embedded and "wp:featuredmedia" not in links


@pytest.mark.parametrize("post", POSTS, ids=_ids)
def test_content_is_the_post_content_without_the_theme(post: dict[str, Any]) -> None:
    html = post["content"]["rendered"]
    for theme_class in ("td-post-content", "td-a-rec", "td-post-featured-image", "td-post-header"):
        assert theme_class not in html


def test_every_article_page_is_a_rest_post_with_its_tweets() -> None:
    by_link = {post["link"]: post for post in POSTS}
    assert len(by_link) == len(POSTS) == len(ARTICLES)
    for fixture in ARTICLES:
        record = expected(fixture)
        post = by_link[record["url"]]
        assert post["id"] == record["post_id"]
        for tweet in record["tweets"]:
            assert tweet["tweet_id"] in post["content"]["rendered"]


def test_posts_are_newest_first_as_the_endpoint_orders_them() -> None:
    dates = [post["date_gmt"] for post in POSTS]
    assert dates == sorted(dates, reverse=True)
    assert (SITE2 / "_manifest.json").is_file()


def test_feeds_sitemaps_and_rest_list_every_article() -> None:
    """Theme-independent discovery: the three section feeds (10 newest each), the core sitemap
    and the REST posts each reach the site's articles, read by the crawl's own parsers."""
    base = "https://www.paiwand.example/"
    pages = {expected(fixture)["url"] for fixture in ARTICLES}
    fed = {
        entry.url
        for lang in ("fa", "ps", "en")
        for entry in parse_feed((SITE2 / lang / "feed" / "input.xml").read_bytes(), base)
    }
    assert fed == pages
    index = parse_sitemap((SITE2 / "wp-sitemap.xml").read_bytes(), base)
    posts_map = next(url for url in index.children if "-posts-post-" in url)
    listed = parse_sitemap((SITE2 / posts_map.removeprefix(base)).read_bytes(), base)
    assert {entry.url for entry in listed.entries} == pages
    found = parse_rest_posts((SITE2 / "_rest" / "posts.json").read_text(encoding="utf-8"), base)
    assert found is not None and {entry.url for entry in found} == pages
