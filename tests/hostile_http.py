"""Hostile HTTP servers on 127.0.0.1 for the fetch tests (this module holds no tests).

pytest-httpserver answers whole responses; the servers here misbehave below HTTP:
one that accepts and never answers, one that drips a body a byte at a time. Each
connection runs in a daemon thread; `closed` is set when the client hangs up.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable

Handler = Callable[[socket.socket, "RawServer"], None]


class RawServer:
    """A TCP server running `handler(conn, server)` for each connection."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.stop = threading.Event()
        self.connected = threading.Event()  # a client connected and sent its request
        self.closed = threading.Event()  # a client closed (or shut down) its connection
        self._sock = socket.create_server(("127.0.0.1", 0))
        self.port = self._sock.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            threading.Thread(target=self._run, args=(conn,), daemon=True).start()

    def _run(self, conn: socket.socket) -> None:
        with conn:
            read_request(conn)
            self.connected.set()
            try:
                self.handler(conn, self)
            except OSError:
                self.closed.set()

    def close(self) -> None:
        self.stop.set()
        self._sock.close()

    def __enter__(self) -> RawServer:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def read_request(conn: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(4096)
        if not chunk:
            break
        data += chunk
    return data


def never_answer(conn: socket.socket, server: RawServer) -> None:
    """Read the request, send nothing; report when the client gives up."""
    conn.settimeout(0.05)
    while not server.stop.is_set():
        try:
            if conn.recv(1) == b"":
                server.closed.set()
                return
        except TimeoutError:
            continue


def drip(interval: float, *, body_size: int = 1_000_000, in_headers: bool = False) -> Handler:
    """Answer one byte every `interval` seconds: a body (or the headers) that never ends."""

    def handle(conn: socket.socket, server: RawServer) -> None:
        head = f"HTTP/1.1 200 OK\r\nContent-Length: {body_size}\r\n\r\n".encode()
        if not in_headers:
            conn.sendall(head)
            head = b""
        stream = head + b"[" * body_size
        for byte in stream:
            if server.stop.is_set():
                return
            conn.sendall(bytes([byte]))
            time.sleep(interval)  # the hostile server's pace, not a test waiting

    return handle
