"""`fupin load` on a tiny county whose counts are known: every row becomes exactly its node or
relationship, a second load changes nothing, a dry run writes nothing, GB18030 files load, and
a missing required column stops the load before anything is written (exit status 2)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from neo4j import Driver
from neo4j.time import Date

from graph.connection import Target
from graph.derived import STREAKS
from graph.load import summary
from tests.load_kit import (
    FILES,
    HEADERS,
    County,
    by_roster,
    cadre_id,
    counts,
    dump,
    household_id,
    idn,
    paired_cadres,
    paired_since,
    run,
    write_csv,
)

NODES = {
    "Township": 2, "Village": 3, "Unit": 3, "Cadre": 4, "Household": 6, "Person": 12, "WorkTeam": 1,
    "Visit": 12, "Attendance": 5, "Benefit": 12, "Loan": 3, "Petition": 1, "Rectification": 1,
    "PovertyReport": 1,
}  # fmt: skip
RELATIONSHIPS = {
    "IN_COUNTY": 2, "IN_TOWNSHIP": 3 + 1, "MERGED_INTO": 1, "WORKS_FOR": 4, "SECRETARY_OF": 1,
    "IN_VILLAGE": 6 + 1, "HAS_CARD": 6, "BELONGS_TO": 12, "PAIRED_WITH": 6, "DISPATCHED": 1,
    "STATIONED_IN": 1, "MEMBER_OF": 3, "MADE": 12, "TO": 12, "CHECKED_IN": 5, "RECEIVES": 12,
    "UNDER": 12, "BORROWED": 3, "ABOUT": 1 + 1, "ISSUED_TO": 1, "FEEDBACK_TO": 2,
}  # fmt: skip


def grown(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    return {key: after[key] - before.get(key, 0) for key in after if after[key] != before.get(key, 0)}


def test_every_row_is_written_once_and_a_reload_changes_nothing(
    db: Driver, neo4j_target: Target, tmp_path: Path
) -> None:
    county = County()
    files = county.write(tmp_path)
    nodes0, rels0 = counts(db)

    first = run(db, neo4j_target, files)

    assert first.exit_status == 0, first.errors
    assert by_roster(first) == {kind: (len(rows), 0, 0, 0) for kind, rows in county.rows.items()}
    nodes1, rels1 = counts(db)
    assert grown(nodes0, nodes1) == NODES
    assert grown(rels0, rels1) == RELATIONSHIPS
    graph = dump(db)

    second = run(db, neo4j_target, reversed(files))  # file order does not matter

    assert by_roster(second) == {kind: (0, 0, len(rows), 0) for kind, rows in county.rows.items()}
    assert dump(db) == graph


def test_the_graph_holds_the_roster_values(db: Driver, neo4j_target: Target, tmp_path: Path) -> None:
    run(db, neo4j_target, County().write(tmp_path))
    records, _, _ = db.execute_query(
        "MATCH (p:Person {personNo: 'H0001-02'})-[b:BELONGS_TO]->(h:Household {id: 'H0001'})"
        "-[:IN_VILLAGE]->(v:Village)-[:IN_TOWNSHIP]->(t:Township)-[:IN_COUNTY]->(:County) "
        "MATCH (h)-[c:HAS_CARD]->(card:Card) "
        "RETURN p, b.relation AS relation, h, v.code AS village, t {.*} AS township, card.color AS card, "
        "c {.*} AS since"
    )
    (record,) = records
    person, household = dict(record["p"]), dict(record["h"])
    assert person["schooling"] == "小学" and "education" not in person
    assert person["gender"] == "男" and len(person["uid"]) == 36  # 17th digit odd; randomUUID
    assert record["relation"] == "之子"
    assert household["card"] == record["card"] == "YELLOW"
    assert household["status"] == "OUT" and household["income"] == 5001.0
    assert record["village"] == "430624101202"
    assert record["township"] == {"code": "430624101", "name": "东塘镇"}
    # S1: the first card runs from the household's registration (首次识别时间 2014-05-01), and the
    # household records that first day beside its card (graph/derived.py).
    assert record["since"] == {"since": Date(2014, 5, 1), "reason": "花名册导入"}
    assert household["cardSince"] == Date(2014, 5, 1)
    # W7: and the first day of its open pairings (结对开始时间 2018-03-01).
    assert paired_since(db, "H0001") == (date(2018, 3, 1), True)
    assert paired_cadres(db, "H0001") == (date(2018, 3, 1), ["干部1"])  # W8: and its cadres
    # W11: a cadre records its in-village days by month (干部0 checked in on 1 and 2 March 2019).
    records, _, _ = db.execute_query(
        "MATCH (c:Cadre) RETURN c.idNumber AS id, c.villageDays AS days", database_="neo4j"
    )
    days = {r["id"]: r["days"] for r in records}
    assert days[cadre_id(0)] == [201903 * 100 + 2] and days[cadre_id(1)] == [201903 * 100 + 1]
    # W9: and the months of its visits (two, in January and February 2019).
    assert household["visitMonths"] == ["2019-01", "2019-02"]
    # and its visit streaks: both months, one quarter.
    assert [household[p] for p in STREAKS] == [
        Date(2019, 1, 1),
        Date(2019, 2, 1),
        Date(2019, 1, 1),
        Date(2019, 1, 1),
    ]


def test_dry_run_checks_references_against_earlier_rosters_and_writes_nothing(
    db: Driver, neo4j_target: Target, tmp_path: Path
) -> None:
    county = County()
    county.rows["persons"].append([household_id(99), "H0099-01", "无户", idn(990), "户主", "", ""])
    files = county.write(tmp_path)
    before = dump(db)

    result = run(db, neo4j_target, files, dry_run=True)

    assert dump(db) == before
    accepted = {r.kind: r.accepted for r in result.rosters}
    assert accepted == {kind: len(rows) for kind, rows in county.rows.items()} | {"persons": 12}
    (error,) = result.errors
    assert (error.file, error.row, error.column, error.value) == ("人口.csv", 14, "户编号", "H0099")
    assert error.reason.startswith("户编号不存在")
    assert result.exit_status == 1


def test_a_gb18030_file_loads(db: Driver, neo4j_target: Target, tmp_path: Path) -> None:
    files = County().write(tmp_path, ["units", "villages", "households"], encoding="gb18030")
    assert (tmp_path / FILES["households"]).read_bytes().decode("gb18030")

    result = run(db, neo4j_target, files)

    assert by_roster(result)["households"] == (6, 0, 0, 0)
    records, _, _ = db.execute_query("MATCH (h:Household {id: 'H0000'}) RETURN h.headName AS name")
    assert records[0]["name"] == "户主0"


def test_a_file_missing_a_required_column_is_left_out_and_the_others_load(
    db: Driver, neo4j_target: Target, tmp_path: Path
) -> None:
    county = County()
    files = county.write(tmp_path, ["units", "villages"])
    headers = [h for h in HEADERS["households"] if h != "卡类"]
    rows = [row[:-1] for row in county.rows["households"]]
    files.append(write_csv(tmp_path / "户无卡类.csv", headers, rows))
    files.append(write_csv(tmp_path / "人口.csv", HEADERS["persons"], county.rows["persons"][:1]))

    result = run(db, neo4j_target, files)

    assert result.exit_status == 1
    (error,) = result.file_errors
    assert error.file == "户无卡类.csv" and "卡类" in error.message
    assert [(r.kind, r.written, r.created) for r in result.rosters] == [
        ("units", True, 3),
        ("villages", True, 3),
        ("persons", True, 0),
    ]
    (person,) = result.errors  # its household's file was left out: the row says so
    assert person.cause == "户无卡类.csv（整个文件未导入）" and person.file == "人口.csv"
    assert "未能导入的文件 1 个" in summary(result)


P3_COLUMNS = ["是否参加城乡居民基本医疗保险", "是否参加大病保险", "是否签约家庭医生", "本年度是否体检"]


def _labels(db: Driver, person_no: str) -> set[str]:
    records, _, _ = db.execute_query(
        "MATCH (p:Person {personNo: $no}) RETURN labels(p) AS labels", no=person_no
    )
    labels = set(records[0]["labels"])
    # P2, P6: the labels of the latest benefit days every person written carries (graph/derived.py).
    dated = {"Person", "AidDated", "SubsidyDated", "PremiumDated"}
    assert dated <= labels
    return labels - dated


def test_a_person_roster_sets_and_clears_the_derived_p3_labels(
    db: Driver, neo4j_target: Target, tmp_path: Path
) -> None:
    """P3 (graph/derived.py): a person the roster gives no insurance, doctor or exam carries the labels
    the county-wide lists start from; a later roster that records them takes the labels away. P2: a
    person the roster gives no schooling is labelled OutOfSchool, a pupil is not."""
    county = County()
    run(db, neo4j_target, county.write(tmp_path / "first"))
    assert _labels(db, "H0001-02") == {"LacksInsurance", "LacksFamilyDoctor", "LacksExamRecord"}
    assert _labels(db, "H0001-01") == {
        "LacksInsurance",
        "LacksFamilyDoctor",
        "LacksExamRecord",
        "OutOfSchool",
    }

    rows = [row + (["是", "是", "是", "是"] if row[1] == "H0001-02" else ["是", "否", "", "否"])
            for row in county.rows["persons"]]  # fmt: skip
    second = tmp_path / "second"
    second.mkdir()
    result = run(
        db, neo4j_target, [write_csv(second / FILES["persons"], [*HEADERS["persons"], *P3_COLUMNS], rows)]
    )

    assert result.exit_status == 0, result.errors
    assert _labels(db, "H0001-02") == set()
    assert _labels(db, "H0002-02") == {"LacksInsurance", "LacksFamilyDoctor", "LacksExamRecord"}
