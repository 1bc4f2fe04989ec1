"""The benefit days derived for the policy rules (graph/coverage/benefits.py, graph/derived.py): a
holder with benefits of other kinds only holds `[]` (so that P1 need not read a member's benefits),
one without any benefit holds nothing, and data written before is brought to that by `fupin
migrate`'s repair; the labels stand for days, not for an empty list."""

from __future__ import annotations

from typing import Any

from neo4j import Driver
from neo4j.time import Date

from graph.derived import repair
from tests.coverage_graphs_benefits import benefit

# Three people of one household: one with a 医疗 benefit (P3) only, one with a 两后生 training
# (P7) too, one without any; their benefits written as an older version left them (no days).
_PEOPLE = """
MATCH (p3:Policy {code: 'P3'}), (p7:Policy {code: 'P7'})
CREATE (h:Household {id: 'H1'})
CREATE (:Person {uid: 'other', idNumber: '1'})-[:BELONGS_TO]->(h)
CREATE (:Person {uid: 'trained', idNumber: '2'})-[:BELONGS_TO]->(h)
CREATE (:Person {uid: 'none', idNumber: '3'})-[:BELONGS_TO]->(h)
WITH h, p3, p7
MATCH (other:Person {uid: 'other'}), (trained:Person {uid: 'trained'})
CREATE (other)-[:RECEIVES]->(:Benefit {id: 'b1', project: '医疗救助', date: date('2020-02-01')})
       -[:UNDER]->(p3)
CREATE (trained)-[:RECEIVES]->(:Benefit {id: 'b2', project: '两后生培训', date: date('2019-03-05')})
       -[:UNDER]->(p7)
"""


def _days(db: Driver) -> dict[str, tuple[Any, Any, bool]]:
    records, _, _ = db.execute_query(
        "MATCH (p:Person) RETURN p.uid AS uid, p.industryDays AS industry, p.twoAfterDays AS twoAfter, "
        "p:TwoAfter AS labelled ORDER BY uid"
    )
    return {r["uid"]: (r["industry"], r["twoAfter"], r["labelled"]) for r in records}


def test_migrate_derives_empty_days_for_other_benefits_and_none_without_any(db: Driver) -> None:
    db.execute_query(_PEOPLE)
    assert all(industry is None for industry, _, _ in _days(db).values())

    repair(db, "neo4j")

    assert _days(db) == {
        "none": (None, None, False),
        "other": ([], [], False),
        "trained": ([], [Date.from_iso_format("2019-03-05")], True),
    }


def test_a_benefit_recorded_later_replaces_the_empty_days(db: Driver) -> None:
    db.execute_query(_PEOPLE)
    repair(db, "neo4j")

    benefit(db, "other", "P1", "产业奖补", "2020-04-01")  # recorded as the loader records it

    industry, two_after, labelled = _days(db)["other"]
    assert (industry, two_after, labelled) == ([Date.from_iso_format("2020-04-01")], [], False)


def test_the_latest_aid_day_is_kept_beside_the_days(db: Driver) -> None:
    """P2's aid: `aidLast`, the latest of `aidDays`, by the loader's writer and by the repair;
    0001-01-01 (EVER) without a benefit of the kind, and the label AidDated with it. Judging a year
    whose window holds it reads no list."""
    db.execute_query(_PEOPLE)
    benefit(db, "other", "P2", "助学金", "2019-09-01")
    benefit(db, "other", "P2", "助学金", "2020-03-01")
    benefit(db, "other", "P2", "助学金", "2020-09-01")  # the same year: its first day stands

    def aid(uid: str) -> tuple[Any, Any]:
        records, _, _ = db.execute_query(
            "MATCH (p:Person {uid: $uid}) RETURN p.aidDays AS days, p.aidLast AS last", uid=uid
        )
        return records[0]["days"], records[0]["last"]

    days = [Date.from_iso_format("2019-09-01"), Date.from_iso_format("2020-03-01")]
    assert aid("other") == (days, days[-1])
    db.execute_query("MATCH (p:Person {uid: 'other'}) REMOVE p.aidLast")
    repair(db, "neo4j")
    assert aid("other") == (days, days[-1])
    ever = Date(1, 1, 1)
    assert aid("trained") == ([], ever) and aid("none") == (None, ever)
    records, _, _ = db.execute_query("MATCH (p:Person) WHERE NOT p:AidDated RETURN count(p) AS bare")
    assert records[0]["bare"] == 0
