"""A bound on the GraphQL requests one API process holds: `max_in_flight` run, `max_queued` wait for
a slot, and one more is answered at once with 503 and `Retry-After` instead of waiting behind them.

Past the point where a process keeps its core busy, a request more in flight adds only waiting:
without a bound, latency grows with the crowd. `/healthz` does not pass the gate.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from core.settings import Serving
from fupin.refusals import Refusal

log = logging.getLogger("fupin.overload")


class Gate:
    """Admission to GraphQL for one process (used on the server's event loop only)."""

    def __init__(self, serving: Serving) -> None:
        self.capacity = serving.max_in_flight + serving.max_queued
        self.retry_after = serving.retry_after
        self.held = 0  # running and waiting
        self.refused = 0
        self._slots = asyncio.Semaphore(serving.max_in_flight)

    @contextlib.asynccontextmanager
    async def admit(self, request_id: str) -> AsyncIterator[None]:
        """Hold a slot for the request's work; raises the 503 Refusal when every place is taken."""
        if self.held >= self.capacity:
            self.refused += 1
            log.info("request %s: refused, %d requests held (503)", request_id, self.held)
            wait = self.retry_after
            raise Refusal(
                503,
                f"服务繁忙，请 {wait} 秒后重试 (the server is busy: retry in {wait} s)",
                "OVERLOADED",
                {"retry-after": str(wait)},
            )
        self.held += 1
        try:
            async with self._slots:
                yield
        finally:
            self.held -= 1
