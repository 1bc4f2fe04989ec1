"""Which Neo4j every command talks to, and the drivers for it.

`NEO4J_URI` (with `NEO4J_USER`, `NEO4J_PASSWORD`, `NEO4J_DATABASE`) names an external server;
otherwise the managed server of `$FUPIN_HOME` is used, and started when a command needs it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, LiteralString, TypeVar, cast

from neo4j import (
    AsyncDriver,
    AsyncGraphDatabase,
    AsyncResult,
    AsyncSession,
    AsyncTransaction,
    Driver,
    GraphDatabase,
    Query,
    unit_of_work,
)

from core.settings import Settings
from graph import hydration, server

# Every driver made here decodes dates from a table (graph/hydration.py).
hydration.install()


@dataclass(frozen=True)
class Target:
    uri: str
    user: str
    password: str
    database: str
    managed: bool


class NotRunning(Exception):
    """The managed server is not running (and the command was not asked to start it)."""


def target(settings: Settings, start: bool = False) -> Target:
    n = settings.neo4j
    if n.uri:
        return Target(n.uri, n.user, n.password or "", n.database, managed=False)
    p = server.paths(settings)
    if start:
        uri = server.start(settings)
    else:
        port = server.read_port(p)
        if port is None:
            raise NotRunning(f"no managed Neo4j in {p.root}: run `fupin neo4j start`")
        uri = server.bolt_uri(port)
    password = server.read_password(p)
    if password is None:
        raise NotRunning(f"no managed Neo4j password in {p.root}: run `fupin neo4j start`")
    return Target(uri, "neo4j", password, n.database, managed=True)


def async_driver(t: Target, transaction_timeout: float | None = None) -> AsyncDriver:
    """The API's driver. With `transaction_timeout` (seconds), Neo4j ends every transaction it
    runs after that long, unless a statement sets its own timeout; loads (graph/load) use the sync
    driver and are not limited."""
    # Short timeouts: a request must fail fast with a clear error while Neo4j is down,
    # and the pool reconnects by itself once it is back.
    driver = AsyncGraphDatabase.driver(
        t.uri,
        auth=(t.user, t.password),
        connection_timeout=5.0,
        connection_acquisition_timeout=10.0,
        max_transaction_retry_time=5.0,
        # Notifications (e.g. "property key does not exist" on an empty database) are not errors;
        # logged per query they would drown the log.
        notifications_min_severity="OFF",
    )
    if transaction_timeout is None:
        return driver
    # The driver has no default transaction timeout of its own (only Neo4j's server-wide
    # db.transaction.timeout, which would also end long loads): this wrapper gives every
    # transaction one and passes everything else through.
    return cast(AsyncDriver, _TimedDriver(driver, transaction_timeout))


T = TypeVar("T")
Work = Callable[..., Awaitable[T]]


def _query(query: LiteralString | Query, timeout: float) -> Query:
    return query if isinstance(query, Query) else Query(query, timeout=timeout)


def _work(work: Work[T], timeout: float) -> Work[T]:
    if getattr(work, "timeout", None) is not None:
        return work
    timed: Work[T] = unit_of_work(getattr(work, "metadata", None), timeout)(work)
    return timed


class _TimedDriver:
    def __init__(self, driver: AsyncDriver, timeout: float) -> None:
        self._driver, self._timeout = driver, timeout

    async def execute_query(self, query_: LiteralString | Query, *args: Any, **kwargs: Any) -> Any:
        return await self._driver.execute_query(_query(query_, self._timeout), *args, **kwargs)

    def session(self, **config: Any) -> _TimedSession:
        return _TimedSession(self._driver.session(**config), self._timeout)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._driver, name)


class _TimedSession:
    def __init__(self, session: AsyncSession, timeout: float) -> None:
        self._session, self._timeout = session, timeout

    async def __aenter__(self) -> _TimedSession:
        await self._session.__aenter__()
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self._session.__aexit__(*exc)

    async def execute_read(self, work: Work[T], *args: Any, **kwargs: Any) -> T:
        return await self._session.execute_read(_work(work, self._timeout), *args, **kwargs)

    async def execute_write(self, work: Work[T], *args: Any, **kwargs: Any) -> T:
        return await self._session.execute_write(_work(work, self._timeout), *args, **kwargs)

    async def begin_transaction(
        self, metadata: dict[str, Any] | None = None, timeout: float | None = None
    ) -> AsyncTransaction:
        return await self._session.begin_transaction(metadata, self._timeout if timeout is None else timeout)

    async def run(
        self, query: LiteralString | Query, parameters: dict[str, Any] | None = None, **kwargs: Any
    ) -> AsyncResult:
        return await self._session.run(_query(query, self._timeout), parameters, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._session, name)


def sync_driver(t: Target) -> Driver:
    return GraphDatabase.driver(t.uri, auth=(t.user, t.password), notifications_min_severity="OFF")
