"""A crawler driven by the GraphQL schema: it walks every object field reachable from
every root Query field and reports every Household, Person, Cadre, WorkTeam, Village, Township,
Unit and AuditEvent a caller was shown, with the path that showed it.

- Selection sets come from the schema: every object field of a type, down to `depth` levels of
  objects (the root field's type is the first; the Relay wrappers `…Connection`, `…Edge` and
  `PageInfo` are no level of their own). Of leaves only `__typename` and what names an entity
  (`IDENTIFYING`: keys, an AuditEvent's inputs and changes, page info) are selected: they are
  what the reach is about, and the walk stays fast.
- Arguments come from the schema too: a lookup's key (`id`, `code`, `householdId` …) takes each of
  the plan's sample keys of that label, one alias each; enums take each of their values, booleans
  both, input objects one field at a time, dates the plan's day; `first` is the page size. One
  call per root field has every argument at its default, and every connection in its answer that
  is not inside a list is followed page by page with `after`; the plan's `sweep` then tries each
  other argument value alone, first page only, which keeps the walk linear in the number of values.
- Documents stay inside the server's token and alias limits: a selection too large is split into
  several documents, each repeating the path down to its part.
- Mutations are not crawled.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLObjectType,
    GraphQLSchema,
    Undefined,
    get_named_type,
    get_nullable_type,
    is_leaf_type,
    is_list_type,
    is_non_null_type,
)
from starlette.testclient import TestClient

# The labels whose every object in a response is reported, by the field that names it.
TRACKED = {
    "Household": "id",
    "Person": "id",
    "Cadre": "id",
    "WorkTeam": "id",
    "Village": "code",
    "Township": "code",
    "Unit": "name",
    "AuditEvent": "id",
}
# Objects that name a tracked entity by a plain field: (label, key) pairs read from the object.
REFERENCES = {
    "ChainNode": lambda o: [(o["label"], o["key"])],
    "Loan": lambda o: [("Household", o["householdId"])],
}
# The fields selected of a type whatever the depth, and its only leaves: what names the entities
# in it, and the page info to follow.
IDENTIFYING: dict[str, tuple[str, ...]] = {
    **{label: (key,) for label, key in TRACKED.items()},
    "AuditEvent": ("id", "operation", "inputs", "changes"),
    "AuditChange": ("entity", "key", "before", "after"),
    "ChainNode": ("label", "key"),
    "Loan": ("householdId",),
    "PageInfo": ("hasNextPage", "endCursor"),
}
# Lookup arguments named after the label whose key they take ("*": any label's).
KEY_ARGUMENTS = {"householdId": "Household", "villageCode": "Village", "cadreId": "Cadre", "entityId": "*"}
# A root field's own key argument: the key of the label it returns.
LOOKUP_ARGUMENTS = {"id", "code", "name", "idNumber"}
# Filter arguments that take a key (`Plan.keys`) of a label.
FILTER_KEYS = {
    "townshipCode": "Township",
    "villageCode": "Village",
    "unitName": "Unit",
    "householdId": "Household",
    "cadreId": "Cadre",
}
# Arguments the plan always gives a value (dates too).
PLANNED = frozenset({"first", "year", "month"})
REFUSALS = frozenset({"FORBIDDEN", "NOT_FOUND"})


class EnumValue(str):
    """An enum value: written bare in a document."""


def literal(value: Any) -> str:
    """`value` as a GraphQL literal."""
    if value is None:
        return "null"
    if isinstance(value, EnumValue):
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dt.date):
        return json.dumps(value.isoformat())
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {literal(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"no GraphQL literal for {value!r}")


@dataclass(frozen=True)
class Selection:
    name: str
    args: tuple[tuple[str, Any], ...] = ()
    children: tuple[Selection, ...] = ()
    alias: str | None = None

    @property
    def key(self) -> str:
        """The field's key in the response."""
        return self.alias or self.name

    def call(self) -> str:
        args = ", ".join(f"{k}: {literal(v)}" for k, v in self.args)
        head = f"{self.alias}: {self.name}" if self.alias else self.name
        return f"{head}({args})" if args else head

    def text(self) -> str:
        if not self.children:
            return self.call()
        return self.call() + " { " + " ".join(c.text() for c in self.children) + " }"


