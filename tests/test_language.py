"""Unit table for insight_scraper.extract.language (docs/record.md, "Content")."""

from __future__ import annotations

import pytest

from insight_scraper.extract.language import (
    detect_language,
    detect_tweet_language,
    dominant_script,
    has_pashto_letters,
    normalize_lang,
    pashto_score,
)

ENGLISH = (
    "The Foreign Minister of the Islamic Emirate met the Chinese ambassador in Kabul today "
    "and discussed economic cooperation between the two countries."
)
DARI = (
    "وزیر امور خارجه امارت اسلامی افغانستان امروز با سفیر چین در کابل دیدار کرد و در مورد "
    "گسترش همکاری‌های اقتصادی و سیاسی میان دو کشور گفتگو نمود."
)
PASHTO = (
    "د افغانستان د اسلامي امارت د بهرنیو چارو وزیر امیر خان متقي نن په کابل کې د چین له سفیر "
    "سره وکتل او د دواړو هېوادونو ترمنځ د اقتصادي او سیاسي همکاریو د پراختیا په اړه یې خبرې وکړې."
)
ARABIC = (
    "التقى وزير الخارجية اليوم بالسفير الصيني في كابل وبحثا سبل تعزيز التعاون الاقتصادي "
    "بين البلدين."
)
URDU = (
    "وزیر خارجہ نے آج کابل میں چینی سفیر سے ملاقات کی اور دونوں ممالک کے درمیان اقتصادی "
    "تعاون پر بات چیت کی۔"
)
GERMAN = (
    "Der Außenminister traf heute den chinesischen Botschafter in Kabul und sprach über die "
    "wirtschaftliche Zusammenarbeit der beiden Länder."
)
# A long Dari text quoting two Pashto-spelled names (ننګرهار, ځدراڼ): 3 Pashto letters.
DARI_WITH_PASHTO_NAMES = DARI * 5 + " ننګرهار ځدراڼ"
TWEET_DARI = (
    "سخنگوی امارت اسلامی: هیئت افغانستان به دوحه رفت. #افغانستان @Zabehulah_M33 "
    "https://t.co/AbC123 pic.twitter.com/xYz987"
)
TWEET_PASHTO = "د اسلامي امارت ویاند: پلاوی دوحې ته ولاړ. #افغانستان pic.twitter.com/xYz987"


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        pytest.param("en-US", "en", id="en-US"),
        pytest.param("fa-AF", "fa", id="fa-AF"),
        pytest.param("FA_ir", "fa", id="underscore-and-case"),
        pytest.param("prs", "fa", id="dari-639-3"),
        pytest.param("prs-AF", "fa", id="dari-with-region"),
        pytest.param("fas", "fa", id="persian-639-2T"),
        pytest.param("per", "fa", id="persian-639-2B"),
        pytest.param("pus", "ps", id="pashto-639-2"),
        pytest.param("pbt", "ps", id="southern-pashto"),
        pytest.param("ps-AF", "ps", id="ps-AF"),
        pytest.param("ps", "ps", id="ps"),
        pytest.param("eng", "en", id="english-639-2"),
        pytest.param("in", "id", id="legacy-indonesian"),
        pytest.param("zh-Hant", "zh", id="script-subtag"),
        pytest.param("ckb", "ckb", id="no-639-1-equivalent"),
        pytest.param("und", None, id="und"),
        pytest.param("qme", None, id="twitter-media-only"),
        pytest.param("qht", None, id="twitter-hashtags-only"),
        pytest.param("zxx", None, id="zxx"),
        pytest.param("x-default", None, id="private-use"),
        pytest.param("", None, id="empty"),
        pytest.param("  ", None, id="blank"),
        pytest.param(None, None, id="none"),
        pytest.param("12", None, id="not-a-code"),
    ],
)
def test_normalize_lang(code: str | None, expected: str | None) -> None:
    assert normalize_lang(code) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(ENGLISH, "latin", id="english"),
        pytest.param(GERMAN, "latin", id="german-accents"),
        pytest.param(DARI, "arabic", id="dari"),
        pytest.param(PASHTO, "arabic", id="pashto"),
        pytest.param("Путин встретился с делегацией", "cyrillic", id="russian"),
        pytest.param("中国外交部发言人", "han", id="chinese"),
        pytest.param("کابل Kabul, Afghanistan", "latin", id="mixed-latin-majority"),
        pytest.param("۱۴۰۳/۰۲/۱۹ — 2024!", None, id="digits-punctuation-only"),
        pytest.param("🇦🇫🙏🔥", None, id="emoji-only"),
        pytest.param("", None, id="empty"),
    ],
)
def test_dominant_script(text: str, expected: str | None) -> None:
    assert dominant_script(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(PASHTO, True, id="pashto"),
        pytest.param(DARI, False, id="dari"),
        pytest.param(DARI_WITH_PASHTO_NAMES, False, id="dari-with-pashto-names"),
        pytest.param("ډېره مننه", True, id="short-pashto-two-letters"),
        pytest.param("ښه", False, id="single-letter-below-threshold"),
        pytest.param(URDU, False, id="urdu-letters-are-not-pashto"),
        pytest.param(ENGLISH, False, id="english"),
    ],
)
def test_has_pashto_letters(text: str, expected: bool) -> None:
    assert has_pashto_letters(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("ډېره", 0.5, id="two-of-four"),
        pytest.param(DARI, 0.0, id="dari"),
        pytest.param(ENGLISH, 0.0, id="no-arabic-letters"),
    ],
)
def test_pashto_score(text: str, expected: float) -> None:
    assert pashto_score(text) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("text", "declared", "expected"),
    [
        pytest.param(ENGLISH, None, "en", id="english"),
        pytest.param(ENGLISH, "en-US", "en", id="english-declared"),
        pytest.param(GERMAN, None, "de", id="german-by-langdetect"),
        pytest.param(DARI, None, "fa", id="dari"),
        pytest.param(DARI, "fa", "fa", id="dari-declared-fa"),
        pytest.param(DARI, "prs", "fa", id="dari-declared-prs"),
        pytest.param(DARI, "en-US", "fa", id="dari-declared-en-ignored"),
        pytest.param(DARI_WITH_PASHTO_NAMES, None, "fa", id="dari-with-pashto-names"),
        pytest.param(PASHTO, None, "ps", id="pashto"),
        pytest.param(PASHTO, "fa", "ps", id="pashto-declared-fa"),
        pytest.param(PASHTO, "en-US", "ps", id="pashto-declared-en"),
        pytest.param("سلام", "ps", "ps", id="declared-ps-kept"),
        pytest.param(ARABIC, None, "ar", id="arabic"),
        pytest.param(ARABIC, "fa", "fa", id="declared-fa-on-arabic-script-trusted"),
        pytest.param(URDU, None, "ur", id="urdu"),
        pytest.param("Hi", None, "en", id="short-latin-site-prior"),
        pytest.param("🇦🇫🙏 https://t.co/AbC123", None, None, id="emoji-and-url"),
        pytest.param("pic.twitter.com/xYz987 @user #Kabul 2024", "en", None, id="noise-only"),
        pytest.param("", "fa", None, id="empty"),
    ],
)
def test_detect_language(text: str, declared: str | None, expected: str | None) -> None:
    assert detect_language(text, declared) == expected


