"""W7 and W8 on graphs whose offenders are known by construction."""

from __future__ import annotations

from tests import coverage_graphs as g
from tests.conftest import gql, gql_errors

W7 = """query($scope: ScopeInput, $asOf: Date) { coverage(scope: $scope, asOf: $asOf) {
  unpairedHouseholds { totalCount edges { node {
    household { id } village { code } card since days } } } } }"""

W8 = """query($asOf: Date) { coverage(asOf: $asOf) {
  overAssignedCadres { totalCount edges { node {
    cadre { id } unit { name } count households { id } } } } } }"""


def unpaired(client, **variables) -> list[str]:
    data = gql(client, W7, **variables)["coverage"]["unpairedHouseholds"]
    assert data["totalCount"] == len(data["edges"])
    return [e["node"]["household"]["id"] for e in data["edges"]]


# The W7 tests run with pairedSince recorded (graph/derived.py: county-wide, only households without
# it or paired after asOf are read) and without (every household's pairings are read).


@g.DERIVED
def test_w7_ended_pairing_does_not_count_and_end_day_is_unpaired(client, db, recorded):
    g.villages(db)
    g.households(db, "430624101201", ["H1", "H2"])
    g.cadre(db, "c1")
    g.pair(db, "c1", "H1", "2018-01-01")
    g.pair(db, "c1", "H2", "2018-01-01", until="2019-06-01")
    g.record(db, recorded)
    assert unpaired(client, asOf="2019-05-31") == []
    # The day a pairing ends belongs to the successor; there is none, so H2 is unpaired.
    assert unpaired(client, asOf="2019-06-01") == ["H2"]
    node = gql(client, W7, asOf="2019-06-11")["coverage"]["unpairedHouseholds"]["edges"][0]["node"]
    assert node == {
        "household": {"id": "H2"},
        "village": {"code": "430624101201"},
        "card": "GREEN",
        "since": "2019-06-01",
        "days": 10,
    }


@g.DERIVED
def test_w7_past_date_sees_past_and_longest_unpaired_first(client, db, recorded):
    g.villages(db)
    g.households(db, "430624101201", ["H1", "H2", "H3"])
    g.cadre(db, "c1")
    g.pair(db, "c1", "H1", "2018-01-01", until="2019-01-01")
    g.pair(db, "c1", "H2", "2018-01-01", until="2019-03-01")
    g.pair(db, "c1", "H3", "2019-06-01")
    g.record(db, recorded)
    # H3 is paired from its pairing's start on (pairedSince 2019-06-01 when recorded).
    assert unpaired(client, asOf="2019-06-01") == ["H1", "H2"]
    # Before H3 was paired and after the other two ended: all three unpaired.
    assert unpaired(client, asOf="2019-05-01") == ["H3", "H1", "H2"]
    assert unpaired(client, asOf="2017-12-31") == ["H1", "H2", "H3"]
    assert unpaired(client, asOf="2018-06-01") == ["H3"]


@g.DERIVED
def test_w7_scope_sees_only_itself(client, db, recorded):
    g.villages(db)
    g.households(db, "430624101201", ["A1", "A2"])
    g.households(db, "430624101202", ["B1"])
    g.households(db, "430624102201", ["C1"])
    g.cadre(db, "c1")
    g.pair(db, "c1", "A2", "2018-01-01")
    g.record(db, recorded)
    assert unpaired(client) == ["A1", "B1", "C1"]
    assert unpaired(client, scope={"townshipCode": "430624101"}) == ["A1", "B1"]
    assert unpaired(client, scope={"villageCode": "430624102201"}) == ["C1"]


def test_w8_five_passes_six_fails(client, db):
    g.villages(db)
    g.households(db, "430624101201", [f"H{i}" for i in range(1, 12)])
    g.cadre(db, "five")
    g.cadre(db, "six")
    for i in range(1, 6):
        g.pair(db, "five", f"H{i}", "2018-01-01")
    for i in range(6, 12):
        g.pair(db, "six", f"H{i}", "2018-01-01")
    data = gql(client, W8, asOf="2019-01-01")["coverage"]["overAssignedCadres"]
    assert data["totalCount"] == 1
    assert data["edges"][0]["node"] == {
        "cadre": {"id": "six"},
        "unit": {"name": "县财政局"},
        "count": 6,
        "households": [{"id": f"H{i}"} for i in sorted(range(6, 12), key=str)],
    }


def test_w8_ended_pairing_does_not_count(client, db):
    g.villages(db)
    g.households(db, "430624101201", [f"H{i}" for i in range(1, 7)])
    g.cadre(db, "c")
    for i in range(1, 6):
        g.pair(db, "c", f"H{i}", "2018-01-01")
    g.pair(db, "c", "H6", "2018-01-01", until="2019-01-01")
    assert gql(client, W8, asOf="2018-12-31")["coverage"]["overAssignedCadres"]["totalCount"] == 1
    assert gql(client, W8, asOf="2019-01-01")["coverage"]["overAssignedCadres"]["totalCount"] == 0


def test_scope_of_township_and_village_together_is_refused(client, db):
    errors = gql_errors(
        client,
        '{ coverage(scope: {townshipCode: "430624101", villageCode: "430624101201"}) { scope { asOf } } }',
    )
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_coverage_round_trips_grow_with_depth_not_rows(settings, neo4j_target, db):
    """A coverage page with nested relations: one statement per level, however many offenders."""
    import asyncio

    from fupin.api import SCHEMA
    from graph.connection import async_driver
    from resolvers.context import Context

    g.villages(db)
    g.households(db, "430624101201", [f"H{i}" for i in range(12)])
    query = """{ coverage(asOf: "2019-06-30") { unpairedHouseholds(first: 50) { totalCount
        edges { node { household { id members { name } pairings { cadre { name } } } } } } } }"""

    async def run() -> tuple[int, int]:
        driver = async_driver(neo4j_target)
        try:
            context = Context(driver=driver, settings=settings)
            result = await SCHEMA.execute(query, context_value=context)
            assert result.errors is None, result.errors
            return len(result.data["coverage"]["unpairedHouseholds"]["edges"]), context.round_trips
        finally:
            await driver.close()

    # 1 page, then the members and the pairings of all 12 households: one statement each, or one
    # for both when their loads start in the same turn of the event loop (graph/together.py).
    shown, trips = asyncio.run(run())
    assert shown == 12 and trips in (2, 3)
