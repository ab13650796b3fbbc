"""The report's HTML: page frame, figures, the searchable table and its one small script.

The search box folds the query with the same per-character mapping as ``search_key`` in the
row's language (read from that function when the report is written, so page and tables agree)
and matches it against each row's folded headline and description. ``search_key``'s one
contextual rule (Pashto ي joined to a following letter) is not applied to the typed query.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from insight_scraper.extract.text import search_key

_STYLE = """
body{font-family:"Noto Sans","DejaVu Sans","Segoe UI",Tahoma,sans-serif;margin:24px auto;
max-width:800px;color:#222;background:#fff}
:lang(fa),:lang(ps),[dir=rtl],.rtl-able{font-family:"Vazirmatn","Noto Naskh Arabic",
"Noto Sans Arabic","DejaVu Sans",Tahoma,sans-serif}
h1{font-size:1.5em}figure{margin:28px 0}figcaption{font-weight:bold;margin-bottom:6px}
text.rtl-able{direction:rtl;unicode-bidi:plaintext}
.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:12px;font-size:12px}
.swatch{display:inline-block;width:10px;height:10px;margin-inline-end:4px}
table{border-collapse:collapse;width:100%;font-size:13px}td,th{border-bottom:1px solid #ddd;
padding:4px 6px;vertical-align:top}th{text-align:start}.empty{color:#777;font-style:italic}
input[type=search]{width:100%;padding:6px;font-size:14px;margin:6px 0}
"""

_SCRIPT = """
(function () {
  var folds = JSON.parse(document.getElementById("fold-map").textContent);
  var box = document.getElementById("search"), count = document.getElementById("shown");
  var rows = Array.prototype.slice.call(document.querySelectorAll("#articles tbody tr"));
  function key(text, fold) {
    var out = "";
    for (var ch of text) { out += Object.prototype.hasOwnProperty.call(fold, ch) ? fold[ch] : ch; }
    return out.split(/\\s+/).filter(Boolean).join(" ");
  }
  box.addEventListener("input", function () {
    var keys = {}, shown = 0;
    Object.keys(folds).forEach(function (lang) { keys[lang] = key(box.value, folds[lang]); });
    rows.forEach(function (row) {
      var lang = row.dataset.lang;
      var q = keys[Object.prototype.hasOwnProperty.call(keys, lang) ? lang : ""];
      var hit = !q || row.dataset.search.indexOf(q) >= 0;
      row.hidden = !hit; if (hit) { shown += 1; }
    });
    count.textContent = String(shown);
  });
})();
"""


# Where a typed query's characters come from: Latin, Arabic script (with its presentation
# forms), general punctuation (ZWNJ, bidi marks) and full-width forms.
_PROBED = ((0x21, 0x250), (0x600, 0x700), (0x750, 0x780), (0x8A0, 0x900), (0x2000, 0x2070),
           (0xFB50, 0xFE00), (0xFE70, 0xFF00), (0xFF01, 0xFFEF))  # fmt: skip
FOLD_LANGS = ("fa", "ps", "")


def fold_maps() -> dict[str, dict[str, str]]:
    """Per language (fa, ps, other): each probed character ``search_key`` changes, and to what."""
    maps: dict[str, dict[str, str]] = {}
    for lang in FOLD_LANGS:
        chars = (chr(code) for start, end in _PROBED for code in range(start, end))
        maps[lang] = {c: k for c in chars if (k := search_key(c, lang or None)) != c}
    return maps


def figure(key: str, title: str, points: int, chart: str, empty: str = "") -> str:
    """A chart with its caption; ``points`` data drawn (0 shows ``empty`` instead)."""
    body = chart if points else f'<p class="empty">{escape(empty or "No data.")}</p>'
    return (
        f'<figure class="chart" id="{key}" data-points="{points}">'
        f"<figcaption>{escape(title)}</figcaption>{body}</figure>"
    )


def search_table(rows: list[dict[str, Any]], shown: int, total: int) -> str:
    names = ("Published", "Solar Hijri", "Headline", "Lang", "Categories", "Tweets")
    head = "".join(f"<th>{name}</th>" for name in names)
    body = "".join(_row(row) for row in rows)
    note = f" (the latest {shown} of {total})" if shown < total else ""
    return (
        '<section id="article-table"><h2>Articles</h2>'
        '<label for="search">Search headlines and descriptions (Dari spellings with Arabic '
        "or Persian ي/ی and ك/ک match each other)</label>"
        '<input type="search" id="search" dir="auto" autocomplete="off">'
        f'<p><span id="shown">{shown}</span> shown{escape(note)}</p>'
        f'<table id="articles"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
        "</section>"
    )


def _row(row: dict[str, Any]) -> str:
    lang = escape(str(row.get("language") or ""))
    solar = ""
    if row.get("published_sh_year") is not None:
        solar = f"{row['published_sh_year']} {row['published_sh_month_name'] or ''}"
    cells = (
        f"<td>{escape(str(row.get('day') or ''))}</td>",
        f'<td dir="auto" class="rtl-able">{escape(solar)}</td>',
        f'<td dir="auto" lang="{lang}"><a href="{escape(row["url"])}">'
        f"{escape(row.get('headline') or row['url'])}</a></td>",
        f"<td>{lang}</td>",
        f'<td dir="auto">{escape(row.get("categories") or "")}</td>',
        f"<td>{row.get('n_tweets') or 0}</td>",
    )
    search = escape(row.get("search") or "")
    return f'<tr data-lang="{lang}" data-search="{search}">{"".join(cells)}</tr>'


def page(totals: dict[str, Any], sections: list[str]) -> str:
    summary = (
        f"{totals.get('articles', 0)} articles, {totals.get('tweets', 0)} embedded tweets, "
        f"published {totals.get('first') or '?'} to {totals.get('last') or '?'}; "
        f"{totals.get('runs', 0)} crawl runs."
    )
    fold = json.dumps(fold_maps(), ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>insight-scraper report</title>"
        f"<style>{_STYLE}</style></head><body><h1>What was collected</h1>"
        f"<p>{escape(summary)}</p>{''.join(sections)}"
        f'<script type="application/json" id="fold-map">{fold}</script>'
        f"<script>{_SCRIPT}</script></body></html>\n"
    )