@pytest.mark.parametrize(
    ("text", "markup_lang", "expected"),
    [
        pytest.param(TWEET_DARI, "fa", "fa", id="dari-tweet"),
        pytest.param(TWEET_DARI, "und", "fa", id="dari-tweet-und"),
        pytest.param(TWEET_PASHTO, "fa", "ps", id="pashto-tweet-marked-fa"),
        pytest.param(TWEET_PASHTO, "ps", "ps", id="pashto-tweet"),
        pytest.param(f"{ENGLISH} https://t.co/AbC123", "en", "en", id="english-tweet"),
        pytest.param("pic.twitter.com/xYz987", "qme", None, id="media-only"),
        pytest.param(None, "fa", None, id="no-text"),
    ],
)
def test_detect_tweet_language(
    text: str | None, markup_lang: str | None, expected: str | None
) -> None:
    assert detect_tweet_language(text, markup_lang) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(ENGLISH, "en", id="english"),
        pytest.param(GERMAN, "de", id="german"),
        pytest.param("Thanks for the support, brothers", "en", id="short-english"),
        pytest.param(ARABIC, "ar", id="arabic"),
        pytest.param("وزیر امور خارجه", "fa", id="short-dari-no-persian-letters"),
    ],
)
def test_langdetect_is_deterministic(text: str, expected: str) -> None:
    assert [detect_language(text) for _ in range(5)] == [expected] * 5
