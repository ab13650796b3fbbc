"""Text normalisation shared by every text field (docs/record.md, "Text normalisation").

NFC only: no NFKC and no Arabic-to-Persian letter mapping, because ``ي``/``ی`` and ``ك``/``ک``
are kept as the source wrote them. Direction marks are dropped; ZWNJ/ZWJ are kept because they
are part of Persian spelling (``می‌شود``).
"""

from __future__ import annotations

import unicodedata

# Invisible bidi controls and the BOM. ZWNJ (U+200C) and ZWJ (U+200D) are deliberately absent.
_INVISIBLE = (
    "\u200e\u200f\u061c"
    + "".join(map(chr, range(0x202A, 0x202F)))
    + "".join(map(chr, range(0x2066, 0x206A)))
    + "\ufeff"
)
_DROP_INVISIBLE = str.maketrans(dict.fromkeys(_INVISIBLE))


def _normalise(s: str) -> str:
    """Drop bidi marks, then compose: a mark between a letter and its accent would block NFC."""
    s = s.translate(_DROP_INVISIBLE)
    if not unicodedata.is_normalized("NFC", s):
        s = unicodedata.normalize("NFC", s)
    return s


def _collapse(s: str) -> str:
    # str.split() with no argument splits on every Unicode space (NBSP, U+2009, U+3000, …),
    # which is exactly the collapse we want and faster than a regex.
    return " ".join(s.split())


def clean_text(s: str | None) -> str:
    """One-line normalised text: NFC, bidi marks removed, whitespace collapsed, trimmed."""
    if not s:
        return ""
    if s.isascii():  # fast path: ASCII is already NFC and has no bidi marks
        return _collapse(s)
    return _collapse(_normalise(s))


def clean_multiline(s: str | None) -> str:
    """Like :func:`clean_text` but keeps line breaks, as a tweet shows its ``<br>``s.

    A run of blank lines (or lines holding only spaces or marks) becomes one blank line, the
    way the tweet displays it; leading and trailing blank lines are dropped.
    """
    if not s:
        return ""
    if not s.isascii():
        s = _normalise(s)
    kept: list[str] = []
    for line in map(_collapse, s.splitlines()):
        if line or (kept and kept[-1]):
            kept.append(line)
    return "\n".join(kept).strip("\n")


def or_none(s: str | None) -> str | None:
    """Cleaned text, or None when nothing is left."""
    return clean_text(s) or None


def word_count(s: str) -> int:
    """Number of whitespace-separated tokens (the record's ``word_count``)."""
    return len(s.split())
