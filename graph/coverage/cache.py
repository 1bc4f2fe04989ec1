"""The dashboard's answers (`summary`, `villageSummaries`, `tallies`) kept per process, keyed by the
statements, their parameters and the version of the data they read (docs/design.md, "Kept answers").

A read's answer is a function of its text, its parameters and the data, nothing else: the key holds
the first two whole (the caller's reach, scope, day and thresholds are all parameters, the reach's
kind and the scope's shape also in the text) and the data's version. The version is the bookmark of
an empty read on the server that answers: Neo4j names in it the last transaction that server
committed, and advances it on every committed write, whoever made it (a mutation of any process,
`fupin load`, a migration, a direct Cypher write). Nothing is bumped by the writers, so no write
waits on a shared node.

An answer is kept only when every statement's own bookmark equals the version read before them
(bookmarks of a read name the last transaction committed when it ended): no write committed
between, so the answer is the data's at that version. Otherwise it is returned and not kept.
Requests that find the same answer being read (on the same event loop) wait for it instead of
reading it again, and run their own when it is not kept.
"""

from __future__ import annotations

import asyncio
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Hashable, Sequence
from typing import Any

from neo4j import READ_ACCESS, AsyncDriver, AsyncManagedTransaction, Bookmarks, Record, RoutingControl

# A statement and its parameters.
Query = tuple[str, dict[str, Any]]
# The data version: the bookmark's values (opaque; equal when the same transaction is the last).
Version = frozenset[str]
# An answer being read: the kept answer when its read ends, or None (not kept, or the read failed).
Reading = asyncio.Future[list[list[Record]] | None]


class Answers:
    """Answers of this process, least recently used dropped first once they hold more than `rows`
    rows in all (0: none kept). Safe to share between threads."""

    def __init__(self, rows: int) -> None:
        self.rows = rows
        self.hits = self.misses = self.joined = 0
        self._held = 0
        self._entries: OrderedDict[Hashable, tuple[list[list[Record]], int]] = OrderedDict()
        self._lock = threading.Lock()
        self._reading: dict[Hashable, Reading] = {}

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def held(self) -> int:
        """Rows held in all."""
        return self._held

    def get(self, key: Hashable) -> list[list[Record]] | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                self.misses += 1
                return None
            self.hits += 1
            self._entries.move_to_end(key)
            return entry[0]

    def put(self, key: Hashable, answer: list[list[Record]]) -> None:
        size = max(1, sum(len(records) for records in answer))
        if size > self.rows:
            return
        with self._lock:
            if key in self._entries:
                return
            self._entries[key] = (answer, size)
            self._held += size
            while self._held > self.rows:
                _, (_, dropped) = self._entries.popitem(last=False)
                self._held -= dropped

    def reading(self, key: Hashable) -> tuple[Reading | None, Reading | None]:
        """(the read of `key` under way on this event loop, to wait for; or the read this caller is
        to make, registered, which it must end with `done`). Neither when another loop reads it."""
        loop = asyncio.get_running_loop()
        with self._lock:
            running = self._reading.get(key)
            if running is None:
                mine: Reading = loop.create_future()
                self._reading[key] = mine
                return None, mine
            if running.get_loop() is loop:
                self.joined += 1
                return running, None
            return None, None

    def done(self, key: Hashable, mine: Reading, kept: list[list[Record]] | None) -> None:
        """The read this caller made of `key` has ended: its waiters get `kept` (None: read your own)."""
        with self._lock:
            if self._reading.get(key) is mine:
                del self._reading[key]
        if not mine.done():
            mine.set_result(kept)


def _frozen(value: Any) -> Hashable:
    """A parameter's value as a key: containers as tuples, each scalar with its type (True, 1 and
    1.0 are equal in Python, not in Cypher)."""
    if isinstance(value, dict):
        return ("dict", tuple(sorted((str(k), _frozen(v)) for k, v in value.items())))
    if isinstance(value, list | tuple):
        return ("list", tuple(_frozen(v) for v in value))
    if isinstance(value, set | frozenset):
        return ("set", tuple(sorted(repr(_frozen(v)) for v in value)))
    return (type(value).__name__, value)


def key(database: str, version: Version, queries: Sequence[Query]) -> Hashable:
    """What the answer of `queries` on `database` at `version` is a function of."""
    return (
        database,
        version,
        tuple((hashlib.blake2b(text.encode(), digest_size=16).digest(), _frozen(p)) for text, p in queries),
    )


def _version(bookmarks: Bookmarks) -> Version:
    return frozenset(bookmarks.raw_values)


async def version(driver: AsyncDriver, database: str) -> Version:
    """The data version of the server that answers reads: the bookmark of an empty read. It waits
    for this process's own writes (the driver's bookmark manager), as the driver's reads do."""
    async with driver.session(
        database=database,
        default_access_mode=READ_ACCESS,
        bookmark_manager=driver.execute_query_bookmark_manager,
    ) as session:
        result = await session.run("RETURN 1")
        await result.consume()
        return _version(await session.last_bookmarks())


async def _read(
    driver: AsyncDriver, database: str, query: Query, after: Version
) -> tuple[list[Record], Version]:
    """`query`'s records, read on a server holding at least `after`, and the version it read."""

    async def work(tx: AsyncManagedTransaction) -> list[Record]:
        result = await tx.run(*query)
        return [record async for record in result]

    bookmarks = Bookmarks.from_raw_values(after)
    async with driver.session(
        database=database, default_access_mode=READ_ACCESS, bookmarks=bookmarks
    ) as session:
        records = await session.execute_read(work)
        return records, _version(await session.last_bookmarks())


async def read(
    driver: AsyncDriver, database: str, queries: Sequence[Query], answers: Answers | None
) -> list[list[Record]]:
    """Each query's records, the queries run side by side; taken from `answers` when they hold them
    at the data's present version, and kept there when no write committed while they ran. Without
    `answers` (or with room for none) every query runs, as the driver's reads do."""
    if answers is None or answers.rows == 0:
        results = await asyncio.gather(*(
            driver.execute_query(text, params, database_=database, routing_=RoutingControl.READ)
            for text, params in queries
        ))  # fmt: skip
        return [list(records) for records, _, _ in results]
    now = await version(driver, database)
    wanted = key(database, now, queries) if now else None  # no bookmark: nothing to key by, nothing kept
    if wanted is None:
        return await _read_all(driver, database, queries, now)
    if (kept := answers.get(wanted)) is not None:
        return kept
    running, mine = answers.reading(wanted)
    if running is not None:
        shared = await asyncio.shield(running)
        # Not kept: the data moved while it was read; read it again at this request's version.
        return shared if shared is not None else await _read_all(driver, database, queries, now)
    kept = None
    try:
        read_ = await asyncio.gather(*(_read(driver, database, query, now) for query in queries))
        answer = [records for records, _ in read_]
        if all(seen == now for _, seen in read_):
            answers.put(wanted, answer)
            kept = answer
        return answer
    finally:
        if mine is not None:
            answers.done(wanted, mine, kept)


async def _read_all(
    driver: AsyncDriver, database: str, queries: Sequence[Query], after: Version
) -> list[list[Record]]:
    return [
        records for records, _ in await asyncio.gather(*(_read(driver, database, q, after) for q in queries))
    ]
