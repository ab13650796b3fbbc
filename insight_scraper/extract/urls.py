"""URL normalisation shared by every extractor."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from urllib.parse import parse_qs, urljoin, urlsplit, urlunsplit

from w3lib.url import safe_url_string

_WEB_SCHEMES = frozenset({"http", "https"})
# WordPress names resized copies "<name>-<W>x<H>.<ext>"; the original has no suffix.
_CROP_SUFFIX = re.compile(r"-\d{2,5}x\d{2,5}(?=\.[A-Za-z0-9]{2,5}$)")
_STATUS_PATH = re.compile(r"^/(?P<handle>[A-Za-z0-9_]{1,50})/status(?:es)?/(?P<id>\d{5,25})")
_TWITTER_HOSTS = frozenset(
    {"twitter.com", "www.twitter.com", "mobile.twitter.com", "x.com", "www.x.com"}
)
_POST_ID_QUERY = re.compile(r"(?:^|[?&])p=(\d+)(?:&|$)")
# str patterns: \s is exactly str.isspace(), tested in C rather than a character at a time.
_SPACE = re.compile(r"\s")
# "http(s)://" and a host (urljoin's netloc: up to the first / ? or #).
_WITH_HOST = re.compile(r"https?://[^/?#]").match


def absolute_url(href: str | None, base: str) -> str | None:
    """Resolve ``href`` against ``base``; None for empty or non-web links (javascript:, data:)."""
    if not href or not href.strip():
        return None
    href = href.strip()
    try:
        if _WITH_HOST(href):
            return _resolved_absolute(href, urlsplit(base).scheme)
        return _web_url(urljoin(base, href))
    except ValueError:  # a broken link (a port that is not a number, a torn IPv6 host)
        return None


@lru_cache(maxsize=4096)  # menus, tags, authors and tweet links repeat on every page
def _resolved_absolute(href: str, base_scheme: str) -> str | None:
    """An http(s) link with a host: urljoin's result depends on the base only through its
    scheme (the link is kept whole), so it is resolved against that scheme alone."""
    return _web_url(urljoin(base_scheme + "://", href))


def _web_url(joined: str) -> str | None:
    if urlsplit(joined).scheme.lower() not in _WEB_SCHEMES:
        return None
    url = normalize_url(joined)
    # Whitespace that survives percent-encoding (e.g. in the host) makes no usable URL.
    return None if _SPACE.search(url) else url


@lru_cache(maxsize=1024)  # a site's menus, tags and authors link the same URLs from every page
def normalize_url(url: str) -> str:
    """Lower-case scheme and host, percent-encode safely, drop the fragment, give '/' to an
    empty path. The query is kept: WordPress uses it (``?p=ID``)."""
    parts = urlsplit(safe_url_string(url.strip()))
    path = parts.path or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


def site_of(url: str) -> str:
    """Host without a leading ``www.``: the record's ``site``."""
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def section_language(url: str, languages: Mapping[str, str]) -> str | None:
    """The language whose section path prefix is the longest match of the URL's path (a
    site profile's ``languages``: code -> prefix); None when no section holds it."""
    path = urlsplit(url).path
    matches = [(len(prefix), code) for code, prefix in languages.items() if path.startswith(prefix)]
    return max(matches)[1] if matches else None


def same_site(url: str, base: str) -> bool:
    """True when ``url`` is on the site of ``base`` (www. or not)."""
    return site_of(url) == site_of(base)


def full_size_image(url: str) -> str:
    """The original upload for a WordPress crop URL (``x-860x484.jpg`` → ``x.jpg``)."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=_CROP_SUFFIX.sub("", parts.path)))


def post_id_from_url(url: str | None) -> int | None:
    """The id of a shortlink or guid such as ``https://site/?p=1234``."""
    if not url:
        return None
    match = _POST_ID_QUERY.search(urlsplit(url).query)
    return int(match.group(1)) if match else None


def tweet_status(url: str | None) -> tuple[str, str] | None:
    """``(handle, id)`` of a twitter.com or x.com status URL, else None."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if (parts.hostname or "").lower() not in _TWITTER_HOSTS:
        return None
    match = _STATUS_PATH.match(parts.path)
    return (match.group("handle"), match.group("id")) if match else None


def canonical_tweet_url(handle: str, tweet_id: str) -> str:
    """One spelling for every tweet URL: twitter.com, no query."""
    return f"https://twitter.com/{handle}/status/{tweet_id}"


def strip_tracking(url: str) -> str:
    """Drop Twitter's ``ref_src``/``src`` tracking parameters from an embed link."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    kept = [
        f"{key}={value}"
        for key, values in parse_qs(parts.query, keep_blank_values=True).items()
        if key not in {"ref_src", "src", "ref_url"}
        for value in values
    ]
    return urlunsplit(parts._replace(query="&".join(kept)))
