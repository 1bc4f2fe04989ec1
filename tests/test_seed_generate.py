"""The synthetic county generator (seeds.generate): files, formats, determinism, identity
numbers and the manifest. No database."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import zipfile
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from seeds.generate import generate

N, SEED = 300, 20200630

# Required columns (bold) of ../shared/docs/rosters.md and docs/rosters-extra.md, written out
# here independently of the generator.
REQUIRED = {
    "户花名册": ["户编号", "乡(镇)", "行政村", "户主姓名", "户主证件号码", "脱贫状态", "卡类"],
    "人口花名册": ["户编号", "姓名", "证件号码", "与户主关系"],
    "行政村花名册": ["乡(镇)", "行政村", "村代码", "是否贫困村"],
    "帮扶责任人花名册": ["证件号码", "姓名", "帮扶单位", "联系电话"],
    "结对帮扶花名册": ["户编号", "帮扶责任人证件号码", "结对开始时间"],
    "驻村工作队花名册": ["驻点村", "派出单位", "队员证件号码", "驻村职务", "驻村起始时间"],
    "走访记录": ["帮扶责任人证件号码", "户编号", "走访日期"],
    "考勤": ["证件号码", "日期"],
    "政策享受": ["户编号", "政策类别", "项目", "享受日期"],
    "扶贫小额信贷": ["户编号", "贷款银行", "贷款金额", "放款日期", "到期日期"],
    "信访": ["案件编号", "登记日期", "乡(镇)"],
    "帮扶单位花名册": ["单位名称", "单位类型"],
    "乡镇包联花名册": ["乡(镇)", "职责", "证件号码", "姓名", "起始时间"],
    "整改通知": ["通知编号", "帮扶责任人证件号码", "下发日期", "整改期限", "整改事由"],
    "返贫新增备案": ["备案编号", "户编号", "类型", "线索来源", "致贫原因", "发现日期"],
    "项目库": [
        "项目编号",
        "项目名称",
        "项目类型",
        "乡(镇)",
        "行政村",
        "资金来源",
        "预算金额（元）",
        "开工日期",
        "计划完工日期",
    ],
    "项目受益户": ["项目编号", "户编号", "受益起始日期"],
    "资金拨付": ["拨付编号", "项目编号", "拨付日期", "金额（元）", "发放方式"],
}
OPTIONAL_SAMPLES = {
    "户花名册": ["人均纯收入（元）", "是否危房户", "危房等级", "是否解决安全饮用水", "自然村(组)"],
    "人口花名册": ["务工时间（月）", "文化程度", "在校生状况", "失学或辍学原因", "是否签约家庭医生"],
    "驻村工作队花名册": ["派出层级", "驻村结束时间"],
    "政策享受": ["金额（元）", "主管部门"],
}
CODES = {
    ("户花名册", "卡类"): {"红卡", "黄卡", "绿卡"},
    ("户花名册", "脱贫状态"): {"未脱贫", "已脱贫", "返贫"},
    ("户花名册", "贫困户属性"): {"一般贫困户", "低保贫困户", "特困供养贫困户"},
    ("户花名册", "危房等级"): {"A", "B", "C", "D"},
    ("驻村工作队花名册", "派出层级"): {"县派", "乡派"},
    ("驻村工作队花名册", "驻村职务"): {"第一书记兼队长", "队长", "队员"},
    ("信访", "来源层级"): {"省级以上", "市级", "县级"},
    ("乡镇包联花名册", "职责"): {"乡镇党委书记", "县级联系领导"},
    ("返贫新增备案", "类型"): {"返贫", "新增"},
    ("返贫新增备案", "线索来源"): {"回访", "部门比对", "信访"},
    ("政策享受", "政策类别"): {"产业", "教育", "健康", "就业", "住房", "饮水", "综合保障", "金融"},
    ("帮扶单位花名册", "单位类型"): {"县直部门", "县属企事业单位", "乡镇", "省市驻县单位", "其他"},
}
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def read_roster(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def header(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return next(csv.reader(handle))


def valid_id(number: str) -> bool:
    if len(number) != 18 or not number[:17].isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], WEIGHTS, strict=True))
    return number[17] == "10X98765432"[total % 11]


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("county")
    generate(N, SEED, folder)
    return folder


@pytest.fixture(scope="module")
def manifest(out: Path) -> dict[str, Any]:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def test_writes_every_roster_with_bom_and_exact_headers(out: Path) -> None:
    files = sorted(p.name for p in out.iterdir())
    assert files == sorted([f"{name}.csv" for name in REQUIRED] + ["manifest.json", "departments"])
    for name, required in REQUIRED.items():
        path = out / f"{name}.csv"
        assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 BOM, as Excel writes
        columns = header(path)
        assert set(required) <= set(columns), name
        assert len(columns) == len(set(columns))
        assert set(OPTIONAL_SAMPLES.get(name, [])) <= set(columns), name


def test_code_lists_and_formats(out: Path) -> None:
    for (name, column), allowed in CODES.items():
        values = {row[column] for row in read_roster(out / f"{name}.csv")} - {""}
        assert values and values <= allowed, (name, column, values - allowed)
    for name in REQUIRED:
        for row in read_roster(out / f"{name}.csv"):
            for column, value in row.items():
                if column.startswith("是否"):
                    assert value in ("是", "否"), (name, column, value)
                if value and (column.endswith(("日期", "时间")) and column != "务工时间（月）"):
                    assert date.fromisoformat(value).isoformat() == value, (name, column)


def test_manifest_counts_equal_rows_written(out: Path, manifest: dict[str, Any]) -> None:
    assert manifest["seed"] == SEED and manifest["households"] == N
    assert manifest["as_of"] == "2020-06-30"
    assert manifest["counts"] == {f"{name}.csv": len(read_roster(out / f"{name}.csv")) for name in REQUIRED}
    assert manifest["counts"]["户花名册.csv"] == N
    assert set(manifest["violations"]) == set(manifest["notes"])


def test_identity_numbers_valid_unique_and_match_person(out: Path) -> None:
    persons = read_roster(out / "人口花名册.csv")
    cadres = read_roster(out / "帮扶责任人花名册.csv")
    numbers = [p["证件号码"] for p in persons] + [c["证件号码"] for c in cadres]
    assert all(n.startswith("430624") and valid_id(n) for n in numbers)
    assert len(numbers) == len(set(numbers))
    for row in persons + cadres:
        number = row["证件号码"]
        assert row["性别"] == ("男" if int(number[16]) % 2 else "女")
    for p in persons:
        assert p["出生日期"].replace("-", "") == p["证件号码"][6:14]
        assert not (p["文化程度"] and p["在校生状况"])  # one or the other, never both


def test_phones_unique_across_cadres(out: Path) -> None:
    phones = [c["联系电话"] for c in read_roster(out / "帮扶责任人花名册.csv")]
    assert len(phones) == len(set(phones))
    assert all(len(p) == 11 and p[:2] in ("13", "15", "18") and p.isdigit() for p in phones)


def test_every_household_in_exactly_one_village(out: Path) -> None:
    villages = read_roster(out / "行政村花名册.csv")
    codes = {(v["乡(镇)"], v["行政村"]): v["村代码"] for v in villages}
    assert len(codes) == len(villages) == len({v["村代码"] for v in villages})
    townships: dict[str, str] = {}
    for v in villages:
        assert len(v["村代码"]) == 12 and v["村代码"].startswith("430624")
        assert townships.setdefault(v["乡(镇)"], v["村代码"][:9]) == v["村代码"][:9]
    assert len(set(townships.values())) == len(townships) >= 2
    assert all(n >= 3 for n in Counter(v["乡(镇)"] for v in villages).values())
    households = read_roster(out / "户花名册.csv")
    ids = [h["户编号"] for h in households]
    assert len(ids) == len(set(ids))
    for h in households:
        assert h["户编号"].startswith(codes[(h["乡(镇)"], h["行政村"])])
    sizes = Counter(p["户编号"] for p in read_roster(out / "人口花名册.csv"))
    assert sizes == {h["户编号"]: int(h["家庭人口数"]) for h in households}
    assert all(1 <= n <= 7 for n in sizes.values())


def test_manifest_w8_cadres_have_six_active_pairings(out: Path, manifest: dict[str, Any]) -> None:
    as_of = date.fromisoformat(manifest["as_of"])
    load: Counter[str] = Counter()
    for p in read_roster(out / "结对帮扶花名册.csv"):
        until = p["结对结束时间"]
        if date.fromisoformat(p["结对开始时间"]) <= as_of and (
            not until or as_of < date.fromisoformat(until)
        ):
            load[p["帮扶责任人证件号码"]] += 1
    injected = manifest["violations"]["W8"]
    assert injected and all(load[c] == 6 for c in injected)
    assert all(n <= 5 for c, n in load.items() if c not in injected)


def test_card_mix_and_proportions(out: Path) -> None:
    households = read_roster(out / "户花名册.csv")
    cards = Counter(h["卡类"] for h in households)
    # 低保 households out of poverty are YELLOW (their income is not above the 低保 standard, P6): of
    # the others about 20 % are YELLOW and 70 % GREEN.
    assert 0.05 < cards["红卡"] / N < 0.16 and 0.4 < cards["绿卡"] / N < 0.65
    dibao = [h for h in households if h["贫困户属性"] == "低保贫困户"]
    assert dibao and all(h["卡类"] in ("红卡", "黄卡") for h in dibao)
    persons = read_roster(out / "人口花名册.csv")
    assert 2.8 < len(persons) / N < 3.6
    loans = {x["户编号"] for x in read_roster(out / "扶贫小额信贷.csv")}
    assert 0.12 < len(loans) / N < 0.3


def files(root: Path) -> dict[str, bytes]:
    """Every file under `root` (the department lists' folder too) by its relative path."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_seed_gives_identical_files(out: Path, tmp_path: Path) -> None:
    generate(N, SEED, tmp_path)
    assert files(tmp_path) == files(out)


def test_other_seed_gives_other_county(out: Path, tmp_path: Path) -> None:
    generate(N, SEED + 1, tmp_path)
    for name in ("户花名册.csv", "人口花名册.csv", "帮扶责任人花名册.csv", "manifest.json"):
        assert (tmp_path / name).read_bytes() != (out / name).read_bytes()


def test_determinism_does_not_depend_on_hash_seed(out: Path, tmp_path: Path) -> None:
    """A fresh interpreter with another PYTHONHASHSEED: no set or dict order leaks in."""
    script = "import sys, pathlib; from seeds.generate import generate; "
    script += f"generate({N}, {SEED}, pathlib.Path(sys.argv[1]))"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-c", script, str(tmp_path)], check=True, env=env)
    assert files(tmp_path) == files(out)


def test_xlsx_matches_csv_and_is_reproducible(out: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    manifest = generate(N, SEED, first, "xlsx")
    generate(N, SEED, second, "xlsx")
    assert manifest.counts == {
        name.replace(".csv", ".xlsx"): n
        for name, n in json.loads((out / "manifest.json").read_text("utf-8"))["counts"].items()
    }
    assert files(first) == files(second)
    # Same bytes within one second prove little: no clock may reach the file at all.
    with zipfile.ZipFile(first / "户花名册.xlsx") as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
        assert core.count("2020-06-30T00:00:00Z") == 2  # dcterms:created and dcterms:modified
    for name in ("户花名册", "驻村工作队花名册"):
        sheet = load_workbook(first / f"{name}.xlsx", read_only=True).worksheets[0]
        rows = [["" if c is None else str(c) for c in row] for row in sheet.iter_rows(values_only=True)]
        with (out / f"{name}.csv").open(encoding="utf-8-sig", newline="") as handle:
            assert rows == list(csv.reader(handle))


def test_rejects_no_household_or_too_early(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        generate(0, 1, tmp_path)
    with pytest.raises(ValueError):
        generate(N, 1, tmp_path, as_of=date(2018, 12, 31))


def test_a_province_sized_county_keeps_nine_digit_township_codes() -> None:
    """Township codes have three digits after the county's six: 10⁶ households make 899 townships
    (not 1,000, whose last would have had codes of ten digits and clashed), every code distinct."""
    from seeds.county import County
    from seeds.geography import MAX_TOWNSHIPS, build_geography
    from seeds.kit import Kit

    day = date(2020, 6, 30)
    county = County(as_of=day, window_start=day)
    build_geography(Kit.create(SEED, day), county, 1_000_000)
    townships = [t.code for t in county.townships]
    villages = [v.code for v in county.villages]
    assert len(townships) == MAX_TOWNSHIPS == len(set(townships))
    assert {len(code) for code in townships} == {9} and {len(code) for code in villages} == {12}
    assert len(set(villages)) == len(villages) and all(v[:9] in townships for v in villages)


def test_place_names_stay_unique_past_the_two_syllable_stems() -> None:
    """A province-sized county (10⁶ households: some 16,000 townships and villages) needs more
    place names than two syllables make (6,806); the names drawn before most are taken are the
    ones a smaller county always drew."""
    from random import Random

    from seeds.names import PLACE_SYLLABLES, PlaceNames

    wanted = 16_385  # more than 10⁶ households name (899 townships, 15,385 villages)
    names = PlaceNames(Random(SEED))
    drawn = [names.village() for _ in range(wanted)]
    assert len(set(drawn)) == wanted
    assert {len(n) for n in drawn} == {3, 4}  # two or three syllables and 村
    plain, first = Random(SEED), list[str]()
    while len(first) < 100:  # the draw of two syllables, repeats skipped
        stem = "".join(plain.sample(PLACE_SYLLABLES, 2)) + "村"
        first += [] if stem in first else [stem]
    assert drawn[:100] == first
