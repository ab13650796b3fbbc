"""Why a request got no usable response: the precise reasons of ``rejects.jsonl``."""

from __future__ import annotations

from twisted.python.failure import Failure

from insight_scraper.download import TooManyHeaders
from insight_scraper.middlewares import OffsiteRedirect, OffsiteRequest, RetryLater

# Exception class names (Scrapy's, Twisted's, ours) → the reasons of rejects.jsonl.
_REASONS = {
    "DownloadTimeoutError": "timeout",
    "TimeoutError": "timeout",
    "ResponseDataLossError": "data_loss",
    "ResponseFailed": "connection_lost",
    "ResponseNeverReceived": "connection_lost",
    "ConnectionLost": "connection_lost",
    "ConnectionDone": "connection_lost",
    "DownloadFailedError": "connection_lost",
    "DownloadConnectionRefusedError": "connection_refused",
    "ConnectionRefusedError": "connection_refused",
    "CannotResolveHostError": "dns_error",
    "DNSLookupError": "dns_error",
    "DownloadCancelledError": "too_large",  # Scrapy cancels only past DOWNLOAD_MAXSIZE
    "UnsupportedURLSchemeError": "unsupported_scheme",
    OffsiteRedirect.__name__: "offsite_redirect",
    OffsiteRequest.__name__: "offsite_request",
    TooManyHeaders.__name__: "too_many_headers",
    RetryLater.__name__: "retry_later",  # retryable: left for the next run
}


def failure_reason(failure: Failure) -> str:
    """A short, precise reason for a request that got no response."""
    error = failure.value
    name = type(error).__name__
    if name == "IgnoreRequest":
        if "robots.txt" in str(error):
            return "robots_disallowed"
        if type(getattr(error, "__cause__", None)).__name__ == "_DecompressionMaxSizeExceeded":
            return "too_large"  # a compressed body inflating past DOWNLOAD_MAXSIZE
        return "too_many_redirects" if "max redirections" in str(error) else "ignored"
    if name == "CancelledError" and "size" in str(error):
        return "too_large"  # Twisted's, when a body grows past DOWNLOAD_MAXSIZE mid-stream
    return _REASONS.get(name, name.lower())


def failure_detail(failure: Failure) -> str:
    request = failure.request  # type: ignore[attr-defined]
    detail = failure.getErrorMessage() or type(failure.value).__name__
    retries = int(request.meta.get("retry_times", 0))
    return f"{detail} (after {retries} retries)" if retries else detail
