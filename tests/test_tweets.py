"""Every embedded-tweet form of docs/markup.md §5, as small hand-written snippets."""

from __future__ import annotations

from typing import Any

import pytest
from lxml import html

from insight_scraper.extract.body import read_blocks

BASE = "https://www.afghaninsight.com/some-post/"
QUOTE = (
    '<blockquote class="twitter-tweet" data-width="550" data-dnt="true"><p lang="fa" dir="rtl">'
    'متن توییت <a href="https://twitter.com/hashtag/Kabul?src=hash&amp;ref_src=twsrc%5Etfw">#Kabul</a> '
    '<a href="https://twitter.com/UNAMAnews?ref_src=twsrc%5Etfw">@UNAMAnews</a> '
    '<a href="https://t.co/AbCdEf">https://t.co/AbCdEf</a> '
    '<a href="https://t.co/XyZ">pic.twitter.com/XyZ</a></p>'
    "{dash} Seyed Rasoul Mousavi سید رسول موسوی (@rasmou) "
    '<a href="https://{host}/rasmou/status/1750564170312040835?ref_src=twsrc%5Etfw">January 25, 2024</a>'
    "</blockquote>"
)
SCRIPT = '<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>'
FORMS = {
    "block": '<figure class="wp-block-embed is-type-rich is-provider-twitter wp-block-embed-twitter">'
    '<div class="wp-block-embed__wrapper">' + QUOTE + SCRIPT + "</div></figure>",
    "block-x": '<figure class="wp-block-embed is-type-rich is-provider-x wp-block-embed-x">'
    '<div class="wp-block-embed__wrapper">' + QUOTE.replace("{host}", "x.com") + "</div></figure>",
    "classic": QUOTE + SCRIPT,
    "jetpack": '<div class="embed-twitter">' + QUOTE + SCRIPT + "</div>",
    "pasted": QUOTE.replace('data-width="550" data-dnt="true"', 'data-lang="en" data-theme="dark"'),
}


def _blocks(snippet: str) -> list[Any]:
    body = f"<div class='entry-content rbct'><p>Intro paragraph.</p>{snippet}<p>After.</p></div>"
    return read_blocks(html.fromstring(body), BASE)


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("dash", ["&mdash;", "&#8212;", "&#x2014;", "—"])
def test_blockquote_forms(form: str, dash: str) -> None:
    snippet = FORMS[form].replace("{dash}", dash).replace("{host}", "twitter.com")
    blocks = _blocks(snippet)
    assert [block.type for block in blocks] == ["paragraph", "tweet", "paragraph"]
    tweet = blocks[1].tweet.as_record()
    assert tweet["tweet_id"] == "1750564170312040835"
    assert tweet["url"] == "https://twitter.com/rasmou/status/1750564170312040835"
    assert tweet["author_name"] == "Seyed Rasoul Mousavi سید رسول موسوی"
    assert tweet["author_handle"] == "rasmou"
    assert (tweet["date"], tweet["date_raw"]) == ("2024-01-25", "January 25, 2024")
    assert tweet["text"] == "متن توییت #Kabul @UNAMAnews https://t.co/AbCdEf pic.twitter.com/XyZ"
    assert (tweet["lang"], tweet["dir"]) == ("fa", "rtl")
    assert (tweet["hashtags"], tweet["mentions"]) == (["Kabul"], ["UNAMAnews"])
    assert (tweet["links"], tweet["media"]) == (
        ["https://t.co/AbCdEf"],
        ["https://pic.twitter.com/XyZ"],
    )
    assert tweet["context"] == "Intro paragraph."


def test_wpautop_attribution_in_its_own_paragraph() -> None:
    snippet = (
        '<blockquote class="twitter-tweet"><p lang="en" dir="ltr">Line one<br>line two</p>'
        '<p>&#x2014; Paul Klouman Bekken (@NorwayinAFG) <a href="https://twitter.com/NorwayinAFG/status/1750600000000000001'
        '?ref_src=twsrc%5Etfw">January 25, 2024</a></p></blockquote><p></p>'
    )
    blocks = _blocks(snippet)
    assert [block.type for block in blocks] == ["paragraph", "tweet", "paragraph"]
    tweet = blocks[1].tweet.as_record()
    assert tweet["text"] == "Line one\nline two"
    assert (tweet["author_name"], tweet["author_handle"]) == ("Paul Klouman Bekken", "NorwayinAFG")


