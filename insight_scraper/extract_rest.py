"""``insight-scraper extract --rest FILE``: a saved WordPress REST answer in (the JSON of
``/wp-json/wp/v2/posts?_embed``: a list of posts, or one post), one record per post out, through
the same ``extract_rest_post`` as a REST-first crawl. The way to check this package on a site it
has never seen: save ``https://SITE/wp-json/wp/v2/posts?_embed&per_page=100`` and run this.

A post that gives no record is one JSON line on stderr, as for ``extract``; the exit status is
the worst post's (3 a record failed the schema, else 2 a post gave none, else 0).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from insight_scraper.extract.errors import NotAnArticle
from insight_scraper.extract.rest import extract_rest_post
from insight_scraper.extract.urls import section_language
from insight_scraper.extract_cli import EXIT_OK, emit_record, reject

if TYPE_CHECKING:
    from insight_scraper.sites import Profile


def rest_command(source: str, site: Profile | None) -> int:
    """Exit 0 when every post gave a valid record; 2 when one gave none; 3 when one failed."""
    try:
        answer = json.loads(sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes())
    except (OSError, ValueError) as error:
        return reject(source, None, "read", "not_rest_json", f"{type(error).__name__}: {error}")
    if isinstance(answer, Mapping) and "code" in answer and "id" not in answer:
        detail = f"{answer.get('code')}: {answer.get('message', '')}"[:300]  # a WP_Error answer
        return reject(source, None, "read", "rest_error", detail)
    posts = answer if isinstance(answer, list) else [answer]
    return max((_post(post, source, site) for post in posts), default=EXIT_OK)


def _post(post: Any, source: str, site: Profile | None) -> int:
    link = post.get("link") if isinstance(post, Mapping) else None
    url = link if isinstance(link, str) else None
    base = site.base_url if site is not None else _site_of(url)
    lang = section_language(url, site.languages) if site is not None and url else None
    try:
        record = extract_rest_post(post, site_url=base, lang=lang)
    except NotAnArticle as exc:
        return reject(source, url, "extract", exc.reason, exc.detail)
    except Exception as exc:  # a bug on one post must cost that post, never the batch
        return reject(source, url, "extract", "extract_error", f"{type(exc).__name__}: {exc}")
    return emit_record(record, source, url)


def _site_of(url: str | None) -> str:
    """The site a post links to (its scheme and host): relative links resolve against it."""
    parts = urlsplit(url or "")
    return (
        f"{parts.scheme}://{parts.netloc}/" if parts.scheme and parts.netloc else "https://invalid/"
    )
