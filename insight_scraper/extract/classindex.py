"""Class-token index of a parsed page: class selectors without a full-tree XPath scan.

libxml2 evaluates ``.name`` as a string test on every element (~150 µs on a 50 KB page), and an
article page asks a dozen such selectors from the document root. The page's class attributes are
read once (one pass of lxml's iterator) and joined into one string; a class key is then found
in it with ``str.find`` (in C), and each hit maps back to its element by the count of
separators before it (``str.count``, in C). Only the keys asked for are
ever looked up, each once per page: no per-token Python work for the hundreds of classes no
selector names. Ids and head tags ("meta[content]", "link[rel=canonical]") are indexed too.
Selectors made only of tag/id/class/attribute compounds and descendant combinators are answered
from it. Anything else returns None and the caller falls back to the compiled CSS selector, so
results are always the same as lxml's.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import cast

from lxml import etree
from lxml.html import HtmlElement

# Head tags asked for by attribute ("meta[content]", "link[rel=canonical]") are indexed too.
_TAG_KEYS = frozenset({"meta", "link", "script"})
_WITH_ID = etree.XPath("descendant-or-self::*[@id]")
# normalize-space() in cssselect's class test splits on XML whitespace only.
_XML_SPACE = re.compile(r"[ \t\r\n]+")
_XML_SPACE_CHARS = " \t\r\n"
# Joins the class values: never in an attribute value (parse_html removes NULs; lxml refuses
# them), so a key never spans two values and the count of separators before a hit is its index.
_SEPARATOR = "\0"
_TOKEN_END = _XML_SPACE_CHARS + _SEPARATOR
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
    key: str | None  # the class (or "#id", or "<meta>") looked up in the index
    id: str | None = None
    attributes: tuple[tuple[str, str | None], ...] = ()  # (name, value or None for presence)


Chain = tuple[Compound, ...]
Fallback = Callable[[str], list[HtmlElement]]
# The page's own root is stored as None: an index that held it would keep its weak key (and so
# the whole tree) alive for ever, on every page whose <html> has a class or an id.
_Stored = list[HtmlElement | None]


@dataclass(slots=True)
class PageIndex:
    """One page's class attributes joined, and the keys looked up so far (document order)."""

    classed: list[tuple[HtmlElement | None, str]]  # (element, its class), document order
    joined: str  # the class values, joined by _SEPARATOR
    found: dict[str, _Stored] = field(default_factory=dict)

    def lookup(self, root: HtmlElement, key: str) -> list[HtmlElement]:
        stored = self.found.get(key)
        if stored is None:
            stored = self.found[key] = _stored(root, _find(self, root, key))
        return [root if node is None else node for node in stored]


_INDEXES: weakref.WeakKeyDictionary[HtmlElement, PageIndex] = weakref.WeakKeyDictionary()


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
    found = [matches for chain in plan if (matches := _answer(root, index, chain, fallback))]
    if len(found) <= 1:
        return found[0] if found else []
    return _document_order({node for matches in found for node in matches})


def _answer(
    root: HtmlElement, index: PageIndex, chain: Chain | str, fallback: Fallback | None
) -> list[HtmlElement]:
    if isinstance(chain, str):
        assert fallback is not None  # indexed_select returned None before this point
        return fallback(chain)
    return _chain(root, index, chain)


def _index(root: HtmlElement) -> PageIndex:
    index = _INDEXES.get(root)
    if index is None:
        # lxml's iterator, not an XPath: a third cheaper for the same elements (no node sets).
        classed: list[tuple[HtmlElement | None, str]] = [
            (node, value) for node in root.iter(etree.Element) if (value := node.get("class"))
        ]
        if classed and classed[0][0] is root:  # only the root itself can come first
            classed[0] = (None, classed[0][1])
        joined = _SEPARATOR.join([value for _, value in classed])
        index = _INDEXES[root] = PageIndex(classed, joined)
    return index


def _stored(root: HtmlElement, nodes: Iterable[HtmlElement]) -> _Stored:
    return [None if node is root else node for node in nodes]


def _find(index: PageIndex, root: HtmlElement, key: str) -> list[HtmlElement]:
    """The elements that carry ``key``: a class token, "#id" or "<tag>"."""
    if key.startswith("#"):
        with_id = cast("list[HtmlElement]", _WITH_ID(root))
        return [node for node in with_id if node.get("id") == key[1:]]
    if key.startswith("<"):
        return list(root.iter(key[1:-1]))
    return _with_token(index, root, key)


def _with_token(index: PageIndex, root: HtmlElement, key: str) -> list[HtmlElement]:
    """Each whole-token occurrence of ``key`` in the joined class values, as its element."""
    joined, found, last = index.joined, [], -1
    position = counted_to = 0  # separators before ``counted_to``: counted on from each hit
    at = joined.find(key)
    while at >= 0:
        end = at + len(key)
        before_ok = at == 0 or joined[at - 1] in _TOKEN_END
        if before_ok and (end == len(joined) or joined[end] in _TOKEN_END):
            position += joined.count(_SEPARATOR, counted_to, at)
            counted_to = at
            if position != last:  # class="a a" lists the element once
                node = index.classed[position][0]
                found.append(root if node is None else node)
                last = position
        at = joined.find(key, end)
    return found


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


def _chain(root: HtmlElement, index: PageIndex, chain: Chain) -> list[HtmlElement]:
    *context, last = chain
    if last.key is None:  # "... .scope tag": the tag's elements inside the outermost scopes
        assert last.tag is not None
        scopes = _outermost(_chain(root, index, tuple(context)))
        inside = (found for scope in scopes for found in scope.iterdescendants(last.tag))
        return [found for found in inside if _matches(found, last)]
    candidates = index.lookup(root, last.key)
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


def _document_order(union: set[HtmlElement]) -> list[HtmlElement]:
    """A union of several alternatives' matches, in document order (rare: one usually hits),
    sorted by each node's path of child positions rather than by walking the whole page."""
    return sorted(union, key=_position)


def _position(node: HtmlElement) -> tuple[int, ...]:
    path: list[int] = []
    parent = node.getparent()
    while parent is not None:
        path.append(parent.index(node))
        node, parent = parent, parent.getparent()
    return tuple(reversed(path))
