"""One HTTP exchange that can be stopped from outside, and a body read within its limits.

urllib's default opener also speaks file:, ftp: and data:, and follows redirects
anywhere; the opener here has only the HTTP and HTTPS handlers, checks every
redirect against the host policy, and records the sockets it opens. An
`Exchange` shuts those sockets down when its deadline passes or when the client
is cancelled, which wakes a thread blocked in connect-after-accept, in the
status line, or in a body dripped a byte at a time.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import threading
import urllib.request
import zlib
from collections.abc import Callable
from typing import Any
from urllib.parse import urljoin

from papertui.fetch.errors import NetworkError

CHUNK = 64 * 1024
UrlCheck = Callable[[str, str], None]  # (url, what) -> None, or raises RefusedUrl


class Exchange:
    """The sockets of one request; `abort(reason)` shuts them (and any opened later)."""

    def __init__(self) -> None:
        self.reason = ""  # "deadline" or "cancelled" once aborted
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()

    def add(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.reason:
                _shut(sock)

    def abort(self, reason: str) -> None:
        with self._lock:
            if self.reason:
                return
            self.reason = reason
            for sock in self._sockets:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed or never connected
        sock.shutdown(socket.SHUT_RDWR)


class _TrackedHTTP(http.client.HTTPConnection):
    def __init__(self, *args: Any, exchange: Exchange, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.exchange = exchange

    def connect(self) -> None:
        super().connect()
        self.exchange.add(self.sock)


class _TrackedHTTPS(http.client.HTTPSConnection):
    def __init__(self, *args: Any, exchange: Exchange, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.exchange = exchange

    def connect(self) -> None:
        super().connect()
        self.exchange.add(self.sock)


class _HttpHandler(urllib.request.HTTPHandler):
    def __init__(self, exchange: Exchange) -> None:
        super().__init__()
        self.exchange = exchange

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self._connect, req)

    def _connect(self, *args: Any, **kwargs: Any) -> http.client.HTTPConnection:
        return _TrackedHTTP(*args, exchange=self.exchange, **kwargs)


class _HttpsHandler(urllib.request.HTTPSHandler):
    def __init__(self, exchange: Exchange) -> None:
        super().__init__()
        self.exchange = exchange

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self._connect, req, context=self._context)  # type: ignore[attr-defined]

    def _connect(self, *args: Any, **kwargs: Any) -> http.client.HTTPSConnection:
        return _TrackedHTTPS(*args, exchange=self.exchange, **kwargs)


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """Every redirect target is checked before urllib looks at it (it would refuse file:
    with an HTTP error of its own, and follow ftp: or another host)."""

    def __init__(self, check: UrlCheck) -> None:
        super().__init__()
        self.check = check

    def http_error_302(
        self, req: urllib.request.Request, fp: Any, code: int, msg: str, headers: Any
    ) -> Any:
        target = headers.get("location") or headers.get("uri")
        if target:
            try:
                self.check(
                    urljoin(req.full_url, target.strip()),
                    f"follow a redirect (HTTP {code}) from {req.full_url} to",
                )
            except Exception:
                fp.close()
                raise
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def opener(exchange: Exchange, check: UrlCheck) -> urllib.request.OpenerDirector:
    """HTTP(S) only (proxies from the environment as usual), checked redirects, tracked sockets."""
    director = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        urllib.request.UnknownHandler(),
        _HttpHandler(exchange),
        _HttpsHandler(exchange),
        _CheckedRedirects(check),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        director.add_handler(handler)
    return director


class BodyReader:
    """Reads a response body in small pieces, decoding gzip as it goes, within `max_bytes`
    both on the wire and once decompressed."""

    def __init__(self, host: str, max_bytes: int, gzipped: bool) -> None:
        self.host = host
        self.max_bytes = max_bytes
        self.gzipped = gzipped
        self.received = 0
        self._parts: list[bytes] = []
        self._size = 0
        self._inflate = _gunzip() if gzipped else None

    def read_all(self, raw: Any) -> bytes:
        read = getattr(raw, "read1", raw.read)  # one recv at a time: the deadline can act
        while chunk := read(CHUNK):
            self.received += len(chunk)
            if self.received > self.max_bytes:
                raise self._too_large("")
            self._take(chunk)
        return self.finish()

    def _take(self, chunk: bytes) -> None:
        if self._inflate is None:
            self._keep(chunk)
            return
        data = chunk
        while data:
            try:
                self._keep(self._inflate.decompress(data, self.max_bytes - self._size + 1))
            except zlib.error:
                raise self._damaged("damaged") from None
            if self._inflate.eof:  # the next gzip member, if any, starts afresh
                data = self._inflate.unused_data
                self._inflate = _gunzip() if data else self._inflate
            else:
                data = self._inflate.unconsumed_tail

    def _keep(self, data: bytes) -> None:
        self._size += len(data)
        if self._size > self.max_bytes:
            raise self._too_large(" once decompressed" if self.gzipped else "")
        self._parts.append(data)

    def finish(self) -> bytes:
        if self._inflate is not None and not self._inflate.eof:
            raise self._damaged("incomplete")
        return b"".join(self._parts)

    def _too_large(self, how: str) -> NetworkError:
        limit = self.max_bytes // (1024 * 1024)
        return NetworkError(f"the response from {self.host} is larger than {limit} MB{how}")

    def _damaged(self, how: str) -> NetworkError:
        return NetworkError(
            f"the response from {self.host} was cut off (the compressed body is {how})",
            retryable=True,
        )


def _gunzip() -> Any:
    return zlib.decompressobj(16 + zlib.MAX_WBITS)
