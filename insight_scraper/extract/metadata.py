"""``<head>`` metadata: canonical, OpenGraph/meta tags, JSON-LD (docs/markup.md §3)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html import unescape
from typing import Any

from insight_scraper.extract.dom import Element, attr, first, select
from insight_scraper.extract.urls import absolute_url

JsonObject = dict[str, Any]
_ARTICLE_TYPES = frozenset({"Article", "NewsArticle", "BlogPosting", "ReportageNewsArticle"})


@dataclass(slots=True)
class Head:
    """What the page's head states about it."""

    canonical: str | None = None
    title: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    nodes: list[JsonObject] = field(default_factory=list)
    graph_nodes: list[JsonObject] = field(default_factory=list)

    def article(self) -> JsonObject:
        """The Article JSON-LD node: a Yoast/Rank Math graph node first, then Foxiz's own."""
        for node in [*self.graph_nodes, *self.nodes]:
            if _types(node) & _ARTICLE_TYPES:
                return node
        return {}

    def of_type(self, type_name: str) -> JsonObject:
        """The first JSON-LD node of a type (graph nodes first)."""
        for node in [*self.graph_nodes, *self.nodes]:
            if type_name in _types(node):
                return node
        return {}

    def resolve(self, value: Any) -> Any:
        """Follow a ``{"@id": …}`` reference (a node that names nothing itself) to the node of
        the page's JSON-LD with that id, in the graph or beside it."""
        if isinstance(value, dict) and "@id" in value and not value.get("name"):
            for node in [*self.graph_nodes, *self.nodes]:
                if node.get("@id") == value["@id"] and node is not value:
                    return node
        return value


def read_head(root: Element, url: str) -> Head:
    """Collect head metadata from one parsed page."""
    head = Head(title=_title(root))
    head.canonical = absolute_url(attr(first(root, "link[rel=canonical]"), "href"), url)
    for tag in select(root, "meta[content]"):
        key = (tag.get("property") or tag.get("name") or "").strip().lower()
        if key and key not in head.meta:
            # SEO plugins escape twice ("&amp;#8217;"): the parser undid one level only.
            head.meta[key] = _decoded(tag.get("content", "")).strip()
    for script in select(root, 'script[type="application/ld+json"]'):
        _add_json_ld(head, script.text or "")
    return head


def _title(root: Element) -> str | None:
    node = first(root, "title")
    return node.text_content() if node is not None else None


def _add_json_ld(head: Head, source: str) -> None:
    try:
        data = json.loads(source)
        # An entity in any string of the block shows in its source ("&", or JSON's "\u0026"):
        # none there, nothing to decode (most pages: a walk of every string saved).
        data = _decoded(data) if "&" in source or "\\u0026" in source else data
    except (ValueError, RecursionError):
        return  # a broken JSON-LD block must not cost the record
    for item in data if isinstance(data, list) else [data]:
        if not isinstance(item, dict):
            continue
        graph = item.get("@graph")
        if isinstance(graph, list):
            head.graph_nodes.extend(node for node in graph if isinstance(node, dict))
        else:
            head.nodes.append(item)


def _decoded(value: Any) -> Any:
    """Every string of a JSON-LD value or a meta content with HTML entities decoded: script
    text is not entity-decoded by the HTML parser, and WordPress plugins print "&#8217;"."""
    if isinstance(value, str):
        return unescape(value) if "&" in value else value
    if isinstance(value, list):
        return [_decoded(item) for item in value]
    if isinstance(value, dict):
        return {key: _decoded(item) for key, item in value.items()}
    return value


def _types(node: JsonObject) -> frozenset[str]:
    kind = node.get("@type")
    if isinstance(kind, str):
        return frozenset({kind})
    if isinstance(kind, list):
        return frozenset(item for item in kind if isinstance(item, str))
    return frozenset()


def as_text(value: Any) -> str | None:
    """A JSON-LD scalar (or the name of an object) as a string."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return as_text(value.get("name") or value.get("url"))
    return None


def as_list(value: Any) -> list[Any]:
    """A JSON-LD value that may be one item or a list."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
