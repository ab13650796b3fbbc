"""Unit table for URL normalisation."""

from __future__ import annotations

import pytest

from insight_scraper.extract.urls import (
    absolute_url,
    full_size_image,
    post_id_from_url,
    site_of,
    strip_tracking,
    tweet_status,
)

BASE = "https://www.afghaninsight.com/category/afghan-politics/"


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("/slug/", "https://www.afghaninsight.com/slug/"),
        ("page/2/", "https://www.afghaninsight.com/category/afghan-politics/page/2/"),
        ("https://WWW.AfghanInsight.com", "https://www.afghaninsight.com/"),
        ("https://www.afghaninsight.com/slug/#comments", "https://www.afghaninsight.com/slug/"),
        ("https://www.afghaninsight.com/?p=2841", "https://www.afghaninsight.com/?p=2841"),
        (
            "https://www.afghaninsight.com/د-کابل/",
            "https://www.afghaninsight.com/%D8%AF-%DA%A9%D8%A7%D8%A8%D9%84/",
        ),
        ("javascript:if(window.print)window.print()", None),
        ("data:text/html,hi", None),
        ("mailto:desk@afghaninsight.com", None),
        ("", None),
        (None, None),
    ],
)
def test_absolute_url(href: str | None, expected: str | None) -> None:
    assert absolute_url(href, BASE) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://twitter.com/rasmou/status/1750564170312040835?ref_src=twsrc%5Etfw",
            ("rasmou", "1750564170312040835"),
        ),
        ("https://x.com/ARG_1880/status/1750600000000000001", ("ARG_1880", "1750600000000000001")),
        ("https://mobile.twitter.com/a/statuses/1750600000000000002", ("a", "1750600000000000002")),
        ("https://twitter.com/hashtag/Kabul?src=hash", None),
        ("https://twitter.com/UNAMAnews", None),
        ("https://example.com/rasmou/status/1750564170312040835", None),
    ],
)
def test_tweet_status(url: str, expected: tuple[str, str] | None) -> None:
    assert tweet_status(url) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://s/wp-content/uploads/2024/05/x-860x484.jpg",
            "https://s/wp-content/uploads/2024/05/x.jpg",
        ),
        (
            "https://s/wp-content/uploads/2024/05/x-330x220.webp",
            "https://s/wp-content/uploads/2024/05/x.webp",
        ),
        (
            "https://s/wp-content/uploads/2024/05/eeee-3.jpg",
            "https://s/wp-content/uploads/2024/05/eeee-3.jpg",
        ),
    ],
)
def test_full_size_image(url: str, expected: str) -> None:
    assert full_size_image(url) == expected


def test_post_id_site_and_tracking() -> None:
    assert post_id_from_url("https://www.afghaninsight.com/?p=2841") == 2841
    assert post_id_from_url("https://www.afghaninsight.com/slug/") is None
    assert site_of("https://www.afghaninsight.com/x/") == "afghaninsight.com"
    assert strip_tracking("https://t.co/x?ref_src=twsrc%5Etfw") == "https://t.co/x"
    assert strip_tracking("https://example.com/a?id=3&src=hash") == "https://example.com/a?id=3"


@pytest.mark.parametrize(
    "href",
    [
        "http://www.afghaninsight.com:ww.afghaninsight.com/",
        "http://[::1/x",
        "http://www.afghan insight.com\x0b/",
    ],
)
def test_a_broken_link_gives_no_url_instead_of_an_error(href: str) -> None:
    assert absolute_url(href, "https://www.afghaninsight.com/") is None
