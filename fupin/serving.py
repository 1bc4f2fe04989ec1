"""How `fupin serve` runs the app: uvicorn (httptools), with each request's head bounded, in one
process or in several forked from one that has bound the port (docs/concurrency.md).

httptools gathers a header until its line ends before the app sees any of it, so a 64 MB
`Authorization` header would be read whole (and kept in memory) before the 401. Here the bytes of
a request line and headers are counted as they arrive, and past `max_head_bytes` the request is
answered 431 and the connection closed: at most one read (asyncio reads up to 256 KiB at a time)
beyond the limit is taken in.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import socket
import threading
import time
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
        # with IPPROTO_TCP, which the port `fupin serve` binds (uvicorn's bind_socket) is not.
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
    """Serve `app` until stopped. With several `processes`, this one binds the port, forks them
    (each running its own uvicorn and, through the app's lifespan, its own Neo4j drivers) and hands
    each connection it accepts to the next of them in turn (`Dispatch`); it restarts one that dies
    and stops them all on SIGTERM or SIGINT."""
    config = uvicorn.Config(app, host=host, port=port, log_config=None, http=bounded_head(max_head_bytes))
    if processes <= 1:
        uvicorn.Server(config).run()
        return
    sock = config.bind_socket()
    dispatch = Dispatch(sock)
    children: set[int] = set()
    stopping = False

    def stop(signum: int, _: Any) -> None:
        nonlocal stopping
        stopping = True
        dispatch.stop()
        for pid in list(children):
            with contextlib.suppress(ProcessLookupError):  # ended already
                os.kill(pid, signal.SIGTERM)

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, stop)
    for _ in range(processes):
        children.add(_fork(config, dispatch))
    dispatch.start(config.backlog)
    while children:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            break
        if pid not in children:  # another child of this process (graph/coverage/warm.py), not a server
            continue
        children.discard(pid)
        dispatch.remove(pid)
        if not stopping:
            log.warning("API process %d ended (status %d): starting another", pid, status)
            children.add(_fork(config, dispatch))
    dispatch.stop()
    sock.close()


class Dispatch:
    """Accepts the port's connections in the parent and hands each to the next process in turn,
    over a Unix socket of its own (SCM_RIGHTS). On one shared listening socket the processes
    raced for connections, and the first to wake took every one waiting (asyncio accepts up to
    the backlog at a time): eight kept-alive connections opened at once went 2/6 or 4/4 over two
    processes, and the process with six was the bound while the other's core idled. In turn,
    they go 4/4; a connection stays with its process until it closes."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.channels: dict[int, socket.socket] = {}  # by process id: the parent's end
        self.lock = threading.Lock()
        self.turn = 0
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._accept, name="fupin-dispatch", daemon=True)

    def channel(self) -> tuple[socket.socket, socket.socket]:
        """A new (parent's end, child's end). The parent's end never blocks: a process whose queue
        of handed connections is full (still starting, or stuck) is passed over, not waited for."""
        parent_end, child_end = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        parent_end.setblocking(False)
        return parent_end, child_end

    def add(self, pid: int, parent_end: socket.socket) -> None:
        with self.lock:
            self.channels[pid] = parent_end

    def remove(self, pid: int) -> None:
        with self.lock:
            channel = self.channels.pop(pid, None)
        if channel is not None:
            channel.close()

    def start(self, backlog: int) -> None:
        self.sock.listen(backlog)  # uvicorn's bind_socket binds only; its servers listen
        self.sock.settimeout(0.5)  # the accepting thread looks at `stopping` this often
        self.thread.start()

    def stop(self) -> None:
        self.stopping.set()

    def _accept(self) -> None:
        while not self.stopping.is_set():
            try:
                connection, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                if self.stopping.is_set():
                    return
                log.exception("accepting a connection failed")
                time.sleep(0.1)  # e.g. out of file descriptors: not a busy loop meanwhile
                continue
            with connection:
                self._hand(connection)

    def _hand(self, connection: socket.socket) -> None:
        with self.lock:
            channels = list(self.channels.values())
            self.turn += 1
        for i in range(len(channels)):  # the next process; past one that cannot take it
            channel = channels[(self.turn + i) % len(channels)]
            try:
                socket.send_fds(channel, [b"c"], [connection.fileno()])
                return
            except OSError:
                continue
        log.warning("no API process took a connection: closed")


class Handed(uvicorn.Server):
    """A forked process's uvicorn: serves the connections the parent hands over `channel`."""

    def __init__(self, config: uvicorn.Config, channel: socket.socket) -> None:
        super().__init__(config)
        self.channel = channel
        self.taking: set[asyncio.Task[None]] = set()  # held: the loop keeps only weak references

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=[])  # the app's lifespan; no listening socket of its own
        if not self.started:
            return
        loop = asyncio.get_running_loop()
        self.channel.setblocking(False)
        loop.add_reader(self.channel.fileno(), self._receive, loop)

    def _protocol(self) -> asyncio.Protocol:
        return self.config.http_protocol_class(  # type: ignore[call-arg]
            config=self.config, server_state=self.server_state, app_state=self.lifespan.state
        )

    def _receive(self, loop: asyncio.AbstractEventLoop) -> None:
        try:
            message, fds, _, _ = socket.recv_fds(self.channel, 16, 16)
        except (BlockingIOError, InterruptedError):
            return
        if not message and not fds:  # the parent is gone
            loop.remove_reader(self.channel.fileno())
            self.should_exit = True
            return
        for fd in fds:
            task = loop.create_task(self._take(loop, socket.socket(fileno=fd)))
            self.taking.add(task)
            task.add_done_callback(self.taking.discard)

    async def _take(self, loop: asyncio.AbstractEventLoop, connection: socket.socket) -> None:
        connection.setblocking(False)
        try:
            await loop.connect_accepted_socket(self._protocol, connection)
        except OSError:  # closed by the client meanwhile
            connection.close()

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        with contextlib.suppress(ValueError, OSError):
            asyncio.get_running_loop().remove_reader(self.channel.fileno())
        await super().shutdown(sockets)


def _fork(config: uvicorn.Config, dispatch: Dispatch) -> int:
    parent_end, child_end = dispatch.channel()
    pid = os.fork()
    if pid:
        child_end.close()
        dispatch.add(pid, parent_end)
        return pid
    # The child: uvicorn installs its own handlers for SIGTERM and SIGINT. It keeps only its end
    # of its own channel: not the port, nor the other processes' channels.
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, signal.SIG_DFL)
    dispatch.sock.close()
    parent_end.close()
    for other in list(dispatch.channels.values()):  # no lock: the accepting thread is not forked
        other.close()
    code = 0
    try:
        Handed(config, child_end).run()
    except BaseException:
        log.exception("API process %d failed", os.getpid())
        code = 1
    finally:
        os._exit(code)
