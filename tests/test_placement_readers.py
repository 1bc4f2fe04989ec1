"""Placement on a day for the readers that count per village or township (graph/placement.py): W1–W3
and O2's poor people, W8's cadres, W10's visits, W12's rated visits and orders, S4's reports, P10's
loans and the tallies. On one small graph a household moved to another township after day D, and a
person moved to a household of another village, count in their old place asked on D — also when
D is asked again after the move — and in the new place asked after it, in the lists, per township
and county-wide, and on the dashboard."""

from __future__ import annotations

from typing import Any

from neo4j import Driver

from graph.placement import marking
from tests import coverage_graphs as g
from tests import coverage_graphs_benefits as gb
from tests import coverage_graphs_policies as gp
from tests import coverage_graphs_work as gw
from tests.conftest import gql
from tests.summary_lists import Figures, township_figures
from tests.test_changes_members import MOVE

V1, V2, V3 = "430624101201", "430624101202", "430624102201"  # 甲村, 乙村 of T1; 丙村 of T2
T1, T2 = "430624101", "430624102"
BEFORE, MOVED, AFTER = "2019-12-31", "2020-01-01", "2020-06-30"
LISTS = """query($scope: ScopeInput, $d: Date) { coverage(scope: $scope, asOf: $d) {
  villagesWithoutRequiredTeam { edges { node { village { code } poorPeople } } }
  villagesWithoutInformationOfficer { edges { node { village { code } households poorPeople } } }
  overAssignedCadres { edges { node { cadre { id } count } } }
  openVisitProblems { edges { node { visit { id } village { code } } } }
  lowSatisfaction(year: 2019) { edges { node { cadre { id } } } }
  openRectifications { edges { node { order { id } villages { code } } } }
  feedbackGaps { edges { node { report { id } village { code } } } }
  loanOverdueRates { edges { node { township { code } balance } } }
  tallies { code households } } }"""
KEYS = ("W1-W3", "O2", "W8", "W10", "W12", "W12-satisfaction", "S4", "P10")


def lists(client: Any, day: str, township: str | None) -> dict[str, Any]:
    scope = {"townshipCode": township} if township else None
    found = gql(client, LISTS, scope=scope, d=day)["coverage"]
    nodes = {k: [e["node"] for e in v["edges"]] for k, v in found.items() if k != "tallies"}
    return {
        "poorPeople": sorted(
            (n["village"]["code"], n["poorPeople"]) for n in nodes["villagesWithoutRequiredTeam"]
        ),
        "O2": sorted(
            (n["village"]["code"], n["households"], n["poorPeople"])
            for n in nodes["villagesWithoutInformationOfficer"]
        ),
        "W8": sorted(n["cadre"]["id"] for n in nodes["overAssignedCadres"]),
        "W10": sorted((n["visit"]["id"], n["village"]["code"]) for n in nodes["openVisitProblems"]),
        "W12-satisfaction": sorted(n["cadre"]["id"] for n in nodes["lowSatisfaction"]),
        "W12": sorted(
            (n["order"]["id"], tuple(x["code"] for x in n["villages"])) for n in nodes["openRectifications"]
        ),
        "S4": sorted((n["report"]["id"], n["village"]["code"]) for n in nodes["feedbackGaps"]),
        "P10": sorted((n["township"]["code"], n["balance"]) for n in nodes["loanOverdueRates"]),
        "tallies": sorted((t["code"], t["households"]) for t in found["tallies"]),
    }


def lines(db: Driver, day: str, township: str | None) -> Figures:
    return township_figures(db, day, township, KEYS)


def everything(client: Any, db: Driver, day: str) -> dict[str, Any]:
    return {scope or "county": (lists(client, day, scope), lines(db, day, scope)) for scope in (None, T1, T2)}


def build(db: Driver) -> None:
    """Household A (2 people) of 甲村 (T1) and five of 丙村 (T2), all carried by cadre K (six: W8),
    with an open escalated visit (W10), a 不满意 visit (W12), an overdue order (W12), an open
    feedback (S4) and a loan (P10) on A; household C (1 person) of 乙村, B (1 person) of 丙村."""
    g.villages(db)
    g.households(db, V1, ["A"])
    g.households(db, V2, ["C"])
    g.households(db, V3, ["B", "D1", "D2", "D3", "D4", "D5"])
    for household, uid in (("A", "1"), ("A", "2"), ("C", "3"), ("B", "4")):
        gp.person(db, household, uid, medicalInsurance=True, seriousIllnessInsurance=True)
    g.cadre(db, "K")
    for household in ("A", "D1", "D2", "D3", "D4", "D5"):
        g.pair(db, "K", household, "2019-01-01")
    gw.visit(db, "K", "A", "2019-05-01", escalate=True, findings="漏雨")
    gb.visit(db, "K", "A", "2019-06-01", "DISSATISFIED")
    gw.order(db, "K", "R1", "2019-03-01", "2019-04-01")
    gw.report(db, "A", "PR1", "2019-03-01", [{"unit": "县民政局"}])
    gp.loan(db, "A", "2019-01-01", 10000, 200, overdue=True)


