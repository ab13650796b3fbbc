"""Extraction CPU per page on the synthetic site's pages: the lxml parse against our own work.

The crawl benchmark (bench/crawl.py) serves the synthetic site; this times, in one process, what
its article and listing pages cost to parse alone and to extract in full (parse included), so
that "non-parse" (our own Python) can be followed without a crawl. Each step runs ``--rounds``
times and the fastest round counts (CPU time: the machine is shared, and only slowdowns are
noise). The digest is a sha256 of every record (JSON): two trees that print the same digest
extract byte-identical records.

    python bench/extract.py --synthetic                 # = python bench/extract_synthetic.py
    python bench/extract_synthetic.py --rounds 7 --articles 300 --listings 150
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(ROOT))

from insight_scraper.extract.article import extract_article
from insight_scraper.extract.dom import parse_html
from insight_scraper.extract.listing import extract_listing
from insight_scraper.mirror.synthetic import SITE_URL, SyntheticSite

Pages = list[tuple[str, str]]  # (url, html), as the spider hands them to the extractors


def article_pages(site: SyntheticSite, count: int) -> Pages:
    urls = [site.url(k) for k in range(min(count, site.n))]
    return [(SITE_URL + url[1:], site.answer(url).body.decode()) for url in urls]


def listing_pages(site: SyntheticSite, count: int) -> Pages:
    """Up to ``count`` listing pages, taken round-robin over the categories (first pages
    first), as a crawl reads every category's pages."""
    paths = [f"/category/{path}" for path in sorted(site.listings)]
    pages: Pages = []
    for number in range(1, count + 1):
        for path in paths:
            url = path if number == 1 else f"{path}page/{number}/"
            reply = site.answer(url)
            if reply.status == 200 and len(pages) < count:
                pages.append((SITE_URL + url[1:], reply.body.decode()))
    return pages


def fastest(step: Callable[[str, str], Any], pages: Pages, rounds: int) -> float:
    """The fastest round's CPU ms per page."""
    best = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        for url, html in pages:
            step(html, url)
        best = min(best, time.process_time() - started)
    return best / len(pages) * 1000


def digest(records: Sequence[Any]) -> str:
    text = json.dumps(records, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _parse(html: str, url: str) -> object:
    return parse_html(html)


def _listing(html: str, url: str) -> dict[str, Any]:
    listing = extract_listing(html, url)
    return {"items": [[i.url, i.post_id, i.date] for i in listing.items], **listing.as_dict()}


KINDS: dict[str, Callable[[str, str], Any]] = {"article": extract_article, "listing": _listing}


def report(kind: str, pages: Pages, rounds: int) -> None:
    extract = KINDS[kind]
    records = [extract(html, url) for url, html in pages]  # warm-up, and the digest
    parse = fastest(_parse, pages, rounds)
    total = fastest(extract, pages, rounds)
    size = sum(len(html) for _, html in pages) / len(pages) / 1000
    print(
        f"{kind:<8}{len(pages):>6}{size:>9.1f}{parse:>10.3f}{total:>10.3f}"
        f"{total - parse:>11.3f}{(total - parse) / parse:>11.2f}x  {digest(records)}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=300, help="article pages")
    parser.add_argument("--listings", type=int, default=150, help="listing pages")
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds (the fastest counts)")
    args = parser.parse_args(argv)
    site = SyntheticSite(max(args.articles, 2000))
    print(f"CPU ms per page, fastest of {args.rounds} rounds, same process")
    print(
        f"{'page':<8}{'pages':>6}{'KB':>9}{'parse':>10}{'extract':>10}"
        f"{'non-parse':>11}{'/ parse':>12}  records sha256"
    )
    report("article", article_pages(site, args.articles), args.rounds)
    report("listing", listing_pages(site, args.listings), args.rounds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
