"""The item types of the coverage lists, built from the fields a rule declares as plain data
(graph/coverage/rules/, resolvers/coverage/fields.py passes them here).

A field's type is in GraphQL notation: a name, `!` for non-null, brackets for a list ("[Cadre!]!").
The name is a scalar, a type of the API listed in KNOWN, or a type declared before it (a rule's
own nested types and enums, added to the namespace the builder is given).
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
from collections.abc import Iterable, MutableMapping
from typing import Any

import strawberry

from schema.cadre import Cadre
from schema.compare import Suspect
from schema.enums import Card, PovertyStatus, TeamLevel, TeamRole
from schema.household import Household
from schema.person import Person
from schema.projects import Disbursement, Project
from schema.records import PovertyReport, Rectification, Visit, VisitCadence
from schema.team import WorkTeam
from schema.township import Township
from schema.unit import Unit
from schema.village import Village

SCALARS: dict[str, Any] = {"Int": int, "Float": float, "String": str, "Boolean": bool, "Date": dt.date}
KNOWN: dict[str, Any] = {
    cls.__name__: cls
    for cls in (
        Household, Village, Township, Cadre, Unit, WorkTeam, Person, Card, PovertyStatus, TeamLevel,
        TeamRole, VisitCadence, Visit, Rectification, PovertyReport, Project, Disbursement, Suspect,
    )
}  # fmt: skip


def hint(notation: str, named: MutableMapping[str, Any]) -> Any:
    """The Python type strawberry reads for a GraphQL type `notation`."""
    if notation.endswith("!"):
        return _bare(notation[:-1], named)
    return _bare(notation, named) | None


def _bare(notation: str, named: MutableMapping[str, Any]) -> Any:
    if notation.startswith("[") and notation.endswith("]"):
        return list[hint(notation[1:-1], named)]  # type: ignore[misc]  # a type built at run time
    found = SCALARS.get(notation) or named.get(notation)
    if found is None:
        raise KeyError(f"unknown type {notation!r} in a coverage item")
    return found


def object_type(
    name: str, description: str, fields: Iterable[tuple[str, str, str]], named: MutableMapping[str, Any]
) -> type:
    """A strawberry type `name` with `fields` (name, GraphQL type, description), added to `named`."""
    annotations: dict[str, Any] = {}
    namespace: dict[str, Any] = {"__annotations__": annotations, "__module__": __name__}
    for field, notation, about in fields:
        annotations[field] = hint(notation, named)
        if about:
            namespace[field] = strawberry.field(description=about)
    built = strawberry.type(type(name, (), namespace), description=description or None)
    named[name] = built
    return built


def enum_type(
    name: str,
    description: str,
    values: Iterable[str],
    named: MutableMapping[str, Any],
    labels: Iterable[str] = (),
) -> type:
    """A strawberry enum `name` whose members are `values` (each its own value, described by its
    label), added to `named`."""
    described = itertools.zip_longest(values, labels)
    members = enum.Enum(  # type: ignore[misc]  # named at run time
        name, [(value, strawberry.enum_value(value, description=label)) for value, label in described]
    )
    built: type = strawberry.enum(members, description=description or None)
    named[name] = built
    return built