def document(roots: tuple[Selection, ...]) -> str:
    return "{ " + " ".join(r.text() for r in roots) + " }"


def value_tokens(value: Any) -> int:
    if isinstance(value, list):
        return 2 + sum(value_tokens(v) for v in value)
    if isinstance(value, dict):
        return 2 + sum(2 + value_tokens(v) for v in value.values())
    return 1


def tokens(sel: Selection) -> int:
    """The lexical tokens of `sel.text()`, as the server's token limit counts them (commas are
    not tokens in GraphQL)."""
    count = 3 if sel.alias else 1
    if sel.args:
        count += 2 + sum(2 + value_tokens(v) for _, v in sel.args)
    if sel.children:
        count += 2 + sum(tokens(c) for c in sel.children)
    return count


@dataclass(frozen=True)
class Plan:
    """What the crawl asks about: the day, sample keys by label (inside and outside the caller's
    reach; `Person.idNumber`, `Cadre.idNumber` for lookups by identity number) and the values of
    arguments whose type alone does not say (`values`, by argument name)."""

    day: dt.date
    start: dt.date  # `from` of a period
    keys: dict[str, list[str]]
    values: dict[str, list[Any]]
    page: int
    depth: int
    max_tokens: int
    max_aliases: int
    sweep: Plan | None = None  # the page size and depth of the calls that try argument values

    def on(self, day: dt.date) -> Plan:
        return replace(self, day=day, sweep=self.sweep and self.sweep.on(day))


def is_wrapper(t: GraphQLObjectType) -> bool:
    """Relay's connection, edge and page-info types: no level of their own."""
    return t.name.endswith(("Connection", "Edge")) or t.name == "PageInfo"


def argument_values(name: str, t: GraphQLInputType, plan: Plan) -> list[Any]:
    """Every value tried for an argument or input field (not the default, which is `null`)."""
    named = get_named_type(t)
    if isinstance(named, GraphQLEnumType):
        values: list[Any] = [EnumValue(v) for v in named.values]
        return [[v] for v in values] if is_list_type(get_nullable_type(t)) else values
    if isinstance(named, GraphQLInputObjectType):
        return [
            {field: value}
            for field, f in named.fields.items()
            for value in argument_values(field, f.type, plan)
        ]
    if name in FILTER_KEYS:
        return plan.keys[FILTER_KEYS[name]]
    if name == "first":
        return [plan.page]
    if name == "after":
        return []  # followed from each page's endCursor
    if name in ("last", "before"):
        return []  # backward pages hold the rows the forward ones do
    if named.name == "Date":
        return [plan.start if name == "from" else plan.day]
    if named.name == "Boolean":
        return [True, False]
    if name == "year":
        return [plan.day.year]
    if name == "month":
        return [f"{plan.day:%Y-%m}"]
    if name in plan.values:
        return plan.values[name]
    raise KeyError(f"the crawler has no value for argument {name}: {t}; add one to Plan.values")


