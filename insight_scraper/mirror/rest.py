"""The WordPress REST API of a mirror (docs/markup.md §4.3), as WordPress core answers it.

Posts come from the mirror's ``_rest/posts.json`` (the generator's list of post objects in the
core ``/wp/v2/posts?_embed`` shape); a mirror without it (synthetic or hostile sites) gets
minimal posts built from its ``_manifest.json``. Routes: ``/wp-json/`` (the index),
``/wp-json/wp/v2/posts`` (``_embed``, ``_fields``, ``per_page``, ``page``, ``orderby``,
``order``; ``X-WP-Total``, ``X-WP-TotalPages``, ``Link``), ``/wp-json/wp/v2/posts/<id>`` and
``/wp-json/wp/v2/categories``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

Answer = tuple[int, bytes, dict[str, str]]
_ORDER_KEYS = {"modified": "modified_gmt", "date": "date_gmt", "id": "id"}
_POST_PATH = re.compile(r"^/wp-json/wp/v2/posts/(?P<id>\d+)$")
_NO_ROUTE = (404, "rest_no_route", "No route was found matching the URL and request method.")


def _gmt(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp).astimezone(UTC)


def rest_post(post: Mapping[str, Any]) -> dict[str, Any]:
    """A manifest post as ``/wp/v2/posts`` renders it (the fields a crawler lists posts by)."""
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


class RestApi:
    """The REST routes of one mirror directory."""

    def __init__(self, root: Path, manifest_posts: Sequence[Mapping[str, Any]]) -> None:
        self.posts = _load(root / "_rest" / "posts.json") or [
            rest_post(post) for post in manifest_posts
        ]
        self.categories = _load(root / "_rest" / "categories.json") or []
        self.by_id = {int(post["id"]): post for post in self.posts}
        first = urlsplit(str(self.posts[0]["link"])) if self.posts else None
        self.base = f"{first.scheme}://{first.netloc}/" if first else "/"

    def answer(self, path: str, query: str) -> Answer:
        args = {key: values[0] for key, values in parse_qs(query, keep_blank_values=True).items()}
        route = path.rstrip("/") or "/"
        if route == "/wp-json":
            return _json(200, self.index())
        if route == "/wp-json/wp/v2/posts":
            return self.collection(self.posts, args, "wp/v2/posts", _post_view)
        if route == "/wp-json/wp/v2/categories":
            return self.collection(
                self.categories, {"orderby": "id", "order": "asc", **args}, "wp/v2/categories"
            )
        if match := _POST_PATH.match(route):
            post = self.by_id.get(int(match["id"]))
            if post is None:
                return _error(404, "rest_post_invalid_id", "Invalid post ID.")
            return _json(200, _post_view(post, args))
        return _error(*_NO_ROUTE)

    def index(self) -> dict[str, Any]:
        routes = ["/", "/wp/v2", "/wp/v2/posts", "/wp/v2/posts/(?P<id>[\\d]+)", "/wp/v2/categories"]
        return {
            "name": "", "description": "", "url": self.base.rstrip("/"),
            "home": self.base.rstrip("/"), "gmt_offset": "0", "timezone_string": "",
            "namespaces": ["oembed/1.0", "wp/v2"], "authentication": [],
            "routes": {route: {"namespace": "wp/v2", "methods": ["GET"]} for route in routes},
            "_links": {"help": [{"href": "https://developer.wordpress.org/rest-api/"}]},
        }  # fmt: skip

    def collection(
        self, items: Sequence[Mapping[str, Any]], args: dict[str, str], route: str,
        view: Any = None,
    ) -> Answer:  # fmt: skip
        """One page of a collection, with WordPress's validation, totals and Link header."""
        problem = _invalid(args)
        if problem:
            return _error(400, "rest_invalid_param", problem)
        per_page, page = int(args.get("per_page", 10)), int(args.get("page", 1))
        pages = -(-len(items) // per_page)
        if page > pages and items:
            message = "The page number requested is larger than the number of pages available."
            return _error(400, "rest_post_invalid_page_number", message)
        ordered = _ordered(items, args)[(page - 1) * per_page : page * per_page]
        chosen = [view(item, args) if view else _trim(dict(item), args) for item in ordered]
        headers = {"X-WP-Total": str(len(items)), "X-WP-TotalPages": str(pages)}
        link = self._link(route, args, page, pages)
        return _json(200, chosen, {**headers, **({"Link": link} if link else {})})

    def _link(self, route: str, args: dict[str, str], page: int, pages: int) -> str:
        """``Link: <…page=N-1>; rel="prev", <…page=N+1>; rel="next"`` as WordPress sends it."""
        links = []
        for rel, number in (("prev", page - 1), ("next", page + 1)):
            if 1 <= number <= pages:
                query = urlencode({**args, "page": str(number)}, safe=",")
                links.append(f'<{self.base}wp-json/{route}?{query}>; rel="{rel}"')
        return ", ".join(links)


def _invalid(args: Mapping[str, str]) -> str | None:
    """WordPress's message for the first invalid argument, or None."""
    bad = [name for name in ("per_page", "page") if not args.get(name, "1").isdigit()]
    if bad:  # WordPress validates the argument's type before anything else
        return f"Invalid parameter(s): {', '.join(bad)}"
    if not 1 <= int(args.get("per_page", 10)) <= 100:
        return "per_page must be between 1 (inclusive) and 100 (inclusive)"
    if int(args.get("page", 1)) < 1:
        return "page must be greater than or equal to 1"
    if args.get("orderby", "date") not in _ORDER_KEYS:
        return "Invalid parameter(s): orderby"
    if args.get("order", "desc") not in ("asc", "desc"):
        return "Invalid parameter(s): order"
    return None


def _ordered(items: Sequence[Mapping[str, Any]], args: Mapping[str, str]) -> list[Any]:
    key = _ORDER_KEYS[args.get("orderby", "date")]
    return sorted(
        items,
        key=lambda item: (item.get(key, item.get("id", 0)), item.get("id", 0)),
        reverse=args.get("order", "desc") == "desc",
    )


def _post_view(post: Mapping[str, Any], args: Mapping[str, str]) -> dict[str, Any]:
    """A post as a request sees it: ``_embedded`` only with ``_embed``; ``_fields`` applied."""
    view = {key: value for key, value in post.items() if key != "_embedded"}
    if "_embed" in args and "_embedded" in post:
        view["_embedded"] = post["_embedded"]
    return _trim(view, args)


def _trim(item: dict[str, Any], args: Mapping[str, str]) -> dict[str, Any]:
    """``_fields=a,b.c``: top-level keys (a dotted name keeps its top-level key's part)."""
    wanted = args.get("_fields")
    if not wanted:
        return item
    tops: dict[str, set[str]] = {}
    for name in wanted.split(","):
        top, _, sub = name.strip().partition(".")
        tops.setdefault(top, set()).add(sub)
    kept = {}
    for key, value in item.items():  # the object's own key order, as WordPress keeps it
        subs = tops.get(key)
        if subs is not None:
            nested = "" not in subs and isinstance(value, dict)
            kept[key] = {name: value[name] for name in subs if name in value} if nested else value
    return kept


def _load(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    return data if isinstance(data, list) else []


def _json(status: int, data: Any, headers: dict[str, str] | None = None) -> Answer:
    return status, json.dumps(data, ensure_ascii=False).encode("utf-8"), headers or {}


def _error(status: int, code: str, message: str) -> Answer:
    return _json(status, {"code": code, "message": message, "data": {"status": status}})


def posts_endpoint(posts: Sequence[Mapping[str, Any]], query: str) -> Answer:
    """Status, JSON body and headers of a posts query over manifest posts (no directory)."""
    api = RestApi(Path("/nonexistent"), posts)
    return api.answer("/wp-json/wp/v2/posts", query)
