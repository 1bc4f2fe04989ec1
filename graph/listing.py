"""Lists with filters, sorting and keyset pagination, as one parameterised Cypher statement.

Every fragment of Cypher text comes from a whitelist in a domain module (`graph/village.py` …);
values, including cursors, are always parameters. Keyset pagination (a cursor holds its row's sort
value and key) keeps a deep page as cheap as the first, where SKIP would read all rows before. The
page's condition is written as a range on the sort (`sort >= $afterSort`, or `key > $afterKey` when
the list is in key order), so an index on the sort serves it. A cursor carries a digest of the sort,
direction and filters it was issued for: reused with others it is refused, not answered with a
wrong page.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, overload

from neo4j import AsyncDriver
from neo4j.time import Date

from graph.rows import Props, plain
from graph.together import Read, Reader, direct


@dataclass(frozen=True)
class Listing:
    """How one entity is listed: `match` binds `n`; `key` is its unique, non-null order tie-break."""

    match: str
    key: str
    projection: str = "n {.*}"
    carry: str = ""  # what else the match binds that the projection reads: ", h"
    sorts: Mapping[str, str] = field(default_factory=dict)  # sort name -> non-null expression
    # Computed lists (coverage offenders) are found in one pass that both counts and pages them:
    # their match is the costly part and no index can order it, so running it twice for
    # `totalCount` would double the work. Entity lists page from an index and count separately.
    single_pass: bool = False
    # Clauses run on each row of the page only, once it is cut (they rebind `n`, keeping
    # its sort and key): what an item shows but the list's order and count do not need.
    page: str = ""


@dataclass(frozen=True)
class PageRequest:
    first: int
    after: str | None = None
    sort: str | None = None
    descending: bool = False
    with_total: bool = True
    # Paging backwards (`last`/`before`): `after` then holds the `before` cursor, and the page is
    # read in the reverse order and handed back in the list's order.
    backward: bool = False
    # What else decides the list's rows (its filters), for the cursor's digest.
    filters: str = ""
    # The properties to project (`n {.a, .b}`) instead of all (`n {.*}`), and map items to add (the
    # nested relations read with the page: resolvers/prefetch.py), for an entity's list.
    fields: tuple[str, ...] | None = None
    nested: str = ""

    @property
    def digest(self) -> str:
        """What a cursor of this list carries: the same list asked again recognises its cursors."""
        text = f"{self.sort}|{self.descending}|{self.filters}"
        return hashlib.blake2s(text.encode(), digest_size=6).hexdigest()


@dataclass(frozen=True)
class Page:
    rows: list[Props]
    cursors: Sequence[str]
    has_next: bool
    total: int | None


class Cursors(Sequence[str]):
    """A page's cursors, each encoded when it is first read: a query that selects no edge's cursor
    reads only the first and the last (its pageInfo)."""

    def __init__(self, values: Sequence[Sequence[Any]], digest: str) -> None:
        self._values, self._digest = values, digest
        self._encoded: dict[int, str] = {}

    def __len__(self) -> int:
        return len(self._values)

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        index = range(len(self))[index]  # negative indexes, IndexError
        cursor = self._encoded.get(index)
        if cursor is None:
            cursor = self._encoded[index] = encode_cursor(self._values[index], self._digest)
        return cursor


class BadCursor(ValueError):
    """A cursor that this API did not issue, or issued for another sort or filter."""


def _json(value: Any) -> Any:
    if isinstance(value, Date | dt.date):
        return {"date": value.isoformat()}
    return value


def _value(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"date"}:
        return dt.date.fromisoformat(value["date"])
    return value


def encode_cursor(values: Sequence[Any], digest: str) -> str:
    text = json.dumps([*(_json(v) for v in values), digest], ensure_ascii=False)
    return base64.urlsafe_b64encode(text.encode()).decode()


def decode_cursor(cursor: str, digest: str) -> tuple[Any, Any]:
    """The cursor's (sort value, key); BadCursor unless this list, so sorted and filtered, issued it."""
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (ValueError, UnicodeDecodeError) as error:
        raise BadCursor(f"invalid cursor {cursor!r}") from error
    if not isinstance(values, list) or len(values) != 3:
        raise BadCursor(f"invalid cursor {cursor!r}")
    if values[2] != digest:
        raise BadCursor(f"cursor {cursor!r} was issued for another sort or filter")
    try:
        return _value(values[0]), _value(values[1])
    except ValueError as error:
        raise BadCursor(f"invalid cursor {cursor!r}") from error


