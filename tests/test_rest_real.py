"""Real WordPress REST answers (tests/fixtures/rest/, provenance in SOURCE.md) through
``extract_rest_post`` and ``insight-scraper extract --rest``, against expectations written by hand
from each JSON (``NAME.expected.json``), never from this package's output."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from insight_scraper.cli import main
from insight_scraper.extract.rest import extract_rest_post
from insight_scraper.record import validation_errors

REST_DIR = Path(__file__).parent / "fixtures" / "rest"
ANSWERS = sorted(
    path for path in REST_DIR.glob("*.json") if not path.name.endswith(".expected.json")
)


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _cases() -> list[Any]:
    cases = []
    for answer in ANSWERS:
        expected = _load(answer.with_suffix(".expected.json"))["posts"]
        posts = {post["id"]: post for post in _load(answer)}
        for want in expected:
            cases.append(
                pytest.param(posts[want["post_id"]], want, id=f"{answer.stem}-{want['post_id']}")
            )
    return cases


def _site(post: dict[str, Any]) -> str:
    link = str(post["link"])
    return link[: link.index("/", len("https://")) + 1]


def test_every_real_answer_has_hand_written_expectations_for_each_post() -> None:
    assert len(ANSWERS) >= 3
    for answer in ANSWERS:
        expected = {
            want["post_id"] for want in _load(answer.with_suffix(".expected.json"))["posts"]
        }
        assert expected == {post["id"] for post in _load(answer)}, answer.name


@pytest.mark.parametrize(("post", "want"), _cases())
def test_a_real_post_gives_the_record_a_reader_sees_in_its_json(
    post: dict[str, Any], want: dict[str, Any]
) -> None:
    record = extract_rest_post(post, site_url=_site(post))
    assert validation_errors({**record, "scraped_at": "2024-01-01T00:00:00Z"}) == []
    got = {
        "post_id": record["post_id"], "url": record["url"], "headline": record["headline"],
        "date_published": record["date_published"], "date_modified": record["date_modified"],
        "authors": [author["name"] for author in record["authors"]],
        "categories": record["categories"], "tags": record["tags"],
        "main_image": record["main_image"]["url"] if record["main_image"] else None,
        "tweets": [
            {key: tweet[key] for key in ("tweet_id", "author_handle", "text")}
            for tweet in record["tweets"]
        ],
    }  # fmt: skip
    assert got == {key: value for key, value in want.items() if key in got}
    assert want["body_sentence"] in record["body"]
    assert record["extraction"]["body"] == "rest"


def test_jetpack_featured_image_is_the_main_image_when_the_answer_has_no_embed() -> None:
    """Found on click9ja.com: saved without ``_embed``, the image is only Jetpack's field."""
    [with_image, without] = _load(REST_DIR / "click9ja-plain.json")
    record = extract_rest_post(with_image, site_url="https://click9ja.com/")
    assert record["main_image"] == {
        "url": "https://click9ja.com/wp-content/uploads/2018/12/DSC_0421.jpg",
        "caption": None, "alt": None,
    }  # fmt: skip
    assert record["extraction"]["main_image"] == "rest"
    assert without["jetpack_featured_media_url"] == ""
    assert extract_rest_post(without, site_url="https://click9ja.com/")["main_image"] is None


def test_a_quote_of_several_paragraphs_keeps_its_words_apart() -> None:
    post = _load(REST_DIR / "click9ja-embed.json")[0]
    record = extract_rest_post(post, site_url="https://click9ja.com/")
    assert "over Baga.\nI think the most inhuman way" in record["body"]


@pytest.mark.parametrize("answer", ANSWERS, ids=[path.stem for path in ANSWERS])
def test_extract_rest_exits_0_on_each_real_answer(
    answer: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["extract", "--rest", str(answer)])
    out, err = capsys.readouterr()
    records = [json.loads(line) for line in out.splitlines()]
    assert (code, err) == (0, "")
    assert [record["post_id"] for record in records] == [post["id"] for post in _load(answer)]
