"""The API's reads: one statement in an auto-commit transaction, the driver's managed path when
that first try meets a lost connection or a transient error.

`execute_query` runs a read as a managed transaction: BEGIN, RUN and PULL, then a COMMIT of its
own, and the driver's retry loop around them. A household page spends about 0.2 ms of its 1.7 ms of
Python there. An auto-commit read sends RUN and PULL only. What the managed path adds is its
retries: so a read that fails as the driver would retry (`is_retryable`: a connection lost, a
cluster changing its leader, a transient error) is run again through `execute_query`, which
retries for up to the driver's `max_transaction_retry_time`. Other errors (a syntax error, the
transaction's time limit) are raised as they come, as `execute_query` raises them. Both paths use
the driver's bookmarks for `execute_query`, so a read still sees every write the process made
before it, on whichever server of a cluster it runs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, LiteralString, cast

from neo4j import READ_ACCESS, AsyncDriver, Record, RoutingControl
from neo4j.exceptions import DriverError, Neo4jError


async def read(driver: AsyncDriver, database: str, statement: str, params: Mapping[str, Any]) -> list[Record]:
    """The records of a read-only `statement` with `params`."""
    text = cast(LiteralString, statement)
    try:
        async with driver.session(
            database=database,
            default_access_mode=READ_ACCESS,
            bookmark_manager=driver.execute_query_bookmark_manager,
        ) as session:
            result = await session.run(text, dict(params))
            return [record async for record in result]
    except (Neo4jError, DriverError) as error:
        if not error.is_retryable():
            raise
    records, _, _ = await driver.execute_query(
        text, dict(params), database_=database, routing_=RoutingControl.READ
    )
    return records