def _order(sort: str, key: str, request: PageRequest) -> tuple[str, str]:
    """(ORDER BY items, the condition past the cursor). Ties are broken by the key ascending,
    whatever the sort's direction; a backward page reads all of it reversed."""
    descending = request.descending != request.backward
    key_direction = "DESC" if request.backward else "ASC"
    direction = "DESC" if descending else "ASC"
    past = "<" if descending else ">"
    key_past = "<" if request.backward else ">"
    if sort == key:
        return f"{key} {direction}", f"{key} {past} $afterKey"
    # `sort >= $afterSort` (or <=) first: a range an index on the sort can serve.
    return (
        f"{sort} {direction}, {key} {key_direction}",
        f"{sort} {past}= $afterSort AND ({sort} {past} $afterSort OR {key} {key_past} $afterKey)",
    )


def projected(listing: Listing, fields: tuple[str, ...] | None, nested: str) -> str:
    """What a row returns of its node `n`: for an entity projected whole, only `fields` (all when
    None) and the `nested` map items (resolvers/prefetch.py); else the listing's own projection."""
    if listing.projection != "n {.*}":
        return listing.projection
    shown = ".*" if fields is None else ", ".join(f".{name}" for name in fields)
    return f"n {{{shown}{nested}}}"


def build(
    listing: Listing,
    conditions: Sequence[str],
    request: PageRequest,
    anchor: str | None = None,
) -> str:
    """The statement text; `anchor` replaces `listing.match` when a filter gives a better start."""
    match = anchor or listing.match
    sort = listing.sorts[request.sort] if request.sort else listing.key
    order, past = _order(sort, listing.key, request)
    where = " AND ".join(f"({c})" for c in conditions) or "true"
    if listing.single_pass and request.with_total:
        assert listing.projection == "n", "a single-pass list collects its items as they are"
        after = past if request.after else "true"
        return (
            f"CALL () {{ {match} WHERE {where}\n"
            f"  WITH n ORDER BY {order}\n"
            "  WITH collect(n) AS found\n"
            "  RETURN size(found) AS total,\n"
            f"         COLLECT {{ UNWIND found AS n WITH n WHERE {after} WITH n LIMIT $limit\n{listing.page}"
            f"                   RETURN {{node: n, cursor: [{sort}, {listing.key}]}} }} AS rows }}\n"
            "RETURN total, rows"
        )
    # Without a cursor, `key IS NOT NULL` lets the planner read a key-ordered list from its index.
    after = past if request.after else (f"{listing.key} IS NOT NULL" if sort == listing.key else "true")
    if anchor and request.after:
        # An anchor bounds the rows to a scope (a township's households), read whole and sorted on
        # every page. Left sargable, the cursor lets the planner walk the key's index from it and
        # join each row to the scope, through the rest of the county when fewer than a page remain
        # in the scope: the last page of a township read 123,786 dbHits instead of 4,367 at 15k.
        after = f"CASE WHEN {past} THEN true ELSE false END"
    projection = projected(listing, request.fields, request.nested)
    total = (
        f"CALL () {{ {match} WHERE {where} RETURN count(n) AS total }}\n"
        if request.with_total
        else "WITH null AS total\n"
    )
    return (
        f"{total}"
        # Importing `total` makes the page an Apply on the count, not a CartesianProduct with it.
        f"CALL (total) {{ {match} WHERE {where} AND {after}\n"
        f"  WITH n{listing.carry} ORDER BY {order} LIMIT $limit\n{listing.page}"
        f"  RETURN collect({{node: {projection}, cursor: [{sort}, {listing.key}]}}) AS rows }}\n"
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
    reader: Reader | None = None,
) -> Page:
    """One page; `reader`: how the statement is sent (with the other reads of its request:
    graph/together.py), by itself through `driver` when None."""
    digest = request.digest
    after_sort, after_key = decode_cursor(request.after, digest) if request.after else (None, None)
    read = Read(
        build(listing, conditions, request, anchor),
        {**params, "afterSort": after_sort, "afterKey": after_key, "limit": request.first + 1},
        ("total", "rows"),
    )
    (record,) = await (reader or direct(driver, database))(read)
    rows = record["rows"]
    page = rows[: request.first]
    if request.backward:
        page = page[::-1]
    return Page(
        rows=[plain(row["node"]) for row in page],
        cursors=Cursors([row["cursor"] for row in page], digest),
        has_next=len(rows) > request.first,
        total=record["total"],
    )
