"""Builders of small graphs for the policy checks (P2–P5, P9, P10)."""

from __future__ import annotations

from typing import Any

from neo4j import Driver

from graph.derived import person_facts
from tests.coverage_graphs import run


def township3(db: Driver) -> None:
    """Township T3 (V4), beside coverage_graphs.villages' T1 and T2."""
    run(
        db,
        """MATCH (county:County)
        CREATE (t:Township {code: '430624103', name: '三镇'})-[:IN_COUNTY]->(county)
        CREATE (:Village {code: '430624103201', name: '丁村', isPoor: false})-[:IN_TOWNSHIP]->(t)""",
    )


def person(db: Driver, household: str, uid: str, **props: Any) -> None:
    """A member with an 18-character identity number ending in the uid's digits (for masking)."""
    run(
        db,
        """MATCH (h:Household {id: $household})
        CREATE (p:Person {uid: $uid, idNumber: '43062420000101' + right('0000' + $uid, 4),
                          name: '人' + $uid})-[:BELONGS_TO {relation: '之子'}]->(h)
        SET p += $props
        """
        + person_facts(),
        household=household,
        uid=uid,
        props=props,
    )


def loan(
    db: Driver, household: str, issued: str, balance: int, overdue_amount: int = 0, overdue: bool = False
) -> None:
    """A loan of 50,000 yuan owing `balance` yuan (stored in fen), `overdue_amount` of it overdue."""
    run(
        db,
        """MATCH (h:Household {id: $household})
        CREATE (h)-[:BORROWED]->(:Loan {id: $household + ':' + $issued, bank: '县农商银行',
          amountFen: 5000000, issuedOn: date($issued), dueOn: date($issued) + duration('P3Y'),
          balanceFen: $balance * 100, overdue: $overdue, overdueAmountFen: $overdueAmount * 100})""",
        household=household,
        issued=issued,
        balance=balance,
        overdue=overdue,
        overdueAmount=overdue_amount,
    )


def petition(db: Driver, case_no: str, township: str, registered: str, level: str = "PROVINCE") -> None:
    run(
        db,
        """MATCH (t:Township {code: $township})
        CREATE (:Petition {caseNo: $caseNo, registeredOn: date($registered), level: $level})
               -[:IN_TOWNSHIP]->(t)""",
        township=township,
        caseNo=case_no,
        registered=registered,
        level=level,
    )
