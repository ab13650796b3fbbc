"""Hostile-server traps over any ``Answers``: a server that would keep a crawler busy forever,
fill its memory, or have it hammer the site (issue 10).

``HostileSite(inner, trap)`` answers like ``inner``, except where its trap applies:

- ``infinite_pagination``: every category listing page links a next page, forever, each
  showing fresh article links (synthetic articles, which are served);
- ``sitemap_bomb``: ``/wp-sitemap.xml`` indexes ``sitemaps`` children of ``sitemap_urls`` URLs
  each; a child is generated as it is sent (the server never holds one whole);
- ``huge_headers``: every answer carries ``header_count`` extra headers of ``header_size``
  value bytes; a value longer than a line is folded (obs-fold continuation lines), which
  slips past any limit on the length of one line;
- ``slow_drip``: every body trickles out one byte at a time, ``drip`` seconds apart;
- ``retry_after``: every answer is a 429 or a 503 with ``Retry-After: <retry_after>``;
- ``robots_disallow``: robots.txt says ``Disallow: /``;
- ``gzip_bomb``: every page is ``Content-Encoding: gzip`` and inflates to ``bomb_size`` bytes.

robots.txt is left alone by every trap but ``robots_disallow`` (a policy file, as in
faults.py). ``asked`` counts the requests of each raw path: how hard the crawler pushed.
"""

from __future__ import annotations

import dataclasses
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from http import HTTPStatus
from pathlib import Path
from urllib.parse import urlsplit

from insight_scraper.mirror import TRAPS
from insight_scraper.mirror.server import BUNDLED_SITE, Answers, Reply
from insight_scraper.mirror.synthetic import (
    ARTICLE_PATH,
    LISTING_PATH,
    SITE_URL,
    SITEMAP_HEAD,
    SITEMAP_NS,
    SITEMAP_PATH,
    SyntheticSite,
)

ENDLESS = 10**12  # articles of the synthetic site behind the endless traps: never reached
_CATEGORY_STRIDE = 10**9  # each category's endless listing shows articles of its own
_FOLD = 8000  # value bytes per line of a folded header (under a 16 KiB line limit)
_URLS_PER_CHUNK = 1000
_HTML = {"Content-Type": "text/html; charset=UTF-8"}
_XML = {"Content-Type": "application/xml; charset=UTF-8"}
_DISALLOW = Reply(
    HTTPStatus.OK, b"User-agent: *\nDisallow: /\n", {"Content-Type": "text/plain; charset=UTF-8"}
)


