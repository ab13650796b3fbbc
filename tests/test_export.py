"""``insight-scraper export``: typed tables from a real crawl of the mirror, incremental merges,
and the DuckDB questions of issue 13 answered from the exported tables."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from insight_scraper.analysis.export import export
from insight_scraper.cli import main
from insight_scraper.extract.solar_hijri import DARI_MONTHS, to_solar_hijri
from insight_scraper.extract.text import search_key
from tests.analysis_data import demo_output, records, write_records


@pytest.fixture
def output(tmp_path: Path) -> Path:
    return demo_output(tmp_path / "output")


def _sql(output: Path, sql: str) -> list[tuple[Any, ...]]:
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    for table in ("articles", "tweets", "blocks", "authors", "article_categories", "article_tags"):
        con.execute(f"CREATE VIEW {table} AS FROM '{output / 'tables' / table}.parquet'")
    return con.execute(sql).fetchall()


def test_tables_hold_every_record_typed(output: Path) -> None:
    result = export(output)
    source = records(output)
    assert result.read == {"files": 1, "lines": len(source), "records": len(source), "skipped": 0}
    assert result.rows["articles"] == len(source)
    assert result.rows["tweets"] == sum(len(r["tweets"]) for r in source)
    assert result.rows["blocks"] == sum(len(r["blocks"]) for r in source)
    assert result.rows["article_categories"] == sum(len(r["categories"]) for r in source)
    types = dict(_sql(output, "SELECT column_name, column_type FROM (DESCRIBE articles)"))
    assert types["post_id"] == "BIGINT" and types["schema_version"] == "VARCHAR"
    assert types["published_utc"] == "TIMESTAMP WITH TIME ZONE"
    assert types["published_local"] == "TIMESTAMP" and types["published_sh_month"] == "TINYINT"
    tweet_types = dict(_sql(output, "SELECT column_name, column_type FROM (DESCRIBE tweets)"))
    assert tweet_types["tweet_id"] == "BIGINT" and tweet_types["date"] == "DATE"


def test_dates_keep_utc_local_time_offset_and_solar_hijri(output: Path) -> None:
    export(output)
    rows = {r[0]: r[1:] for r in _sql(output, """
        SELECT post_id, published_utc, published_local, published_offset, published_raw,
            published_sh_year, published_sh_month, published_sh_month_name, schema_version
        FROM articles""")}  # fmt: skip
    for record in records(output):
        utc, local, offset, raw, year, month, name, version = rows[record["post_id"]]
        stated = datetime.fromisoformat(record["date_published"])
        assert utc == stated and local == stated.replace(tzinfo=None)
        assert offset == record["date_published"][19:] and raw == record["date_published_raw"]
        solar = to_solar_hijri(stated.date())
        assert (year, month, name) == (solar.year, solar.month, DARI_MONTHS[solar.month - 1])
        assert version == record["schema_version"] == "1.0"


def test_search_text_is_search_key_in_each_pieces_language(output: Path) -> None:
    export(output)
    tweets = _sql(output, "SELECT text, lang, lang_detected, search_text FROM tweets")
    for text, lang, detected, folded in tweets:
        assert folded == (None if text is None else search_key(text, detected or lang))
    by_id = {r["post_id"]: r for r in records(output)}
    for post_id, folded in _sql(output, "SELECT post_id, search_text FROM articles"):
        r = by_id[post_id]
        pieces = [search_key(r["headline"], r["language"])]
        if r["description"] is not None:
            pieces.append(search_key(r["description"], r["language"]))
        prose = [b for b in r["blocks"] if b["type"] != "tweet"]
        pieces.append("\n".join(search_key(b["text"], b["lang"] or r["language"]) for b in prose))
        assert folded == "\n".join(pieces)


def test_duckdb_answers_tweets_per_account_and_language(output: Path) -> None:
    export(output)
    counted = _sql(
        output,
        """
        SELECT author_handle, coalesce(lang_detected, lang) AS lang, count(*) AS n
        FROM tweets WHERE author_handle IS NOT NULL GROUP BY ALL ORDER BY n DESC, 1""",
    )
    expected: dict[tuple[str, str | None], int] = {}
    for record in records(output):
        for t in record["tweets"]:
            if t["author_handle"]:
                key = (t["author_handle"], t["lang_detected"] or t["lang"])
                expected[key] = expected.get(key, 0) + 1
    assert {(h, lang): n for h, lang, n in counted} == expected
    assert counted[0][2] == max(expected.values())


def test_duckdb_answers_articles_per_category_per_solar_month(output: Path) -> None:
    export(output)
    counted = _sql(
        output,
        """
        SELECT c.category, a.published_sh_year, a.published_sh_month_name, count(*)
        FROM article_categories c JOIN articles a USING (post_id, url)
        GROUP BY ALL""",
    )
    expected: dict[tuple[str, int, str], int] = {}
    for record in records(output):
        solar = to_solar_hijri(date.fromisoformat(record["date_published"][:10]))
        for category in record["categories"]:
            key = (category, solar.year, solar.month_name_fa)
            expected[key] = expected.get(key, 0) + 1
    assert {(c, y, m): n for c, y, m, n in counted} == expected


def test_a_dari_word_is_found_in_both_spellings(output: Path) -> None:
    export(output)
    persian, arabic = "امنیت", "امنيت"  # Persian yeh, Arabic yeh
    raw = [
        _sql(output, f"SELECT tweet_url FROM tweets WHERE text LIKE '%{w}%'")
        for w in (persian, arabic)
    ]
    assert raw[0] and raw[1] and not set(raw[0]) & set(raw[1])  # each spelling misses the other
    for word in (persian, arabic):
        found = _sql(
            output,
            f"SELECT tweet_url FROM tweets WHERE search_text LIKE '%{search_key(word, 'fa')}%'",
        )
        assert set(found) == set(raw[0]) | set(raw[1])


def _bump(record: dict[str, Any], headline: str, scraped_at: str) -> dict[str, Any]:
    return {**record, "headline": headline, "scraped_at": scraped_at, "change": "updated",
            "content_hash": "sha256:" + "1" * 64}  # fmt: skip


def _new(record: dict[str, Any]) -> dict[str, Any]:
    return {**record, "post_id": 999_999, "url": record["url"].rstrip("/") + "-new/",
            "scraped_at": "2099-01-01T00:00:00Z", "change": "new"}  # fmt: skip


def test_appended_records_are_merged_keeping_the_latest_version(output: Path) -> None:
    export(output)
    first = records(output)[0]
    write_records(output / "articles.jsonl", [_bump(first, "Edited", "2099-01-01T00:00:00Z"),
                                              _new(first)], mode="a")  # fmt: skip
    result = export(output)
    assert result.mode == "incremental" and result.read["records"] == 2
    assert result.articles == {
        "added": 1,
        "updated": 1,
        "unchanged": 0,
        "kept": len(records(output)) - 3,
    }
    headlines = _sql(output, f"SELECT headline FROM articles WHERE post_id = {first['post_id']}")
    assert headlines == [("Edited",)]
    tweets = _sql(output, f"SELECT count(*) FROM tweets WHERE post_id = {first['post_id']}")
    assert tweets == [(len(first["tweets"]),)]  # replaced, not duplicated
    assert _sql(output, "SELECT count(*) FROM articles") == [(len(records(output)) - 1,)]
    assert export(output).mode == "up to date"


def test_an_older_version_does_not_replace_a_newer_one(output: Path) -> None:
    export(output)
    first = records(output)[0]
    write_records(
        output / "articles.jsonl", [_bump(first, "Stale", "2000-01-01T00:00:00Z")], mode="a"
    )
    assert export(output).articles["kept"] == len(records(output)) - 1
    assert _sql(output, f"SELECT headline FROM articles WHERE post_id = {first['post_id']}") == [
        (first["headline"],)
    ]


def test_a_rewritten_dataset_keeps_articles_it_no_longer_holds(output: Path) -> None:
    export(output)
    before = records(output)
    write_records(output / "articles.jsonl", [_bump(before[1], "Edited", "2099-01-01T00:00:00Z")])
    result = export(output)
    assert result.mode == "incremental (dataset rewritten)"
    assert result.rows["articles"] == len(before) and result.articles["updated"] == 1


def test_run_record_files_are_read_instead_of_a_rewritten_dataset(output: Path) -> None:
    export(output)
    before = records(output)
    runs = output / "runs"
    (runs / "20990101T000000Z-1.json").write_text(json.dumps({"run_id": "20990101T000000Z-1"}))
    write_records(runs / "20990101T000000Z-1.articles.jsonl", [_new(before[0])])
    # The dataset is rewritten with the new record first (not appended): its old bytes are gone.
    write_records(output / "articles.jsonl", [_new(before[0]), *before])
    result = export(output)
    assert result.mode == "incremental (run files)" and result.read["files"] == 1
    assert result.rows["articles"] == len(before) + 1


def test_malformed_lines_are_counted_not_fatal(output: Path) -> None:
    with (output / "articles.jsonl").open("a", encoding="utf-8") as handle:
        handle.write('{"url": "https://www.afghaninsight.com/cut-off/", "headl\n')
    result = export(output)
    lines = (output / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    assert result.read == {"files": 1, "lines": len(lines), "records": len(lines) - 1, "skipped": 1}
    assert result.rows["articles"] == len(lines) - 1


def test_csv_and_duckdb_formats_hold_the_same_tables(output: Path) -> None:
    result = export(output, formats=["csv", "duckdb"])
    tables = output / "tables"
    con = duckdb.connect(str(tables / "insight.duckdb"), read_only=True)
    for name, count in result.rows.items():
        assert con.execute(f"SELECT count(*) FROM {name}").fetchone() == (count,)
        assert duckdb.sql(f"SELECT count(*) FROM read_csv('{tables / name}.csv')").fetchall() == [
            (count,)
        ]
    con.close()


def test_cli_export_and_its_errors(output: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--output", str(output), "--format", "csv"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["formats"] == ["parquet", "csv"] and printed["rows"]["articles"] == len(
        records(output)
    )
    assert main(["export", "--output", str(output / "nowhere")]) == 2
    assert "no crawl output" in capsys.readouterr().err
