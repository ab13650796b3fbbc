"""Every page of the second offline site (Newspaper theme, Dari/Pashto/English) against its
expected.json, one test per field. The expected files are written by
tests/sites/paiwand/build.py from the content sources, never from our extractor."""

from __future__ import annotations

from pathlib import Path

import pytest

from insight_scraper.extract.listing import extract_listing
from insight_scraper.extract.menu import extract_menu
from insight_scraper.record import validation_errors
from tests.site2 import ARTICLES, SITE2, expected, record, url_of

LISTINGS = sorted(path.parent for path in SITE2.glob("*/category/**/expected.json"))
HOMES = [SITE2, *(SITE2 / lang for lang in ("fa", "ps", "en"))]


def _name(fixture: Path) -> str:
    return fixture.relative_to(SITE2).as_posix() or "root"


@pytest.mark.parametrize(
    ("fixture", "field"),
    [
        pytest.param(fixture, field, id=f"{_name(fixture)}::{field}")
        for fixture in ARTICLES
        for field in expected(fixture)
    ],
)
def test_article_field(fixture: Path, field: str) -> None:
    assert record(fixture)[field] == expected(fixture)[field]


@pytest.mark.parametrize("fixture", ARTICLES, ids=_name)
def test_article_record_is_valid_and_complete(fixture: Path) -> None:
    found = {**record(fixture), "scraped_at": "2024-12-01T00:00:00Z"}
    assert validation_errors(found) == []
    assert set(expected(fixture)) | {"scraped_at"} == set(found)


@pytest.mark.parametrize("fixture", LISTINGS, ids=_name)
def test_listing(fixture: Path) -> None:
    html = (fixture / "input.html").read_text(encoding="utf-8")
    assert extract_listing(html, url_of(fixture)).as_dict() == expected(fixture)


@pytest.mark.parametrize("fixture", HOMES, ids=_name)
def test_section_menu(fixture: Path) -> None:
    html = (fixture / "input.html").read_text(encoding="utf-8")
    found = [
        {"name": c.name, "url": c.url, "parent": c.parent}
        for c in extract_menu(html, url_of(fixture))
    ]
    assert {"categories": found} == expected(fixture)


def test_the_site_has_the_promised_shape() -> None:
    langs = [expected(fixture)["language"] for fixture in ARTICLES]
    assert {lang: langs.count(lang) for lang in set(langs)} == {"fa": 8, "ps": 8, "en": 8}
    assert len(LISTINGS) > 9  # three categories per section, some of them paginated
    assert any(expected(fixture)["next_page"] for fixture in LISTINGS)