class HostileSite:
    """``Answers`` that springs one trap over ``inner`` (see the module doc)."""

    def __init__(
        self,
        inner: Answers,
        trap: str,
        *,
        template_root: Path = BUNDLED_SITE,
        sitemaps: int = 200,
        sitemap_urls: int = 50_000,
        header_count: int = 1_000_000,
        header_size: int = 16,
        drip: float = 0.05,
        retry_after: int = 3600,
        bomb_size: int = 64 * 2**20,
    ) -> None:
        if trap not in TRAPS:
            raise ValueError(f"unknown trap {trap!r} (known: {', '.join(TRAPS)})")
        self.inner, self.trap = inner, trap
        self.sitemaps, self.sitemap_urls = sitemaps, sitemap_urls
        self.header_count, self.header_size = header_count, header_size
        self.drip, self.retry_after, self.bomb_size = drip, retry_after, bomb_size
        self.asked: Counter[str] = Counter()
        self._lock = threading.Lock()
        endless = trap in ("infinite_pagination", "sitemap_bomb")
        self.synthetic = SyntheticSite(ENDLESS, template_root) if endless else None
        self._bomb = b""

    def answer(self, raw_path: str, headers: Mapping[str, str] | None = None) -> Reply:
        with self._lock:
            self.asked[raw_path] += 1
        if urlsplit(raw_path).path == "/robots.txt":
            return _DISALLOW if self.trap == "robots_disallow" else self.inner.answer(raw_path)
        return _TRAPS[self.trap](self, raw_path, headers)

    # --- Endless discovery ---------------------------------------------------------------------

    def _endless(self) -> SyntheticSite:
        assert self.synthetic is not None
        return self.synthetic

    def endless_listing(self, raw_path: str, headers: Mapping[str, str] | None) -> Reply:
        match = LISTING_PATH.match(urlsplit(raw_path).path)
        site = self._endless()
        listing = site.listings.get(match["path"]) if match else None
        if match is None or listing is None:
            return self.article(raw_path, headers)
        page = int(match["page"] or 1)
        first = sorted(site.listings).index(match["path"]) * _CATEGORY_STRIDE
        first += (page - 1) * site.per_page
        shown = range(first, first + site.per_page)
        return Reply(
            HTTPStatus.OK, site.listing_page(listing, page, page + 1, shown).encode(), _HTML
        )

    def sitemap_bomb(self, raw_path: str, headers: Mapping[str, str] | None) -> Reply:
        path = urlsplit(raw_path).path
        if path == "/wp-sitemap.xml":
            return Reply(HTTPStatus.OK, self.sitemap_index(), _XML)
        match = SITEMAP_PATH.match(path)
        if match and 1 <= int(match["n"]) <= self.sitemaps:
            return Reply(HTTPStatus.OK, headers=_XML, stream=self.urlset(int(match["n"])))
        return self.article(raw_path, headers)

    def sitemap_index(self) -> bytes:
        names = (f"wp-sitemap-posts-post-{n}.xml" for n in range(1, self.sitemaps + 1))
        entries = "".join(f"<sitemap><loc>{SITE_URL}{name}</loc></sitemap>" for name in names)
        return f"{SITEMAP_HEAD}<sitemapindex {SITEMAP_NS}>{entries}</sitemapindex>\n".encode()

    def urlset(self, number: int) -> Iterator[bytes]:
        """Child sitemap ``number``, a thousand URLs at a time."""
        yield f"{SITEMAP_HEAD}<urlset {SITEMAP_NS}>".encode()
        first = (number - 1) * self.sitemap_urls
        for start in range(first, first + self.sitemap_urls, _URLS_PER_CHUNK):
            ks = range(start, min(start + _URLS_PER_CHUNK, first + self.sitemap_urls))
            site = self._endless()
            yield "".join(f"<url><loc>{SITE_URL}{site.url(k)[1:]}</loc></url>" for k in ks).encode()
        yield b"</urlset>\n"

    def article(self, raw_path: str, headers: Mapping[str, str] | None) -> Reply:
        """A synthetic article the trap links to; anything else as the inner site has it."""
        match = ARTICLE_PATH.match(urlsplit(raw_path).path)
        page = self._endless().article(match["slug"], int(match["k"])) if match else None
        return (
            Reply(HTTPStatus.OK, page.encode(), _HTML)
            if page
            else self.inner.answer(raw_path, headers)
        )

    # --- Bad answers ---------------------------------------------------------------------------

    def huge_headers(self, raw_path: str, headers: Mapping[str, str] | None) -> Reply:
        lines = _header_lines(self.header_count, self.header_size)
        return dataclasses.replace(self.inner.answer(raw_path, headers), header_lines=lines)

    def slow_drip(self, raw_path: str, headers: Mapping[str, str] | None) -> Reply:
        reply = self.inner.answer(raw_path, headers)
        if not reply.body:
            return reply
        return dataclasses.replace(reply, body=b"", stream=_trickle(reply.body, self.drip))

    def busy(self, raw_path: str, headers: Mapping[str, str] | None) -> Reply:
        status = HTTPStatus.TOO_MANY_REQUESTS if zlib.crc32(raw_path.encode()) % 2 else 503
        body = f"<html><body><h1>{status} {HTTPStatus(status).phrase}</h1></body></html>"
        headers = {**_HTML, "Retry-After": str(self.retry_after)}
        return Reply(status, body.encode(), headers)

    def gzip_bomb(self, raw_path: str, headers: Mapping[str, str] | None) -> Reply:
        reply = self.inner.answer(raw_path, headers)
        if reply.status != HTTPStatus.OK or not reply.body:
            return reply
        kept = {name: value for name, value in reply.headers.items() if name != "ETag"}
        return dataclasses.replace(
            reply, body=self.bomb(), headers={**kept, "Content-Encoding": "gzip"}
        )

    def bomb(self) -> bytes:
        """``bomb_size`` zero bytes, gzipped (about a thousandth of that), built once."""
        with self._lock:
            if not self._bomb:
                self._bomb = _gzip_zeros(self.bomb_size)
            return self._bomb


def _header_lines(count: int, size: int) -> Iterator[bytes]:
    """``count`` headers of ``size`` value bytes, long ones folded over several lines."""
    head, rest = b"x" * min(size, _FOLD), size - min(size, _FOLD)
    for n in range(count):
        yield b"X-Hostile-%d: %s" % (n, head)
        for done in range(0, rest, _FOLD):
            yield b" " + b"x" * min(_FOLD, rest - done)


def _trickle(body: bytes, pause: float) -> Iterator[bytes]:
    for n in range(len(body)):
        time.sleep(pause)
        yield body[n : n + 1]


def _gzip_zeros(size: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # wbits 31: a gzip member
    block = bytes(2**20)
    parts = [
        packer.compress(block[: min(len(block), size - done)])
        for done in range(0, size, len(block))
    ]
    return b"".join(parts) + packer.flush()


_Trap = Callable[[HostileSite, str, Mapping[str, str] | None], Reply]
_TRAPS: dict[str, _Trap] = {
    "infinite_pagination": HostileSite.endless_listing,
    "sitemap_bomb": HostileSite.sitemap_bomb,
    "huge_headers": HostileSite.huge_headers,
    "slow_drip": HostileSite.slow_drip,
    "retry_after": HostileSite.busy,
    "robots_disallow": lambda site, raw_path, headers: site.inner.answer(raw_path, headers),
    "gzip_bomb": HostileSite.gzip_bomb,
}
