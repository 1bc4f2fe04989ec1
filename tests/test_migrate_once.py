"""`fupin migrate` runs at every start; its conversions of what older versions wrote (money in
yuan, free-text visit modes, names without pinyin keys) run until each has completed once on the
database, and the derived facts are repaired only at a new version of them or when asked, so later
starts do not scan the county again."""

from __future__ import annotations

import pytest
from neo4j import Driver

from fupin.cli import main
from graph import derived
from graph.connection import Target
from graph.migrate import migrate

ONE_OFF = ["money-in-fen", "name-keys", "placement-marks", "visit-modes"]


def _legacy_visit(db: Driver, visit_id: str) -> None:
    db.execute_query("CREATE (:Visit {id: $id, date: date('2020-01-05'), mode: '入户'})", id=visit_id)


def _mode(db: Driver, visit_id: str) -> str:
    records, _, _ = db.execute_query("MATCH (x:Visit {id: $id}) RETURN x.mode AS mode", id=visit_id)
    return str(records[0]["mode"])


def test_each_conversion_runs_until_done_once(db: Driver, neo4j_target: Target) -> None:
    db.execute_query("MATCH (m:Migration) DELETE m")  # a database older versions wrote
    _legacy_visit(db, "V-OLD")

    migrate(db, neo4j_target.database, "430624", "湘阴县")

    assert _mode(db, "V-OLD") == "HOME"
    records, _, _ = db.execute_query(
        "MATCH (m:Migration) WHERE m.name <> 'derived-facts' RETURN m.name AS name ORDER BY name"
    )
    assert [r["name"] for r in records] == ONE_OFF

    _legacy_visit(db, "V-AFTER")  # no version writes this any more: the next start does not look
    migrate(db, neo4j_target.database, "430624", "湘阴县")
    assert _mode(db, "V-AFTER") == "入户"


def _direct_person(db: Driver, uid: str) -> None:
    """A person written by direct Cypher: uninsured (P3) but without the label that stands for it."""
    db.execute_query("CREATE (:Person {uid: $uid, medicalInsurance: false})", uid=uid)


@pytest.mark.usefixtures("cli_env")
def test_derived_facts_are_repaired_at_a_new_version_of_them_or_when_asked(
    db: Driver, neo4j_target: Target, monkeypatch: pytest.MonkeyPatch
) -> None:
    migrate(db, neo4j_target.database, "430624", "湘阴县")  # repaired at this version
    _direct_person(db, "p-1")

    migrate(db, neo4j_target.database, "430624", "湘阴县")  # a start: every writer keeps them
    assert derived.stale(db, neo4j_target.database) == 1

    monkeypatch.setattr(derived, "REVISION", derived.REVISION + 1)  # a version that mends a writer
    migrate(db, neo4j_target.database, "430624", "湘阴县")
    assert derived.stale(db, neo4j_target.database) == 0

    _direct_person(db, "p-2")
    assert main(["migrate"]) == 0
    assert derived.stale(db, neo4j_target.database) == 1
    assert main(["migrate", "--repair"]) == 0  # after direct writes
    assert derived.stale(db, neo4j_target.database) == 0
