"""`fupin serve` with several processes serves on a port its first process binds (uvicorn's
`bind_socket`, a socket asyncio leaves Nagle on for): each connection still sends without Nagle's
delay, or a response's second write would wait for the client's delayed ACK (40 ms on Linux)."""

from __future__ import annotations

import http.client
import socket
import threading
import time
from typing import Any

import uvicorn
from starlette.types import Receive, Scope, Send

from fupin.serving import bounded_head

SEEN: list[int] = []


async def app(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"2")]})
    await send({"type": "http.response.body", "body": b"ok"})


class Recording(bounded_head(32_768)):  # type: ignore[misc, valid-type]
    def connection_made(self, transport: Any) -> None:
        super().connection_made(transport)
        SEEN.append(transport.get_extra_info("socket").getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))


def test_connections_on_the_shared_port_send_without_nagle() -> None:
    config = uvicorn.Config(app, host="127.0.0.1", port=0, http=Recording, log_config=None, lifespan="off")
    shared = config.bind_socket()  # as `fupin serve` binds it before forking its processes
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [shared]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        connection = http.client.HTTPConnection(*shared.getsockname()[:2], timeout=10)
        connection.request("GET", "/")
        assert connection.getresponse().read() == b"ok"
        connection.close()
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    assert SEEN == [1]
