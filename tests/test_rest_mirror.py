"""The mirror's REST API answers as WordPress core does (insight_scraper/mirror/rest.py)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from insight_scraper.mirror.server import BUNDLED_SITE, Site
from tests.conftest import manifest

SITE = Site(BUNDLED_SITE)
POSTS = "/wp-json/wp/v2/posts"
POST_KEYS = [
    "id", "date", "date_gmt", "guid", "modified", "modified_gmt", "slug", "status", "type",
    "link", "title", "content", "excerpt", "author", "featured_media", "comment_status",
    "ping_status", "sticky", "template", "format", "meta", "categories", "tags", "class_list",
    "_links",
]  # fmt: skip


def _get(path: str, site: Site = SITE) -> tuple[int, Any, dict[str, str]]:
    reply = site.answer(path)
    return reply.status, json.loads(reply.body), reply.headers


def test_posts_have_the_core_keys_and_embedded_only_with_embed() -> None:
    _, posts, _ = _get(POSTS + "?per_page=1")
    assert list(posts[0]) == POST_KEYS
    _, embedded, _ = _get(POSTS + "?per_page=1&_embed")
    assert list(embedded[0]) == [*POST_KEYS, "_embedded"]
    assert set(embedded[0]["_embedded"]) >= {"author", "wp:term"}


def test_totals_pages_and_links() -> None:
    total = len(manifest()["posts"])
    status, posts, headers = _get(POSTS + "?per_page=10&page=2")
    assert status == 200 and len(posts) == 10
    assert headers["X-WP-Total"] == str(total) and headers["X-WP-TotalPages"] == str(
        -(-total // 10)
    )
    assert 'page=1>; rel="prev"' in headers["Link"] and 'page=3>; rel="next"' in headers["Link"]


@pytest.mark.parametrize(
    "query", ["per_page=0", "per_page=101", "per_page=x", "orderby=rand", "order=up"]
)
def test_invalid_arguments_are_400_rest_invalid_param(query: str) -> None:
    status, error, _ = _get(f"{POSTS}?{query}")
    assert (status, error["code"]) == (400, "rest_invalid_param")


def test_a_page_past_the_end_is_400_invalid_page_number() -> None:
    status, error, _ = _get(POSTS + "?per_page=100&page=2")
    assert (status, error["code"]) == (400, "rest_post_invalid_page_number")


def test_orderby_modified_desc_and_fields() -> None:
    _, posts, _ = _get(POSTS + "?orderby=modified&order=desc&per_page=100&_fields=id,modified_gmt")
    assert all(list(post) == ["id", "modified_gmt"] for post in posts)
    stamps = [post["modified_gmt"] for post in posts]
    assert stamps == sorted(stamps, reverse=True)


def test_one_post_by_id_and_an_unknown_id() -> None:
    first = manifest()["posts"][0]
    status, post, _ = _get(f"{POSTS}/{first['post_id']}?_fields=id,link")
    assert (status, post) == (200, {"id": first["post_id"], "link": first["url"]})
    status, error, _ = _get(f"{POSTS}/999999999")
    assert (status, error["code"]) == (404, "rest_post_invalid_id")


def test_the_index_and_categories() -> None:
    status, index, _ = _get("/wp-json/")
    assert status == 200 and "wp/v2" in index["namespaces"] and "/wp/v2/posts" in index["routes"]
    status, categories, headers = _get("/wp-json/wp/v2/categories?per_page=100")
    assert status == 200 and headers["X-WP-Total"] == str(len(manifest()["categories"]))
    assert {c["slug"] for c in categories} == {c["slug"] for c in manifest()["categories"]}


def test_rest_off_is_404_no_route_everywhere() -> None:
    closed = Site(BUNDLED_SITE, rest=False)
    for path in ("/wp-json/", POSTS, "/wp-json/wp/v2/categories"):
        status, error, _ = _get(path, closed)
        assert (status, error["code"]) == (404, "rest_no_route")


def test_a_mirror_without_rest_posts_serves_minimal_posts_from_its_manifest(tmp_path: Path) -> None:
    shutil.copy(BUNDLED_SITE / "_manifest.json", tmp_path / "_manifest.json")
    status, posts, headers = _get(POSTS + "?per_page=100", Site(tmp_path))
    assert status == 200 and headers["X-WP-Total"] == str(len(manifest()["posts"]))
    assert set(posts[0]) == {"id", "date", "date_gmt", "modified", "modified_gmt", "slug",
                             "status", "type", "link"}  # fmt: skip
