"""Serve a mirror directory the way WordPress serves the site.

A URL path maps to a directory holding ``input.html`` (or ``input.xml`` for feeds); plain files
(``robots.txt``, sitemaps) are served as they are. ``/?p=ID`` redirects to the permalink, a
directory path without its trailing slash redirects to it, and anything else is WordPress's 404
page with status 404.
"""

from __future__ import annotations

import hashlib
import json
import sys
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol
from urllib.parse import parse_qs, unquote, urlsplit

from insight_scraper.mirror.rest import RestApi, last_modified

# The offline mirror. In a checkout, mirror/site is a symlink to tests/fixtures/site (the one copy
# in git); a wheel holds the files themselves (package data), so demo and serve work installed.
BUNDLED_SITE = (Path(__file__).parent / "site").resolve()
_INDEX_FILES = ("input.html", "input.xml")
_TYPES = {
    ".html": "text/html; charset=UTF-8",
    ".xml": "application/xml; charset=UTF-8",
    ".txt": "text/plain; charset=UTF-8",
    ".json": "application/json; charset=UTF-8",
}
_FEED_TYPE = "application/rss+xml; charset=UTF-8"


@dataclass(frozen=True, slots=True)
class Reply:
    """What the server answers to one request. ``delay``: seconds to wait before answering (a
    slow server); ``drop_after``: send only this many bytes of the body, then close the
    connection (a connection lost mid-body). Both exist for the fault layer (faults.py).
    ``header_lines`` (raw lines, sent after ``headers``) and ``stream`` (the body, sent chunked
    as it is produced, instead of ``body``) are consumed lazily, once: the hostile layer
    (hostile.py) answers with more than it could hold in memory."""

    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    drop_after: int | None = None
    header_lines: Iterable[bytes] = ()
    stream: Iterable[bytes] | None = None


class Answers(Protocol):
    """Anything that answers a request path (and its headers) with a Reply: the static mirror,
    or a layer over it (a synthetic site, faults, versions)."""

    def answer(self, raw_path: str, headers: Mapping[str, str] | None = None) -> Reply: ...


class Site:
    """The routing rules over one mirror directory (no sockets: easy to test). With
    ``rest=False`` the REST API answers 404 ``rest_no_route``, as when a plugin disables it."""

    def __init__(self, root: Path, rest: bool = True) -> None:
        self.root = root.resolve()
        self.rest = rest
        self.posts = _load_posts(self.root)
        self.permalinks = {str(post["post_id"]): urlsplit(post["url"]).path for post in self.posts}
        self.api = RestApi(self.root, self.posts)

    def answer(self, raw_path: str, headers: Mapping[str, str] | None = None) -> Reply:
        reply = self._route(raw_path)
        return conditional(reply, headers or {})

    def _route(self, raw_path: str) -> Reply:
        parts = urlsplit(raw_path)
        post = parse_qs(parts.query).get("p")
        if parts.path == "/" and post:
            target = self.permalinks.get(post[0])
            return _redirect(target) if target else self.not_found()
        if parts.path.startswith("/wp-json/"):
            return self._rest(parts.path, parts.query)
        path = unquote(parts.path)
        if "\x00" in path:  # no file name holds a NUL: WordPress answers 400 too
            return bad_request()
        reply = self._static(path)
        if reply.headers.get("Content-Type") == _FEED_TYPE:
            return _with_last_modified(reply, self.posts, feed=True)
        return reply

    def _rest(self, path: str, query: str) -> Reply:
        if not self.rest:
            body = b'{"code":"rest_no_route","message":"No route was found","data":{"status":404}}'
            return Reply(HTTPStatus.NOT_FOUND, body, {"Content-Type": _TYPES[".json"]})
        status, body, headers = self.api.answer(path, query)
        reply = Reply(status, body, {"Content-Type": _TYPES[".json"], **headers})
        return _with_last_modified(reply, self.posts) if status == 200 else reply

    def _static(self, path: str) -> Reply:
        target = (self.root / path.lstrip("/")).resolve()
        if not target.is_relative_to(self.root) or any(
            p.startswith((".", "_")) for p in target.relative_to(self.root).parts
        ):
            return self.not_found()
        if target.is_file() and target.name not in _INDEX_FILES:
            return _file(target, _TYPES.get(target.suffix, "application/octet-stream"))
        if target.is_dir():
            if not path.endswith("/"):
                return _redirect(path + "/")
            for name in _INDEX_FILES:
                if (target / name).is_file():
                    kind = _FEED_TYPE if name.endswith(".xml") else _TYPES[".html"]
                    return _file(target / name, kind)
        return self.not_found()

    def not_found(self) -> Reply:
        page = self.root / "_errors" / "404" / "input.html"
        body = (
            page.read_bytes()
            if page.is_file()
            else b"<html><body class='error404'>Not found</body></html>"
        )
        return Reply(HTTPStatus.NOT_FOUND, body, {"Content-Type": _TYPES[".html"]})


def _load_posts(root: Path) -> list[dict[str, Any]]:
    manifest = root / "_manifest.json"
    if not manifest.is_file():
        return []
    posts: list[dict[str, Any]] = json.loads(manifest.read_text(encoding="utf-8")).get("posts", [])
    return posts


