"""Text normalisation shared by every text field (docs/record.md, "Text normalisation").

NFC only: no NFKC and no Arabic-to-Persian letter mapping, because ``ي``/``ی`` and ``ك``/``ک``
are kept as the source wrote them. Direction marks are dropped; ZWNJ/ZWJ are kept because they
are part of Persian spelling (``می‌شود``).

``search_key`` is the one place that folds letters, for search columns and dedup keys only.
"""

from __future__ import annotations

import re
import unicodedata

from insight_scraper.extract.language import normalize_lang

# Invisible bidi controls and the BOM. ZWNJ (U+200C) and ZWJ (U+200D) are deliberately absent.
_INVISIBLE = (
    "\u200e\u200f\u061c"
    + "".join(map(chr, range(0x202A, 0x202F)))
    + "".join(map(chr, range(0x2066, 0x206A)))
    + "\ufeff"
)
# A character class, not str.translate: translate looks every character of a non-Latin-1
# string up in its table (~120 µs for 1,600 Persian characters); a class scan takes ~5 µs.
_INVISIBLE_RE = re.compile(f"[{re.escape(_INVISIBLE)}]")


def _normalise(s: str) -> str:
    """Drop bidi marks, then compose: a mark between a letter and its accent would block NFC."""
    if _INVISIBLE_RE.search(s) is not None:
        s = _INVISIBLE_RE.sub("", s)
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


# --- Search and dedup keys (never stored as the text itself) --------------------------------
# Marks with no letter value in Dari or Pashto: harakat and tanwin (U+064B-0652), the rarer
# vowel signs incl. Pashto zwarakay (U+0656-065F), superscript alef, Quranic annotation marks.
_DIACRITICS = "".join(
    chr(c)
    for span in ((0x064B, 0x0653), (0x0656, 0x0660), (0x0670, 0x0671), (0x06D6, 0x06DD),
                 (0x06DF, 0x06E9), (0x06EA, 0x06EE))
    for c in range(*span)
)  # fmt: skip
_DIGIT_FOLD = {
    **{chr(0x06F0 + i): str(i) for i in range(10)},
    **{chr(0x0660 + i): str(i) for i in range(10)},
    "٫": ".", "٬": ",", "٪": "%",
}  # fmt: skip
# Folds safe in every language here: ك and ى have no role of their own in Dari or Pashto
# (they are Arabic-keyboard forms of ک and the dotless final ی).
_COMMON_FOLD: dict[str, str | None] = {
    **dict.fromkeys(_INVISIBLE + _DIACRITICS + "\u0640\u00ad\u200d"),
    **_DIGIT_FOLD,
    "\u200c": " ",
    "ك": "ک",
    "ى": "ی",
}
_KEY_TABLES: dict[str | None, dict[int, str | None]] = {
    # Dari/Persian: Arabic yeh and the hamza seats fold to the bare letter; heh variants to ه.
    "fa": str.maketrans({
        **_COMMON_FOLD, "ي": "ی", "ئ": "ی", "ة": "ه", "ۀ": "ه", "ھ": "ه", "ہ": "ه", "أ": "ا",
        "إ": "ا", "ٱ": "ا", "آ": "ا", "ؤ": "و", **dict.fromkeys("\u0653\u0654\u0655"),
    }),
    # Pashto: ي (i), ی (-ay), ې (e), ۍ (-ëy), ئ and ۀ are different letters and stay; only
    # letter shapes with no Pashto value fold (گ is the Persian-keyboard form of ګ).
    "ps": str.maketrans({
        **_COMMON_FOLD, "گ": "ګ", "ة": "ه", "ھ": "ه", "ہ": "ه", "أ": "ا", "إ": "ا", "ٱ": "ا",
        "ؤ": "و",
    }),
    None: str.maketrans(_COMMON_FOLD),
}  # fmt: skip
# Pashto ي and ی differ only where they end a word (-i vs -ay); joined to a following letter
# both are drawn alike with two dots and keyboards type either, so there they are one letter.
_PS_JOINED_YEH = re.compile(r"ي(?=[\u0620-\u064A\u066E-\u06D3\u06D5\u06FA-\u06FF])")


def search_key(text: str, lang: str | None = None) -> str:
    """A folded form of ``text`` for search and dedup keys; the stored text is never changed.

    - NFKC (Arabic presentation forms, ligatures and full-width forms → plain letters), then
      Latin casefolding.
    - Removed: Arabic diacritics (harakat, tanwin, superscript alef, Quranic marks), tatweel,
      bidi marks, soft hyphen, ZWJ.
    - ZWNJ becomes a space, as in Lucene's Persian analyser: "می‌شود" and "می شود" (the two
      common spellings) meet, and "کتاب‌ها" still contains the word "کتاب". Whitespace is
      collapsed.
    - Persian and Arabic-Indic digits become ASCII ("۱۴۰۳" finds "1403"); ٫ ٬ ٪ likewise.
    - ``lang`` "fa"/"prs" (Dari): ي/ى → ی, ك → ک, hamza seats (أ إ آ ؤ ئ) → bare letter,
      ة/ۀ → ه, so "امنيت" and "امنیت" give one key. "ps" (Pashto): ي ی ې ۍ ئ ۀ stay distinct;
      only ك → ک, ى → ی, گ → ګ, the Arabic alef/heh variants, and ي joined to a following
      letter (drawn like ی there) fold. Other or no language: only ك → ک and ى → ی.
    """
    if not text:
        return ""
    s = unicodedata.normalize("NFKC", text)
    family = _key_family(lang)
    s = unicodedata.normalize("NFKC", s.casefold()).translate(_KEY_TABLES[family])
    if not unicodedata.is_normalized("NFC", s):  # a removed mark may let two characters compose
        s = unicodedata.normalize("NFC", s)
    if family == "ps" and "ي" in s:
        s = _PS_JOINED_YEH.sub("ی", s)
    return _collapse(s)


def _key_family(lang: str | None) -> str | None:
    code = normalize_lang(lang)
    return code if code in {"fa", "ps"} else None
