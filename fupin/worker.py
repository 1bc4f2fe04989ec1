"""GraphQL runs on an event loop of its own, in a thread of its own, with a Neo4j driver of its own.

Executing a large allowed query (building thousands of objects, encoding the answer) is CPU work
that would hold the server's event loop for tens to hundreds of milliseconds at a time: `/healthz`
and every other request would wait behind it. On a loop of its own it shares the interpreter with
the server's loop by turns (Python switches threads every few milliseconds), so the server keeps
answering while it runs. Requests are still served concurrently, on the worker's loop.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

from neo4j import AsyncDriver

from graph.connection import Target, async_driver

T = TypeVar("T")


class Worker:
    """A thread running one event loop, with the API's driver created on it."""

    def __init__(self, target: Target, transaction_timeout: float) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="fupin-graphql", daemon=True)
        self.target, self.transaction_timeout = target, transaction_timeout
        self.driver: AsyncDriver | None = None

    async def start(self) -> None:
        self.thread.start()
        self.driver = await self.run(self._driver())

    async def _driver(self) -> AsyncDriver:
        return async_driver(self.target, self.transaction_timeout)

    async def run(self, work: Coroutine[Any, Any, T]) -> T:
        """`work`'s result, run on the worker's loop; cancelled there when the caller is cancelled
        (the request's time limit)."""
        return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(work, self.loop))

    async def stop(self) -> None:
        if self.driver is not None:
            await self.run(self.driver.close())
        self.loop.call_soon_threadsafe(self.loop.stop)
        await asyncio.to_thread(self.thread.join)
        self.loop.close()
