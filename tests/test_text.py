"""Unit table for insight_scraper.extract.text (docs/record.md, "Text normalisation")."""

from __future__ import annotations

import pytest

from insight_scraper.extract.text import clean_multiline, clean_text, or_none, word_count

ZWNJ = "\u200c"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param(None, "", id="none"),
        pytest.param("", "", id="empty"),
        pytest.param("  Kabul   news \t", "Kabul news", id="ascii-collapse-strip"),
        pytest.param("a\xa0\xa0b", "a b", id="nbsp-collapsed"),
        pytest.param("a\u2009b\u202fc\u3000d", "a b c d", id="thin-narrow-ideographic-spaces"),
        pytest.param("one\ntwo\r\nthree", "one two three", id="newlines-become-spaces"),
        pytest.param("\u200fکابل\u200e", "کابل", id="rlm-lrm-removed"),
        pytest.param("\u202bمتن\u202c", "متن", id="rle-pdf-removed"),
        pytest.param("\u2067کابل\u2069 Kabul", "کابل Kabul", id="isolates-removed"),
        pytest.param("\u061cسلام", "سلام", id="arabic-letter-mark-removed"),
        pytest.param("\ufeffKabul", "Kabul", id="bom-removed"),
        pytest.param(f"می{ZWNJ}شود", f"می{ZWNJ}شود", id="zwnj-kept"),
        pytest.param("a\u200db", "a\u200db", id="zwj-kept"),
        pytest.param("e\u0301te\u0301", "été", id="nfc-composition"),
        pytest.param("e\u200f\u0301", "é", id="nfc-after-mark-removal"),
        pytest.param("علي", "علي", id="arabic-yeh-not-mapped"),
        pytest.param("كابل", "كابل", id="arabic-kaf-not-mapped"),
        pytest.param("ی ک", "ی ک", id="persian-yeh-kaf-kept"),
        pytest.param("\u200f \xa0\u200e", "", id="only-marks-and-spaces"),
    ],
)
def test_clean_text(raw: str | None, expected: str) -> None:
    assert clean_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param(None, "", id="none"),
        pytest.param("line one\nline two", "line one\nline two", id="keeps-break"),
        pytest.param("  a  b \n  c\xa0 d  ", "a b\nc d", id="each-line-collapsed"),
        pytest.param("\n\n a \n", "a", id="leading-trailing-empty-lines-dropped"),
        pytest.param("a\n\n\n\nb", "a\n\nb", id="blank-run-one-blank-line"),
        pytest.param("a\n \xa0 \nb", "a\n\nb", id="whitespace-only-line-is-blank"),
        pytest.param("a\r\nb", "a\nb", id="crlf"),
        pytest.param("\u200fسلام\n\u200eدنیا", "سلام\nدنیا", id="marks-removed-per-line"),
        pytest.param(f"می{ZWNJ}شود\nخوب", f"می{ZWNJ}شود\nخوب", id="zwnj-kept"),
    ],
)
def test_clean_multiline(raw: str | None, expected: str) -> None:
    assert clean_multiline(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param(None, None, id="none"),
        pytest.param("", None, id="empty"),
        pytest.param(" \xa0\u200f ", None, id="blank-after-cleaning"),
        pytest.param("  Amir  Khan ", "Amir Khan", id="cleaned"),
    ],
)
def test_or_none(raw: str | None, expected: str | None) -> None:
    assert or_none(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("", 0, id="empty"),
        pytest.param("one", 1, id="one"),
        pytest.param("  one two\n\nthree\tfour ", 4, id="mixed-whitespace"),
        pytest.param("a\xa0b", 2, id="nbsp-separates"),
        pytest.param(f"می{ZWNJ}شود کابل", 2, id="zwnj-does-not-split"),
    ],
)
def test_word_count(raw: str, expected: int) -> None:
    assert word_count(raw) == expected
