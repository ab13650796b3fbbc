"""Text normalisation (docs/record.md), inline HTML helpers, language guess, date formats."""

from __future__ import annotations

import html
import re
import unicodedata
from datetime import UTC, date, datetime
from email.utils import format_datetime

from lxml import html as lhtml

BIDI_RE = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\ufeff]")
WS_RE = re.compile(r"\s+")
ENTITY_RE = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
ARABIC_RE = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
LATIN_RE = re.compile("[A-Za-z\u00c0-\u024f]")
PASHTO_RE = re.compile("[ټډړږښګڼېۍځڅ]")
ARABIC_SCRIPT_LANGS = ("fa", "ps", "ar", "ur")
BR_MARK = "\u2063\u2063"  # placeholder for <br> (not whitespace, not in content)


def norm(text: str) -> str:
    """NFC, bidi marks removed, whitespace (incl. NBSP) collapsed, trimmed."""
    text = BIDI_RE.sub("", unicodedata.normalize("NFC", text))
    return WS_RE.sub(" ", text).strip()


def inline_html(value: str) -> str:
    """Source inline value -> HTML: markup kept as written, plain text escaped."""
    if "<" in value or ENTITY_RE.search(value):
        return value
    return html.escape(value, quote=False)


def html_text(fragment: str, keep_br: bool = False) -> str:
    """Visible text of an inline HTML fragment, normalised (tweets: <br> -> newline)."""
    root = lhtml.fragment_fromstring(f"<div>{fragment}</div>")
    if keep_br:
        for br in root.iter("br"):
            br.tail = BR_MARK + (br.tail or "")
    raw = root.text_content()
    if not keep_br:
        return norm(raw)
    lines = [norm(line) for line in raw.split(BR_MARK)]
    return "\n".join(lines).strip("\n")


def inline_text(value: str) -> str:
    return html_text(inline_html(value))


def script_of(text: str) -> str | None:
    arabic = len(ARABIC_RE.findall(text))
    latin = len(LATIN_RE.findall(text))
    if arabic == 0 and latin == 0:
        return None
    return "arabic" if arabic > latin else "latin"


def guess_lang(text: str) -> str | None:
    script = script_of(text)
    if script is None:
        return None
    if script == "arabic":
        return "ps" if PASHTO_RE.search(text) else "fa"
    return "en"


def block_lang(text: str, article_lang: str, explicit: str | None = None) -> str | None:
    """Block `lang` per docs/record.md: attribute, else article language, else script guess."""
    if explicit:
        return explicit
    script = script_of(text)
    if script is None:
        return None
    article_script = "arabic" if article_lang in ARABIC_SCRIPT_LANGS else "latin"
    if script == article_script:
        return article_lang
    return guess_lang(text)


def fmt_long(dt: datetime) -> str:
    """WordPress 'F j, Y g:i a' (e.g. 'May 8, 2024 6:19 pm')."""
    hour = dt.hour % 12 or 12
    return f"{dt:%B} {dt.day}, {dt.year} {hour}:{dt:%M} {'am' if dt.hour < 12 else 'pm'}"


def fmt_legacy(dt: datetime) -> str:
    """Old Foxiz 'Y/m/d at g:i A' (e.g. '2024/05/08 at 6:19 PM')."""
    hour = dt.hour % 12 or 12
    return f"{dt:%Y/%m/%d} at {hour}:{dt:%M} {'AM' if dt.hour < 12 else 'PM'}"


def fmt_day(d: date) -> str:
    """WordPress 'F j, Y' (e.g. 'May 8, 2024'); also Twitter's attribution date."""
    return f"{d:%B} {d.day}, {d.year}"


def rfc822(dt: datetime) -> str:
    return format_datetime(dt.astimezone(UTC))


def reading_minutes(words: int) -> int:
    """Theme rate: words / 130, PHP round() (half away from zero), at least 1."""
    return max(1, int(words / 130 + 0.5))


def esc(value: str) -> str:
    return html.escape(value, quote=True)


def cdata(value: str) -> str:
    return "<![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") + "]]>"
