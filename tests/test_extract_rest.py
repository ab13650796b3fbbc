"""``insight-scraper extract --rest``: saved REST answers of any WordPress site in, records out
(the way to check the package on a site it has never seen)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from insight_scraper.cli import main
from insight_scraper.mirror.server import BUNDLED_SITE
from insight_scraper.record import validation_errors
from tests.site2 import SITE2

# A post as a WordPress site with no profile here sends it (core shape, Gutenberg tweet embed,
# an embed error for the featured media, Yoast's extra keys left in).
UNSEEN = {
    "id": 90211,
    "date": "2024-08-15T09:05:12",
    "date_gmt": "2024-08-15T04:35:12",
    "modified": "2024-08-15T11:00:00",
    "modified_gmt": "2024-08-15T06:30:00",
    "slug": "un-envoy-meets-officials",
    "status": "publish",
    "type": "post",
    "link": "https://news.example.af/en/2024/08/15/un-envoy-meets-officials/",
    "title": {"rendered": "UN Envoy Meets Officials in Kabul&#8217;s Arg"},
    "content": {
        "rendered": (
            "<p>The UN special envoy met officials in Kabul on Thursday, the mission said in a"
            " statement that gave few details of the talks about aid and girls&#8217; schooling."
            " Officials described the meeting as constructive and said more talks would follow"
            " in the coming weeks, while aid groups asked for clarity on access rules.</p>\n"
            '<figure class="wp-block-embed is-type-rich is-provider-twitter wp-block-embed-twitter">'
            '<div class="wp-block-embed__wrapper">\n<blockquote class="twitter-tweet"'
            ' data-width="550" data-dnt="true"><p lang="fa" dir="rtl">دیدار با نمایندهٔ ویژه'
            " سازمان ملل در کابل</p>&mdash; Spokesman (@spokesman_af) <a href="
            '"https://twitter.com/spokesman_af/status/1824000000000000001?ref_src=twsrc%5Etfw">'
            "August 15, 2024</a></blockquote>"
            '<script async src="https://platform.twitter.com/widgets.js" charset="utf-8">'
            "</script>\n</div></figure>\n<p>The mission did not say when the envoy would return.</p>"
        ),
        "protected": False,
    },
    "excerpt": {"rendered": "<p>The UN special envoy met officials in Kabul [&hellip;]</p>\n",
                "protected": False},
    "author": 7,
    "featured_media": 33,
    "categories": [4],
    "tags": [],
    "yoast_head_json": {"title": "UN Envoy"},
    "_embedded": {
        "author": [{"id": 7, "name": "News Desk", "link": "https://news.example.af/author/desk/",
                    "slug": "desk", "description": ""}],
        "wp:featuredmedia": [{"code": "rest_forbidden", "message": "Sorry", "data": {"status": 401}}],
        "wp:term": [[{"id": 4, "name": "Politics", "slug": "politics", "taxonomy": "category",
                      "link": "https://news.example.af/category/politics/"}], []],
    },
}  # fmt: skip


def _run(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> tuple[int, list[dict[str, Any]], list[dict[str, Any]]]:
    code = main(["extract", *args])
    out, err = capsys.readouterr()
    lines = [json.loads(line) for line in out.splitlines()]
    return code, lines, [json.loads(line) for line in err.splitlines()]


def test_an_unseen_sites_post_gives_a_record_with_its_tweet_as_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    saved = tmp_path / "posts.json"
    saved.write_text(json.dumps([UNSEEN]), encoding="utf-8")
    code, records, rejects = _run(["--rest", str(saved)], capsys)
    assert (code, rejects) == (0, [])
    [record] = records
    assert validation_errors(record) == []
    assert record["headline"] == "UN Envoy Meets Officials in Kabul\u2019s Arg"
    assert record["date_published"] == "2024-08-15T09:05:12+04:30"
    assert record["description"] == "The UN special envoy met officials in Kabul"
    assert [(a["name"], a["url"]) for a in record["authors"]] == [
        ("News Desk", "https://news.example.af/author/desk/")
    ]
    assert record["main_image"] is None  # the embed error is no image
    [tweet] = record["tweets"]
    assert (tweet["tweet_id"], tweet["author_handle"], tweet["lang"]) == (
        "1824000000000000001", "spokesman_af", "fa",
    )  # fmt: skip
    assert tweet["text"] == "دیدار با نمایندهٔ ویژه سازمان ملل در کابل"
    assert "widgets" not in record["body"] and "Spokesman" not in record["body"]


@pytest.mark.parametrize(
    ("site", "root", "count"), [(None, BUNDLED_SITE, 25), ("paiwand", SITE2, 24)]
)
def test_the_mirrors_rest_answers_give_one_valid_record_per_post(
    site: str | None, root: Path, count: int, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--rest", str(root / "_rest" / "posts.json"), *(["--site", site] if site else [])]
    code, records, rejects = _run(args, capsys)
    assert (code, rejects, len(records)) == (0, [], count)
    assert all(validation_errors(record) == [] for record in records)
    assert sum(len(record["tweets"]) for record in records) > 0


def test_a_post_that_is_no_article_is_a_reject_and_the_batch_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = {**UNSEEN, "id": 2, "content": {"rendered": "", "protected": False}}
    saved = tmp_path / "posts.json"
    saved.write_text(json.dumps([empty, UNSEEN, "not a post"]), encoding="utf-8")
    code, records, rejects = _run(["--rest", str(saved)], capsys)
    assert code == 2 and len(records) == 1
    assert [r["reason"] for r in rejects] == ["empty_body", "not_a_post"]


@pytest.mark.parametrize(
    ("body", "reason"),
    [(b'{"code":"rest_no_route","message":"No route","data":{"status":404}}', "rest_error"),
     (b"<html>blocked</html>", "not_rest_json")],
)  # fmt: skip
def test_an_answer_that_is_no_post_list_says_why(
    body: bytes, reason: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    saved = tmp_path / "answer.json"
    saved.write_bytes(body)
    code, records, rejects = _run(["--rest", str(saved)], capsys)
    assert (code, records, [r["reason"] for r in rejects]) == (2, [], [reason])
