"""Valid-time facts (graph/facts.py): a later load records new facts as of its snapshot day, and a
question about an earlier day gets exactly the answer it got before — county-wide (from the indexes
and the periods) and in a township (walking its households) alike, lists and summary."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from neo4j import Driver

from graph.connection import Target
from tests.conftest import gql
from tests.load_kit import County, run
from tests.summary_lists import county_figures

MAY, JUNE = date(2024, 5, 1), date(2024, 6, 1)
BEFORE, AFTER = "2024-05-15", "2024-06-15"
T1 = "430624101"  # 东塘镇: H0000, H0001, H0003, H0004 (villages alternate)

LISTS = """query($scope: ScopeInput, $d: Date) { coverage(scope: $scope, asOf: $d) {
  dangerousHousing { edges { node { household { id } grade } } }
  cardMismatches { edges { node { household { id } status income expected } } }
  schoolDropouts { edges { node { household { id } } } } } }"""
RULES = ("P4", "S1,S2", "P2")


def summary(db: Driver, day: str, township: str | None) -> dict[str, tuple[float, float]]:
    return county_figures(db, day, township, RULES)


def answers(client: Any, db: Driver, day: str, township: str | None = None) -> dict[str, Any]:
    scope = {"townshipCode": township} if township else None
    found = gql(client, LISTS, scope=scope, d=day)["coverage"]
    return {
        "dangerous": sorted(
            (e["node"]["household"]["id"], e["node"]["grade"]) for e in found["dangerousHousing"]["edges"]
        ),
        "mismatched": sorted(
            (n["household"]["id"], n["income"], n["expected"])
            for n in (e["node"] for e in found["cardMismatches"]["edges"])
        ),
        "dropouts": sorted(e["node"]["household"]["id"] for e in found["schoolDropouts"]["edges"]),
        "lines": summary(db, day, township),
    }


def test_a_later_load_leaves_the_past_answers_as_they_were(
    client: Any, db: Driver, neo4j_target: Target, tmp_path: Path
) -> None:
    county = County()
    may = county.write(tmp_path / "may", ["units", "villages", "households", "persons"])
    run(db, neo4j_target, may, today=MAY)
    # Income 5000 + k, all 已脱贫; the low-income line is 1.5 × 4000: every card should be YELLOW.
    # Cards alternate RED, YELLOW, GREEN, so H0000, H0002, H0003, H0005 are mismatched; no house
    # is dangerous, every child is at school.
    asked = [(day, township) for day in (BEFORE, AFTER) for township in (None, T1)]
    first = {key: answers(client, db, *key) for key in asked}
    assert first[(BEFORE, None)]["mismatched"] == [
        ("H0000", 5000.0, "YELLOW"), ("H0002", 5002.0, "YELLOW"),
        ("H0003", 5003.0, "YELLOW"), ("H0005", 5005.0, "YELLOW"),
    ]  # fmt: skip
    assert first[(BEFORE, None)]["dangerous"] == first[(BEFORE, None)]["dropouts"] == []

    households, persons = county.rows["households"], county.rows["persons"]
    households[1][11:13] = ["是", "D"]  # H0001's house is graded D
    households[2][10] = 6100  # H0002 now earns above the line: GREEN is right
    households[0][7] = "未脱贫"  # H0000 is poor again: its RED card is right
    persons[2 * 4 + 1][6] = ""  # H0004's child left school
    run(db, neo4j_target, county.write(tmp_path / "june", ["households", "persons"]), snapshot=JUNE)

    for key in asked:  # the past is answered as it was, before and after the later load alike
        if key[0] == BEFORE:
            assert answers(client, db, *key) == first[key], key
    after = answers(client, db, AFTER)
    assert after["dangerous"] == [("H0001", "D")]
    assert after["mismatched"] == [("H0003", 5003.0, "YELLOW"), ("H0005", 5005.0, "YELLOW")]
    assert after["dropouts"] == ["H0004"]
    assert after["lines"] == {"P4": (1, 6), "S1,S2": (2, 6), "P2": (1, 6)}  # six school-age children
    assert answers(client, db, AFTER, T1)["dangerous"] == [("H0001", "D")]
    assert answers(client, db, AFTER, T1)["dropouts"] == ["H0004"]


def households_in_may_and_june(
    db: Driver, target: Target, tmp_path: Path, changes: dict[tuple[int, int], object], **june: Any
) -> list[Path]:
    """户花名册 loaded in May, then in June with `changes` ((row, column) → cell) as of JUNE; returns
    June's files."""
    county = County()
    run(db, target, county.write(tmp_path / "may", ["units", "villages", "households"]), today=MAY)
    for (row, column), cell in changes.items():
        county.rows["households"][row][column] = cell
    files = county.write(tmp_path / "june", ["households"])
    run(db, target, files, snapshot=JUNE, **june)
    return files


