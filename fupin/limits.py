"""How big a GraphQL document is: its depth, aliases, fields and cost, all in one pass.

A fragment is measured once and its measure added wherever it is spread, so a document is measured
in time linear in its text even when the query it stands for is exponentially larger (a chain of
fragments each spreading the next eight times): that expanded size is what the cost refuses.

Cost is an estimate of how many values the answer may hold: every field costs 1, and the cost
of a list's selection counts once per item the list may hold. A paged field (one that takes
`first`) holds `first` items, the default page size without it, the largest page when `first`
is a variable (validation does not see variables); the list inside its connection (`edges`) is
that page, not another. Any other list of objects is assumed to hold a default page.

Fields are the fields an operation selects, a fragment's counted each time it is spread, lists not
multiplied. They bound graphql-core's validation, whose check that same-named fields can merge is
quadratic in them (a thousand repeated fields take about a second, at a cost of only a few
thousand when they are not lists). Fields of introspection (`__schema`, `__type`) count for all but depth,
as before (GraphiQL's own query nests deeper than data queries may; it selects 226 fields).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    VariableNode,
    get_named_type,
)

CODE = "QUERY_TOO_COMPLEX"
# Measures stop growing here: the largest integer every JSON reader holds exactly.
CEILING = 2**53 - 1


@dataclass(frozen=True)
class Limits:
    max_depth: int
    max_aliases: int
    max_fields: int
    max_cost: int
    default_page: int  # a paged field without `first`, and any other list of objects
    max_page: int  # a `first` given as a variable


@dataclass(frozen=True)
class Measure:
    depth: int = 0  # fields nested below a root field
    aliases: int = 0
    fields: int = 0
    cost: int = 0

    def __add__(self, other: Measure) -> Measure:
        """Two selections side by side."""
        return Measure(
            max(self.depth, other.depth),
            min(CEILING, self.aliases + other.aliases),
            min(CEILING, self.fields + other.fields),
            min(CEILING, self.cost + other.cost),
        )


NOTHING = Measure()


class _Measurer:
    def __init__(self, schema: GraphQLSchema, limits: Limits, document: DocumentNode) -> None:
        self.schema, self.limits = schema, limits
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self.connections = _connections(schema)
        self.measured: dict[str, Measure] = {}
        for name in self._dependencies_first():
            fragment = self.fragments[name]
            self.measured[name] = self.selections(
                fragment.selection_set, self.schema.get_type(fragment.type_condition.name.value)
            )

    def _dependencies_first(self) -> list[str]:
        """Every fragment after the fragments it spreads, without recursion (a chain of fragments
        may be longer than Python's stack). A spread that closes a cycle, or names no fragment,
        measures nothing here; validation refuses the document for it."""
        spreads = {name: list(_spreads(f.selection_set)) for name, f in self.fragments.items()}
        order: list[str] = []
        state: dict[str, bool] = {}  # False while on the path, True once placed
        for root in self.fragments:
            if root in state:
                continue
            state[root] = False
            stack = [(root, iter(spreads[root]))]
            while stack:
                name, pending = stack[-1]
                following = next((s for s in pending if s in self.fragments and s not in state), None)
                if following is None:
                    stack.pop()
                    state[name] = True
                    order.append(name)
                else:
                    state[following] = False
                    stack.append((following, iter(spreads[following])))
        return order

    def selections(self, node: SelectionSetNode, parent: GraphQLNamedType | None) -> Measure:
        total = NOTHING
        for selection in node.selections:
            if isinstance(selection, FieldNode):
                total += self.field(selection, parent)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner = parent if condition is None else self.schema.get_type(condition.name.value)
                total += self.selections(selection.selection_set, inner)
            elif isinstance(selection, FragmentSpreadNode):
                total += self.measured.get(selection.name.value, NOTHING)
        return total

    def field(self, node: FieldNode, parent: GraphQLNamedType | None) -> Measure:
        aliases = 1 if node.alias else 0
        if node.selection_set is None:
            return Measure(0, aliases, 1, 1)
        definition = _definition(parent, node.name.value)
        inner = self.selections(node.selection_set, get_named_type(definition.type) if definition else None)
        weight = self.items(node, definition, parent)
        return Measure(
            0 if node.name.value.startswith("__") else 1 + inner.depth,
            min(CEILING, aliases + inner.aliases),
            min(CEILING, 1 + inner.fields),
            min(CEILING, 1 + weight * inner.cost),
        )

    def items(self, node: FieldNode, definition: GraphQLField | None, parent: GraphQLNamedType | None) -> int:
        """How many times the field's selection may be answered."""
        if definition is None or parent is None:
            return 1
        if "first" in definition.args:
            return self.first(node)
        type_ = definition.type.of_type if isinstance(definition.type, GraphQLNonNull) else definition.type
        inside_page = parent.name in self.connections or parent.name.startswith("__")
        return self.limits.default_page if isinstance(type_, GraphQLList) and not inside_page else 1

    def first(self, node: FieldNode) -> int:
        given = next((a.value for a in node.arguments or () if a.name.value == "first"), None)
        if isinstance(given, VariableNode):
            return self.limits.max_page
        if isinstance(given, IntValueNode):
            # A `first` outside 1…max_page is refused when the field resolves.
            return max(0, min(int(given.value), self.limits.max_page))
        return self.limits.default_page


@functools.cache
def _connections(schema: GraphQLSchema) -> frozenset[str]:
    """Types a paged field returns (connections): the list inside one is that field's page."""
    return frozenset(
        get_named_type(field.type).name
        for type_ in schema.type_map.values()
        if isinstance(type_, GraphQLObjectType | GraphQLInterfaceType)
        for field in type_.fields.values()
        if "first" in field.args
    )


def _spreads(node: SelectionSetNode) -> Iterator[str]:
    for selection in node.selections:
        if isinstance(selection, FragmentSpreadNode):
            yield selection.name.value
        elif isinstance(selection, FieldNode | InlineFragmentNode) and selection.selection_set:
            yield from _spreads(selection.selection_set)


def _definition(parent: GraphQLNamedType | None, name: str) -> GraphQLField | None:
    if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
        return parent.fields.get(name)
    return None


def measure(schema: GraphQLSchema, limits: Limits, document: DocumentNode) -> list[tuple[str, Measure]]:
    """Each operation's name ("anonymous" for one without) and measure, in document order."""
    measurer = _Measurer(schema, limits, document)
    return [
        (_name(d), measurer.selections(d.selection_set, _root(schema, d.operation)))
        for d in document.definitions
        if isinstance(d, OperationDefinitionNode)
    ]


def refusals(schema: GraphQLSchema, limits: Limits, document: DocumentNode) -> list[GraphQLError]:
    """An error for every limit an operation of `document` exceeds."""
    errors: list[GraphQLError] = []
    for name, size in measure(schema, limits, document):
        if size.depth > limits.max_depth:
            errors.append(
                _refusal(
                    f"查询「{name}」嵌套 {size.depth} 层，超过上限 {limits.max_depth} 层"
                    f" ('{name}' exceeds maximum operation depth of {limits.max_depth})",
                    "depth",
                    size.depth,
                    limits.max_depth,
                )
            )
        if size.aliases > limits.max_aliases:
            errors.append(
                _refusal(
                    f"查询「{name}」用了 {size.aliases} 个别名，超过上限 {limits.max_aliases} 个"
                    f" ({size.aliases} aliases found in '{name}'; allowed: {limits.max_aliases})",
                    "aliases",
                    size.aliases,
                    limits.max_aliases,
                )
            )
        if size.fields > limits.max_fields:
            errors.append(
                _refusal(
                    f"查询「{name}」选了 {size.fields} 个字段（片段每展开一次计一次），"
                    f"超过上限 {limits.max_fields} 个"
                    f" ('{name}' selects {size.fields} fields; allowed: {limits.max_fields})",
                    "fields",
                    size.fields,
                    limits.max_fields,
                )
            )
        if size.cost > limits.max_cost:
            errors.append(
                _refusal(
                    f"查询「{name}」的估算代价 {size.cost} 超过上限 {limits.max_cost}：请减少嵌套的列表、"
                    f"片段的重复展开或每页条数 first ('{name}' would cost {size.cost}; "
                    f"allowed: {limits.max_cost})",
                    "cost",
                    size.cost,
                    limits.max_cost,
                )
            )
    return errors


def _name(operation: OperationDefinitionNode) -> str:
    return operation.name.value if operation.name else "anonymous"


def _root(schema: GraphQLSchema, operation: OperationType) -> GraphQLObjectType | None:
    if operation is OperationType.QUERY:
        return schema.query_type
    if operation is OperationType.MUTATION:
        return schema.mutation_type
    return schema.subscription_type


def _refusal(message: str, limit: str, measured: int, maximum: int) -> GraphQLError:
    return GraphQLError(
        message, extensions={"code": CODE, "limit": limit, "measured": measured, "maximum": maximum}
    )
