"""extract_rest_post on hand-written posts in WordPress core's REST shape, oddities included."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from insight_scraper.extract.errors import NotAnArticle
from insight_scraper.extract.rest import extract_rest_post, with_page_fields

SITE = "https://news.example.org/"
TWEET = (
    '<figure class="wp-block-embed is-type-rich is-provider-twitter wp-block-embed-twitter">'
    '<div class="wp-block-embed__wrapper">\n<blockquote class="twitter-tweet" data-width="550">'
    '<p lang="ps" dir="rtl">د کابل ښار کې نن باران وورېد <a href="https://t.co/x1">'
    "pic.twitter.com/x1</a></p>&mdash; Kabul News (@kabulnews) "
    '<a href="https://twitter.com/kabulnews/status/1790000000000000001?ref_src=twsrc%5Etfw">'
    "May 13, 2024</a></blockquote>"
    '<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>\n'
    "</div></figure>"
)
POST: dict[str, Any] = {
    "id": 412,
    "date": "2024-05-13T09:30:00",
    "date_gmt": "2024-05-13T05:00:00",
    "modified": "2024-05-14T10:00:00",
    "modified_gmt": "2024-05-14T05:30:00",
    "slug": "rain-in-kabul",
    "status": "publish",
    "type": "post",
    "link": "https://news.example.org/rain-in-kabul/",
    "title": {"rendered": "Kabul&#8217;s first rain &#8211; and what it means"},
    "content": {
        "rendered": "<p>The first rain of the season fell on Kabul on Monday morning.</p>\n"
        + TWEET
        + "\n<p>Farmers welcomed it.</p>\n",
        "protected": False,
    },
    "excerpt": {"rendered": "<p>The first rain of the season fell on Kabul</p>\n", "protected": False},
    "author": 3,
    "featured_media": 77,
    "categories": [5],
    "tags": [9],
    "_embedded": {
        "author": [
            {"id": 3, "name": "Laila Noori", "url": "", "description": "Reporter in Kabul.",
             "link": "https://news.example.org/author/laila/", "slug": "laila"}
        ],
        "wp:featuredmedia": [
            {"id": 77, "source_url": "https://news.example.org/wp-content/uploads/rain.jpg",
             "alt_text": "Rain over Kabul", "caption": {"rendered": "<p>Kabul, May 13</p>\n"}}
        ],
        "wp:term": [
            [{"id": 5, "name": "Weather &amp; Climate", "slug": "weather", "taxonomy": "category",
              "link": "https://news.example.org/category/weather/"}],
            [{"id": 9, "name": "Kabul", "slug": "kabul", "taxonomy": "post_tag",
              "link": "https://news.example.org/tag/kabul/"}],
        ],
    },
}  # fmt: skip


def _post(**changes: Any) -> dict[str, Any]:
    post = copy.deepcopy(POST)
    post.update(changes)
    return post


def test_a_full_post_gives_every_field() -> None:
    record = extract_rest_post(POST, site_url=SITE)
    assert record["headline"] == "Kabul\u2019s first rain \u2013 and what it means"
    assert record["post_id"] == 412 and record["site"] == "news.example.org"
    assert record["date_published"] == "2024-05-13T09:30:00+04:30"
    assert record["date_modified"] == "2024-05-14T10:00:00+04:30"
    assert record["date_published_raw"] == "2024-05-13T09:30:00"
    assert record["authors"] == [
        {"name": "Laila Noori", "url": "https://news.example.org/author/laila/", "role": None,
         "bio": "Reporter in Kabul."}
    ]  # fmt: skip
    assert record["categories"] == ["Weather & Climate"] and record["tags"] == ["Kabul"]
    assert record["main_image"] == {
        "url": "https://news.example.org/wp-content/uploads/rain.jpg",
        "caption": "Kabul, May 13", "alt": "Rain over Kabul",
    }  # fmt: skip
    assert record["description"] == "The first rain of the season fell on Kabul"
    assert record["extraction"]["body"] == record["extraction"]["authors"] == "rest"


def test_a_gutenberg_tweet_embed_is_a_tweet_in_its_place() -> None:
    record = extract_rest_post(POST, site_url=SITE)
    assert [block["type"] for block in record["blocks"]] == ["paragraph", "tweet", "paragraph"]
    (tweet,) = record["tweets"]
    assert tweet["tweet_id"] == "1790000000000000001" and tweet["author_handle"] == "kabulnews"
    assert tweet["lang"] == "ps" and tweet["media"] == ["https://pic.twitter.com/x1"]
    assert (
        record["body"]
        == "The first rain of the season fell on Kabul on Monday morning.\n\nFarmers welcomed it."
    )
    assert record["extraction"]["tweets"] == "rest"


def test_without_embedded_the_record_has_no_authors_terms_or_image() -> None:
    post = _post()
    del post["_embedded"]
    record = extract_rest_post(post, site_url=SITE)
    assert (record["authors"], record["categories"], record["tags"]) == ([], [], [])
    assert record["main_image"] is None
    assert record["extraction"]["authors"] == record["extraction"]["main_image"] == "none"


def test_embed_errors_are_skipped() -> None:
    forbidden = {"code": "rest_forbidden", "message": "Sorry", "data": {"status": 401}}
    post = _post()
    post["_embedded"] = {"author": [forbidden], "wp:featuredmedia": [forbidden],
                         "wp:term": [[forbidden], []]}  # fmt: skip
    record = extract_rest_post(post, site_url=SITE)
    assert record["authors"] == [] and record["main_image"] is None and record["categories"] == []


def test_an_empty_excerpt_is_no_description_and_the_more_marker_is_dropped() -> None:
    assert extract_rest_post(_post(excerpt={"rendered": ""}), site_url=SITE)["description"] is None
    auto = {"rendered": "<p>The first rain fell [&hellip;]</p>\n", "protected": False}
    assert (
        extract_rest_post(_post(excerpt=auto), site_url=SITE)["description"]
        == "The first rain fell"
    )


def test_protected_content_is_not_an_article() -> None:
    post = _post(content={"rendered": "", "protected": True})
    with pytest.raises(NotAnArticle) as caught:
        extract_rest_post(post, site_url=SITE)
    assert caught.value.reason == "protected_content"


@pytest.mark.parametrize(
    ("post", "reason"),
    [
        ([], "not_a_post"),
        ({"code": "rest_forbidden"}, "missing_link"),
        (_post(title={"rendered": ""}), "missing_headline"),
        (_post(content={"rendered": "  "}), "empty_body"),
        (_post(content={"rendered": "<figure><img src='a.jpg'></figure>"}), "empty_body"),
        (_post(content=None), "empty_body"),
    ],
)
def test_a_post_that_cannot_be_a_record_is_a_reason(post: Any, reason: str) -> None:
    with pytest.raises(NotAnArticle) as caught:
        extract_rest_post(post, site_url=SITE)
    assert caught.value.reason == reason


def test_without_date_gmt_a_date_has_no_offset_and_is_not_guessed() -> None:
    record = extract_rest_post(_post(date_gmt=None, modified="garbage"), site_url=SITE)
    assert (
        record["date_published"] is None and record["date_published_raw"] == "2024-05-13T09:30:00"
    )
    assert record["date_modified"] is None
    assert record["extraction"]["date_published"] == "none"


def test_no_featured_media_is_no_image() -> None:
    post = _post(featured_media=0)
    del post["_embedded"]["wp:featuredmedia"]
    assert extract_rest_post(post, site_url=SITE)["main_image"] is None


def test_a_declared_language_is_the_article_language_when_the_script_agrees() -> None:
    assert extract_rest_post(POST, site_url=SITE, lang="en")["language"] == "en"


def test_page_fields_replace_exactly_those_fields() -> None:
    rest = extract_rest_post(POST, site_url=SITE)
    page = {**rest, "breadcrumbs": [{"name": "Home", "url": SITE}], "headline": "Other",
            "extraction": {**rest["extraction"], "breadcrumbs": "theme"}}  # fmt: skip
    merged = with_page_fields(rest, page, ["breadcrumbs", "no_such_field"])
    assert merged["breadcrumbs"] == [{"name": "Home", "url": SITE}]
    assert merged["headline"] == rest["headline"]
    assert merged["extraction"]["breadcrumbs"] == "theme"
    assert merged["content_hash"] == rest["content_hash"]
