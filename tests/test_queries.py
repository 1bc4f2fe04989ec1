"""Read queries over a county built so that every answer is known (tests/graphs.py)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import gql, gql_errors
from tests.graphs import mini_county


@pytest.fixture
def county(db):
    mini_county(db)
    return db


def test_townships_with_villages(client, county):
    data = gql(client, "{ townships { totalCount edges { node { code name villages { code } } } } }")
    townships = data["townships"]
    assert townships["totalCount"] == 2
    assert [e["node"]["code"] for e in townships["edges"]] == ["430624101", "430624102"]
    assert [v["code"] for v in townships["edges"][0]["node"]["villages"]] == [
        "430624101201",
        "430624101202",
    ]


def test_villages_filter_by_township_and_poverty(client, county):
    query = """query($f: VillageFilter) { villages(filter: $f) { totalCount
        edges { node { code householdCount poorPeopleCount township { name } } } } }"""
    data = gql(client, query, f={"townshipCode": "430624101", "isPoor": True})["villages"]
    assert data["totalCount"] == 1
    node = data["edges"][0]["node"]
    assert node == {
        "code": "430624101201",
        "householdCount": 3,
        "poorPeopleCount": 3,
        "township": {"name": "东塘镇"},
    }


def test_households_filter_sort_and_keyset_pages(client, county):
    query = """query($after: String) { households(sort: INCOME, direction: DESC, first: 2, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { id income } } } }"""
    seen: list[str] = []
    after = None
    for _ in range(5):
        page = gql(client, query, after=after)["households"]
        assert page["totalCount"] == 5
        seen += [e["node"]["id"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    # Incomes 9000, 8000, 4000, 2500, 2000: every household once, most income first.
    assert seen == ["H3", "H4", "H1", "H2", "H5"]


def test_total_count_inside_fragments(client, county):
    """A portal that selects `totalCount` in a named or inline fragment gets the count, not null."""
    query = """fragment Total on HouseholdConnection { totalCount }
      query { named: households { ...Total edges { node { id } } }
              inline: households { ... on HouseholdConnection { totalCount } }
              deeper: households { ... on HouseholdConnection { ...Total } } }"""
    data = gql(client, query)
    assert data["named"]["totalCount"] == len(data["named"]["edges"]) == 5
    assert data["inline"]["totalCount"] == data["deeper"]["totalCount"] == 5


def test_household_filters_combine(client, county):
    query = """query($f: HouseholdFilter) { households(filter: $f) { totalCount edges { node { id } } } }"""
    red_in_t1 = gql(client, query, f={"townshipCode": "430624101", "card": "RED"})["households"]
    assert [e["node"]["id"] for e in red_in_t1["edges"]] == ["H2"]
    poor_income = gql(client, query, f={"incomeBelow": 3000})["households"]
    assert poor_income["totalCount"] == 2
    dangerous = gql(client, query, f={"dangerousHouse": True, "villageCode": "430624101201"})["households"]
    assert [e["node"]["id"] for e in dangerous["edges"]] == ["H3"]


def test_household_members_cards_and_pairings_as_of(client, county):
    query = """query($d: Date) { household(id: "H1") { id card headIdNumber
        members { id name relation idNumber phone }
        cardHistory { color since until }
        now: pairings { cadre { name } since until }
        then: pairings(asOf: $d) { cadre { name } since until } } }"""
    h = gql(client, query, d="2019-05-31")["household"]
    assert h["card"] == "YELLOW"
    assert [m["name"] for m in h["members"]] == ["张三", "张小"]
    assert [c["color"] for c in h["cardHistory"]] == ["RED", "YELLOW"]
    assert h["now"] == [{"cadre": {"name": "乙干部"}, "since": "2019-06-01", "until": None}]
    assert h["then"] == [{"cadre": {"name": "甲干部"}, "since": "2018-03-01", "until": "2019-06-01"}]


def test_pairing_end_day_belongs_to_successor(client, county):
    query = """query($d: Date) { household(id: "H1") { pairings(asOf: $d) { cadre { name } } } }"""
    on_end_day = gql(client, query, d="2019-06-01")["household"]["pairings"]
    assert [p["cadre"]["name"] for p in on_end_day] == ["乙干部"]


def test_personal_data_is_shown_to_the_county_office(client, county):
    """COUNTY_ADMIN sees identity and phone numbers (and the read is audited: tests/test_access.py,
    which also shows them masked for other roles)."""
    query = """{ household(id: "H1") { headIdNumber members { idNumber phone } }
        village(code: "430624101201") { infoOfficerPhone } }"""
    data = gql(client, query)
    assert data["household"]["headIdNumber"] == "430624197001011234"
    assert data["household"]["members"][0] == {"idNumber": "430624197001011234", "phone": "13900001111"}
    assert data["village"]["infoOfficerPhone"] == "13812345678"


def test_cadre_unit_teams_and_pairings(client, county):
    query = """{ cadre(id: "c-a") { name unit { name } teams { role team { id level village { code } } }
        pairings { household { id } } } }"""
    cadre = gql(client, query)["cadre"]
    assert cadre["unit"] == {"name": "县财政局"}
    assert cadre["teams"] == [
        {
            "role": "FIRST_SECRETARY_LEADER",
            "team": {"id": "430624101201:县财政局", "level": "COUNTY", "village": {"code": "430624101201"}},
        }
    ]
    assert [p["household"]["id"] for p in cadre["pairings"]] == ["H2", "H3"]


def test_cadres_sorted_by_current_households(client, county):
    data = gql(client, "{ cadres(sort: HOUSEHOLDS, direction: DESC) { edges { node { name } } } }")
    assert [e["node"]["name"] for e in data["cadres"]["edges"]] == ["甲干部", "乙干部"]


def test_units_merged_and_teams(client, county):
    data = gql(
        client,
        """{ units(filter: {merged: true}) { edges { node { name mergedInto { name }
             before: mergedInto(asOf: "2019-02-28") { name } } } }
           workTeams(filter: {unitName: "县财政局"}) { totalCount edges { node { id unit { name }
             members { role cadre { name } } } } } }""",
    )
    assert data["units"]["edges"] == [
        {"node": {"name": "县审计局", "mergedInto": {"name": "县财政局"}, "before": None}}
    ]
    team = data["workTeams"]["edges"][0]["node"]
    assert data["workTeams"]["totalCount"] == 1
    assert team["members"] == [{"role": "FIRST_SECRETARY_LEADER", "cadre": {"name": "甲干部"}}]


def test_lookup_of_missing_key_is_null(client, county):
    assert gql(client, '{ household(id: "NOPE") { id } }') == {"household": None}


def test_page_size_is_capped(client, county):
    errors = gql_errors(client, "{ households(first: 1000) { edges { node { id } } } }")
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "first" in errors[0]["message"]


def test_bad_cursor_is_a_clear_error(client, county):
    errors = gql_errors(client, '{ households(after: "garbage") { edges { node { id } } } }')
    assert errors[0]["extensions"] == {"code": "BAD_USER_INPUT", "argument": "after"}


def test_round_trips_grow_with_depth_not_rows(settings, neo4j_target, county):
    """households → village → township and members: read with the list, in one statement (with the
    lookup asked beside it: graph/together.py); a relation not read with it (pairings) costs one
    statement per level, not per row."""
    import asyncio

    from fupin.api import SCHEMA
    from graph.connection import async_driver
    from resolvers.context import Context

    async def run(fields: str) -> tuple[int, list[dict[str, Any]]]:
        driver = async_driver(neo4j_target)
        try:
            context = Context(driver=driver, settings=settings)
            query = (
                f"{{ households(first: 5) {{ edges {{ node {{ id {fields} }} }} }} "
                f'one: household(id: "H1") {{ id {fields} }} }}'
            )
            result = await SCHEMA.execute(query, context_value=context)
            assert result.errors is None, result.errors
            assert result.data is not None
            # A household looked up reads the same relations with itself, sent with the list.
            assert result.data["one"] == result.data["households"]["edges"][0]["node"]
            return context.round_trips, [edge["node"] for edge in result.data["households"]["edges"]]
        finally:
            await driver.close()

    trips, nodes = asyncio.run(run("members { name } village { code township { code } }"))
    assert trips == 1
    assert nodes[0] == {
        "id": "H1",
        "members": [{"name": "张三"}, {"name": "张小"}],
        "village": {"code": "430624101201", "township": {"code": "430624101"}},
    }
    assert [n["village"]["township"]["code"] for n in nodes] == ["430624101"] * 4 + ["430624102"]
    # 1 list and lookup (with the village and card history) + 1 pairings, whatever the number of
    # households; the lookup's pairings are one more, or none when the loader batches them with the
    # list's (both asked in the same turn of the event loop).
    trips, nodes = asyncio.run(run("cardHistory { color } village { code } pairings { cadre { id } }"))
    assert trips in (2, 3)
    assert [c["color"] for c in nodes[0]["cardHistory"]] == ["RED", "YELLOW"]
    assert nodes[0]["pairings"] == [{"cadre": {"id": "c-b"}}]


def test_lookup_by_identity_number(client, county):
    data = gql(
        client,
        """{ cadreByIdNumber(idNumber: "430624198001015678") { id name }
             personByIdNumber(idNumber: "430624199805052345") { id name household { id } }
             person(id: "p-3") { name } }""",
    )
    assert data["cadreByIdNumber"] == {"id": "c-a", "name": "甲干部"}
    assert data["personByIdNumber"] == {"id": "p-2", "name": "张小", "household": {"id": "H1"}}
    assert data["person"] == {"name": "李四"}


def test_a_household_reached_through_a_relation_shows_what_its_lookup_shows(client, county):
    """A person's household and a cadre's paired households are read projected to the properties
    the type is built from (resolvers/relations.py): every plain field equals the lookup's."""
    from graphql import get_named_type, is_leaf_type

    from fupin.api import SCHEMA

    fields = SCHEMA._schema.type_map["Household"].fields  # type: ignore[union-attr]
    leaves = " ".join(
        sorted(name for name, f in fields.items() if is_leaf_type(get_named_type(f.type)) and not f.args)
    )
    assert "headName" in leaves and "status" in leaves
    data = gql(
        client,
        f"""{{ person(id: "p-2") {{ household {{ {leaves} }} }}
             cadre(id: "c-a") {{ pairings {{ household {{ {leaves} }} }} }}
             h1: household(id: "H1") {{ {leaves} }} h2: household(id: "H2") {{ {leaves} }}
             h3: household(id: "H3") {{ {leaves} }} }}""",
    )
    assert data["person"]["household"] == data["h1"]
    assert [p["household"] for p in data["cadre"]["pairings"]] == [data["h2"], data["h3"]]
