"""Reads of one request sent together (graph/together.py): the portal's household page (the household
with its members, village, township and cards; its pairings over time; its visits) is one statement,
answers as each field asked alone does, and keeps the caller's reach and masking."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from core.principal import Principal, Role
from fupin.api import SCHEMA
from graph import derived
from graph.connection import async_driver
from graph.together import Read, combined, groups, run
from resolvers.context import Context
from tests.chain_graphs import TOWNSHIP, history
from tests.test_history import RECORDS

HOUSEHOLD = """household(id: "H1") { id headName headIdNumber card
  village { code name township { code name } }
  members { id name idNumber } cardHistory { color since until } }"""
PAIRINGS = """householdHistory(householdId: "H1", kinds: [PAIRING], direction: ASC, first: $pairings) {
  totalCount edges { node { action since until cadre { id name } } } }"""
VISITS = """visits(filter: { householdId: "H1" }, first: $visits) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { cursor node { visit { id date mode modeText } cadre { id name } } } }"""
PAGE = f"query($pairings: Int, $visits: Int) {{ {HOUSEHOLD} {PAIRINGS} {VISITS} }}"

OFFICER = Principal("officer", Role.TOWNSHIP_OFFICER, TOWNSHIP)
OTHER_TOWNSHIP = Principal("elsewhere", Role.TOWNSHIP_OFFICER, "430624999")


@pytest.fixture
def county(db):
    history(db)
    db.execute_query(RECORDS)
    derived.repair(db, "neo4j")
    return db


def _ask(
    settings, target, principal: Principal, *documents: str, **variables: Any
) -> tuple[int, dict[str, Any]]:  # type: ignore[no-untyped-def]
    """Each document as its own request: the statements sent for all, the merged data."""

    async def run() -> tuple[int, dict[str, Any]]:
        driver = async_driver(target)
        trips, data = 0, {}
        try:
            for document in documents:
                context = Context(driver=driver, settings=settings, principal=principal)
                result = await SCHEMA.execute(document, context_value=context, variable_values=variables)
                data.update(result.data or {})
                data.setdefault("errors", []).extend(e.message for e in result.errors or [])
                trips += context.round_trips
        finally:
            await driver.close()
        return trips, data

    return asyncio.run(run())


def _alone(field: str) -> str:
    declared = ", ".join(f"${name}: Int" for name in ("pairings", "visits") if f"${name}" in field)
    return f"query({declared}) {{ {field} }}" if declared else f"{{ {field} }}"


@pytest.mark.parametrize("principal", [OFFICER, Principal("admin", Role.COUNTY_ADMIN)])
def test_household_page_is_one_statement_answering_as_each_field_alone(
    settings, neo4j_target, county, principal
):
    trips, together = _ask(settings, neo4j_target, principal, PAGE, pairings=50, visits=50)
    assert trips == 1
    alone_trips, alone = _ask(
        settings, neo4j_target, principal, *map(_alone, (HOUSEHOLD, PAIRINGS, VISITS)), pairings=50, visits=50
    )
    assert alone_trips == 3
    assert together == alone
    assert together["errors"] == []
    household = together["household"]
    assert household["village"]["township"] == {"code": TOWNSHIP, "name": "东塘镇"}
    assert [c["color"] for c in household["cardHistory"]] == ["RED", "YELLOW", "RED"]
    pairings = [e["node"] for e in together["householdHistory"]["edges"]]
    assert [(p["action"], p["cadre"]["id"]) for p in pairings] == [
        ("STARTED", "c-a"),
        ("ENDED", "c-a"),
        ("STARTED", "c-b"),
    ]
    visits = together["visits"]
    assert [e["node"]["visit"]["id"] for e in visits["edges"]] == ["V2", "V1"]
    # Recorded before 走访方式 was a code list: no mode, the text as it was written.
    assert [(e["node"]["visit"]["mode"], e["node"]["visit"]["modeText"]) for e in visits["edges"]] == [
        (None, "电话"),
        (None, "入户走访"),
    ]
    assert visits["edges"][-1]["cursor"] == visits["pageInfo"]["endCursor"]
    # Personal data as the role may see it, on the page as alone.
    (member,) = household["members"]
    if principal.role is Role.COUNTY_ADMIN:
        assert member["idNumber"] == "430624199805052345"
    else:
        assert member["idNumber"] == "430624********2345"


def test_household_page_outside_the_reach_shows_nothing(settings, neo4j_target, county):
    trips, data = _ask(settings, neo4j_target, OTHER_TOWNSHIP, _alone(HOUSEHOLD + VISITS), visits=50)
    assert trips == 1
    assert data["household"] is None
    assert data["visits"]["edges"] == [] and data["visits"]["totalCount"] == 0
    # The history's page is empty; one more statement asks whether the household is there at all.
    trips, data = _ask(settings, neo4j_target, OTHER_TOWNSHIP, _alone(PAIRINGS), pairings=50)
    assert (trips, data["errors"]) == (2, ["未找到贫困户：H1"])


def test_reads_whose_parameters_clash_go_apart(settings, neo4j_target, county):
    """The pages' `$limit` differs: two statements, each page of its own size."""
    trips, data = _ask(settings, neo4j_target, OFFICER, PAGE, pairings=2, visits=1)
    assert trips == 2
    assert len(data["householdHistory"]["edges"]) == 2 and data["householdHistory"]["totalCount"] == 3
    assert len(data["visits"]["edges"]) == 1 and data["visits"]["pageInfo"]["hasNextPage"] is True


def test_groups_and_the_combined_statement():
    a = Read("RETURN $x AS one", {"x": 1}, ("one",))
    b = Read("RETURN $x AS two", {"x": 2}, ("two",))
    c = Read("UNWIND $keys AS key RETURN key, $x AS three", {"x": 1, "keys": [1, 2]}, ("key", "three"))
    assert groups([a, b, c]) == [[0, 2], [1]]
    assert groups([a, Read("RETURN $x AS four", {"x": True}, ("four",))]) == [[0], [1]]
    assert combined([a, c]) == (
        "CALL () { CALL () { RETURN $x AS one\n}\nRETURN collect({one: one}) AS _read0 }\n"
        "CALL () { CALL () { UNWIND $keys AS key RETURN key, $x AS three\n}\n"
        "RETURN collect({key: key, three: three}) AS _read1 }\nRETURN _read0, _read1"
    )


def test_an_empty_read_leaves_the_others_their_rows(neo4j_target):
    """Reads that yield no rows, first, between or last, do not take the other reads' rows away."""
    empty = Read("UNWIND [] AS nothing RETURN nothing", {}, ("nothing",))
    one = Read("RETURN $x AS one", {"x": 1}, ("one",))
    pair = Read("UNWIND [1, 2] AS key RETURN key", {}, ("key",))

    async def ask() -> list[Any]:
        driver = async_driver(neo4j_target)
        try:
            return await run(driver, neo4j_target.database, [empty, one, empty, pair, empty])
        finally:
            await driver.close()

    assert asyncio.run(ask()) == [[], [{"one": 1}], [], [{"key": 1}, {"key": 2}], []]
