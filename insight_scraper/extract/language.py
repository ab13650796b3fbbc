"""Language codes and detection for bodies, blocks and tweets (docs/record.md, "Content").

Script first, statistics last: most texts on this site are told apart by their script and a
handful of letters, which is exact and costs microseconds; langdetect (~2 ms a call and no
Pashto profile at all) is asked only when letters cannot decide.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

# ISO 639-2/3 (and legacy) codes that have an ISO 639-1 equivalent we may meet here.
_TO_639_1 = {
    "prs": "fa", "fas": "fa", "per": "fa", "pes": "fa",  # Dari, Persian
    "pus": "ps", "pbt": "ps", "pbu": "ps", "pst": "ps",  # Pashto and its varieties
    "eng": "en", "ara": "ar", "arb": "ar", "urd": "ur", "uzb": "uz", "uzs": "uz",
    "tgk": "tg", "tuk": "tk", "deu": "de", "ger": "de", "fra": "fr", "fre": "fr",
    "spa": "es", "rus": "ru", "zho": "zh", "chi": "zh", "tur": "tr", "hin": "hi",
    "in": "id", "iw": "he", "ji": "yi",  # withdrawn codes Twitter still emits
}  # fmt: skip
# "No language" markers: undetermined, multiple, and Twitter's media/hashtag/mention-only codes.
_NO_LANGUAGE = frozenset({"und", "mul", "mis", "zxx", "qme", "qht", "qam", "qct", "qst", "x", "i"})
_PRIMARY = re.compile(r"^[a-z]{2,3}$")

# Scripts we report, by letter ranges (letters only: digits, punctuation, marks and tatweel
# are left out so a date or a row of emoji never decides the script).
_SCRIPTS = {
    "latin": r"A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F\u1E00-\u1EFF",
    "arabic": (
        r"\u0620-\u063F\u0641-\u064A\u066E\u066F\u0671-\u06D3\u06D5\u06EE\u06EF\u06FA-\u06FC"
        r"\u06FF\u0750-\u077F\u08A0-\u08C9\uFB50-\uFDFB\uFE70-\uFEFC"
    ),
    "cyrillic": r"\u0400-\u0481\u048A-\u052F",
    "greek": r"\u0386-\u03FF",
    "hebrew": r"\u05D0-\u05EA",
    "devanagari": r"\u0904-\u0939\u0950-\u0961",
    "han": r"\u3400-\u4DBF\u4E00-\u9FFF",
    "kana": r"\u3041-\u3096\u30A1-\u30FA",
    "hangul": r"\uAC00-\uD7A3",
}
# Runs of letters ("[…]+"), not single letters: a word is one match, ~5x fewer allocations.
_SCRIPT_RES = {name: re.compile(f"[{ranges}]+") for name, ranges in _SCRIPTS.items()}
_ARABIC_LETTER = _SCRIPT_RES["arabic"]
_LATIN_LETTER = _SCRIPT_RES["latin"]
_SCRIPT_OF_LANG = {
    **dict.fromkeys(("fa", "ps", "ar", "ur", "ku", "sd", "ug", "ckb"), "arabic"),
    **dict.fromkeys(("ru", "uk", "bg", "mk", "sr", "be", "kk", "ky", "tg", "mn"), "cyrillic"),
    "el": "greek", "he": "hebrew", "yi": "hebrew", "hi": "devanagari", "ne": "devanagari",
    "mr": "devanagari", "zh": "han", "ja": "kana", "ko": "hangul",
}  # fmt: skip

# Letters only Pashto has: ټ ځ څ ډ ړ ږ ښ ګ ڼ ۍ ې (Dari and Urdu write ت ج چ د ر ژ ش گ ن ی ی).
_PASHTO = re.compile("[\u067c\u0681\u0685\u0689\u0693\u0696\u069a\u06ab\u06bc\u06cd\u06d0]")
# Letters only Urdu has among these languages: ٹ ڈ ڑ ں ے.
_URDU = re.compile("[\u0679\u0688\u0691\u06ba\u06d2]")
# Persian/Dari letters absent from Arabic: پ چ ژ گ.
_PERSIAN = re.compile("[\u067e\u0686\u0698\u06af]")
# Persian-keyboard ی/ک: Arabic writes ي/ك, so these break a langdetect "ar" tie toward "fa".
_PERSIAN_KEYBOARD = re.compile("[\u06cc\u06a9]")
# A few letters are not enough: Dari text quotes Pashto names (ننګرهار, ځدراڼ) and a single
# one must not relabel a long Dari article. Pashto prose runs at several % (the test paragraph:
# 6.4 %), so 2 letters and 1 % keeps both short Pashto tweets and long Dari texts right.
_MIN_LETTERS = 2
_MIN_RATIO = 0.01

# Removed before detection: URLs (also bare pic.twitter.com/…, t.co/…, bit.ly/…), mentions and
# hashtags. Each pattern runs only when a cheap substring test says it can match, so a long body
# without links pays nothing. Digits need no removal: no letter count or langdetect uses them.
_URL = re.compile(r"(?:https?://|www\.)\S+")
_BARE_URL = re.compile(r"[\w-]+(?:\.[\w-]+)+/\S*")
_DOMAIN_HINT = re.compile(r"\.[a-z]{2,}/")
_TAG = re.compile(r"[@#][\w\u200c]+")
# Body texts run to tens of thousands of characters; a prefix decides script and letters just
# as well, and bounds the per-page cost.
_SAMPLE = 4000
_LANGDETECT_SAMPLE = 1000
_LANGDETECT_CODES = {"zh-cn": "zh", "zh-tw": "zh"}
# Below this many letters a Latin-script text without markup is taken as the site's English.
_LATIN_MIN_LETTERS = 20


def normalize_lang(code: str | None) -> str | None:
    """Lower-case ISO 639-1 primary subtag ("fa-AF" → "fa", "prs" → "fa", "pbt" → "ps").

    None for empty and "no language" codes (und, zxx, Twitter's qme/qht/…). A 3-letter code
    without an ISO 639-1 equivalent (e.g. "ckb") is returned as is.
    """
    if not code:
        return None
    primary = code.strip().lower().replace("_", "-").split("-", 1)[0]
    if primary in _NO_LANGUAGE or not _PRIMARY.match(primary):
        return None
    return _TO_639_1.get(primary, primary)


def dominant_script(text: str) -> str | None:
    """The script most letters of ``text`` belong to ("arabic", "latin", …), None if no letters."""
    return _dominant(text[:_SAMPLE])[0]


def _dominant(sample: str) -> tuple[str | None, int]:
    """(script, its letter count) of ``sample``."""
    if sample.isascii():  # fast path: English, URLs, numbers
        count = _letters(_LATIN_LETTER, sample)
        return ("latin" if count else None), count
    best, best_count, left = None, 0, len(sample)
    for name, pattern in _SCRIPT_RES.items():  # Arabic and Latin first: they usually decide
        if best_count >= left:  # no other script can have more letters than remain
            break
        count = _letters(pattern, sample)
        left -= count
        if count > best_count:
            best, best_count = name, count
    return best, best_count


def _letters(pattern: re.Pattern[str], sample: str) -> int:
    return sum(map(len, pattern.findall(sample)))


def pashto_score(text: str) -> float:
    """Share of Arabic-script letters that only Pashto uses (0.0 when there are none)."""
    sample = text[:_SAMPLE]
    letters = _letters(_ARABIC_LETTER, sample)
    return len(_PASHTO.findall(sample)) / letters if letters else 0.0


def has_pashto_letters(text: str) -> bool:
    """True when Pashto-only letters are frequent enough to call the text Pashto."""
    sample = text[:_SAMPLE]
    return _frequent(_PASHTO, sample, _letters(_ARABIC_LETTER, sample))


def detect_language(text: str, declared: str | None = None) -> str | None:
    """ISO 639-1 code of ``text``; ``declared`` (markup lang) is trusted when the script agrees.

    Arabic script: clear Pashto letters give "ps" whatever was declared (markup says "fa" for
    Pashto often, and "ps" never for Dari). None when nothing but links, tags, digits or emoji.
    """
    sample = _without_noise(text[:_SAMPLE])
    script, letters = _dominant(sample)
    if script is None:
        return None
    lang = normalize_lang(declared)
    if script == "arabic":
        return _arabic_language(sample, letters, lang)
    if lang is not None and _SCRIPT_OF_LANG.get(lang, "latin") == script:
        return lang
    if script == "latin" and letters < _LATIN_MIN_LETTERS:
        return "en"  # langdetect guesses at random on a word or two ("Hi" → nl); site prior
    return _langdetect(sample)


def _without_noise(sample: str) -> str:
    if "://" in sample or "www." in sample:
        sample = _URL.sub(" ", sample)
    if "/" in sample and _DOMAIN_HINT.search(sample):
        sample = _BARE_URL.sub(" ", sample)
    if "@" in sample or "#" in sample:
        sample = _TAG.sub(" ", sample)
    return sample


def detect_tweet_language(text: str | None, markup_lang: str | None) -> str | None:
    """``lang_detected`` of a tweet: its text checked against Twitter's ``lang`` attribute."""
    return detect_language(text, markup_lang) if text else None


def _arabic_language(sample: str, letters: int, declared: str | None) -> str:
    if declared == "ps" or _frequent(_PASHTO, sample, letters):
        return "ps"
    if declared is not None and _SCRIPT_OF_LANG.get(declared) == "arabic":
        return declared
    if _frequent(_URDU, sample, letters):
        return "ur"
    if _PERSIAN.search(sample):
        return "fa"
    guess = _langdetect(sample)
    # langdetect has no Pashto or Dari profile and reads short Dari as Urdu or Arabic; Arabic
    # is kept only when the text uses Arabic ي/ك, not the Persian keyboard's ی/ک.
    return "ar" if guess == "ar" and not _PERSIAN_KEYBOARD.search(sample) else "fa"


def _frequent(letters: re.Pattern[str], sample: str, total: int) -> bool:
    count = len(letters.findall(sample))
    return count >= _MIN_LETTERS and count >= _MIN_RATIO * total


def _langdetect(sample: str) -> str | None:
    # langdetect is imported only by the texts that need it (most are decided by letters).
    from langdetect.lang_detect_exception import LangDetectException  # noqa: PLC0415

    detector = _factory().create()
    detector.append(sample[:_LANGDETECT_SAMPLE])
    try:
        code: str = detector.detect()
    except LangDetectException:  # no usable n-grams (e.g. only symbols left)
        return None
    return None if code == "unknown" else _LANGDETECT_CODES.get(code, code)


@lru_cache(maxsize=1)
def _factory() -> Any:
    # Loaded once, lazily: the 55 profiles take ~100 ms. Our own factory with a fixed seed
    # makes every call deterministic without touching langdetect's global state.
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory  # noqa: PLC0415

    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.set_seed(0)
    return factory
