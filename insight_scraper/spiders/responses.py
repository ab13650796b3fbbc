"""Small readers of Scrapy responses shared by the spider's callbacks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import scrapy
from scrapy.http import Response, TextResponse


def text_of(response: Response, read: Any, empty: Any) -> Any:
    """Run an extractor on a text response; a binary response gives ``empty``."""
    if isinstance(response, TextResponse):
        return read(response.text)
    return read(response.body.decode("utf-8", "replace")) if response.body else empty


def header(response: Response, name: str) -> str | None:
    """A response header as text, or None."""
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def complete(body: bytes, closing: bytes) -> bool:
    """The document's closing tag is there (caches may add a comment after it)."""
    return closing in body[-4096:].lower()


def optional(request: scrapy.Request | None) -> Iterator[scrapy.Request]:
    """The request, if there is one (for ``yield from``)."""
    if request is not None:
        yield request