def move_household(db: Driver) -> None:
    """A moves from 甲村 (T1) to 丙村 (T2) on MOVED, as a dated load records it (the kept link, then
    the marks of graph/placement.py `marking`)."""
    g.run(
        db,
        """MATCH (a:Household {id: 'A'})-[now:IN_VILLAGE]->(v1:Village), (v3:Village {code: $v3})
        CREATE (a)-[:WAS_IN_VILLAGE {until: date($moved)}]->(v1)
        CREATE (a)-[:IN_VILLAGE]->(v3)
        DELETE now""",
        v3=V3,
        moved=MOVED,
    )
    db.execute_query(marking("IN_VILLAGE"))


def test_readers_count_a_moved_household_and_person_where_they_were_on_the_day(
    client: Any, db: Driver
) -> None:
    build(db)
    before = everything(client, db, BEFORE)
    county, per = before["county"]
    # By construction: A (2 people) in 甲村, C (1) in 乙村, B (1) and D1–D5 (none) in 丙村.
    assert county["poorPeople"] == [(V1, 2), (V2, 1), (V3, 1)]
    assert county["O2"] == [(V1, 1, 2), (V2, 1, 1), (V3, 6, 1)]
    assert county["tallies"] == [(V1, 1), (V2, 1), (V3, 6)]
    assert county["W10"] == [("K:A:2019-05-01", V1)] and county["S4"] == [("PR1", V1)]
    assert county["W12"] == [("R1", (V1, V3))] and county["W8"] == county["W12-satisfaction"] == ["K"]
    assert county["P10"] == [(T1, 10000.0), (T2, 0.0)]
    assert before[T1][0]["W8"] == before[T2][0]["W8"] == ["K"]  # K carries households in both
    assert before[T1][0]["W12-satisfaction"] == ["K"] and before[T2][0]["W12-satisfaction"] == []
    assert per[T1]["W8"] == (1, 1) and per[T2]["W8"] == (1, 1)  # K, over-assigned, counted in each
    assert per[T1]["W10"] == (1, 1) and per[T2]["W10"] == (0, 0)
    assert per[T1]["W12-satisfaction"] == (1, 1) and per[T2]["W12-satisfaction"] == (0, 0)
    assert per[T1]["W12"][1] == per[T2]["W12"][1] == 1 and per[T1]["S4"] == (1, 1) and per[T2]["S4"] == (0, 0)
    assert per[T1]["O2"] == (2, 2) and per[T2]["O2"] == (1, 1)
    assert per[T1]["P10"] == (200.0, 10000.0) and per[T2]["P10"] == (0.0, 0.0)

    move_household(db)
    gql(client, MOVE, p="3", to="B", on=MOVED)  # person 3 leaves C (乙村) for B (丙村)

    assert everything(client, db, BEFORE) == before  # the past asked again after the moves
    after = everything(client, db, AFTER)
    county, per = after["county"]
    assert county["poorPeople"] == [(V1, 0), (V2, 0), (V3, 4)]
    assert county["O2"] == [(V2, 1, 0), (V3, 7, 4)]
    assert county["tallies"] == [(V1, 0), (V2, 1), (V3, 7)]
    assert county["W10"] == [("K:A:2019-05-01", V3)] and county["S4"] == [("PR1", V3)]
    assert county["W12"] == [("R1", (V3,))]
    assert county["P10"] == [(T1, 0.0), (T2, 10000.0)]
    assert after[T1][0]["W8"] == [] and after[T2][0]["W8"] == ["K"]
    assert after[T1][0]["W10"] == after[T1][0]["S4"] == after[T1][0]["W12"] == []
    assert after[T1][0]["W12-satisfaction"] == [] and after[T2][0]["W12-satisfaction"] == ["K"]
    assert per[T1]["W8"] == (0, 0) and per[T2]["W8"] == (1, 1)
    assert per[T1]["W10"] == (0, 0) and per[T2]["W10"] == (1, 1)
    assert per[T1]["W12"][1] == 0 and per[T2]["W12"][1] == 1 and per[T2]["S4"] == (1, 1)
    assert per[T1]["O2"] == (1, 1) and per[T2]["O2"] == (1, 1)
    assert per[T1]["P10"] == (0.0, 0.0) and per[T2]["P10"] == (200.0, 10000.0)
    for day, asked in ((BEFORE, before), (AFTER, after)):  # each township's walk answers as the county's
        for township in (T1, T2):
            assert asked[township][1][township] == asked["county"][1][township], (day, township)
