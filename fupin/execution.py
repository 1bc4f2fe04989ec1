"""GraphQL execution with plain fields completed without graphql-core's per-field machinery.

A page such as the portal's household page is mostly plain fields: values already on the built
object (schema/common.py `build`, which also masks), read by strawberry's default resolver. For
each of them graphql-core builds a path, a resolve-info object and an argument map and dispatches
on the field's type, about ten times the cost of reading the attribute. Here a field whose resolver
is strawberry's default one (no resolver of its own, no extension, no permission, no argument) and
whose type is a scalar, an enum, an object made only of such fields, or a list or non-null of
these, is read and serialised by a completer built once per field of the document and request.

Nothing is decided here that graphql-core would decide otherwise: every other field (a resolver,
an access check on a root field, an abstract type, a directive, a deferred fragment) goes through
graphql-core as before, and when a fast completer meets anything it does not expect (null in a
non-null field, a value its type refuses, an object of another type, any exception) it gives up
and graphql-core completes the same field from the start, reporting the error as it always did.
Reading a plain field has no effect, so reading it twice is harmless.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any, cast

from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLLeafType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    InlineFragmentNode,
    SelectionSetNode,
    Undefined,
)
from graphql.execution.collect_fields import FieldDetails
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.types.field import StrawberryField

Completer = Callable[[Any], Any]
FieldDetailsList = list[FieldDetails]


class GiveUp(Exception):
    """A fast completer met what graphql-core must complete (and report) itself."""


def _non_null(inner: Completer) -> Completer:
    def complete(value: Any) -> Any:
        completed = inner(value)
        if completed is None:
            raise GiveUp
        return completed

    return complete


def _list(inner: Completer) -> Completer:
    def complete(value: Any) -> Any:
        if value is None:
            return None
        if not isinstance(value, list | tuple):
            raise GiveUp
        return [inner(item) for item in value]

    return complete


def _leaf(leaf: GraphQLLeafType) -> Completer:
    coerce = leaf.coerce_output_value  # what graphql-core's complete_leaf_value calls

    def complete(value: Any) -> Any:
        if value is None:
            return None
        coerced = coerce(value)
        if coerced is None or coerced is Undefined:
            raise GiveUp
        return coerced

    return complete


def _object(object_type: GraphQLObjectType, fields: list[tuple[str, Completer]]) -> Completer:
    is_type_of = object_type.is_type_of

    def complete(value: Any) -> Any:
        if value is None:
            return None
        # strawberry's is_type_of reads the value's class only (not the resolve info).
        if is_type_of is not None and is_type_of(value, cast(GraphQLResolveInfo, None)) is not True:
            raise GiveUp
        return {key: field(value) for key, field in fields}

    return complete


class PlainFieldsExecution(StrawberryGraphQLCoreExecutionContext):
    """strawberry's execution context, completing plain fields directly (see the module's text)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # By (parent type, id of the field's details list); the list is kept with its completer so
        # that its id is not reused during the request (graphql-core memoizes sub-fields alike).
        self._plain: dict[tuple[GraphQLObjectType, int], tuple[FieldDetailsList, Completer | None]] = {}

    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: FieldDetailsList,
        path: Any,
        position_context: Any,
    ) -> Any:
        complete = self._plain_field(parent_type, field_details_list)
        if complete is not None:
            try:
                return complete(source)
            except Exception:  # GiveUp, or an error graphql-core reports with its path
                pass
        return super().execute_field(parent_type, source, field_details_list, path, position_context)

    def _plain_field(self, parent_type: GraphQLObjectType, details: FieldDetailsList) -> Completer | None:
        key = (parent_type, id(details))
        known = self._plain.get(key)
        if known is None:
            known = self._plain[key] = (details, _shared(parent_type, details, self._field_completer))
        return known[1]

    def _field_completer(self, parent_type: GraphQLObjectType, details: FieldDetailsList) -> Completer | None:
        """How to read and complete a plain field of `parent_type`, or None when it is not one."""
        if self.middleware_manager is not None and self.middleware_manager.middlewares:
            return None  # an extension that wraps every resolver (none does today) sees each field
        if any(d.defer_usage is not None or d.fragment_variable_values or d.node.directives for d in details):
            return None
        node = details[0].node
        name = node.name.value
        if name == "__typename":
            type_name = parent_type.name
            return lambda _: type_name
        field = self.schema.get_field(parent_type, name)
        if field is None or field.args or node.arguments:
            return None
        resolve = field.resolve
        if resolve is None or not getattr(resolve, "_is_default", False):
            return None  # a resolver of its own, an extension or a permission: graphql-core runs it
        complete = self._completer(field.type, details)
        if complete is None:
            return None
        # strawberry's default resolver is `getattr(source, python_name)` behind two calls.
        definition = (field.extensions or {}).get("strawberry-definition")
        if (
            isinstance(definition, StrawberryField)
            and definition.base_resolver is None
            and definition.default_resolver is getattr
        ):
            read = operator.attrgetter(definition.python_name)
            return lambda source: complete(read(source))
        return lambda source: complete(resolve(source, None))

    def _completer(self, type_: GraphQLOutputType, details: FieldDetailsList) -> Completer | None:
        if isinstance(type_, GraphQLNonNull):
            inner = self._completer(type_.of_type, details)
            return None if inner is None else _non_null(inner)
        if isinstance(type_, GraphQLList):
            inner = self._completer(type_.of_type, details)
            return None if inner is None else _list(inner)
        if isinstance(type_, GraphQLLeafType):
            return _leaf(type_)
        if isinstance(type_, GraphQLObjectType):
            if not all(self._undirected(d.node.selection_set) for d in details):
                return None
            grouped, new_defer_usages, _ = self.collect_subfields(type_, details)
            if new_defer_usages:
                return None
            fields: list[tuple[str, Completer]] = []
            for key, sub_details in grouped.items():
                sub = self._plain_field(type_, sub_details)
                if sub is None:
                    return None
                fields.append((key, sub))
            return _object(type_, fields)
        return None  # an interface or a union: graphql-core resolves the runtime type

    def _undirected(self, selections: SelectionSetNode | None) -> bool:
        """No fragment in `selections` (nested fragments included) carries a directive: which
        fields they select then depends on the document only, never on a request's variables
        (`@include(if: $x)`) or on deferral, so a completer serves every request of the document."""
        for selection in selections.selections if selections else ():
            if isinstance(selection, FieldNode):
                continue
            if selection.directives:
                return False
            if isinstance(selection, InlineFragmentNode):
                inner = selection.selection_set
            else:
                fragment = self.fragment_definitions.get(cast(FragmentSpreadNode, selection).name.value)
                if fragment is None or fragment.directives or fragment.variable_definitions:
                    return False
                inner = fragment.selection_set
            if not self._undirected(inner):
                return False
        return True


# Completers by (parent type, the field's nodes): a field's completer depends on its document's
# nodes and the schema only (no arguments, no directive; `_undirected`), so one built for a
# document serves every later request sending it (documents are parsed once per text:
# fupin/documents.py). The nodes are kept with it so that their ids are not reused.
_SHARED: dict[tuple[GraphQLObjectType, tuple[int, ...]], tuple[tuple[FieldNode, ...], Completer | None]] = {}
_SHARED_MAX = 20_000


def _shared(
    parent_type: GraphQLObjectType,
    details: FieldDetailsList,
    build: Callable[[GraphQLObjectType, FieldDetailsList], Completer | None],
) -> Completer | None:
    nodes = tuple(d.node for d in details)
    key = (parent_type, tuple(map(id, nodes)))
    known = _SHARED.get(key)
    if known is None:
        if len(_SHARED) >= _SHARED_MAX:
            _SHARED.clear()
        known = _SHARED[key] = (nodes, build(parent_type, details))
    return known[1]
