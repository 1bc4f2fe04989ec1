"""Which Neo4j every command talks to, and the drivers for it.

`NEO4J_URI` (with `NEO4J_USER`, `NEO4J_PASSWORD`, `NEO4J_DATABASE`) names an external server;
otherwise the managed server of `$FUPIN_HOME` is used, and started when a command needs it.
"""

from __future__ import annotations

from dataclasses import dataclass

from neo4j import AsyncDriver, AsyncGraphDatabase, Driver, GraphDatabase

from fupin.settings import Settings
from graph import server


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


def async_driver(t: Target) -> AsyncDriver:
    # Short timeouts: a request must fail fast with a clear error while Neo4j is down,
    # and the pool reconnects by itself once it is back.
    return AsyncGraphDatabase.driver(
        t.uri,
        auth=(t.user, t.password),
        connection_timeout=5.0,
        connection_acquisition_timeout=10.0,
        max_transaction_retry_time=5.0,
        # Notifications (e.g. "property key does not exist" on an empty database) are not errors;
        # logged per query they would drown the log.
        notifications_min_severity="OFF",
    )


def sync_driver(t: Target) -> Driver:
    return GraphDatabase.driver(t.uri, auth=(t.user, t.password), notifications_min_severity="OFF")
