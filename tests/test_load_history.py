"""Dated relationships across loads: a changed card or unit ends the open relationship and starts
a new one on the load's day (nothing deleted); `--snapshot DATE` ends the active pairings and
team memberships the roster no longer holds on DATE, keeps them, and ends nothing twice."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from neo4j import Driver

from graph.connection import Target
from tests.load_kit import County, by_roster, cadre_id, paired_cadres, paired_since, run

JUNE, JULY = date(2024, 6, 1), date(2024, 7, 1)


def history(db: Driver, query: str, **params: Any) -> list[tuple[object, ...]]:
    records, _, _ = db.execute_query(query, params)
    return [tuple(v.to_native() if hasattr(v, "to_native") else v for v in r.values()) for r in records]


CARDS = (
    "MATCH (:Household {id: 'H0000'})-[r:HAS_CARD]->(c:Card) "
    "RETURN c.color, r.since, r.until, r.reason ORDER BY r.since, r.until"
)


def test_a_card_change_keeps_the_history(db: Driver, neo4j_target: Target, tmp_path: Path) -> None:
    county = County()
    run(db, neo4j_target, county.write(tmp_path / "may", ["units", "villages", "households"]))
    county.rows["households"][0][13] = "黄卡"
    june = county.write(tmp_path / "june", ["households"])

    changed = run(db, neo4j_target, june, today=JUNE)
    again = run(db, neo4j_target, june, today=JULY)

    assert by_roster(changed)["households"] == (0, 1, 5, 0)
    assert by_roster(again)["households"] == (0, 0, 6, 0)
    assert history(db, CARDS) == [
        ("RED", date(2014, 5, 1), JUNE, "花名册导入"),  # from 首次识别时间
        ("YELLOW", JUNE, None, "花名册导入：红卡→黄卡"),
    ]
    county.rows["households"][0][13] = "红卡"
    run(db, neo4j_target, county.write(tmp_path / "july", ["households"]), snapshot=JULY)
    assert history(db, CARDS)[1:] == [
        ("YELLOW", JUNE, JULY, "花名册导入：红卡→黄卡"),
        ("RED", JULY, None, "花名册导入：黄卡→红卡"),
    ]
    records, _, _ = db.execute_query("MATCH (h:Household {id: 'H0000'}) RETURN h.card AS card")
    assert records[0]["card"] == "RED"


def test_a_cadre_moving_unit_ends_the_old_works_for(db: Driver, neo4j_target: Target, tmp_path: Path) -> None:
    county = County()
    run(db, neo4j_target, county.write(tmp_path / "may", ["units", "cadres"]))
    county.rows["cadres"][0][4] = "县审计局"

    result = run(db, neo4j_target, county.write(tmp_path / "june", ["cadres"]), today=JUNE)

    assert by_roster(result)["cadres"] == (0, 1, 3, 0)
    query = (
        "MATCH (:Cadre {idNumber: $id})-[r:WORKS_FOR]->(u) RETURN u.name, r.since, r.until ORDER BY r.since"
    )
    assert history(db, query, id=cadre_id(0)) == [
        ("县财政局", date(2024, 5, 1), JUNE),
        ("县审计局", JUNE, None),
    ]


PAIRINGS = (
    "MATCH (c)-[r:PAIRED_WITH]->(:Household {id: 'H0005'}) RETURN c.name, r.since, r.until ORDER BY r.since"
)
MEMBERS = "MATCH (c:Cadre)-[r:MEMBER_OF]->(:WorkTeam) RETURN c.name, r.until ORDER BY c.name"


def test_snapshot_ends_absent_pairings_and_members(db: Driver, neo4j_target: Target, tmp_path: Path) -> None:
    county = County()
    run(db, neo4j_target, county.write(tmp_path / "may"))
    county.rows["pairings"][5] = ["H0005", "户主5", cadre_id(2), "干部2", "2024-06-01", ""]
    del county.rows["teams"][2]
    june = county.write(tmp_path / "june", ["pairings", "teams"])

    dry = run(db, neo4j_target, june, snapshot=JUNE, dry_run=True)
    assert history(db, PAIRINGS) == [("干部1", date(2018, 3, 1), None)]
    assert paired_since(db, "H0005") == (date(2018, 3, 1), True)
    result = run(db, neo4j_target, june, snapshot=JUNE)
    again = run(db, neo4j_target, june, snapshot=JUNE)

    assert dry.notes[0].startswith("快照 2024-06-01：将结束 1 条")
    # Each snapshot note is followed by what it ended: (cadre, household or team, since).
    assert result.notes[0].startswith("快照 2024-06-01：已结束 1 条")
    assert result.notes[1] == f"  帮扶责任人 {cadre_id(1)} — 户 H0005（2018-03-01 起）"
    assert result.notes[2].startswith("快照 2024-06-01：已结束 1 条")
    assert result.notes[3].startswith("  帮扶责任人 ") and "— 工作队 " in result.notes[3]
    assert again.notes[0].startswith("快照 2024-06-01：已结束 0 条")
    assert by_roster(result)["pairings"] == (1, 0, 5, 0)
    assert history(db, PAIRINGS) == [("干部1", date(2018, 3, 1), JUNE), ("干部2", JUNE, None)]
    # W7 (graph/derived.py): the household's open pairings now start on the snapshot's day.
    assert paired_since(db, "H0005") == (JUNE, True)
    assert paired_cadres(db, "H0005") == (JUNE, ["干部2"])  # W8: its cadres from then on
    assert history(db, MEMBERS) == [("干部0", None), ("干部1", None), ("干部2", JUNE)]


def test_snapshot_is_skipped_when_rows_were_rejected(
    db: Driver, neo4j_target: Target, tmp_path: Path
) -> None:
    county = County()
    run(db, neo4j_target, county.write(tmp_path / "may"))
    county.rows["pairings"][4] = ["H0099", "无", cadre_id(0), "干部0", "2024-06-01", ""]

    result = run(db, neo4j_target, county.write(tmp_path / "june", ["pairings"]), snapshot=JUNE)

    assert "未执行快照" in result.notes[0]
    records, _, _ = db.execute_query(
        "MATCH ()-[r:PAIRED_WITH WHERE r.until IS NOT NULL]->() RETURN count(r) AS n"
    )
    assert records[0]["n"] == 0
