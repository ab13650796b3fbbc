"""Fault injection over any ``Answers`` (the static mirror, a synthetic site, a version).

``FaultySite(inner, seed, rates)`` answers like ``inner``, except that a request may get a
fault instead. Each request of a path draws once, from a hash of ``(seed, path, attempt)``
where ``attempt`` counts the requests of that path so far: a run is reproducible, and a retry
draws again (so it can succeed). ``rates`` maps a fault kind to the probability that an
eligible request gets it (``uniform_rates`` spreads one total rate over every kind).

Eligibility: server faults apply to any answer; page faults to a 200 with a body; charset
faults to a 200 HTML page; ``deleted_links`` to a 200 category listing. ``robots.txt`` is never
faulted (a policy file, not a page); redirect hops (``/_faults/…``) are served as they are.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import threading
from collections import Counter
from collections.abc import Callable, Mapping
from http import HTTPStatus
from urllib.parse import urlsplit

from insight_scraper.mirror.server import Answers, Reply

SERVER_FAULTS = (
    "http_500",
    "http_500_retry_after",
    "http_503",
    "http_503_retry_after",
    "http_429",
    "slow",
)
PAGE_FAULTS = (
    "drop",
    "truncate",
    "oversize",
    "redirect_chain",
    "redirect_loop",
    "offsite_redirect",
    "soft_404",
)
HTML_FAULTS = ("charset_wrong", "charset_missing", "charset_cp1256")
LISTING_FAULTS = ("deleted_links",)
KINDS = SERVER_FAULTS + PAGE_FAULTS + HTML_FAULTS + LISTING_FAULTS

OFFSITE = "http://offsite.invalid/"  # RFC 2606: .invalid never resolves
CHAIN_HOPS = 2  # /path → hop 2 → hop 1 → /path: three redirects, as http→https→www→slash
_HOP = re.compile(r"^/_faults/(?P<kind>hop|loop)/(?P<n>\d+)(?P<rest>/.*)$")
_HTML = "text/html"
_UTF8_META = b'<meta charset="UTF-8" />'


class FaultySite:
    """``Answers`` that injects faults into ``inner``'s answers (see the module doc).
    ``log`` counts the faults injected, by kind."""

    def __init__(
        self,
        inner: Answers,
        seed: int,
        rates: Mapping[str, float],
        *,
        retry_after: int = 1,
        slow: float = 40.0,
        oversize: int = 9 * 2**20,
        offsite: str = OFFSITE,
    ) -> None:
        _check_rates(rates)
        self.inner, self.seed, self.rates = inner, seed, dict(rates)
        self.retry_after, self.slow, self.oversize, self.offsite = (
            retry_after,
            slow,
            oversize,
            offsite,
        )
        self.log: Counter[str] = Counter()
        self._attempts: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._not_found = inner.answer("/_faults/not-found/").body

    def answer(self, raw_path: str, headers: Mapping[str, str] | None = None) -> Reply:
        hop = _HOP.match(raw_path)
        if hop:
            return _hop(hop["kind"], int(hop["n"]), hop["rest"])
        reply = self.inner.answer(raw_path, headers)
        if urlsplit(raw_path).path == "/robots.txt":
            return reply
        kind = self.decide(raw_path, self._attempt(raw_path), reply)
        if kind is None:
            return reply
        with self._lock:
            self.log[kind] += 1
        return self._inject(kind, raw_path, reply)

    def _attempt(self, raw_path: str) -> int:
        with self._lock:
            self._attempts[raw_path] += 1
            return self._attempts[raw_path]

    def decide(self, raw_path: str, attempt: int, reply: Reply) -> str | None:
        """The fault for this attempt at this path, or None: one draw over the eligible kinds."""
        draw = _unit(f"{self.seed}:{raw_path}:{attempt}")
        for kind in _eligible(raw_path, reply):
            draw -= self.rates.get(kind, 0.0)
            if draw < 0:
                return kind
        return None

    def _inject(self, kind: str, raw_path: str, reply: Reply) -> Reply:
        return _INJECTORS[kind](self, raw_path, reply)

    def _status(self, status: int, retry_after: bool) -> Reply:
        headers = {"Content-Type": "text/html; charset=UTF-8"}
        if retry_after:
            headers["Retry-After"] = str(self.retry_after)
        body = f"<html><body><h1>{status} {HTTPStatus(status).phrase}</h1></body></html>"
        return Reply(status, body.encode(), headers)

    def _deleted_links(self, raw_path: str, reply: Reply) -> Reply:
        """Two extra cards at the top of the main list, for posts that answer 404 (the same
        slugs on every attempt: a listing read twice does not invent more)."""
        main = reply.body.find(b'class="blog-content"')
        start = reply.body.find(b'<div class="p-wrap', main)
        if main < 0 or start < 0:
            return reply
        token = hashlib.sha256(f"{self.seed}:{raw_path}".encode()).hexdigest()[:8]
        cards = b"".join(_card(f"/deleted-post-{token}-{n}/", n) for n in (1, 2))
        return _rebody(reply, reply.body[:start] + cards + reply.body[start:])

    def _oversize(self, reply: Reply) -> Reply:
        return _rebody(reply, reply.body + b"<!--" + b"x" * self.oversize + b"-->")


def uniform_rates(total: float) -> dict[str, float]:
    """One total fault rate spread evenly over every kind."""
    return {kind: total / len(KINDS) for kind in KINDS}


def _check_rates(rates: Mapping[str, float]) -> None:
    unknown = set(rates) - set(KINDS)
    if unknown:
        raise ValueError(f"unknown fault kinds: {sorted(unknown)} (known: {', '.join(KINDS)})")
    if any(rate < 0 for rate in rates.values()) or sum(rates.values()) > 1:
        raise ValueError("fault rates must be >= 0 and sum to at most 1")


def _unit(key: str) -> float:
    """A uniform number in [0, 1) that depends on ``key`` alone (not on PYTHONHASHSEED)."""
    digest = hashlib.blake2b(key.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


def _eligible(raw_path: str, reply: Reply) -> tuple[str, ...]:
    if reply.status != HTTPStatus.OK or not reply.body:
        return SERVER_FAULTS
    if not reply.headers.get("Content-Type", "").startswith(_HTML):
        return SERVER_FAULTS + PAGE_FAULTS
    if urlsplit(raw_path).path.startswith("/category/"):
        return KINDS
    return SERVER_FAULTS + PAGE_FAULTS + HTML_FAULTS


def _hop(kind: str, n: int, rest: str) -> Reply:
    if kind == "loop":
        return _redirect(f"/_faults/loop/{3 - n}{rest}")  # 1 → 2 → 1 → …
    return _redirect(f"/_faults/hop/{n - 1}{rest}" if n > 1 else rest)


def _redirect(location: str) -> Reply:
    return Reply(HTTPStatus.FOUND, b"", {"Location": location})


def _rebody(reply: Reply, body: bytes, content_type: str | None = None) -> Reply:
    """The reply with other bytes (and maybe another type): its ETag no longer holds."""
    headers = {name: value for name, value in reply.headers.items() if name != "ETag"}
    if content_type is not None:
        headers["Content-Type"] = content_type
    return dataclasses.replace(reply, body=body, headers=headers)


def _cp1256(body: bytes) -> bytes:
    """The page in windows-1256, still declared UTF-8. Letters the code page lacks (Persian
    ی, Pashto letters) become character references, as a windows-1256 WordPress writes them."""
    return body.decode("utf-8", "replace").encode("windows-1256", errors="xmlcharrefreplace")


def _card(href: str, n: int) -> bytes:
    return (
        f'<div class="p-wrap p-grid p-grid-1" data-pid="{990000 + n}"><h3 class="entry-title">'
        f'<a class="p-url" href="{href}" rel="bookmark">Deleted post {n}</a></h3></div>\n'
    ).encode()


_Injector = Callable[[FaultySite, str, Reply], Reply]
_UTF8, _LATIN1 = f"{_HTML}; charset=UTF-8", f"{_HTML}; charset=ISO-8859-1"
_INJECTORS: dict[str, _Injector] = {
    "http_500": lambda site, path, reply: site._status(500, retry_after=False),
    "http_500_retry_after": lambda site, path, reply: site._status(500, retry_after=True),
    "http_503": lambda site, path, reply: site._status(503, retry_after=False),
    "http_503_retry_after": lambda site, path, reply: site._status(503, retry_after=True),
    "http_429": lambda site, path, reply: site._status(429, retry_after=True),
    "slow": lambda site, path, reply: dataclasses.replace(reply, delay=site.slow),
    "drop": lambda site, path, reply: dataclasses.replace(reply, drop_after=len(reply.body) // 3),
    "truncate": lambda site, path, reply: _rebody(reply, reply.body[: len(reply.body) // 2]),
    "oversize": lambda site, path, reply: site._oversize(reply),
    "redirect_chain": lambda site, path, reply: _redirect(f"/_faults/hop/{CHAIN_HOPS}{path}"),
    "redirect_loop": lambda site, path, reply: _redirect(f"/_faults/loop/1{path}"),
    "offsite_redirect": lambda site, path, reply: _redirect(site.offsite + path.lstrip("/")),
    "soft_404": lambda site, path, reply: _rebody(reply, site._not_found, _UTF8),
    "charset_wrong": lambda site, path, reply: _rebody(reply, reply.body, _LATIN1),
    "charset_missing": lambda site, path, reply: _rebody(
        reply, reply.body.replace(_UTF8_META, b"", 1), _HTML
    ),
    "charset_cp1256": lambda site, path, reply: _rebody(reply, _cp1256(reply.body), _UTF8),
    "deleted_links": lambda site, path, reply: site._deleted_links(path, reply),
}
