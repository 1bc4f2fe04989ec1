"""How `fupin serve` runs the app: uvicorn (httptools), with each request's head bounded, in one
process or in several forked from one that has bound the port (docs/serving.md).

httptools gathers a header until its line ends before the app sees any of it, so a 64 MB
`Authorization` header would be read whole (and kept in memory) before the 401. Here the bytes of
a request line and headers are counted as they arrive, and past `max_head_bytes` the request is
answered 431 and the connection closed: at most one read (asyncio reads up to 256 KiB at a time)
beyond the limit is taken in.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
from typing import Any

import uvicorn
from starlette.types import ASGIApp
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from fupin.refusals import Refusal

log = logging.getLogger("fupin.serving")


class BoundedHead(HttpToolsProtocol):
    """uvicorn's httptools protocol, refusing a request head longer than `max_head_bytes`."""

    max_head_bytes = 32_768

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._in_head = False  # between a request's first byte and the end of its headers
        self._head_bytes = 0

    def connection_made(self, transport: Any) -> None:
        # No Nagle: a response's head and body go out as two writes, and a client that delays its
        # ACK (40 ms on Linux) would hold the second. asyncio turns it off only for sockets made
        # with IPPROTO_TCP, which the port forked processes share (uvicorn's bind_socket) is not.
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._in_head, self._head_bytes = True, 0

    def on_headers_complete(self) -> None:
        self._in_head = False
        super().on_headers_complete()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        # A read that ends the head is not counted (so a body in the same read is never taken
        # for head); one that leaves the head unfinished is head, but for a previous body's tail.
        if self._in_head and not self.transport.is_closing():
            self._head_bytes += len(data)
            if self._head_bytes > self.max_head_bytes:
                self._refuse()

    def _refuse(self) -> None:
        limit = self.max_head_bytes
        log.info("request head over %d bytes refused (431)", limit)
        refusal = Refusal(
            431,
            f"请求头超过 {limit} 字节的上限 (the request line and headers exceed {limit} bytes)",
            "HEADERS_TOO_LARGE",
        )
        content = refusal.encoded()
        head = (
            "HTTP/1.1 431 Request Header Fields Too Large\r\n"
            "content-type: application/json\r\n"
            f"content-length: {len(content)}\r\n"
            "connection: close\r\n\r\n"
        )
        self.transport.write(head.encode() + content)
        self.transport.close()
        self._in_head = False


def bounded_head(max_head_bytes: int) -> type[BoundedHead]:
    """The protocol class for uvicorn's `http` with this limit."""
    return type("BoundedHead", (BoundedHead,), {"max_head_bytes": max_head_bytes})


def run(app: ASGIApp, host: str, port: int, max_head_bytes: int, processes: int = 1) -> None:
    """Serve `app` until stopped. With several `processes`, this one binds the port and forks them,
    each running its own uvicorn (and, through the app's lifespan, its own Neo4j drivers) on the
    shared socket; it restarts one that dies and stops them all on SIGTERM or SIGINT."""
    config = uvicorn.Config(app, host=host, port=port, log_config=None, http=bounded_head(max_head_bytes))
    if processes <= 1:
        uvicorn.Server(config).run()
        return
    sock = config.bind_socket()
    children: set[int] = set()
    stopping = False

    def stop(signum: int, _: Any) -> None:
        nonlocal stopping
        stopping = True
        for pid in list(children):
            with contextlib.suppress(ProcessLookupError):  # ended already
                os.kill(pid, signal.SIGTERM)

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, stop)
    for _ in range(processes):
        children.add(_fork(config, sock))
    while children:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            break
        if pid not in children:  # another child of this process (graph/coverage/warm.py), not a server
            continue
        children.discard(pid)
        if not stopping:
            log.warning("API process %d ended (status %d): starting another", pid, status)
            children.add(_fork(config, sock))
    sock.close()


def _fork(config: uvicorn.Config, sock: socket.socket) -> int:
    pid = os.fork()
    if pid:
        return pid
    # The child: uvicorn installs its own handlers for SIGTERM and SIGINT.
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, signal.SIG_DFL)
    code = 0
    try:
        uvicorn.Server(config).run(sockets=[sock])
    except BaseException:
        log.exception("API process %d failed", os.getpid())
        code = 1
    finally:
        os._exit(code)
