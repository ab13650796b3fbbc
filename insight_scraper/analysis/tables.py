"""The analysis tables, as SQL over ``records`` (one row per article: its latest version).

Every table carries the article's ``post_id`` and ``url``: ``url`` is never null, so it joins
even a record whose page gave no post id. Child tables number their rows from 1 in page order
(``position``). Dates keep three views: the UTC instant (``*_utc``, TIMESTAMPTZ), the page's wall
clock (``*_local``, TIMESTAMP) and its offset (``*_offset``, "+04:30"); a date given without an
offset has a local time and offset, but no UTC instant. The Solar Hijri columns are the calendar
date of the local time (what a reader in Kabul sees), with the Dari month name.
"""

from __future__ import annotations

# Scalar macros; ``sh_iso`` and ``fold`` are Python functions registered by export.py.
MACROS = """
CREATE OR REPLACE MACRO local_ts(s) AS try_cast(substr(s, 1, 19) AS TIMESTAMP);
CREATE OR REPLACE MACRO ts_offset(s) AS CASE
    WHEN s IS NULL OR length(s) <= 19 THEN NULL WHEN s[20:] = 'Z' THEN '+00:00' ELSE s[20:] END;
CREATE OR REPLACE MACRO utc_ts(s) AS
    CASE WHEN ts_offset(s) IS NOT NULL THEN try_cast(s AS TIMESTAMPTZ) END;
CREATE OR REPLACE MACRO sh_part(d, i) AS
    try_cast(string_split(sh_iso(CAST(d AS VARCHAR)), '-')[i] AS INTEGER);
"""


def _date_columns(prefix: str, source: str) -> str:
    return (
        f"utc_ts({source}) AS {prefix}_utc, local_ts({source}) AS {prefix}_local, "
        f"ts_offset({source}) AS {prefix}_offset, {source}_raw AS {prefix}_raw"
    )


def _solar_columns(prefix: str, day: str, month_names: str) -> str:
    return (
        f"CAST(sh_part({day}, 1) AS SMALLINT) AS {prefix}_year, "
        f"CAST(sh_part({day}, 2) AS TINYINT) AS {prefix}_month, "
        f"{month_names}[sh_part({day}, 2)] AS {prefix}_month_name"
    )


def table_sql(month_names: str) -> dict[str, str]:
    """Table name → SELECT over ``records``. ``month_names``: a DuckDB list of the Dari months."""
    published = "CAST(local_ts(date_published) AS DATE)"
    return {
        "articles": f"""
            SELECT post_id, url, canonical_url, site, headline, description, language,
                {_date_columns("published", "date_published")},
                {_date_columns("modified", "date_modified")},
                {_solar_columns("published_sh", published, month_names)},
                word_count, reading_time_minutes, CAST(len(authors) AS INTEGER) AS n_authors,
                CAST(len(tweets) AS INTEGER) AS n_tweets, CAST(len(blocks) AS INTEGER) AS n_blocks,
                main_image.url AS main_image_url, main_image.caption AS main_image_caption,
                body, content_hash, try_cast(scraped_at AS TIMESTAMPTZ) AS scraped_at,
                schema_version, change,
                concat_ws(chr(10), fold(headline, language), fold(description, language),
                    array_to_string(list_transform(list_filter(blocks, lambda b: b.type <> 'tweet'),
                        lambda b: fold(b.text, coalesce(b.lang, language))), chr(10))
                ) AS search_text
            FROM records""",
        "tweets": f"""
            SELECT post_id, url, CAST(u.i AS INTEGER) AS position,
                try_cast(t.tweet_id AS BIGINT) AS tweet_id, t.url AS tweet_url, t.author_name,
                t.author_handle,
                try_cast(t.date AS DATE) AS date, t.date_raw,
                {_solar_columns("sh", "try_cast(t.date AS DATE)", month_names)},
                t.lang, t.lang_detected, t.dir, t.text, t.hashtags, t.mentions, t.links,
                t.media, t.context,
                fold(t.text, coalesce(t.lang_detected, t.lang)) AS search_text
            FROM records, unnest(tweets) WITH ORDINALITY AS u(t, i)""",
        "blocks": """
            SELECT post_id, url, CAST(u.i AS INTEGER) AS position, b.type, b.text, b.lang,
                b.level, b.items, b.ordered, b.cite, b.url AS media_url, b.alt, b.caption,
                try_cast(b.tweet_id AS BIGINT) AS tweet_id, b.provider
            FROM records, unnest(blocks) WITH ORDINALITY AS u(b, i)""",
        "authors": """
            SELECT post_id, url, CAST(u.i AS INTEGER) AS position, a.name, a.url AS author_url,
                a.role, a.bio
            FROM records, unnest(authors) WITH ORDINALITY AS u(a, i)""",
        "article_categories": """
            SELECT post_id, url, CAST(u.i AS INTEGER) AS position, u.category
            FROM records, unnest(categories) WITH ORDINALITY AS u(category, i)""",
        "article_tags": """
            SELECT post_id, url, CAST(u.i AS INTEGER) AS position, u.tag
            FROM records, unnest(tags) WITH ORDINALITY AS u(tag, i)""",
    }


TABLES = ("articles", "tweets", "blocks", "authors", "article_categories", "article_tags")

# The key the latest version is chosen by: the post id, else the URL (a record without one).
KEY = "coalesce(CAST(post_id AS VARCHAR), url)"


def order_by(table: str) -> str:
    """Deterministic row order of each table."""
    return "post_id, url" if table == "articles" else "post_id, url, position"