PERIODS = """MATCH (h:Household {id: $id})-[:HAD]->(was:HouseholdFacts)
RETURN was.since AS since, was.until AS until, was.income AS income, was.status AS status,
       h.factsSince AS factsSince, h.income AS now"""


def test_a_change_keeps_the_replaced_facts_and_a_rerun_adds_nothing(
    db: Driver, neo4j_target: Target, tmp_path: Path
) -> None:
    june = households_in_may_and_june(db, neo4j_target, tmp_path, {(2, 10): 6100})
    run(db, neo4j_target, june, snapshot=date(2024, 7, 1))  # the same facts: nothing to keep

    records, _, _ = db.execute_query(PERIODS, id="H0002")
    assert [(r["since"], r["until"].to_native(), r["income"], r["status"]) for r in records] == [
        (None, JUNE, 5002.0, "OUT")
    ]
    assert (records[0]["factsSince"].to_native(), records[0]["now"]) == (JUNE, 6100.0)
    records, _, _ = db.execute_query("MATCH (x:HouseholdFacts|PersonFacts) RETURN count(x) AS n")
    assert records[0]["n"] == 1


LOADS = """MATCH (e:AuditEvent {operation: 'load'})
RETURN e.id AS id, e.actor AS actor, e.inputs AS inputs,
       COLLECT { MATCH (e)-[:CONCERNS]->(h:Household) RETURN h.id ORDER BY h.id } AS households
ORDER BY e.at"""


def test_each_load_is_one_audit_event_concerning_what_it_changed(
    db: Driver, neo4j_target: Target, tmp_path: Path
) -> None:
    changes = {(2, 10): 6100, (5, 11): "是", (5, 12): "C"}
    households_in_may_and_june(db, neo4j_target, tmp_path, changes, actor="王会计")

    may, june = db.execute_query(LOADS).records
    assert may["actor"] and may["households"] == [f"H000{k}" for k in range(6)]  # all created
    assert june["actor"] == "王会计" and june["households"] == ["H0002", "H0005"]  # only the changed
    inputs = json.loads(june["inputs"])
    assert (inputs["files"], inputs["day"], inputs["snapshot"]) == (["户.csv"], "2024-06-01", "2024-06-01")
    assert inputs["rosters"] == [
        {
            "roster": "户花名册",
            "file": "户.csv",
            "read": 6,
            "created": 0,
            "changed": 2,
            "unchanged": 4,
            "rejected": 0,
        }
    ]
    records, _, _ = db.execute_query("MATCH (was:HouseholdFacts) RETURN was.recordedBy AS by")
    assert [r["by"] for r in records] == [june["id"], june["id"]]


UNIT = """query($d: Date) { responsibilityChain(householdId: "H0000", asOf: $d) {
  pairings { cadre { name } unit { unit { name } } } } }"""


def test_a_cadres_unit_answers_from_its_earliest_duty(
    client: Any, db: Driver, neo4j_target: Target, tmp_path: Path
) -> None:
    # The rosters are loaded on 2024-05-01; the pairings date from 2018-03-01.
    kinds = ["units", "villages", "cadres", "households", "pairings"]
    run(db, neo4j_target, County().write(tmp_path / "may", kinds), today=MAY)
    [pairing] = gql(client, UNIT, d="2019-06-30")["responsibilityChain"]["pairings"]
    assert pairing == {"cadre": {"name": "干部0"}, "unit": {"unit": {"name": "县财政局"}}}


MOVES = """MATCH (p:Person {idNumber: $person})-[was:BELONGED_TO]->(old:Household)
MATCH (p)-[:BELONGS_TO]->(now:Household)
MATCH (h:Household {id: 'H0000'})-[left:WAS_IN_VILLAGE]->(before:Village), (h)-[:IN_VILLAGE]->(v:Village)
RETURN old.id AS old, was.relation AS relation, was.until AS until, now.id AS now,
       before.code AS before, left.until AS left, v.code AS village"""


def test_a_move_keeps_where_it_was_until_the_day(db: Driver, neo4j_target: Target, tmp_path: Path) -> None:
    county = County()
    run(
        db,
        neo4j_target,
        county.write(tmp_path / "may", ["units", "villages", "households", "persons"]),
        today=MAY,
    )
    county.rows["households"][0][1:3] = ["城西镇", "湖滨村"]  # H0000 moves village
    county.rows["persons"][3][0] = "H0000"  # H0001's child moves to H0000 (分户)
    run(db, neo4j_target, county.write(tmp_path / "june", ["households", "persons"]), snapshot=JUNE)

    [row] = db.execute_query(MOVES, person=county.rows["persons"][3][3]).records
    assert (row["old"], row["relation"], row["until"].to_native(), row["now"]) == (
        "H0001",
        "之子",
        JUNE,
        "H0000",
    )
    assert (row["before"], row["left"].to_native(), row["village"]) == ("430624101201", JUNE, "430624102201")
