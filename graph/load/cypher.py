"""Cypher fragments shared by the per-roster statements.

Every statement starts `UNWIND $rows AS row` (one map per roster row: `row.i` its index, `row.key`
the natural key of docs/model.md, `row.props` the properties the file has a column for) and
returns one record for the whole batch, `RETURN rows, created, changed`: the indexes of the rows the statement
reached, of those it created and of those it changed (one record, not one per row, keeps the
client's decoding small). Per row, inside the statement:

- `created`: the MERGE created the row's node or relationship (`_new` is set ON CREATE and removed
  in the same statement, so it never outlives the transaction);
- `changed`: the row's signature (its node's properties and the relationships the row manages)
  differs before and after the writes. Loading the same file twice gives 0 created, 0 changed.
"""

from __future__ import annotations

from graph.load.audit import concern
from graph.migrate import KEYS


def signature(var: str, *rels: str) -> str:
    """`var`'s properties and, for each outgoing relationship of the types `rels`, its type,
    its end node and its properties: what a row may change."""
    if not rels:
        return f"properties({var})"
    types = "|".join(rels)
    rels_ = f"[({var})-[sig_:{types}]->(end_) | [type(sig_), elementId(end_), properties(sig_)]]"
    return f"[properties({var}), {rels_}]"


def merge_node(label: str, var: str = "n", sig: str | None = None, uid: bool = False, keep: str = "") -> str:
    """MERGE by natural key, remember `created` and the signature `before`, run `keep` (a clause
    that keeps what the SET replaces, graph/facts.py), then SET the row's props (a None value removes
    the property: the cell was emptied). Person and Cadre get `uid` ON CREATE."""
    on_create = f"{var}._new = true" + (f", {var}.uid = randomUUID()" if uid else "")
    return (
        f"MERGE ({var}:{label} {{{KEYS[label]}: row.key}}) ON CREATE SET {on_create}\n"
        f"WITH *, {var}._new IS NOT NULL AS created, {sig or signature(var)} AS before\n"
        f"{keep}SET {var} += row.props REMOVE {var}._new\n"
    )


def merge_dated(rel: str, source: str, target: str) -> str:
    """A dated relationship keyed by (source, target, since), never a counter: reruns MERGE the
    same relationship. `row.props` holds its other properties (until, role …)."""
    return (
        f"MERGE ({source})-[r:{rel} {{since: row.since}}]->({target}) ON CREATE SET r._new = true\n"
        "WITH *, r._new IS NOT NULL AS created, properties(r) AS before\n"
        "SET r += row.props REMOVE r._new\n"
    )


def _latest(mark: str) -> str:
    """The later of a node's `mark` (the last day a move left or entered it) and this move's day."""
    return f"CASE WHEN {mark} > moved THEN {mark} ELSE moved END"


def replace(
    var: str,
    rel: str,
    target: str,
    optional: bool = False,
    rel_props: str = "",
    kept: str = "",
    mark: str = "",
) -> str:
    """An undated single-valued relationship (IN_VILLAGE, BELONGS_TO …): the one to `target` is
    kept or created (with `rel_props`), any other is deleted (a household moved). With `optional`,
    a null target (the cell was emptied) deletes it. With `kept` (a relationship type), the one
    deleted is first kept as a `kept` relationship to the same node, with its properties and
    `until` $day: where a household lived, or to which household a person belonged, until then;
    the new one starts `since` $day, `var` carries it as `placedSince` and both ends as `mark`
    (graph/placement.py). A
    roster older than the link it replaces moves it on that link's `since`, so that none is inverted."""
    stale = f"x <> {target}" if not optional else f"{target} IS NULL OR x <> {target}"
    keep = (
        f"  WITH *, CASE WHEN old.since > $day THEN old.since ELSE $day END AS moved\n"
        f"  FOREACH (_ IN CASE WHEN old IS NULL THEN [] ELSE [1] END |\n"
        f"    CREATE ({var})-[was:{kept}]->(x) SET was = properties(old), was.until = moved,\n"
        f"    {var}.placedSince = moved, x.{mark} = {_latest(f'x.{mark}')},\n"
        f"    {target}.{mark} = {_latest(f'{target}.{mark}')})\n"
        if kept
        else ""
    )
    since = f" ON CREATE SET m.since = {var}.placedSince" if kept else ""
    merge = f"MERGE ({var})-[m:{rel}]->({target}){since}" + (f" SET m += {rel_props}" if rel_props else "")
    if optional:
        merge = f"CALL ({var}, {target}) {{ WITH * WHERE {target} IS NOT NULL {merge} }}"
    return (
        f"WITH *\nCALL ({var}, {target}) {{\n"
        f"  OPTIONAL MATCH ({var})-[old:{rel}]->(x) WHERE {stale}\n{keep}  DELETE old\n}}\n"
        f"{merge}\n"
    )


