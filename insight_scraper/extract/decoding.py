"""Charset repair for pages whose declared charset is wrong. Pure functions of bytes.

Two failures are common on WordPress sites: a UTF-8 page served with a Latin charset (the text
turns into mojibake), and a windows-1256 page (an old Arabic-script install) declared UTF-8
(the text fills with U+FFFD). ``suspicious`` is the cheap test run on every page;
``redecode`` runs only when it says so.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

REPLACEMENT = "\ufffd"
# Tried in order when the bytes are not UTF-8: an Arabic-script code page first (the site's
# languages), then the Latin one every browser falls back to.
_FALLBACKS = ("windows-1256", "windows-1252")
_ARABIC_BLOCKS = ((0x0600, 0x06FF), (0x0750, 0x077F), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))


@dataclass(frozen=True, slots=True)
class Redecoded:
    """The page's text decoded with ``encoding`` instead of its declared charset."""

    text: str
    encoding: str


def suspicious(text: str, declared: str) -> bool:
    """True when ``text`` (decoded with the ``declared`` charset) may be wrong: it holds
    U+FFFD, or the charset is not UTF-8 (the site's own, so a Latin one is likely a mistake)."""
    return REPLACEMENT in text or not _is_utf8(declared)


def redecode(body: bytes, declared: str) -> Redecoded | None:
    """``body`` decoded right when its ``declared`` charset was wrong; None when the declared
    charset is the best reading (then keep the text it gave)."""
    utf8 = _strict(body, "utf-8")
    if utf8 is not None:
        # Valid UTF-8 with non-ASCII bytes is almost never a Latin page by chance.
        return None if _is_utf8(declared) or utf8.isascii() else Redecoded(utf8, "utf-8")
    for encoding in _FALLBACKS:
        text = _strict(body, encoding)
        if text is not None and (encoding != "windows-1256" or _mostly_arabic(text)):
            return None if _same_codec(encoding, declared) else Redecoded(text, encoding)
    return None


def _strict(body: bytes, encoding: str) -> str | None:
    try:
        return body.decode(encoding)
    except UnicodeDecodeError:
        return None


def _is_utf8(encoding: str) -> bool:
    return _same_codec(encoding, "utf-8")


def _same_codec(first: str, second: str) -> bool:
    try:
        return codecs.lookup(first).name == codecs.lookup(second).name
    except LookupError:
        return False


def _mostly_arabic(text: str) -> bool:
    """Most non-ASCII letters are Arabic-script: windows-1256 read the bytes as meant."""
    letters = [ord(ch) for ch in text if not ch.isascii() and ch.isalpha()]
    arabic = sum(1 for code in letters if any(lo <= code <= hi for lo, hi in _ARABIC_BLOCKS))
    return arabic * 2 >= len(letters)  # no letters at all: as good a reading as any
