"""The WordPress REST API of a mirror, built from its own ``_manifest.json`` (docs/markup.md §4.3):
``/wp-json/wp/v2/posts`` with ``orderby``, ``order``, ``per_page``, ``page`` and ``_fields``."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any
from urllib.parse import parse_qs

_ORDER_KEYS = {"modified": "modified", "date": "published", "id": "post_id"}


def _gmt(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp).astimezone(UTC)


def rest_post(post: Mapping[str, Any]) -> dict[str, Any]:
    """One post as ``/wp/v2/posts`` renders it (the fields a crawler uses)."""
    return {
        "id": post["post_id"],
        "date": post["published"][:19],
        "date_gmt": _gmt(post["published"]).strftime("%Y-%m-%dT%H:%M:%S"),
        "modified": post["modified"][:19],
        "modified_gmt": _gmt(post["modified"]).strftime("%Y-%m-%dT%H:%M:%S"),
        "slug": post["slug"],
        "status": "publish",
        "type": "post",
        "link": post["url"],
    }


def last_modified(posts: Sequence[Mapping[str, Any]]) -> str | None:
    """HTTP date of the newest modification (WordPress sends it on feeds)."""
    if not posts:
        return None
    return format_datetime(max(_gmt(post["modified"]) for post in posts), usegmt=True)


def posts_endpoint(
    posts: Sequence[Mapping[str, Any]], query: str
) -> tuple[int, bytes, dict[str, str]]:
    """Status, JSON body and headers (X-WP-Total, X-WP-TotalPages) of a posts query."""
    args = {key: values[0] for key, values in parse_qs(query).items()}
    bad = [name for name in ("per_page", "page") if not args.get(name, "1").isdigit()]
    if bad:  # WordPress validates the argument's type before anything else
        return _error(400, "rest_invalid_param", f"Invalid parameter(s): {', '.join(bad)}")
    per_page, page = int(args.get("per_page", 10)), int(args.get("page", 1))
    if not 1 <= per_page <= 100:
        return _error(
            400, "rest_invalid_param", "per_page must be between 1 (inclusive) and 100 (inclusive)"
        )
    key = _ORDER_KEYS.get(args.get("orderby", "date"), "published")
    ordered = sorted(
        posts,
        key=lambda post: (post[key], post["post_id"]),
        reverse=args.get("order", "desc") == "desc",
    )
    pages = max(1, -(-len(ordered) // per_page))
    if page > pages or page < 1:
        return _error(
            400,
            "rest_post_invalid_page_number",
            "The page number requested is larger than the number of pages available.",
        )
    chosen = [
        _fields(rest_post(post), args.get("_fields"))
        for post in ordered[(page - 1) * per_page : page * per_page]
    ]
    headers = {"X-WP-Total": str(len(ordered)), "X-WP-TotalPages": str(pages)}
    return 200, json.dumps(chosen).encode("utf-8"), headers


def _fields(post: dict[str, Any], wanted: str | None) -> dict[str, Any]:
    if not wanted:
        return post
    keep = set(wanted.split(","))
    return {key: value for key, value in post.items() if key in keep}


def _error(status: int, code: str, message: str) -> tuple[int, bytes, dict[str, str]]:
    body = {"code": code, "message": message, "data": {"status": status}}
    return status, json.dumps(body).encode("utf-8"), {}