def switch(var: str, rel: str, target: str, reason: str | None = None, first: str = "$day") -> str:
    """A dated relationship with one open (until IS NULL) at a time, e.g. HAS_CARD, WORKS_FOR:
    when the open one leads elsewhere it ends on $day and one to `target` starts on $day; when it
    leads to `target` nothing happens; nothing is deleted. A roster older than the open one
    ($day < since) ends and starts on that since, so that no interval is inverted. The very first
    one starts on `first` (e.g. the household's registration date), else on $day."""
    set_reason = f" SET w.reason = {reason}" if reason else ""
    return (
        f"WITH *\nCALL ({var}, {target}) {{\n"
        f"  OPTIONAL MATCH ({var})-[a:{rel} WHERE a.until IS NULL]->()\n"
        f"  WITH {var}, {target}, collect(a) AS open\n"
        f"  WITH {var}, {target}, [a IN open WHERE endNode(a) <> {target}] AS stale,\n"
        f"       any(a IN open WHERE endNode(a) = {target}) AS kept,\n"
        f"       NOT EXISTS {{ ({var})-[:{rel}]->() }} AS fresh\n"
        f"  WITH *, CASE WHEN fresh THEN {first} ELSE\n"
        f"       reduce(d = $day, a IN stale | CASE WHEN a.since > d THEN a.since ELSE d END) END AS day\n"
        "  FOREACH (a IN stale | SET a.until = day)\n"
        "  WITH * WHERE NOT kept\n"
        f"  MERGE ({var})-[w:{rel} {{since: day}}]->({target}){set_reason} REMOVE w.until\n"
        "}\n"
    )


def result(
    var: str = "n",
    sig: str | None = None,
    main: bool = True,
    seen: str = "",
    then: str = "",
    concerns: tuple[str, ...] = (),
) -> str:
    """The per-row outcome. In a pass that writes what the row only shares or refers to (its
    township, its unit), creating that counts as a change of the row, not as its creation. With
    `then`, a clause run once every row is written, on `seen`: the list of each row's `seen`. The
    load's audit event concerns the nodes `concerns` of every row created or changed."""
    changed = f"before <> {sig or signature(var)}"
    audit = concern(f"created OR {changed}", *concerns) if concerns else ""
    if main:
        per_row = f"row.i AS i, created, {changed} AS changed"
    else:
        per_row = f"row.i AS i, false AS created, created OR {changed} AS changed"
    outcomes = (
        "collect(i) AS rows, collect(CASE WHEN created THEN i END) AS created,\n"
        "       collect(CASE WHEN changed THEN i END) AS changed"
    )
    if not then:
        return f"{audit}WITH {per_row}\nRETURN {outcomes}"
    return (
        f"{audit}WITH {per_row}, {seen} AS seen\nWITH {outcomes}, collect(seen) AS seen\n"
        f"{then}RETURN rows, created, changed"
    )


def each_seen(var: str, clause: str, at: int | None = None) -> str:
    """A `then` for result(): `clause` once for each distinct node `var` the rows saw (the `at`th
    of each row's `seen` list, when the rows saw several nodes)."""
    seen = var if at is None else f"row_seen[{at}] AS {var}"
    each = var if at is None else "row_seen"
    return f"CALL (seen) {{ UNWIND seen AS {each} WITH DISTINCT {seen}\n{clause}}}\n"
