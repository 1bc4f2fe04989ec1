"""Reads asked at the same moment of a request, sent to Neo4j as one statement: one round trip.

A request's root fields run side by side (a portal page asks for a household, its history and its
visits at once); each read that starts before the event loop turns is queued, and the queue is sent
as one statement that runs each read in a `CALL () { … }` of its own and collects its rows. Reads
whose parameters clash (one name, two values) go in separate statements, so every read sees its
own values: the answer of each read is the one it would get alone. Each read keeps its statement
as it is rendered for the caller's reach; only the wrapping is added. A statement that fails fails
every read in it (a timeout would have stopped them all the same).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from neo4j import AsyncDriver

from graph.reads import read as records_of

Rows = list[dict[str, Any]]


@dataclass(frozen=True)
class Read:
    """A read-only statement, its parameters and the columns it returns."""

    statement: str
    params: Mapping[str, Any]
    columns: tuple[str, ...]


# Runs a read and returns its rows (each a map of the read's columns).
Reader = Callable[[Read], Awaitable[Rows]]


async def run(driver: AsyncDriver, database: str, reads: Sequence[Read]) -> list[Rows]:
    """The rows of each of `reads` (parameters not clashing), in one round trip."""
    if len(reads) == 1:
        (read,) = reads
        return [[dict(record) for record in await records_of(driver, database, read.statement, read.params)]]
    records = await records_of(
        driver,
        database,
        combined(reads),
        {name: value for read in reads for name, value in read.params.items()},
    )
    (record,) = records
    return [record[f"_read{i}"] for i in range(len(reads))]


def combined(reads: Sequence[Read]) -> str:
    """One statement running each read in turn, each read's rows collected as maps of its columns
    (`_read0`, `_read1` …; a read's own variables stay inside its subquery)."""
    clauses: list[str] = []
    for i, read in enumerate(reads):
        row = ", ".join(f"{column}: {column}" for column in read.columns)
        # The collect is inside its own subquery, with no grouping key: it yields one row even when
        # the read yields none, so a later empty read cannot drop the earlier reads' rows.
        collected = f"RETURN collect({{{row}}}) AS _read{i}"
        clauses.append(f"CALL () {{ CALL () {{ {read.statement}\n}}\n{collected} }}")
    return "\n".join(clauses) + "\nRETURN " + ", ".join(f"_read{i}" for i in range(len(reads)))


def fits(params: Mapping[str, Any], read: Read) -> bool:
    """`read` can join reads with `params`: every name they share has one value (of one type: 1 is
    not true)."""
    return all(
        type(params[name]) is type(value) and params[name] == value
        for name, value in read.params.items()
        if name in params
    )


def groups(reads: Sequence[Read]) -> list[list[int]]:
    """The reads (by index, in order) in as few statements as their parameters allow."""
    out: list[tuple[dict[str, Any], list[int]]] = []
    for i, read in enumerate(reads):
        group = next((g for g in out if fits(g[0], read)), None)
        if group is None:
            group = ({}, [])
            out.append(group)
        group[0].update(read.params)
        group[1].append(i)
    return [indexes for _, indexes in out]


class Together:
    """A request's reader: the reads queued before the event loop turns go out together."""

    def __init__(self, driver: AsyncDriver, database: str, sent: Callable[[], None]) -> None:
        self.driver, self.database, self.sent = driver, database, sent
        self._queue: list[tuple[Read, asyncio.Future[Rows]]] = []
        self._running: set[asyncio.Task[None]] = set()

    async def __call__(self, read: Read) -> Rows:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Rows] = loop.create_future()
        self._queue.append((read, future))
        if len(self._queue) == 1:
            loop.call_soon(self._flush)
        return await future

    def _flush(self) -> None:
        queued, self._queue = self._queue, []
        for indexes in groups([read for read, _ in queued]):
            task = asyncio.ensure_future(self._send([queued[i] for i in indexes]))
            self._running.add(task)
            task.add_done_callback(self._running.discard)

    async def _send(self, queued: list[tuple[Read, asyncio.Future[Rows]]]) -> None:
        futures = [future for _, future in queued]
        self.sent()
        try:
            rows = await run(self.driver, self.database, [read for read, _ in queued])
        except asyncio.CancelledError:
            for future in futures:
                future.cancel()
            raise
        except Exception as error:  # every waiting read fails with the statement
            for future in futures:
                if not future.done():
                    future.set_exception(error)
            return
        for future, found in zip(futures, rows, strict=True):
            if not future.done():  # a read whose request gave up is not answered
                future.set_result(found)


def direct(driver: AsyncDriver, database: str) -> Reader:
    """A reader sending each read alone."""

    async def read(one: Read) -> Rows:
        (rows,) = await run(driver, database, [one])
        return rows

    return read
