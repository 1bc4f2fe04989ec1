"""The offenders of each coverage rule as a list query: each rule field of `coverage` with every
plain field of its item and of the objects it names (household { id headName … }), so a new rule's
field is exported without a word here."""

from __future__ import annotations

from graphql import GraphQLObjectType, GraphQLSchema, get_named_type, is_non_null_type

from graph.coverage.rules import RULES

# What names an object the item refers to (its household, cadre, village …) in a column or two.
NAMING = ("id", "code", "caseNo", "name", "headName", "date", "issuedOn", "level")


def _plain(kind: GraphQLObjectType) -> list[str]:
    """Fields of `kind` that need no argument and hold a value, not an object."""
    return [
        name
        for name, field in kind.fields.items()
        if not isinstance(get_named_type(field.type), GraphQLObjectType)
        and not any(is_non_null_type(arg.type) for arg in field.args.values())
    ]


def selection(kind: GraphQLObjectType) -> str:
    """Every plain field of `kind`, and the plain fields of the objects it names."""
    parts = _plain(kind)
    for name, field in kind.fields.items():
        named = get_named_type(field.type)
        if isinstance(named, GraphQLObjectType) and not any(
            is_non_null_type(a.type) for a in field.args.values()
        ):
            inner = [n for n in _plain(named) if n in NAMING] or _plain(named)
            if inner:
                parts.append(f"{name} {{ {' '.join(inner)} }}")
    return " ".join(parts)


def rule_fields() -> list[tuple[str, str]]:
    """(rule id, coverage field) of every registered rule's lists, in the registry's order."""
    return [(rule.id, field) for rule in RULES for field in rule.fields if not field.endswith("County")]


def query(schema: GraphQLSchema, field: str) -> str:
    """The list query of one coverage field's offenders on `$asOf`, county-wide (the caller's reach
    narrows it)."""
    coverage = schema.get_type("Coverage")
    assert isinstance(coverage, GraphQLObjectType)
    connection = get_named_type(coverage.fields[field].type)
    assert isinstance(connection, GraphQLObjectType)
    edge = get_named_type(connection.fields["edges"].type)
    assert isinstance(edge, GraphQLObjectType)
    node = get_named_type(edge.fields["node"].type)
    assert isinstance(node, GraphQLObjectType)
    nodes = f"{field} {{ edges {{ node {{ {selection(node)} }} }} }}"
    return f"query Offenders($asOf: Date) {{ coverage(asOf: $asOf) {{ {nodes} }} }}"
