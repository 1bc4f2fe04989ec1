"""A roster loaded part by part (graph/load/run.py `part_rows`, so that a province's file of
millions of rows is never held whole) ends as the whole file loaded at once: the same graph,
counts, errors and warnings. What spans a file spans its parts: a 考勤 row naming its cadre by
an account that only a later part ties to the cadre, a cadre's second row of a day in a later
part, the S2 card warnings (first 20, then how many more). A file that breaks off after its
first parts keeps them written and says so."""

from __future__ import annotations

from pathlib import Path

from neo4j import Driver

from core.settings import Settings
from graph.connection import Target
from graph.load import LoadResult
from tests.conftest import reset
from tests.load_kit import HEADERS, START, County, by_roster, cadre_id, dump, run, write_csv

PART = 3  # rows per part: every roster of the county below spans several


def report(result: LoadResult) -> tuple[object, ...]:
    errors = [(e.file, e.row, e.column, e.reason) for e in result.errors]
    read = {r.kind: (r.rows_read, r.accepted) for r in result.rosters}
    return by_roster(result), read, errors, result.warnings, result.notes, result.exit_status


def test_a_file_loaded_in_parts_ends_as_loaded_whole(
    db: Driver, neo4j_target: Target, settings: Settings, tmp_path: Path
) -> None:
    county = County(households=33, cadres=6, attendance=12)  # 22 households contradict S2
    attendance = county.rows["attendance"]
    # Row 2 names its cadre by account alone; row 8 (d = 5, a later part) ties dd-5 to cadre 5.
    attendance.insert(0, ["", "dd-5", "2019-02-01", "红星村", "是"])
    # Cadre 0's second row of its first day, by identity number alone, in the last part.
    attendance.append([cadre_id(0), "", START.isoformat(), "红星村", "否"])
    # An account no row ties to a cadre: refused when the file ends, as when loaded whole.
    attendance.append(["", "dd-9", "2019-02-01", "红星村", "是"])
    files = county.write(tmp_path)

    whole = run(db, neo4j_target, files)
    graph = dump(db)
    reset(db, neo4j_target, settings)
    parts = run(db, neo4j_target, files, part_rows=PART)

    assert dump(db) == graph
    assert report(parts) == report(whole)
    duplicate, unknown = parts.errors
    assert (duplicate.file, duplicate.row) == ("考勤.csv", len(attendance))
    assert duplicate.reason.startswith("与第3行重复")
    assert (unknown.row, unknown.column) == (len(attendance) + 1, "钉钉账号")
    records, _, _ = db.execute_query(
        "MATCH (:Cadre {dingtalk: 'dd-5'})-[:CHECKED_IN]->(a:Attendance {date: date('2019-02-01')}) "
        "RETURN count(a) AS n"
    )
    assert records[0]["n"] == 1
    cards = [w for w in parts.warnings if "S2" in w]
    assert len(cards) == 21 and "另有 2 户" in cards[-1]


def test_a_file_broken_after_its_first_parts_keeps_them_and_says_so(
    db: Driver, neo4j_target: Target, tmp_path: Path
) -> None:
    county = County(households=4, cadres=2, attendance=7)
    files = county.write(tmp_path, ["units", "villages", "cadres"])
    path = write_csv(tmp_path / "考勤.csv", HEADERS["attendance"], county.rows["attendance"])
    with path.open("a", encoding="utf-8") as handle:  # row 9: an unclosed quote swallows the rest
        handle.write(f'{cadre_id(0)},,"' + "红星村" * 50_000 + "\n")

    result = run(db, neo4j_target, [*files, path], part_rows=PART)

    (error,) = result.file_errors
    assert error.file == "考勤.csv" and "单元格超过" in error.detail
    (attendance,) = [r for r in result.rosters if r.kind == "attendance"]
    assert (attendance.rows_read, attendance.created) == (6, 6)  # two parts before the break
    assert any(note.startswith("考勤.csv：读完 6 行后出错") for note in result.notes)
    assert result.exit_status == 1
    records, _, _ = db.execute_query("MATCH (a:Attendance) RETURN count(a) AS n")
    assert records[0]["n"] == 6
