"""Builders of small graphs for coverage tests: each test states exactly what exists."""

from __future__ import annotations

from typing import Any

import pytest
from neo4j import Driver

from graph import derived


def run(db: Driver, cypher: str, **params: Any) -> None:
    db.execute_query(cypher, params, database_="neo4j")


def villages(db: Driver) -> None:
    """Township T1 (V1 poverty, V2) and T2 (V3)."""
    run(
        db,
        """MATCH (county:County)
        CREATE (t1:Township {code: '430624101', name: '一镇'})-[:IN_COUNTY]->(county)
        CREATE (t2:Township {code: '430624102', name: '二镇'})-[:IN_COUNTY]->(county)
        CREATE (:Village {code: '430624101201', name: '甲村', isPoor: true})-[:IN_TOWNSHIP]->(t1)
        CREATE (:Village {code: '430624101202', name: '乙村', isPoor: false})-[:IN_TOWNSHIP]->(t1)
        CREATE (:Village {code: '430624102201', name: '丙村', isPoor: false})-[:IN_TOWNSHIP]->(t2)""",
    )


def households(db: Driver, village: str, ids: list[str], card: str = "GREEN", **props: Any) -> None:
    run(
        db,
        """MATCH (v:Village {code: $village})
        UNWIND $ids AS id
        CREATE (h:Household {id: id, card: $card, status: 'OUT'})-[:IN_VILLAGE]->(v)
        SET h += $props""",
        village=village,
        ids=ids,
        card=card,
        props=props,
    )


def cadre(db: Driver, uid: str, unit: str = "县财政局") -> None:
    run(
        db,
        """MERGE (u:Unit {name: $unit})
        CREATE (c:Cadre {uid: $uid, idNumber: $uid, name: '干部' + $uid})
        CREATE (c)-[:WORKS_FOR {since: date('2015-01-01')}]->(u)""",
        uid=uid,
        unit=unit,
    )


def pair(db: Driver, cadre_uid: str, household: str, since: str, until: str | None = None) -> None:
    run(
        db,
        """MATCH (c:Cadre {uid: $cadre}), (h:Household {id: $household})
        CREATE (c)-[:PAIRED_WITH {since: date($since), until: date($until)}]->(h)""",
        cadre=cadre_uid,
        household=household,
        since=since,
        until=until,
    )


def record(db: Driver, recorded: bool) -> None:
    """With `recorded`, set what the loader and the mutations record on households (cardSince,
    pairedSince, visitMonths: graph/derived.py), so that the queries read those instead of the
    history and the visits; without, they read the history and the visits, as for a household
    written otherwise."""
    if recorded:
        assert derived.repair(db, "neo4j") > 0


# The tests of derived facts run twice, with them recorded and without; the answers agree.
DERIVED = pytest.mark.parametrize("recorded", [False, True], ids=["read", "recorded"])
