"""Pathological inputs for the extractors, shared by tests/test_fuzz.py and bench/pathological.py."""

from __future__ import annotations

from collections.abc import Callable

from insight_scraper.mirror.server import BUNDLED_SITE

TWEET = (
    '<blockquote class="twitter-tweet"><p lang="en" dir="ltr">t {n}</p>&mdash; A (@a) '
    '<a href="https://twitter.com/a/status/1{n:018d}">January 1, 2024</a></blockquote>'
)
BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
{root}"""
FEED_ROOT = (
    "<rss><channel><item><title>&lol9;</title>"
    "<link>https://www.afghaninsight.com/a/</link></item></channel></rss>"
)
SITEMAP_ROOT = (
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url>'
    "<loc>https://www.afghaninsight.com/a/&lol9;</loc></url></urlset>"
)


def base_page() -> str:
    """A real article page of the mirror to build on."""
    return (sorted(BUNDLED_SITE.glob("*/input.html"))[0]).read_text(encoding="utf-8")


def _into_body(page: str, inserted: str) -> str:
    at = page.index('<div class="entry-content')
    at = page.index(">", at) + 1
    return page[:at] + inserted + page[at:]


def deeply_nested(page: str) -> str:
    return _into_body(page, "<div>" * 100_000 + "x" + "</div>" * 100_000)


def twenty_megabytes(page: str) -> str:
    filler = "<p>" + "word " * 200 + "</p>\n"
    return _into_body(page, filler * (20_000_000 // len(filler)))


def ten_thousand_tweets(page: str) -> str:
    return _into_body(page, "".join(TWEET.format(n=n) for n in range(10_000)))


def nul_bytes(page: str) -> str:
    return page.replace("<p>", "<p>\x00", 20)


def invalid_utf8(page: str) -> bytes:
    return page.encode("utf-8").replace(b"<p>", b"<p>\xff\xfe\xc3", 20)


PAGES: dict[str, Callable[[str], str | bytes]] = {
    "deeply nested (100k levels)": deeply_nested,
    "20 MB page": twenty_megabytes,
    "10,000 tweets": ten_thousand_tweets,
    "NUL bytes": nul_bytes,
    "invalid UTF-8": invalid_utf8,
}
