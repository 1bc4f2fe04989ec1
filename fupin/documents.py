"""From a query text to a document the API runs: parsed within the token limit, measured against
the limits (fupin/limits.py), validated by graphql-core's rules; both results kept per text.

The limits refuse a document before graphql-core's rules see it, so those never walk an
exponentially large one, nor one with more fields than their quadratic check of merged fields
takes in a few tens of milliseconds. Parsing and validating a text not seen before run in a worker
thread all the same: the event loop must keep answering meanwhile.
Documents are validated without their variables, so the result of one text is the result of
every request sending it.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import AsyncIterator
from typing import Any, TypeVar

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLSchema,
    GraphQLSyntaxError,
    parse,
)
from graphql.type import is_introspection_type
from graphql.type.definition import get_named_type
from graphql.validation import (
    ASTValidationRule,
    KnownFragmentNamesRule,
    ValidationRule,
    specified_rules,
    validate,
)
from graphql.validation.rules.max_introspection_depth_rule import MaxIntrospectionDepthRule
from strawberry.extensions import SchemaExtension
from strawberry.schema.validation_rules.maybe_null import MaybeNullValidationRule
from strawberry.schema.validation_rules.one_of import OneOfInputValidationRule

from fupin.limits import CODE, Limits, refusals


class KnownFragments(ValidationRule):
    """graphql-core's KnownFragmentNamesRule, saying it in Chinese with a code."""

    def enter_fragment_spread(self, node: FragmentSpreadNode, *_: Any) -> None:
        name = node.name.value
        if self.context.get_fragment(name) is None:
            self.report_error(
                GraphQLError(
                    f"查询展开了未定义的片段 {name}：请在同一查询中定义 fragment {name}"
                    f" (Unknown fragment '{name}'.)",
                    node.name,
                    extensions={"code": "GRAPHQL_VALIDATION_FAILED", "fragment": name},
                )
            )


class NoIntrospection(ValidationRule):
    """graphql-core's NoSchemaIntrospectionCustomRule, in Chinese with a code."""

    def enter_field(self, node: FieldNode, *_: Any) -> None:
        type_ = get_named_type(self.context.get_type())
        if type_ is not None and is_introspection_type(type_):
            self.report_error(
                GraphQLError(
                    f"本服务未开放自省查询（字段 {node.name.value}）：FUPIN_INTROSPECTION 未开启"
                    f" (GraphQL introspection is disabled; the query asked for '{node.name.value}')",
                    node,
                    extensions={"code": "INTROSPECTION_DISABLED"},
                )
            )


def rules(introspection: bool) -> tuple[type[ASTValidationRule], ...]:
    """graphql-core's specified rules (Chinese where a county user meets them), strawberry's two,
    the bound on introspection's nesting, and no introspection at all unless allowed."""
    chosen = [KnownFragments if rule is KnownFragmentNamesRule else rule for rule in specified_rules]
    chosen += [MaybeNullValidationRule, OneOfInputValidationRule, MaxIntrospectionDepthRule]
    if not introspection:
        chosen.append(NoIntrospection)
    return tuple(chosen)


class Documents:
    """The parsed documents and validation errors of the last `size` query texts (the portal sends
    a few fixed documents): a repeated query is neither parsed nor validated again."""

    def __init__(
        self, limits: Limits, rules: tuple[type[ASTValidationRule], ...], max_tokens: int, size: int
    ) -> None:
        self.limits, self.rules, self.max_tokens, self.size = limits, rules, max_tokens, size
        self._parsed: OrderedDict[str, DocumentNode] = OrderedDict()
        self._errors: OrderedDict[str, list[GraphQLError]] = OrderedDict()

    async def parse(self, text: str) -> DocumentNode:
        """The document of `text`; a GraphQLSyntaxError (not kept) when it does not parse."""
        known = _recall(self._parsed, text)
        if known is None:
            try:
                known = await asyncio.to_thread(parse, text, max_tokens=self.max_tokens)
            except GraphQLSyntaxError as error:
                if "more than" in error.message and "tokens" in error.message:
                    raise self._too_long() from None
                raise
            _keep(self._parsed, text, known, self.size)
        return known

    def _too_long(self) -> GraphQLError:
        """graphql-core's "Document contains more than N tokens", in Chinese with the limits' code."""
        limit = self.max_tokens
        return GraphQLError(
            f"查询语句超过 {limit} 个词法单元（名称、括号、取值等）的上限，请拆分查询"
            f" (the document contains more than {limit} tokens)",
            extensions={"code": CODE, "limit": "tokens", "maximum": limit},
        )

    async def errors(self, schema: GraphQLSchema, text: str, document: DocumentNode) -> list[GraphQLError]:
        known = _recall(self._errors, text)
        if known is None:
            known = await asyncio.to_thread(self._check, schema, document)
            _keep(self._errors, text, known, self.size)
        return known

    def _check(self, schema: GraphQLSchema, document: DocumentNode) -> list[GraphQLError]:
        return refusals(schema, self.limits, document) or validate(schema, document, self.rules)


T = TypeVar("T")


def _recall(kept: OrderedDict[str, T], text: str) -> T | None:
    known = kept.get(text)
    if known is not None:
        kept.move_to_end(text)
    return known


def _keep(kept: OrderedDict[str, T], text: str, value: T, size: int) -> None:
    kept[text] = value
    while len(kept) > size:
        kept.popitem(last=False)


class ParseAndValidate(SchemaExtension):
    """Sets the request's document and validation errors from `documents`, so strawberry neither
    parses nor validates it again."""

    def __init__(self, documents: Documents) -> None:
        self.documents = documents

    async def on_parse(self) -> AsyncIterator[None]:  # type: ignore[override]
        context = self.execution_context
        assert context.query is not None
        context.graphql_document = await self.documents.parse(context.query)
        yield

    async def on_validate(self) -> AsyncIterator[None]:  # type: ignore[override]
        context = self.execution_context
        assert context.query is not None and context.graphql_document is not None
        context.pre_execution_errors = await self.documents.errors(
            context.schema._schema, context.query, context.graphql_document
        )
        yield
