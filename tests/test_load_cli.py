"""`fupin load PATH... [--dry-run] [--snapshot DATE] [--batch-size N] [--report DIR]`: the summary
table on stdout, the report directory, unknown columns as warnings, and the exit status."""

from __future__ import annotations

from pathlib import Path

import pytest
from neo4j import Driver
from openpyxl import load_workbook

from fupin.cli import main
from graph.connection import Target
from tests.load_kit import HEADERS, County, write_csv


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, neo4j_target: Target, tmp_path: Path) -> None:
    monkeypatch.setenv("NEO4J_URI", neo4j_target.uri)
    monkeypatch.setenv("NEO4J_USER", neo4j_target.user)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_target.password)
    monkeypatch.setenv("NEO4J_DATABASE", neo4j_target.database)
    monkeypatch.setenv("FUPIN_HOME", str(tmp_path / "home"))


def test_summary_report_warnings_and_exit_status_1(
    db: Driver, cli_env: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    county = County()
    directory = tmp_path / "rosters"
    county.write(directory, ["units", "villages"])
    rows = [[*row, "备用"] for row in county.rows["households"]]
    rows[0][13] = "蓝卡"
    write_csv(directory / "户.csv", [*HEADERS["households"], "备用列"], rows)

    status = main(["load", str(directory), "--batch-size", "2", "--report", str(tmp_path / "report")])

    out = capsys.readouterr().out
    assert status == 1
    assert "户花名册" in out and "行政村花名册" in out
    assert "注意：户.csv：以下列不属于「户花名册」，已忽略：「备用列」" in out
    assert f"报告：{(tmp_path / 'report').resolve()}" in out
    sheet = load_workbook(tmp_path / "report" / "errors.xlsx")["户花名册"]
    assert [cell.value for cell in sheet[2]][:5] == [
        "「卡类」不在「卡类」代码表中（可填：红卡、黄卡、绿卡）",
        "",
        "户.csv",
        "2",
        "H0000",
    ]


def test_dry_run_and_a_missing_column_exit_status(
    db: Driver, cli_env: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [str(path) for path in County().write(tmp_path / "rosters")]
    report = ["--report", str(tmp_path / "report")]

    assert main(["load", *files, "--dry-run", *report]) == 0
    assert "试运行" in capsys.readouterr().out
    assert main(["load", str(tmp_path / "无此文件.csv"), *report]) == 2
    out = capsys.readouterr().out
    assert "无此文件.csv：文件不存在" in out and "本次未写入任何数据" in out
    records, _, _ = db.execute_query("MATCH (h:Household) RETURN count(h) AS n")
    assert records[0]["n"] == 0
    assert main(["load", *files, str(tmp_path / "无此文件.csv"), *report]) == 1  # the others load
    assert "未能导入的文件 1 个" in capsys.readouterr().out
    assert main(["load", *files, "--snapshot", "2024-06-01", *report]) == 0
