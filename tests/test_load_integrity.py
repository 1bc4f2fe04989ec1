"""Integrity of a load: a new household whose head already heads another household is refused; a
second `fupin load` of the same files (migrate runs before each) leaves the graph identical,
property for property; a file that breaks off midway in the last roster leaves the written rosters
written and says so (exit status 1, not 2)."""

from __future__ import annotations

from pathlib import Path

from neo4j import Driver

from graph.connection import Target
from graph.load import summary
from graph.migrate import migrate
from tests.load_kit import HEADERS, County, by_roster, dump, head_id, household, run, write_csv


def test_a_head_of_another_household_is_refused(db: Driver, neo4j_target: Target, tmp_path: Path) -> None:
    county = County(households=2)
    files = county.write(tmp_path / "a", ["units", "villages", "households"])
    assert run(db, neo4j_target, files).exit_status == 0
    village = ("东塘镇", "红星村")
    new = [household(k, village) for k in (7, 8, 9)]
    new[0][4] = head_id(0)  # H0007: its head heads H0000 in the database
    new[2][4] = head_id(1)  # H0009: and H0001's
    changed = [list(county.rows["households"][1])]  # H0001 itself keeps its head: fine
    path = write_csv(tmp_path / "户2.csv", HEADERS["households"], [*changed, *new])

    result = run(db, neo4j_target, [path])

    assert [(e.row, e.column) for e in result.errors] == [(3, "户主证件号码"), (5, "户主证件号码")]
    assert result.errors[0].reason.startswith("此人已是户编号「H0000」的户主")
    assert by_roster(result)["households"] == (1, 0, 1, 2)


def test_a_second_load_leaves_the_graph_identical(db: Driver, neo4j_target: Target, tmp_path: Path) -> None:
    county = County(households=4, cadres=6)  # cadres 4 and 5 never check in
    files = county.write(tmp_path)
    migrate(db, neo4j_target.database, "430624", "湘阴县")
    run(db, neo4j_target, files)
    first = dump(db)
    migrate(db, neo4j_target.database, "430624", "湘阴县")  # as `fupin load` does before loading
    again = run(db, neo4j_target, files)
    assert dump(db) == first
    assert all(r.created == r.updated == 0 for r in again.rosters)
    records, _, _ = db.execute_query("MATCH (c:Cadre) WHERE c.villageDays = [] RETURN count(c) AS n")
    assert records[0]["n"] == 0


def test_a_huge_cell_in_the_last_roster_leaves_the_others_written(
    db: Driver, neo4j_target: Target, tmp_path: Path
) -> None:
    county = County(households=2)
    files = county.write(tmp_path, ["units", "villages", "households"])
    rows = [list(row) for row in county.rows["poverty_reports"]]
    rows[0][8] = '"' + "县财政局" * 40_000  # an unclosed quote swallows the rest into one cell
    path = tmp_path / "返贫备案.csv"
    write_csv(path, HEADERS["poverty_reports"], [])
    with path.open("a", encoding="utf-8") as handle:
        handle.write(",".join(str(cell) for cell in rows[0]) + "\n")

    result = run(db, neo4j_target, [*files, path])

    assert result.exit_status == 1
    assert [r.kind for r in result.rosters if r.written] == ["units", "villages", "households"]
    (error,) = result.file_errors
    assert error.file == "返贫备案.csv" and "单元格超过" in error.detail
    text = summary(result)
    assert "本次未写入任何数据" not in text and "未能导入的文件 1 个" in text
