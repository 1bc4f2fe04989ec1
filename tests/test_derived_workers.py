"""The households' derived workers (P1, P7; with 错退's members on 低保 or 特困) and exit doubt (错退)
of graph/derived.py: what `fupin migrate` derives, known by construction, and every mutation that
writes what they derive from keeping them (checked after each: a writer that forgets leaves them
stale)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from neo4j import Driver

from graph import derived
from tests import coverage_graphs as g
from tests import coverage_graphs_policies as gp
from tests.conftest import gql
from tests.test_changes_facts import UPDATE_HOUSEHOLD, UPDATE_PERSON
from tests.test_changes_members import ADD, DEATH, MOVE, REMOVE

V1 = "430624101201"
D = dt.date.fromisoformat


def _derived(db: Driver) -> dict[str, tuple[Any, ...]]:
    """Each household's (workersSince, workers, workMonths, workMonthsTop, exitInDoubt, labelled)."""
    records, _, _ = db.execute_query(
        "MATCH (h:Household) RETURN h.id AS id, h.workersSince AS since, h.workers AS workers, "
        "h.workMonths AS months, h.workMonthsTop AS top, h.exitInDoubt AS doubt, "
        "h:LabourDated AND h:ExitChecked AS labelled ORDER BY id"
    )
    return {r["id"]: tuple(r.values())[1:] for r in records}


def _graph(db: Driver) -> None:
    g.villages(db)
    g.households(db, V1, ["H1"], income=5000.0, safeWater=True)
    g.households(db, V1, ["H2"], safeWater=True)  # its income unknown
    g.households(db, V1, ["H3"], income=5000.0)  # no members, nothing dated; its water unknown
    born = D("2000-01-01")  # as their identity numbers say
    gp.person(db, "H1", "1", labour="普通劳动力", migrantMonths=6, birthDate=born)
    gp.person(db, "H1", "2", labour="技能劳动力", birthDate=born)  # months unknown
    gp.person(db, "H1", "3", labour="无劳动力", migrantMonths=12)
    gp.person(db, "H2", "4", labour="普通劳动力", migrantMonths=2, dibao=True)  # nothing dated


def test_migrate_derives_the_workers_and_the_exit_doubt(db: Driver) -> None:
    _graph(db)
    assert _derived(db)["H1"] == (None,) * 5 + (False,)  # written otherwise: read the long way

    derived.repair(db, "neo4j")

    assert _derived(db) == {
        "H1": (D("2000-01-01"), 2, [6], 6, False, True),  # 3 cannot work; 2's months unknown
        "H2": (D("0001-01-01"), 1, [2], 2, True, True),  # valid for every day
        "H3": (D("0001-01-01"), 0, [], None, True, True),
    }
    records, _, _ = db.execute_query(
        "MATCH (h:Household) RETURN h.id AS id, h.membersDibao AS dibao, h.membersTekun AS tekun"
    )
    assert {r["id"]: (r["dibao"], r["tekun"]) for r in records} == {
        "H1": (False, False),
        "H2": (True, False),
        "H3": (False, False),
    }


def test_each_writer_keeps_them(client: Any, db: Driver) -> None:
    _graph(db)
    derived.repair(db, "neo4j")

    def kept(household: str) -> tuple[Any, ...]:
        assert derived.stale(db, "neo4j") == 0
        return _derived(db)[household]

    changes = {"labour": "普通劳动力", "migrantMonths": 9}
    gql(client, UPDATE_PERSON, id="2", changes=changes, on="2020-02-01")
    assert kept("H1") == (D("2020-02-01"), 2, [6, 9], 9, False, True)

    person = {"name": "新人", "idNumber": "430624199001011233", "relation": "之妻"}
    gql(client, ADD, h="H2", person=person, on="2020-03-01")  # no labour recorded
    assert kept("H2") == (D("2020-03-01"), 1, [2], 2, True, True)

    gql(client, MOVE, p="1", to="H2", on="2020-04-01")
    assert kept("H1") == (D("2020-04-01"), 1, [9], 9, False, True)
    assert kept("H2") == (D("2020-04-01"), 2, [2, 6], 6, True, True)

    gql(client, DEATH, p="4", on="2020-05-01")
    assert kept("H2") == (D("2020-05-01"), 1, [6], 6, True, True)

    gql(client, UPDATE_HOUSEHOLD, id="H2", changes={"income": 4000}, on="2020-05-02")
    assert kept("H2")[4] is False  # its income now known, its water safe

    gql(client, REMOVE, h="H1", on="2020-06-01")
    assert kept("H1") == (D("2020-06-01"), 0, [], None, False, True)  # off the register