def bad_request() -> Reply:
    """The web server's answer to a request it cannot parse."""
    body = b"<html><body><h1>400 Bad Request</h1></body></html>"
    return Reply(HTTPStatus.BAD_REQUEST, body, {"Content-Type": _TYPES[".html"]})


def _with_last_modified(reply: Reply, posts: list[dict[str, Any]], feed: bool = False) -> Reply:
    """Last-Modified = the site's newest modification. WordPress also derives a feed's ETag
    from it (not from the feed's bytes), so an edit outside the feed's window still shows."""
    stamp = last_modified(posts)
    if not stamp:
        return reply
    validators = {"Last-Modified": stamp, **({"ETag": _etag(stamp.encode())} if feed else {})}
    return Reply(reply.status, reply.body, {**reply.headers, **validators})


def _etag(data: bytes) -> str:
    return '"' + hashlib.md5(data, usedforsecurity=False).hexdigest() + '"'


def conditional(reply: Reply, headers: Mapping[str, str]) -> Reply:
    """Add an ETag to a 200 and answer 304 when the client's validators still match."""
    if reply.status != HTTPStatus.OK:
        return reply
    etag = reply.headers.get("ETag") or _etag(reply.body)
    validators = {**reply.headers, "ETag": etag}
    lowered = {name.lower(): value for name, value in headers.items()}
    if _still_valid(lowered, etag, validators.get("Last-Modified")):
        return Reply(HTTPStatus.NOT_MODIFIED, b"", validators)
    return Reply(reply.status, reply.body, validators)


def _still_valid(headers: Mapping[str, str], etag: str, modified: str | None) -> bool:
    if "if-none-match" in headers:  # RFC 9110: If-None-Match wins over If-Modified-Since
        return etag in [tag.strip() for tag in headers["if-none-match"].split(",")]
    since = headers.get("if-modified-since")
    if since and modified:
        try:
            return parsedate_to_datetime(modified) <= parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
    return False


def _file(path: Path, content_type: str) -> Reply:
    return Reply(HTTPStatus.OK, path.read_bytes(), {"Content-Type": content_type})


def _redirect(location: str) -> Reply:
    return Reply(HTTPStatus.MOVED_PERMANENTLY, b"", {"Location": location})


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._send(self.server.site.answer(self.path, dict(self.headers.items())), with_body=True)

    def do_HEAD(self) -> None:
        self._send(self.server.site.answer(self.path, dict(self.headers.items())), with_body=False)

    def _send(self, reply: Reply, with_body: bool) -> None:
        if reply.delay:
            time.sleep(reply.delay)
        try:
            self._write(reply, with_body)
        except (BrokenPipeError, ConnectionResetError):
            # The client gave up first (its timeout, or a size limit): nothing left to do.
            self.close_connection = True

    def _write(self, reply: Reply, with_body: bool) -> None:
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if reply.stream is not None:
            self.send_header("Transfer-Encoding", "chunked")
        elif reply.status != HTTPStatus.NOT_MODIFIED:  # a 304 carries no body and no length
            self.send_header("Content-Length", str(len(reply.body)))
        self.flush_headers()
        for batch in _batches(line + b"\r\n" for line in reply.header_lines):
            self.wfile.write(batch)
        self.end_headers()
        if with_body and reply.stream is not None:
            self._write_chunked(reply.stream)
        elif with_body and reply.status != HTTPStatus.NOT_MODIFIED:
            self.wfile.write(reply.body[: reply.drop_after])
        if reply.drop_after is not None:
            self.close_connection = True  # fewer bytes than Content-Length promised, then EOF

    def _write_chunked(self, stream: Iterable[bytes]) -> None:
        for chunk in stream:
            if chunk:  # an empty chunk would end the body
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        self.wfile.write(b"0\r\n\r\n")

    def log_message(self, format: str, *args: object) -> None:
        return  # a crawl makes hundreds of requests; Scrapy logs them already


def _batches(pieces: Iterable[bytes], size: int = 2**16) -> Iterator[bytes]:
    """Pieces joined into writes of about ``size`` bytes (one syscall each, not one a piece)."""
    batch: list[bytes] = []
    held = 0
    for piece in pieces:
        batch.append(piece)
        held += len(piece)
        if held >= size:
            yield b"".join(batch)
            batch, held = [], 0
    if batch:
        yield b"".join(batch)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], site: Answers) -> None:
        super().__init__(address, _Handler)
        self.site = site

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return  # a client that hung up (a crawl that ended, a response it gave up): no news
        super().handle_error(request, client_address)


class MirrorServer:
    """A mirror served on 127.0.0.1 in a background thread. Port 0 picks a free port."""

    def __init__(
        self, site: Path | Answers = BUNDLED_SITE, host: str = "127.0.0.1", port: int = 0
    ) -> None:
        answers = Site(site) if isinstance(site, Path) else site
        self._server = _Server((host, port), answers)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/"

    def swap(self, site: Path | Answers) -> None:
        """Serve another version of the site at the same address (a site that changes)."""
        self._server.site = Site(site) if isinstance(site, Path) else site

    def start(self) -> MirrorServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def serve_forever(self) -> None:
        """Serve in the calling thread until interrupted (the ``serve`` command)."""
        self._server.serve_forever()

    def __enter__(self) -> MirrorServer:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()
