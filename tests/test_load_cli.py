"""`fupin load PATH... [--dry-run] [--snapshot DATE] [--batch-size N] [--report DIR]`: the summary
table on stdout, the report directory, unknown columns as warnings, and the exit status; as a clerk
runs it: help and argument errors in Chinese, a future --snapshot refused, the report under
$FUPIN_HOME/reports, what a snapshot ended listed, S2 contradictions as warnings, a clean Ctrl-C
(report written, how to resume, status 130), a database that cannot be reached named at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from neo4j import Driver
from openpyxl import load_workbook

import graph.load.run as load_run
from fupin.cli import main
from tests.load_kit import HEADERS, County, cadre_id, write_csv


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
        None,  # 连带于: empty, the row has an error of its own
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


def test_help_and_argument_errors_are_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as helped:
        main(["load", "--help"])
    out = capsys.readouterr().out
    assert helped.value.code == 0 and out.startswith("用法：fupin load") and "显示此帮助并退出" in out
    with pytest.raises(SystemExit) as missing:
        main(["load"])
    assert missing.value.code == 2 and "fupin load：错误：缺少必填参数：路径" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["load", "x.csv", "--batch-size", "0"])
    assert "参数 --batch-size：应为正整数：'0'" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["load", "x.csv", "--snapshot", "2099-01-01"])
    assert "快照日期不能晚于今天" in capsys.readouterr().err


def test_an_unreachable_database_is_named_at_once(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:1")
    monkeypatch.setenv("FUPIN_HOME", str(tmp_path / "home"))
    assert main(["load", str(tmp_path)]) == 3
    err = capsys.readouterr().err
    assert "无法连接数据库 bolt://127.0.0.1:1" in err and "Traceback" not in err and "retried" not in err


def test_report_home_snapshot_listing_and_card_warnings(
    db: Driver, cli_env: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    county = County(households=3)
    county.rows["households"][0][7], county.rows["households"][0][10] = "已脱贫", 9140
    county.rows["households"][0][13] = "红卡"  # S2: 已脱贫 with 9,140 a year → 绿卡
    files = [
        str(p)
        for p in county.write(tmp_path / "in", ["units", "villages", "cadres", "households", "pairings"])
    ]
    assert main(["load", *files]) == 0
    out = capsys.readouterr().out
    assert "户编号「H0000」：卡类「红卡」与脱贫状态「已脱贫」、人均纯收入 9,140 元" in out
    assert "按规则应为「绿卡」（S2；已按花名册导入，请核对）" in out
    reports = list((tmp_path / "home" / "reports").glob("load-*/summary.txt"))
    assert len(reports) == 1 and "户编号「H0000」" in reports[0].read_text(encoding="utf-8-sig")

    pairings = write_csv(tmp_path / "结对.csv", HEADERS["pairings"], county.rows["pairings"][1:])
    assert main(["load", str(pairings), "--snapshot", "2024-06-01"]) == 0
    out = capsys.readouterr().out
    assert "快照 2024-06-01：已结束 1 条不在花名册中的结对帮扶关系（结束日期 2024-06-01）：" in out
    assert f"  帮扶责任人 {cadre_id(0)} — 户 H0000（2018-03-01 起）" in out


def test_ctrl_c_writes_the_report_and_says_how_to_resume(
    db: Driver,
    cli_env: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    files = [str(p) for p in County().write(tmp_path / "in", ["units", "villages", "households"])]
    real, calls = load_run.write, []

    def interrupted_after_one(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) > 1:  # the clerk presses Ctrl-C while the second roster is written
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(load_run, "write", interrupted_after_one)
    status = main(["load", *files, "--report", str(tmp_path / "report")])

    captured = capsys.readouterr()
    assert status == 130 and "Traceback" not in captured.err
    assert "导入被中断（Ctrl-C）：已提交的批次保留" in captured.out
    assert "重新运行同一命令即可补全" in captured.err
    assert "导入被中断" in (tmp_path / "report" / "summary.txt").read_text(encoding="utf-8-sig")
    records, _, _ = db.execute_query("MATCH (u:Unit {name: '县审计局'}) RETURN count(u) AS n")
    assert records[0]["n"] == 1  # the roster written before the interrupt stays
    monkeypatch.setattr(load_run, "write", real)
    assert main(["load", *files, "--report", str(tmp_path / "report2")]) == 0
