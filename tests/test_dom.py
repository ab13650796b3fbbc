"""parse_html on text: the text is already decoded, so nothing in it changes its characters."""

from __future__ import annotations

import pytest

from insight_scraper.extract.dom import parse_html

DARI = "سلام دنیا، café ✓"


@pytest.mark.parametrize(
    "declaration",
    [
        '<meta charset="windows-1256">',
        '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">',
        "",
    ],
)
def test_text_is_read_as_the_characters_it_holds_whatever_its_meta_charset(
    declaration: str,
) -> None:
    page = f"<html><head>{declaration}<title>t</title></head><body><p>{DARI}</p></body></html>"
    assert parse_html(page).findtext(".//p") == DARI


def test_an_xml_declaration_naming_another_encoding_changes_nothing() -> None:
    page = f'<?xml version="1.0" encoding="iso-8859-1"?><html><body><p>{DARI}</p></body></html>'
    assert parse_html(page).findtext(".//p") == DARI


def test_a_lone_surrogate_in_text_becomes_a_question_mark_not_a_crash() -> None:
    page = "<html><body><p>a\ud800b</p></body></html>"
    assert parse_html(page).findtext(".//p") == "a?b"


def test_bytes_follow_their_own_declaration() -> None:
    page = f'<html><head><meta charset="windows-1256"></head><body><p>{DARI[:4]}</p></body></html>'
    assert parse_html(page.encode("cp1256")).findtext(".//p") == DARI[:4]
