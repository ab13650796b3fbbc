"""JSON-LD strings are entity-decoded however the JSON spells the ampersand."""

from __future__ import annotations

import pytest

from insight_scraper.extract.dom import parse_html
from insight_scraper.extract.metadata import read_head


def _headline(json_ld: str) -> object:
    page = (
        f'<html><head><script type="application/ld+json">{json_ld}</script></head>'
        "<body><p>x</p></body></html>"
    )
    return read_head(parse_html(page), "https://www.afghaninsight.com/a/").nodes[0]["headline"]


@pytest.mark.parametrize(
    ("json_ld", "headline"),
    [
        ('{"headline": "Women&#8217;s rights"}', "Women\u2019s rights"),
        ('{"headline": "Women\\u0026#8217;s rights"}', "Women\u2019s rights"),  # JSON_HEX_AMP
        ('{"headline": "Kabul \\u0026amp; Herat"}', "Kabul & Herat"),
        ('{"headline": "Kabul and Herat"}', "Kabul and Herat"),
    ],
)
def test_every_spelling_of_an_entity_is_decoded(json_ld: str, headline: str) -> None:
    assert _headline(json_ld) == headline
