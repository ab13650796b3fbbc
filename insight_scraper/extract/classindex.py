"""Class-token index of a parsed page: class selectors without a full-tree XPath scan.

libxml2 evaluates ``.name`` as a string test on every element (~150 µs on a 50 KB page), and an
article page asks a dozen such selectors from the document root. One pass over the elements that
carry a class builds ``token → elements`` (document order); selectors made only of tag/class
compounds and descendant combinators are then answered from it. Anything else returns None and
the caller falls back to the compiled CSS selector, so results are always the same as lxml's.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import cast

from lxml import etree
from lxml.html import HtmlElement

# Head tags asked for by attribute ("meta[content]", "link[rel=canonical]") are indexed too.
_TAG_KEYS = frozenset({"meta", "link", "script"})
_WITH_CLASS = etree.XPath(
    "descendant-or-self::*[@class or @id or self::meta or self::link or self::script]"
)
# normalize-space() in cssselect's class test splits on XML whitespace only.
_XML_SPACE = re.compile(r"[ \t\r\n]+")
_COMPOUND = re.compile(
    r"^([a-z][a-z0-9]*)?(#[A-Za-z_][\w-]*)?((?:\.[A-Za-z_][\w-]*)*)"
    r"((?:\[[A-Za-z_][\w-]*(?:=(?:\"[^\"]*\"|'[^']*'|[\w-]+))?\])*)$"
)
_ATTRIBUTE = re.compile(r"\[([A-Za-z_][\w-]*)(?:=(?:\"([^\"]*)\"|'([^']*)'|([\w-]+)))?\]")


@dataclass(frozen=True, slots=True)
class Compound:
    """``tag#id.class1.class2[attr][attr=value]`` (each part optional)."""

    tag: str | None
    classes: frozenset[str]
    key: str | None  # the class (or "#id") looked up in the index
    id: str | None = None
    attributes: tuple[tuple[str, str | None], ...] = ()  # (name, value or None for presence)


Chain = tuple[Compound, ...]
Fallback = Callable[[str], list[HtmlElement]]


ClassIndex = dict[str, list[HtmlElement]]  # token (or "#id") → elements, in document order

_INDEXES: weakref.WeakKeyDictionary[HtmlElement, ClassIndex] = weakref.WeakKeyDictionary()


def tokens(node: HtmlElement) -> list[str]:
    """The class tokens of an element, split as the CSS class test splits them."""
    value = node.get("class") or ""
    if "\t" in value or "\n" in value or "\r" in value:
        return [token for token in _XML_SPACE.split(value) if token]
    return [token for token in value.split(" ") if token]  # the usual case, twice as fast


def indexed_select(
    root: HtmlElement, selector: str, fallback: Fallback | None = None
) -> list[HtmlElement] | None:
    """Matches of ``selector`` below the document root, or None when the index cannot say.
    With ``fallback``, alternatives the index cannot answer ("iframe[data-tweet-id]") are
    given to it, and the index answers the others."""
    plan = _plan(selector)
    if plan is None or root.tag != "html" or root.getparent() is not None:
        return None
    if any(isinstance(chain, str) for chain in plan) and (fallback is None or len(plan) == 1):
        return None
    index = _index(root)
    found = [matches for chain in plan if (matches := _answer(index, chain, fallback))]
    if len(found) <= 1:
        return found[0] if found else []
    return _merge(root, found)


def _answer(index: ClassIndex, chain: Chain | str, fallback: Fallback | None) -> list[HtmlElement]:
    if isinstance(chain, str):
        assert fallback is not None  # indexed_select returned None before this point
        return fallback(chain)
    return _chain(index, chain)


def _index(root: HtmlElement) -> ClassIndex:
    index = _INDEXES.get(root)
    if index is None:
        index = {}
        for element in cast("list[HtmlElement]", _WITH_CLASS(root)):
            for token in tokens(element):
                listed = index.setdefault(token, [])
                if not listed or listed[-1] is not element:  # class="a a" lists it once
                    listed.append(element)
            if (name := element.get("id")) is not None:
                index.setdefault("#" + name, []).append(element)
            if element.tag in _TAG_KEYS:
                index.setdefault(f"<{element.tag}>", []).append(element)
        _INDEXES[root] = index
    return index