def test_attribution_pushed_out_of_the_blockquote() -> None:
    snippet = (
        '<blockquote class="twitter-tweet"><p lang="en" dir="ltr">Text</p></blockquote>'
        '<p>— UNAMA News (@UNAMAnews) <a href="https://twitter.com/UNAMAnews/status/1750600000000000002">'
        "January 26, 2024</a></p>"
    )
    blocks = _blocks(snippet)
    assert [block.type for block in blocks] == ["paragraph", "tweet", "paragraph"]
    assert blocks[1].tweet.as_record()["author_handle"] == "UNAMAnews"


def test_rendered_iframe_keeps_the_id_only() -> None:
    snippet = (
        '<div class="twitter-tweet twitter-tweet-rendered"><iframe id="twitter-widget-0" title="X Post" '
        'src="https://platform.twitter.com/embed/Tweet.html?dnt=true&amp;id=1750600000000000003" '
        'data-tweet-id="1750600000000000003"></iframe></div>'
    )
    tweet = _blocks(snippet)[1].tweet.as_record()
    assert tweet["tweet_id"] == "1750600000000000003"
    assert tweet["url"] == "https://twitter.com/i/status/1750600000000000003"
    assert (tweet["text"], tweet["author_handle"]) == (None, None)


def test_failed_embed_holds_only_the_url() -> None:
    snippet = (
        '<figure class="wp-block-embed is-type-rich is-provider-twitter wp-block-embed-twitter">'
        '<div class="wp-block-embed__wrapper">\nhttps://twitter.com/ARG_1880/status/1750600000000000004\n</div></figure>'
    )
    tweet = _blocks(snippet)[1].tweet.as_record()
    assert (tweet["tweet_id"], tweet["author_handle"]) == ("1750600000000000004", "ARG_1880")
    assert tweet["text"] is None


def test_timeline_embed_is_not_a_tweet() -> None:
    snippet = '<p><a class="twitter-timeline" href="https://twitter.com/UNAMAnews">Tweets by UNAMAnews</a></p>'
    assert [block.type for block in _blocks(snippet)] == ["paragraph", "paragraph", "paragraph"]


def _tweet(quote: str) -> dict[str, Any]:
    tweets = [block.tweet for block in _blocks(quote) if block.tweet is not None]
    assert len(tweets) == 1
    return tweets[0].as_record()


def test_every_paragraph_of_the_embed_but_the_attribution_is_the_text() -> None:
    # Real embeds put each sentence of a long tweet in a <p> of its own, and <br> inside one.
    quote = (
        '<blockquote class="twitter-tweet"><p lang="en" dir="ltr">First sentence.</p>'
        "<p>Second sentence,<br>on two lines.</p>"
        '<p>&mdash; UN News (@UN_News_Centre) <a href="https://twitter.com/UN_News_Centre/'
        'status/1004014357402611712">June 5, 2018</a></p></blockquote>'
    )
    tweet = _tweet(quote)
    assert tweet["text"] == "First sentence.\n\nSecond sentence,\non two lines."
    assert (tweet["author_name"], tweet["author_handle"]) == ("UN News", "UN_News_Centre")
    assert tweet["date"] == "2018-06-05"


@pytest.mark.parametrize(
    ("lang", "date_raw", "date"),
    [
        ("de", "2. Juni 2018", "2018-06-02"),
        ("ru", "2 июня 2018 г.", "2018-06-02"),
        ("fr", "2 juin 2018", "2018-06-02"),
    ],
)
def test_tweet_date_in_the_tweets_own_language(lang: str, date_raw: str, date: str) -> None:
    quote = (
        f'<blockquote class="twitter-tweet" data-lang="{lang}"><p lang="{lang}" dir="ltr">'
        f"Text.</p>&mdash; Name (@handle) "
        f'<a href="https://twitter.com/handle/status/1002863577216696320">{date_raw}</a>'
        "</blockquote>"
    )
    tweet = _tweet(quote)
    assert (tweet["date_raw"], tweet["date"]) == (date_raw, date)
