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
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree
from lxml.html import HtmlElement

_WITH_CLASS = etree.XPath("descendant-or-self::*[@class]")
# normalize-space() in cssselect's class test splits on XML whitespace only.
_XML_SPACE = re.compile(r"[ \t\r\n]+")
_COMPOUND = re.compile(r"^([a-z][a-z0-9]*)?((?:\.[A-Za-z_][\w-]*)*)$")


@dataclass(frozen=True, slots=True)
class Compound:
    """``tag.class1.class2`` (tag optional)."""

    tag: str | None
    classes: frozenset[str]
    key: str | None  # the class looked up in the index


Chain = tuple[Compound, ...]


ClassIndex = dict[str, list[HtmlElement]]  # token → elements, in document order

_INDEXES: weakref.WeakKeyDictionary[HtmlElement, ClassIndex] = weakref.WeakKeyDictionary()


def tokens(node: HtmlElement) -> list[str]:
    """The class tokens of an element, split as the CSS class test splits them."""
    value = node.get("class") or ""
    if "\t" in value or "\n" in value or "\r" in value:
        return [token for token in _XML_SPACE.split(value) if token]
    return [token for token in value.split(" ") if token]  # the usual case, twice as fast


def indexed_select(root: HtmlElement, selector: str) -> list[HtmlElement] | None:
    """Matches of ``selector`` below the document root, or None when the index cannot say."""
    plan = _plan(selector)
    if plan is None or root.tag != "html" or root.getparent() is not None:
        return None
    index = _index(root)
    found = [matches for chain in plan if (matches := _chain(index, chain))]
    if len(found) <= 1:
        return found[0] if found else []
    return _merge(root, found)


def _index(root: HtmlElement) -> ClassIndex:
    index = _INDEXES.get(root)
    if index is None:
        index = {}
        for element in _WITH_CLASS(root):  # type: ignore[union-attr]
            for token in tokens(element):
                listed = index.setdefault(token, [])
                if not listed or listed[-1] is not element:  # class="a a" lists it once
                    listed.append(element)
        _INDEXES[root] = index
    return index


@lru_cache(maxsize=512)
def _plan(selector: str) -> tuple[Chain, ...] | None:
    """The selector as chains of compounds; None for anything but tags, classes and spaces."""
    chains = []
    for part in selector.split(","):
        compounds = [_compound(piece) for piece in part.split()]
        if not compounds or any(c is None or c.key is None for c in compounds[:-1]):
            return None
        last = compounds[-1]
        if last is None or (last.key is None and len(compounds) == 1):
            return None  # a bare tag: lxml's own iteration is as fast
        chains.append(tuple(c for c in compounds if c is not None))
    return tuple(chains)


def _compound(piece: str) -> Compound | None:
    match = _COMPOUND.match(piece)
    if match is None or not piece:
        return None
    names = [name for name in match.group(2).split(".") if name]
    return Compound(match.group(1), frozenset(names), names[0] if names else None)


def _chain(index: ClassIndex, chain: Chain) -> list[HtmlElement]:
    *context, last = chain
    if last.key is None:  # "... .scope tag": the tag's elements inside the outermost scopes
        assert last.tag is not None
        scopes = _outermost(_chain(index, tuple(context)))
        return [found for scope in scopes for found in scope.iterdescendants(last.tag)]
    candidates = index.get(last.key, [])
    return [node for node in candidates if _matches(node, last) and _has_context(node, context)]


def _matches(node: HtmlElement, compound: Compound) -> bool:
    if compound.tag is not None and node.tag != compound.tag:
        return False
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