@lru_cache(maxsize=512)
def _plan(selector: str) -> tuple[Chain | str, ...] | None:
    """The selector's alternatives as chains of compounds, or as the alternative's own text
    where it is not made of tags, ids, classes, attribute tests and spaces only."""
    if "(" in selector or ":" in selector:
        return None
    plan = tuple(_part(part.strip()) for part in selector.split(","))
    return None if all(isinstance(part, str) for part in plan) else plan


def _part(part: str) -> Chain | str:
    compounds = [_compound(piece) for piece in part.split()]
    if not compounds or any(c is None or c.key is None for c in compounds[:-1]):
        return part
    last = compounds[-1]
    if last is None or (last.key is None and (len(compounds) == 1 or last.tag is None)):
        return part  # a bare tag: lxml's own iteration is as fast
    return tuple(c for c in compounds if c is not None)


def _compound(piece: str) -> Compound | None:
    match = _COMPOUND.match(piece)
    if match is None or not piece:
        return None
    names = [name for name in match.group(3).split(".") if name]
    ident = match.group(2)[1:] if match.group(2) else None
    attributes = tuple(
        (name, next((v for v in values if v is not None), None))
        for name, *values in _attributes(match.group(4))
    )
    tag = match.group(1)
    key = names[0] if names else "#" + ident if ident else f"<{tag}>" if tag in _TAG_KEYS else None
    return Compound(tag, frozenset(names), key, ident, attributes)


def _attributes(text: str) -> list[tuple[str, str | None, str | None, str | None]]:
    found = []
    for match in _ATTRIBUTE.finditer(text):
        found.append((match.group(1), match.group(2), match.group(3), match.group(4)))
    return found


def _chain(index: ClassIndex, chain: Chain) -> list[HtmlElement]:
    *context, last = chain
    if last.key is None:  # "... .scope tag": the tag's elements inside the outermost scopes
        assert last.tag is not None
        scopes = _outermost(_chain(index, tuple(context)))
        inside = (found for scope in scopes for found in scope.iterdescendants(last.tag))
        return [found for found in inside if _matches(found, last)]
    candidates = index.get(last.key, [])
    return [node for node in candidates if _matches(node, last) and _has_context(node, context)]


def _matches(node: HtmlElement, compound: Compound) -> bool:
    if compound.tag is not None and node.tag != compound.tag:
        return False
    if compound.id is not None and node.get("id") != compound.id:
        return False
    for name, value in compound.attributes:
        found = node.get(name)
        if found is None or (value is not None and found != value):
            return False
    if not compound.classes:
        return True
    return node.get("class") is not None and compound.classes.issubset(tokens(node))


def _has_context(node: HtmlElement, context: list[Compound]) -> bool:
    """Descendant combinators only, so matching ancestors greedily right to left is exact."""
    wanted = len(context) - 1
    if wanted < 0:
        return True
    for ancestor in node.iterancestors():
        if _matches(ancestor, context[wanted]):
            wanted -= 1
            if wanted < 0:
                return True
    return False


def _outermost(scopes: list[HtmlElement]) -> list[HtmlElement]:
    """Drop scopes nested in an earlier one: their descendants are already listed, once."""
    kept: list[HtmlElement] = []
    seen: set[HtmlElement] = set()
    for scope in scopes:
        if not any(ancestor in seen for ancestor in scope.iterancestors()):
            kept.append(scope)
            seen.add(scope)
    return kept


def _merge(root: HtmlElement, found: list[list[HtmlElement]]) -> list[HtmlElement]:
    """A union of several alternatives' matches, in document order (rare: one usually hits)."""
    union = {node for matches in found for node in matches}
    return [node for node in root.iter() if node in union]
