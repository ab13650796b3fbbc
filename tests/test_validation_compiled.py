"""The compiled check (jsonschema-rs) and jsonschema give the same verdict on every record:
the real ones, and each of them broken one field at a time, at every level of nesting."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from insight_scraper.extract.article import extract_article
from insight_scraper.mirror.server import BUNDLED_SITE
from insight_scraper.record import compiled_check, load_schema, validation_errors
from tests.conftest import page_url

# Wrong types, empty and boundary values, strings that break the schema's patterns (a
# trailing newline, Persian digits), and float/bool where integers are asked.
BAD_VALUES: list[Any] = [
    None, "", "x", "https://x/\n", "۱۲۳", 0, -1, 1.0, True, [], {}, ["x"], [{}],
    "2024-05-08T10:05:00+04:30\n",
]  # fmt: skip


def _records() -> list[dict[str, Any]]:
    records = []
    for page in sorted(BUNDLED_SITE.glob("*/expected.json")):
        html = (page.parent / "input.html").read_text(encoding="utf-8")
        try:
            record = extract_article(html, page_url(page.parent))
        except Exception:  # listings and error pages of the mirror are not articles
            continue
        records.append({**record, "scraped_at": "2024-05-08T14:00:00Z", "change": "new"})
    return records


def _rich(records: list[dict[str, Any]]) -> dict[str, Any]:
    """One record holding a block of every type, a tweet, an author and crumbs found anywhere."""
    rich = copy.deepcopy(max(records, key=lambda record: len(record["tweets"])))
    kinds = {block["type"]: block for record in records for block in record["blocks"]}
    rich["blocks"] = list(kinds.values())
    for key in ("authors", "breadcrumbs", "tweets"):
        rich[key] = next(record[key][:1] for record in records if record[key])
    rich["extraction"] = dict(list(rich["extraction"].items())[:3])  # one map: three entries
    rich["main_image"] = next(r["main_image"] for r in records if r["main_image"])
    return rich


def _mutants(value: Any) -> Iterator[tuple[str, Any]]:
    """Every variant of ``value`` with one thing broken, labelled by where."""
    if isinstance(value, dict):
        yield "+extra", {**value, "not_in_schema": 1}
        for key in value:
            yield f"-{key}", {k: v for k, v in value.items() if k != key}
            for label, broken in _mutants(value[key]):
                yield f"{key}/{label}", {**value, key: broken}
    elif isinstance(value, list):
        for index, item in enumerate(value):
            for label, broken in _mutants(item):
                yield f"{index}/{label}", [*value[:index], broken, *value[index + 1 :]]
    else:
        for bad in BAD_VALUES:
            yield f"={bad!r}", bad


def _passes_compiled(data: dict[str, Any]) -> bool:
    return compiled_check()(data)


@pytest.mark.slow
def test_the_verdict_is_jsonschemas_on_every_mutant() -> None:
    """The compiled check never passes what jsonschema refuses; where it is stricter (its
    patterns end at the string's end, where Python's ``$`` also allows a final newline), the
    record goes to jsonschema, so validation_errors gives jsonschema's verdict on every case."""
    reference = Draft202012Validator(load_schema())
    records = _records()
    assert len(records) >= 20
    rich = _rich(records)
    cases = [("rich", rich), *_mutants(rich), *(("record", record) for record in records)]
    passed_wrongly, stricter, invalid = [], [], 0
    for label, data in cases:
        valid = reference.is_valid(data)
        invalid += not valid
        if _passes_compiled(data):
            passed_wrongly += [] if valid else [label]
        elif valid:
            stricter.append(label)
            assert validation_errors(data) == [], label  # jsonschema has the last word
    assert invalid > 500, "the mutants must break the schema, or nothing was compared"
    assert passed_wrongly == []
    assert stricter, "the final-newline cases must reach the fallback, or it was not tested"


def test_a_failing_record_gets_jsonschemas_messages() -> None:
    record = {**_records()[0], "post_id": "x", "headline": ""}
    assert validation_errors(record) == [
        "headline: '' should be non-empty",
        "post_id: 'x' is not of type 'integer', 'null'",
    ]
