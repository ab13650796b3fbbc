"""Every fixture page of the mirror against its expected.json, one test per field (web-poet style).

The expected files are written by tests/mirror/build.py from the content sources, never from
our extractor, so a failure here names a field that the extractor gets wrong.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from insight_scraper.extract.article import extract_article
from insight_scraper.extract.listing import extract_listing
from insight_scraper.extract.menu import extract_menu
from insight_scraper.mirror.server import BUNDLED_SITE
from tests.conftest import page_url

# Hand-written pages in the markup of docs/markup.md, outside the generated mirror: a second,
# independent source of markup (their expected.json was checked by hand, field by field).
REFERENCE = Path(__file__).parent / "fixtures" / "reference"
FIXTURES = sorted(path.parent for path in BUNDLED_SITE.glob("**/expected.json")) + sorted(
    path.parent for path in REFERENCE.glob("*/expected.json")
)


def _url(fixture: Path) -> str:
    stated = _expected(fixture).get("url")
    return str(stated) if stated else page_url(fixture)


def _name(fixture: Path) -> str:
    root = REFERENCE if fixture.is_relative_to(REFERENCE) else BUNDLED_SITE
    return fixture.relative_to(root).as_posix() or "home"


def _expected(fixture: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((fixture / "expected.json").read_text(encoding="utf-8"))
    return data


def _kind(fixture: Path) -> str:
    expected = _expected(fixture)
    return (
        "article" if "headline" in expected else "listing" if "article_urls" in expected else "menu"
    )


def _cases(kind: str) -> list[Any]:
    return [
        pytest.param(fixture, field, id=f"{_name(fixture)}::{field}")
        for fixture in FIXTURES
        if _kind(fixture) == kind
        for field in _expected(fixture)
    ]


@cache
def _article(fixture: Path) -> dict[str, Any]:
    return extract_article((fixture / "input.html").read_text(encoding="utf-8"), _url(fixture))


@pytest.mark.parametrize(("fixture", "field"), _cases("article"))
def test_article_field(fixture: Path, field: str) -> None:
    assert _article(fixture)[field] == _expected(fixture)[field]


@pytest.mark.parametrize(("fixture", "field"), _cases("listing"))
def test_listing_field(fixture: Path, field: str) -> None:
    html = (fixture / "input.html").read_text(encoding="utf-8")
    assert extract_listing(html, page_url(fixture)).as_dict()[field] == _expected(fixture)[field]


@pytest.mark.parametrize(("fixture", "field"), _cases("menu"))
def test_menu_field(fixture: Path, field: str) -> None:
    html = (fixture / "input.html").read_text(encoding="utf-8")
    found = [
        {"name": c.name, "url": c.url, "parent": c.parent}
        for c in extract_menu(html, page_url(fixture))
    ]
    assert {"categories": found}[field] == _expected(fixture)[field]


def test_the_corpus_is_large_enough() -> None:
    kinds = [_kind(fixture) for fixture in FIXTURES]
    assert kinds.count("article") >= 20
    assert kinds.count("listing") >= 14
