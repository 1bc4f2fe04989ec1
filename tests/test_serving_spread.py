"""`fupin serve` with several processes (fupin/serving.py): the connections the parent accepts go
to its processes in turn, so eight kept-alive connections opened at once are served four by each
of two processes, and a connection stays with its process."""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from starlette.types import Receive, Scope, Send

ROOT = Path(__file__).resolve().parent.parent


async def app(scope: Scope, receive: Receive, send: Send) -> None:
    """Answers with the id of the process that serves the request."""
    if scope["type"] != "http":
        return
    body = str(os.getpid()).encode()
    await send(
        {"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"%d" % len(body))]}
    )
    await send({"type": "http.response.body", "body": body})


def _ask(connection: http.client.HTTPConnection) -> int:
    connection.request("GET", "/")
    return int(connection.getresponse().read())


def test_connections_go_to_the_processes_in_turn() -> None:
    from bench.common import free_port

    port = free_port()
    serve = (
        "from fupin.serving import run; from tests.test_serving_spread import app; "
        f"run(app, '127.0.0.1', {port}, 32768, processes=2)"
    )
    parent = subprocess.Popen([sys.executable, "-c", serve], cwd=ROOT, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert parent.poll() is None, parent.stderr and parent.stderr.read()
            try:
                probe = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                _ask(probe)
                probe.close()
                break
            except OSError:
                assert time.monotonic() < deadline
                time.sleep(0.2)
        connections = [http.client.HTTPConnection("127.0.0.1", port, timeout=10) for _ in range(8)]
        for connection in connections:
            connection.connect()
        served = [_ask(connection) for connection in connections]
        assert sorted(Counter(served).values()) == [4, 4]
        assert parent.pid not in served
        assert [_ask(connection) for connection in connections] == served  # kept with its process
        for connection in connections:
            connection.close()
    finally:
        parent.send_signal(signal.SIGTERM)
        parent.wait(timeout=30)
    assert parent.returncode == 0
