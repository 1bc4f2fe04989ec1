"""Lists with filters, sorting and keyset pagination, as one parameterised Cypher statement.

Every fragment of Cypher text comes from a whitelist in a domain module (`graph/village.py` …);
values, including cursors, are always parameters. Keyset pagination (`after` holds the last row's
sort value and key) keeps a deep page as cheap as the first, where SKIP would read all rows before.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from neo4j import AsyncDriver, RoutingControl

from graph.rows import Props, plain


@dataclass(frozen=True)
class Listing:
    """How one entity is listed: `match` binds `n`; `key` is its unique, non-null order tie-break."""

    match: str
    key: str
    projection: str = "n {.*}"
    sorts: Mapping[str, str] = field(default_factory=dict)  # sort name -> non-null expression
    # Computed lists (coverage offenders) are found in one pass that both counts and pages them:
    # their match is the costly part and no index can order it, so running it twice for
    # `totalCount` would double the work. Entity lists page from an index and count separately.
    single_pass: bool = False


@dataclass(frozen=True)
class PageRequest:
    first: int
    after: str | None = None
    sort: str | None = None
    descending: bool = False
    with_total: bool = True


@dataclass(frozen=True)
class Page:
    rows: list[Props]
    cursors: list[str]
    has_next: bool
    total: int | None


class BadCursor(ValueError):
    """An `after` cursor that this API did not issue."""


def encode_cursor(values: Sequence[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(values), ensure_ascii=False).encode()).decode()


def decode_cursor(cursor: str) -> list[Any]:
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (ValueError, UnicodeDecodeError) as error:
        raise BadCursor(f"invalid cursor {cursor!r}") from error
    if not isinstance(values, list) or len(values) != 2:
        raise BadCursor(f"invalid cursor {cursor!r}")
    return values


def build(
    listing: Listing,
    conditions: Sequence[str],
    request: PageRequest,
    anchor: str | None = None,
) -> str:
    """The statement text; `anchor` replaces `listing.match` when a filter gives a better start."""
    match = anchor or listing.match
    sort = listing.sorts[request.sort] if request.sort else listing.key
    direction = "DESC" if request.descending else "ASC"
    where = " AND ".join(f"({c})" for c in conditions) or "true"
    comparison = "<" if request.descending else ">"
    # Ties are broken by the key, always ascending, whatever the sort's direction.
    after = (
        f"($afterSort IS NULL OR {sort} {comparison} $afterSort"
        f" OR ({sort} = $afterSort AND {listing.key} > $afterKey))"
    )
    if listing.single_pass and request.with_total:
        assert listing.projection == "n", "a single-pass list collects its items as they are"
        return (
            f"CALL () {{ {match} WHERE {where}\n"
            f"  WITH n ORDER BY {sort} {direction}, {listing.key}\n"
            "  WITH collect(n) AS found\n"
            "  RETURN size(found) AS total,\n"
            f"         COLLECT {{ UNWIND found AS n WITH n WHERE {after} WITH n LIMIT $limit\n"
            f"                   RETURN {{node: n, cursor: [{sort}, {listing.key}]}} }} AS rows }}\n"
            "RETURN total, rows"
        )
    total = (
        f"CALL () {{ {match} WHERE {where} RETURN count(n) AS total }}\n"
        if request.with_total
        else "WITH null AS total\n"
    )
    return (
        f"{total}"
        # Importing `total` makes the page an Apply on the count, not a CartesianProduct with it.
        f"CALL (total) {{ {match} WHERE {where} AND {after}\n"
        f"  WITH n ORDER BY {sort} {direction}, {listing.key} LIMIT $limit\n"
        f"  RETURN collect({{node: {listing.projection}, cursor: [{sort}, {listing.key}]}}) AS rows }}\n"
        "RETURN total, rows"
    )


async def fetch_page(
    driver: AsyncDriver,
    database: str,
    listing: Listing,
    conditions: Sequence[str],
    params: dict[str, Any],
    request: PageRequest,
    anchor: str | None = None,
) -> Page:
    after_sort, after_key = decode_cursor(request.after) if request.after else (None, None)
    records, _, _ = await driver.execute_query(
        build(listing, conditions, request, anchor),
        {**params, "afterSort": after_sort, "afterKey": after_key, "limit": request.first + 1},
        database_=database,
        routing_=RoutingControl.READ,
    )
    record = records[0]
    rows = record["rows"]
    page = rows[: request.first]
    return Page(
        rows=[plain(row["node"]) for row in page],
        cursors=[encode_cursor(row["cursor"]) for row in page],
        has_next=len(rows) > request.first,
        total=record["total"],
    )
