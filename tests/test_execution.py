"""Plain fields completed without graphql-core's per-field machinery (fupin/execution.py): every
answer, error included, is the one strawberry's own execution gives; plain fields skip graphql-core;
masking stays as the types were built."""

from __future__ import annotations

import asyncio
import enum
import json
from typing import Any

import pytest
import strawberry
from graphql.execution.executor import Executor
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.types import ExecutionResult

from core.principal import Principal, Role
from fupin.api import SCHEMA
from fupin.execution import PlainFieldsExecution
from graph.connection import async_driver
from resolvers.context import Context
from tests.test_together import OFFICER, OTHER_TOWNSHIP, PAGE, county  # noqa: F401 — the fixture

# The household page, with what the fast path must leave alone or honour: aliases, __typename, a
# fragment, an @include on an inline fragment and on a field (decided by a variable), @skip.
PAGE_WITH_FRAGMENTS = (
    PAGE.replace(
        "query($pairings: Int, $visits: Int)", "query($pairings: Int, $visits: Int, $more: Boolean!)"
    )
    .replace("members { id name idNumber }", "members { ...who __typename n: name }")
    .replace(
        "cadre { id name } } } }",
        "cadre { id ... @include(if: $more) { name } phone @skip(if: $more) } } } }",
        1,
    )
    + " fragment who on Person { id idNumber name @include(if: $more) }"
)


def _response(result: ExecutionResult) -> str:
    errors = [error.formatted for error in result.errors or []]
    return json.dumps({"data": result.data, "errors": errors}, sort_keys=True, default=str)


def _both(schema: strawberry.Schema, query: str, context: Any = None, **variables: Any) -> list[str]:
    """The response (data and errors) under fupin's execution and under strawberry's own."""
    answers = []
    kept = schema.execution_context_class
    try:
        for execution in (PlainFieldsExecution, StrawberryGraphQLCoreExecutionContext):
            schema.execution_context_class = execution
            result = asyncio.run(schema.execute(query, variable_values=variables, context_value=context))
            answers.append(_response(result))
    finally:
        schema.execution_context_class = kept
    return answers


@pytest.mark.parametrize("who", ["admin", "officer", "other township"])
@pytest.mark.parametrize("more", [True, False])
def test_household_page_answers_as_strawberry_does(county, settings, neo4j_target, who, more):  # noqa: F811
    principal = {
        "admin": Principal("admin", Role.COUNTY_ADMIN),
        "officer": OFFICER,
        "other township": OTHER_TOWNSHIP,
    }[who]

    async def contexts() -> list[str]:
        driver = async_driver(neo4j_target)
        try:
            answers = []
            for execution in (PlainFieldsExecution, StrawberryGraphQLCoreExecutionContext):
                SCHEMA.execution_context_class = execution
                result = await SCHEMA.execute(
                    PAGE_WITH_FRAGMENTS,
                    context_value=Context(driver=driver, settings=settings, principal=principal),
                    variable_values={"pairings": 10, "visits": 10, "more": more},
                )
                errors = [error.formatted for error in result.errors or []]
                answers.append(
                    json.dumps({"data": result.data, "errors": errors}, sort_keys=True, default=str)
                )
            return answers
        finally:
            SCHEMA.execution_context_class = PlainFieldsExecution
            await driver.close()

    fast, core = asyncio.run(contexts())
    assert fast == core
    answer = json.loads(fast)
    data = answer["data"]
    if who == "other township":  # outside the reach: refused, as the page alone would be
        assert answer["errors"] and (data is None or data["household"] is None)
    else:
        members = data["household"]["members"]
        assert members and all(m["__typename"] == "Person" for m in members)
        assert ("name" in members[0]) is more
        masked = [m["idNumber"] for m in members if m["idNumber"]]
        assert masked and all(("*" in n) is (who == "officer") for n in masked)


@strawberry.enum
class Colour(enum.Enum):
    RED = "RED"


@strawberry.interface
class Named:
    name: str


@strawberry.type
class Item(Named):  # with an interface: graphql-core checks each value's type (is_type_of)
    colour: Colour | None
    tags: list[str] | None


@strawberry.type
class Other:
    name: str


def _items(rows: list[Any]) -> strawberry.Schema:
    @strawberry.type
    class Query:
        @strawberry.field
        def items(self) -> list[Item | None]:
            return rows

        plain: list[Item] = strawberry.field(default_factory=lambda: rows)

    return strawberry.Schema(query=Query, types=[Item], execution_context_class=PlainFieldsExecution)


@pytest.mark.parametrize(
    "rows, query, failing",
    [
        ([Item(name="a", colour=Colour.RED, tags=["x"])], "{ items { name colour tags } }", False),
        # null in a non-null field: the item becomes null, with graphql-core's error and path
        ([Item(name=None, colour=None, tags=None)], "{ items { name } }", True),  # type: ignore[arg-type]
        # a value the enum refuses, a list that is not one, an object of another type
        ([Item(name="a", colour="BLUE", tags=None)], "{ items { colour } }", True),  # type: ignore[arg-type]
        ([Item(name="a", colour=None, tags="x")], "{ items { tags } }", True),  # type: ignore[arg-type]
        ([Other(name="a")], "{ items { name } }", True),
        # a plain field of the root whose items break: the error propagates to the root
        ([Item(name=None, colour=None, tags=None)], "{ plain { name } }", True),  # type: ignore[arg-type]
    ],
)
def test_errors_are_graphql_cores(rows, query, failing):
    fast, core = _both(_items(rows), query)
    assert fast == core
    assert bool(json.loads(fast)["errors"]) is failing


def test_plain_fields_skip_graphql_core(monkeypatch):
    rows = [Item(name=str(i), colour=Colour.RED, tags=["t"]) for i in range(5)]
    calls: list[str] = []
    original = Executor.execute_field

    def counted(self, parent_type, source, details, path, position):  # type: ignore[no-untyped-def]
        calls.append(details[0].node.name.value)
        return original(self, parent_type, source, details, path, position)

    monkeypatch.setattr(Executor, "execute_field", counted)
    result = asyncio.run(_items(rows).execute("{ items { name colour tags } }"))
    assert not result.errors
    assert result.data == {"items": [{"name": str(i), "colour": "RED", "tags": ["t"]} for i in range(5)]}
    assert calls == ["items"]  # the resolver only; its items' 15 plain fields were read directly
