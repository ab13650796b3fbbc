"""The HTTP(S) download handler, with bounds on a response's headers.

Scrapy bounds a body (DOWNLOAD_MAXSIZE), not the headers before it: Twisted's response parser
keeps every header line it is sent, and a value folded over continuation lines escapes its
limit on the length of one line. A server sending a million headers cost a crawl 828 MB. Here
the parser of Scrapy's HTTP/1.1 handler counts the header lines and bytes of each response and
gives the response up past INSIGHT_MAX_HEADERS headers or INSIGHT_MAX_HEADER_BYTES bytes: the
request fails with ``TooManyHeaders`` (reject reason ``too_many_headers``, not retried), and the
connection is closed before the rest arrives.

The parser is plugged in the way Scrapy plugs in its lenient one (``_LenientHTTP11ClientProtocol``
swaps the class of the parser that ``HTTP11ClientProtocol.request`` builds): both are private
APIs, pinned by tests/test_hostile.py.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from scrapy import Request
from scrapy.core.downloader.handlers.http11 import (
    HTTP11DownloadHandler,
    _LenientHTTP11ClientFactory,
    _LenientHTTP11ClientProtocol,
    _LenientHTTPClientParser,
)
from scrapy.crawler import Crawler
from scrapy.exceptions import DownloadFailedError
from scrapy.http import Response
from twisted.web._newclient import HEADER, ResponseFailed


class TooManyHeaders(Exception):
    """A response whose headers pass INSIGHT_MAX_HEADERS or INSIGHT_MAX_HEADER_BYTES."""


@dataclass(frozen=True, slots=True)
class HeaderLimits:
    """At most ``count`` header fields in at most ``size`` bytes (status line included)."""

    count: int
    size: int


class BoundedHTTPDownloadHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP/1.1 download handler whose responses' headers are bounded."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        settings = crawler.settings
        limits = HeaderLimits(
            settings.getint("INSIGHT_MAX_HEADERS", 200),
            settings.getint("INSIGHT_MAX_HEADER_BYTES", 64 * 1024),
        )
        # The pool builds one factory per connection: same call, bounded protocols.
        factory = functools.partial(_BoundedClientFactory, limits=limits)
        self._pool._factory = factory  # type: ignore[assignment]

    async def download_request(self, request: Request) -> Response:
        try:
            response: Response = await super().download_request(request)
        except DownloadFailedError as error:
            # Scrapy wraps Twisted's ResponseFailed, which wraps the parser's exception.
            found = _header_error(error)
            if found is None:
                raise
            raise found from error
        return response


def _header_error(error: DownloadFailedError) -> TooManyHeaders | None:
    failed = error.__cause__
    reasons = failed.reasons if isinstance(failed, ResponseFailed) else []
    found = [reason.value for reason in reasons if isinstance(reason.value, TooManyHeaders)]
    return found[0] if found else None


class _BoundedParser(_LenientHTTPClientParser):
    """Scrapy's lenient response parser, counting what the headers cost as they arrive."""

    limits: HeaderLimits
    header_count: int
    header_bytes: int

    def bound(self, limits: HeaderLimits) -> None:
        self.limits, self.header_count, self.header_bytes = limits, 0, 0
        self.MAX_LENGTH = limits.size  # no single line longer than the whole block may be

    def lineReceived(self, line: bytes) -> None:
        self.header_bytes += len(line) + 2  # CR LF
        if self.state == HEADER and line[:1] not in (b"", b" ", b"\t"):
            self.header_count += 1  # a new field (continuation lines add bytes only)
        if self.header_count > self.limits.count:
            raise TooManyHeaders(f"more than {self.limits.count} response headers")
        if self.header_bytes > self.limits.size:
            raise TooManyHeaders(f"response headers over {self.limits.size} bytes")
        super().lineReceived(line)

    def lineLengthExceeded(self, line: bytes) -> None:
        raise TooManyHeaders(f"a response header line over {self.MAX_LENGTH} bytes")


class _BoundedClientProtocol(_LenientHTTP11ClientProtocol):
    def __init__(self, quiescent: Any, limits: HeaderLimits) -> None:
        super().__init__(quiescent)  # type: ignore[no-untyped-call]
        self.limits = limits

    def request(self, request: Any) -> Any:
        sent = super().request(request)
        # Like the lenient protocol: replace the class of the parser request() just built
        # (no data has reached it yet), then give it its counters.
        parser = self._parser
        parser.__class__ = _BoundedParser
        assert isinstance(parser, _BoundedParser)
        parser.bound(self.limits)
        return sent


class _BoundedClientFactory(_LenientHTTP11ClientFactory):
    def __init__(self, quiescent: Any, metadata: Any, *, limits: HeaderLimits) -> None:
        super().__init__(quiescent, metadata)  # type: ignore[no-untyped-call]
        self.limits = limits

    def buildProtocol(self, addr: Any) -> _BoundedClientProtocol:
        return _BoundedClientProtocol(self._quiescentCallback, self.limits)
