"""A unit named for the first time in 帮扶责任人花名册 is created with its cadres: its type from
帮扶单位类型 when the file has it, else read from its name; the summary lists the units created,
and the cadres' pairings load."""

from __future__ import annotations

from pathlib import Path

from neo4j import Driver

from graph.connection import Target
from graph.load import summary
from graph.rosters.codes import unit_type_of
from tests.load_kit import HEADERS, County, by_roster, cadre_id, run, write_csv


def test_unit_type_read_from_the_name() -> None:
    assert unit_type_of("东塘镇人民政府") == "乡镇"
    assert unit_type_of("白泥湖乡") == "乡镇"
    assert unit_type_of("文星街道办事处") == "乡镇"
    assert unit_type_of("湘阴县水利局") == "县直部门"
    assert unit_type_of("县扶贫开发办") == "县直部门"
    assert unit_type_of("县政务服务中心") == "县直部门"
    assert unit_type_of("湘阴农商银行") == "其他"


def test_units_named_first_in_the_cadre_roster_are_created(
    db: Driver, neo4j_target: Target, tmp_path: Path
) -> None:
    county = County(households=4, cadres=4)
    files = county.write(tmp_path, ["villages", "households", "pairings"])
    units = ["湘阴县水利局", "东塘镇人民政府", "湘阴农商银行", "湘阴农商银行"]
    cadres = [[cadre_id(k), f"干部{k}", units[k], f"137{k:08d}"] for k in range(4)]
    files.append(write_csv(tmp_path / "帮扶责任人.csv", ["证件号码", "姓名", "帮扶单位", "联系电话"], cadres))
    typed = [[cadre_id(9), "干部9", "", "", "县审计局", "省市驻县单位", "科员", "13700000009"]]
    files.append(write_csv(tmp_path / "帮扶责任人2.csv", HEADERS["cadres"], typed))

    result = run(db, neo4j_target, files)

    assert result.exit_status == 0, result.errors
    assert by_roster(result)["pairings"] == (4, 0, 0, 0)
    records, _, _ = db.execute_query(
        "MATCH (u:Unit) WHERE (u)<-[:WORKS_FOR]-() RETURN u.name AS name, u.type AS type"
    )
    assert {r["name"]: r["type"] for r in records} == {
        "东塘镇人民政府": "乡镇",
        "湘阴县水利局": "县直部门",
        "湘阴农商银行": "其他",
        "县审计局": "省市驻县单位",
    }
    assert result.new_units == [
        ("湘阴县水利局", "县直部门"),
        ("东塘镇人民政府", "乡镇"),
        ("湘阴农商银行", "其他"),
        ("县审计局", "省市驻县单位"),
    ]
    text = summary(result)
    assert "新建帮扶单位 4 个" in text and "湘阴县水利局（县直部门）" in text

    again = run(db, neo4j_target, files)
    assert again.new_units == [] and "新建帮扶单位" not in summary(again)
