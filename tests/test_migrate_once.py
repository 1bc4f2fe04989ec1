"""`fupin migrate` runs at every start; its conversions of what older versions wrote (money in
yuan, free-text visit modes, names without pinyin keys) run until each has completed once on the
database, so later starts do not scan the county again."""

from __future__ import annotations

from neo4j import Driver

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
    records, _, _ = db.execute_query("MATCH (m:Migration) RETURN m.name AS name ORDER BY name")
    assert [r["name"] for r in records] == ONE_OFF

    _legacy_visit(db, "V-AFTER")  # no version writes this any more: the next start does not look
    migrate(db, neo4j_target.database, "430624", "湘阴县")
    assert _mode(db, "V-AFTER") == "入户"
