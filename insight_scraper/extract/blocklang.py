"""The language of each block: the markup's ``lang`` first, then the script of its text."""

from __future__ import annotations

from insight_scraper.extract.dom import Element
from insight_scraper.extract.language import dominant_script, has_pashto_letters, normalize_lang

_SCRIPT_OF = {"fa": "arabic", "ps": "arabic", "ar": "arabic", "ur": "arabic"}


def declared_lang(node: Element) -> str | None:
    """The nearest ``lang`` attribute on the body or its ancestors (e.g. ``<html lang>``)."""
    for element in (node, *node.iterancestors()):
        if element.get("lang"):
            return normalize_lang(element.get("lang"))
    return None


def own_lang(node: Element, container: Element) -> str | None:
    """A lang attribute on the block or an ancestor inside the body, not the page's."""
    for element in (node, *node.iterancestors()):
        if element is container:
            return normalize_lang(container.get("lang")) if container.get("lang") else None
        if element.get("lang"):
            return normalize_lang(element.get("lang"))
    return None


def block_language(text: str, own: str | None, article: str) -> str | None:
    """Markup first; else the article's language when the script agrees; else the script's."""
    if own:
        return own
    script = dominant_script(text)
    if script is None:
        return None
    if script == _SCRIPT_OF.get(article, "latin"):
        return article
    if script == "arabic":
        return "ps" if has_pashto_letters(text) else "fa"
    return "en" if script == "latin" else None