def defaults(f: GraphQLField, plan: Plan, skip: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The arguments every call of `f` passes: the required ones, and those the plan always gives
    (the page size, the day, its year and month); the others keep the server's default."""
    chosen: dict[str, Any] = {}
    for name, arg in f.args.items():
        required = is_non_null_type(arg.type) and arg.default_value is Undefined
        planned = name in PLANNED or get_named_type(arg.type).name == "Date"
        if name not in skip and (required or planned):
            chosen[name] = argument_values(name, arg.type, plan)[0]
    return chosen


def select(t: GraphQLObjectType, depth: int, plan: Plan) -> tuple[Selection, ...]:
    """Every field of `t`, `t` and the objects below it on `depth` levels, nested arguments at
    their defaults."""
    below = depth if is_wrapper(t) else depth - 1  # a wrapper's node is at the wrapper's level
    identifying = IDENTIFYING.get(t.name, ())
    out = [Selection("__typename")]
    for name, f in t.fields.items():
        target = get_named_type(f.type)
        args = tuple(defaults(f, plan).items())
        if is_leaf_type(target):
            if name in identifying:
                out.append(Selection(name, args))
        elif isinstance(target, GraphQLObjectType) and (below >= 1 or name in identifying):
            out.append(Selection(name, args, select(target, max(below, 1), plan)))
    return tuple(out)


def key_label(f: GraphQLField, arg: str) -> str | None:
    """The label whose keys `arg` of the root field `f` takes, if it is a key."""
    if arg in KEY_ARGUMENTS:
        return KEY_ARGUMENTS[arg]
    if arg in LOOKUP_ARGUMENTS and is_non_null_type(f.args[arg].type):
        label = get_named_type(f.type).name
        return f"{label}.idNumber" if arg == "idNumber" else label
    return None


def lookup_keys(label: str, plan: Plan) -> list[str]:
    if label == "*":
        return [k for name, keys in plan.keys.items() if "." not in name for k in keys]
    return plan.keys[label]


@dataclass(frozen=True)
class Call:
    roots: tuple[Selection, ...]  # one per sample key of a lookup, else one
    follow: bool  # whether its connections are followed page by page


def query_type(schema: GraphQLSchema) -> GraphQLObjectType:
    assert schema.query_type is not None
    return schema.query_type


def calls(schema: GraphQLSchema, plan: Plan) -> Iterator[Call]:
    """For every root field: one call with every argument at its default, at `plan.depth`, pages
    followed; then, when `plan.sweep`, one call per other argument value at the sweep's depth and
    page size, first page only. A lookup asks for each sample key under an alias."""
    for name, f in query_type(schema).fields.items():
        keyed = [(arg, label) for arg in f.args if (label := key_label(f, arg)) is not None]
        assert len(keyed) <= 1, f"{name}: more than one key argument"
        key_arg, key_of = keyed[0] if keyed else (None, None)
        target = get_named_type(f.type)
        if name == "node":  # answers with what the types' own lookups, crawled here, answer
            continue
        assert isinstance(target, GraphQLObjectType)
        skip = frozenset([key_arg] if key_arg else [])
        variants = [(plan, defaults(f, plan, skip))]
        if plan.sweep is not None:
            small = plan.sweep
            base = defaults(f, small, skip)
            variants += [
                (small, {**base, arg_name: value})
                for arg_name, arg in f.args.items()
                if arg_name != key_arg
                for value in argument_values(arg_name, arg.type, small)
                if base.get(arg_name) != value
            ]
        for chosen, args in variants:
            children = select(target, chosen.depth, chosen)
            if key_arg and key_of:
                keys = lookup_keys(key_of, chosen)
                roots = tuple(
                    Selection(name, ((key_arg, key), *args.items()), children, alias=f"k{i}")
                    for i, key in enumerate(keys)
                )
            else:
                roots = (Selection(name, tuple(args.items()), children),)
            # A refused non-null root field nulls the whole response: one key per call then.
            batch = 1 if is_non_null_type(f.type) else plan.max_aliases
            for start in range(0, len(roots), batch):
                yield Call(roots[start : start + batch], follow=chosen is plan)


def bins(pieces: Iterable[Selection], room: int) -> list[list[Selection]]:
    """`pieces` in order, in as few groups of at most `room` tokens as a greedy fill gives."""
    groups: list[list[Selection]] = [[]]
    used = 0
    for piece in pieces:
        size = tokens(piece)
        if groups[-1] and used + size > room:
            groups.append([])
            used = 0
        groups[-1].append(piece)
        used += size
    return groups


def split(sel: Selection, budget: int) -> list[Selection]:
    """`sel` as parts of at most `budget` tokens each, every part with `sel`'s own leaves."""
    if tokens(sel) <= budget or not sel.children:
        return [sel]
    leaves = tuple(c for c in sel.children if not c.children)
    room = budget - tokens(replace(sel, children=leaves))
    pieces = (piece for child in sel.children if child.children for piece in split(child, room))
    return [replace(sel, children=leaves + tuple(group)) for group in bins(pieces, room)]


def pack(roots: tuple[Selection, ...], max_tokens: int) -> list[tuple[Selection, ...]]:
    """Documents of at most `max_tokens` tokens holding every part of `roots`."""
    budget = max_tokens - 2  # the document's braces
    return [tuple(group) for group in bins((p for root in roots for p in split(root, budget)), budget)]


@dataclass(frozen=True)
class Found:
    """A tracked entity in a response: its label, key and where it was shown."""

    label: str
    key: str
    where: str
    words: frozenset[str] = frozenset()  # an AuditEvent's: every word of its inputs and changes


@dataclass
class Crawl:
    found: list[Found] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # errors other than refusals
    refused: int = 0
    requests: int = 0
    answered: set[str] = field(default_factory=set)  # root fields that returned data


WORD = re.compile(r"[0-9A-Za-z]+(?:-[0-9A-Za-z]+)*")


def words(value: Any) -> Iterator[str]:
    """Every word of every string inside `value`, JSON text parsed on the way."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from words(k)
            yield from words(v)
    elif isinstance(value, list):
        for v in value:
            yield from words(v)
    elif isinstance(value, str):
        try:
            parsed = json.loads(value)
        except ValueError:
            parsed = None
        if isinstance(parsed, dict | list):
            yield from words(parsed)
        else:
            yield from WORD.findall(value)


def collect(data: Any, where: str, out: list[Found]) -> None:
    """Every tracked entity and reference in `data` (a response below `where`)."""
    if isinstance(data, list):
        for i, item in enumerate(data):
            collect(item, f"{where}[{i}]", out)
        return
    if not isinstance(data, dict):
        return
    typename = data.get("__typename")
    if typename == "AuditEvent":
        out.append(Found(typename, data["id"], f"{where} ({data['operation']})", frozenset(words(data))))
    elif typename in TRACKED:
        out.append(Found(typename, str(data[TRACKED[typename]]), where))
    if typename in REFERENCES:
        for label, key in REFERENCES[typename](data):
            if label in TRACKED and key is not None:
                out.append(Found(label, str(key), f"{where} ({typename})"))
    for k, v in data.items():
        collect(v, f"{where}.{k}", out)


def next_pages(roots: tuple[Selection, ...], data: dict[str, Any]) -> Iterator[tuple[Selection, ...]]:
    """A document for the next page of every connection in `data` that is not inside a list."""

    def walk(sel: Selection, value: Any, path: list[Selection]) -> Iterator[Selection]:
        if not isinstance(value, dict):
            return
        info = value.get("pageInfo")
        if isinstance(info, dict) and info.get("hasNextPage") and info.get("endCursor"):
            args = ((k, v) for k, v in sel.args if k != "after")
            narrowed = replace(sel, args=(*args, ("after", info["endCursor"])))
            for parent in reversed(path):
                leaves = tuple(c for c in parent.children if not c.children)
                narrowed = replace(parent, children=(*leaves, narrowed))
            yield narrowed
        for child in sel.children:
            if child.children:
                yield from walk(child, value.get(child.key), [*path, sel])

    for root in roots:
        for page in walk(root, data.get(root.key), []):
            yield (page,)


def crawl(client: TestClient, authorization: str, schema: GraphQLSchema, plans: list[Plan]) -> Crawl:
    """Every call of every plan and every page it leads to, as the caller `authorization`."""
    result = Crawl()
    limit = plans[0].max_tokens
    pending = [(doc, c.follow) for plan in plans for c in calls(schema, plan) for doc in pack(c.roots, limit)]
    while pending:
        roots, follow = pending.pop()
        text = document(roots)
        result.requests += 1
        response = client.post("/graphql", json={"query": text}, headers={"authorization": authorization})
        assert response.status_code == 200, (text, response.text)
        body = response.json()
        for error in body.get("errors") or []:
            code = (error.get("extensions") or {}).get("code")
            if code in REFUSALS:
                result.refused += 1
            else:
                path = ".".join(str(p) for p in error.get("path") or [])
                result.errors.append(f"{code} at {path}: {error['message']} — in {text[:300]}")
        data = body.get("data") or {}
        for root in roots:
            if data.get(root.key) is not None:
                result.answered.add(root.name)
            collect(data.get(root.key), root.call(), result.found)
        for page in next_pages(roots, data) if follow else ():
            pending.extend((doc, True) for doc in pack(page, limit))
    return result
