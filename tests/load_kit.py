"""A tiny county as roster CSV files whose counts are known by construction, and helpers to load
them and to read the graph back (counts, a canonical dump) for the `fupin load` tests.

Identity numbers are synthetic (430624…, valid GB 11643 check digits); names are made up.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from neo4j import Driver

from graph.connection import Target
from graph.load import LoadResult, load
from graph.migrate import KEYS
from graph.rosters.values import check_digit

DAY = date(2024, 5, 1)  # the load day of the tests
START = date(2019, 3, 1)  # of attendance

# Each roster's columns, space-separated.
_COLUMNS = {
    "units": "单位名称 单位代码 单位类型 隶属关系 并入单位 并入日期",
    "villages": "乡(镇) 行政村 村代码 是否贫困村 退出年度 户籍人口数",
    "cadres": "证件号码 姓名 性别 政治面貌 帮扶单位 帮扶单位类型 职务 联系电话",
    "township_leaders": "乡(镇) 职责 证件号码 姓名 职务 起始时间 结束时间",
    "households": "户编号 乡(镇) 行政村 户主姓名 户主证件号码 家庭人口数 贫困户属性 脱贫状态 首次识别时间 "
    "主要致贫原因 人均纯收入（元） 是否危房户 危房等级 卡类",
    "persons": "户编号 人口编号 姓名 证件号码 与户主关系 文化程度 在校生状况",
    "pairings": "户编号 户主姓名 帮扶责任人证件号码 帮扶责任人姓名 结对开始时间 结对结束时间",
    "teams": "驻点村 派出单位 派出层级 队员证件号码 队员姓名 驻村职务 驻村起始时间 驻村结束时间",
    "visits": "帮扶责任人证件号码 户编号 走访日期 走访方式 发现问题 是否需上报",
    "attendance": "证件号码 钉钉账号 日期 打卡地点 是否在村",
    "benefits": "户编号 证件号码 政策类别 项目 金额（元） 享受日期 主管部门",
    "loans": "户编号 贷款银行 贷款金额 放款日期 到期日期 贷款余额 是否逾期",
    "petitions": "案件编号 登记日期 来源层级 乡(镇) 行政村 户编号 诉求",
    "rectifications": "通知编号 帮扶责任人证件号码 下发日期 整改期限 整改事由",
    "poverty_reports": "备案编号 户编号 类型 线索来源 致贫原因 发现日期 核实日期 反馈部门 已落实措施部门",
}
HEADERS: dict[str, tuple[str, ...]] = {kind: tuple(columns.split()) for kind, columns in _COLUMNS.items()}
FILES = {
    "units": "帮扶单位.csv",
    "villages": "行政村.csv",
    "cadres": "帮扶责任人.csv",
    "township_leaders": "乡镇包联.csv",
    "households": "户.csv",
    "persons": "人口.csv",
    "pairings": "结对.csv",
    "teams": "工作队.csv",
    "visits": "走访.csv",
    "attendance": "考勤.csv",
    "benefits": "政策享受.csv",
    "loans": "贷款.csv",
    "petitions": "信访.csv",
    "rectifications": "整改.csv",
    "poverty_reports": "返贫备案.csv",
}
VILLAGES = [
    ("东塘镇", "红星村", "430624101201", "是"),
    ("东塘镇", "青山村", "430624101202", "否"),
    ("城西镇", "湖滨村", "430624102201", "否"),
]
CARDS = ("红卡", "黄卡", "绿卡")
REPORT_DATES, REPORT_UNITS = ("2019-06-01", "2019-06-10"), ("县财政局、县审计局", "县财政局")


def idn(seq: int, born: str = "19800101") -> str:
    """A synthetic resident identity number with a valid check digit (odd seq: 男)."""
    first17 = f"430624{born}{seq:03d}"
    return first17 + check_digit(first17)


def cadre_id(k: int) -> str:
    return idn(100 + k, "19800101")


def head_id(k: int) -> str:
    return idn(k, "19700101")


def child_id(k: int) -> str:
    return idn(k, "20100101")


def household_id(k: int) -> str:
    return f"H{k:04d}"


def household(k: int, village: tuple[str, ...]) -> list[Any]:
    """户花名册 row k: alternately 红卡, 黄卡, 绿卡."""
    head = [household_id(k), *village[:2], f"户主{k}", head_id(k), 2, "一般贫困户", "已脱贫"]
    return [*head, "2014-05-01", "因病", 5000 + k, "否", "", CARDS[k % 3]]


def write_csv(
    path: Path, headers: Sequence[str], rows: Iterable[Sequence[Any]], encoding: str = "utf-8-sig"
) -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        writer.writerows([["" if cell is None else cell for cell in row] for row in rows])
    return path


@dataclass
class County:
    """Roster rows by kind; `households` households with 2 persons each, `cadres` cadres."""

    households: int = 6
    cadres: int = 4
    visits_per_household: int = 2
    attendance: int = 5
    rows: dict[str, list[list[Any]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        n, c = self.households, self.cadres
        village = [VILLAGES[k % len(VILLAGES)] for k in range(n)]
        self.rows = {
            "units": [
                ["县财政局", "U001", "县直部门", "县政府", "", ""],
                ["县审计局", "U002", "县直部门", "县政府", "县财政局", "2019-03-01"],
                ["东塘镇人民政府", "U003", "乡镇", "东塘镇", "", ""],
            ],
            "villages": [[t, v, code, poor, "", 900] for t, v, code, poor in VILLAGES],
            "cadres": [
                [cadre_id(k), f"干部{k}", "", "中共党员", "县财政局", "县直部门", "科员", f"137{k:08d}"]
                for k in range(c)
            ],
            "township_leaders": [
                ["东塘镇", "乡镇党委书记", cadre_id(0), "干部0", "党委书记", "2018-01-01", ""]
            ],
            "households": [household(k, village[k]) for k in range(n)],
            "persons": [
                row
                for k in range(n)
                for row in (
                    [household_id(k), f"{household_id(k)}-01", f"户主{k}", head_id(k), "户主", "初中", ""],
                    [household_id(k), f"{household_id(k)}-02", f"子女{k}", child_id(k), "之子", "", "小学"],
                )
            ],
            "pairings": [
                [household_id(k), f"户主{k}", cadre_id(k % c), f"干部{k % c}", "2018-03-01", ""]
                for k in range(n)
            ],
            "teams": [
                ["430624101201", "县财政局", "县派", cadre_id(k), f"干部{k}", role, "2018-01-01", ""]
                for k, role in enumerate(("第一书记兼队长", "队员", "队员")[: min(3, c)])
            ],
            "visits": [
                [cadre_id(k % c), household_id(k), f"2019-0{m + 1}-15", "入户", "", "否"]
                for k in range(n)
                for m in range(self.visits_per_household)
            ],
            "attendance": [
                [
                    cadre_id(d % c),
                    f"dd-{d}" if d < c else "",
                    (START + timedelta(days=d // c)).isoformat(),
                    "红星村",
                    "是",
                ]
                for d in range(self.attendance)
            ],
            "benefits": [
                *(
                    [household_id(k), "", "产业", "养殖补贴", 1000, "2019-05-01", "县农业农村局"]
                    for k in range(n)
                ),
                *(
                    [household_id(k), child_id(k), "教育", "雨露计划", 1500, "2019-09-01", "县教育局"]
                    for k in range(n)
                ),
            ],
            "loans": [
                [household_id(k), "农商银行", 50000, "2019-01-01", "2022-01-01", 50000, "否"]
                for k in range(0, n, 2)
            ],
            "petitions": [["XF2019001", "2019-05-01", "县级", "东塘镇", "红星村", household_id(0), "低保"]],
            "rectifications": [["ZG2019001", cadre_id(1), "2019-06-01", "2019-07-01", "走访不实"]],
            "poverty_reports": [
                ["BA2019001", household_id(1), "返贫", "回访", "因病", *REPORT_DATES, *REPORT_UNITS]
            ],
        }

    def write(
        self, directory: Path, kinds: Iterable[str] | None = None, encoding: str = "utf-8-sig"
    ) -> list[Path]:
        directory.mkdir(parents=True, exist_ok=True)
        return [
            write_csv(directory / FILES[kind], HEADERS[kind], self.rows[kind], encoding)
            for kind in (kinds or self.rows)
        ]


def run(driver: Driver, target: Target, paths: Iterable[Path], **options: Any) -> LoadResult:
    options.setdefault("today", DAY)
    return load(list(paths), driver, target.database, progress=False, **options)


def counts(driver: Driver) -> tuple[dict[str, int], dict[str, int]]:
    """Nodes by label and relationships by type: the county's data, not the loads' audit events
    (each load records one, graph/load/audit.py)."""
    nodes, _, _ = driver.execute_query(
        "MATCH (n) WHERE NOT n:AuditEvent RETURN labels(n)[0] AS label, count(*) AS n"
    )
    rels, _, _ = driver.execute_query(
        "MATCH (a)-[r]->() WHERE NOT a:AuditEvent RETURN type(r) AS type, count(*) AS n"
    )
    return {r["label"]: r["n"] for r in nodes}, {r["type"]: r["n"] for r in rels}


def by_roster(result: LoadResult) -> dict[str, tuple[int, int, int, int]]:
    """(created, updated, unchanged, rejected) by roster kind."""
    return {r.kind: (r.created, r.updated, r.unchanged, r.rejected) for r in result.rosters}


def _key(labels: list[str], props: dict[str, Any]) -> str:
    label = labels[0]
    return f"{label}:{props[KEYS[label]]}"


def _props(props: dict[str, Any]) -> str:
    return repr(sorted((k, repr(v)) for k, v in props.items() if k != "uid" and v is not None))


def dump(driver: Driver) -> tuple[list[str], list[str]]:
    """The graph in canonical form: nodes (labels, properties but the random `uid`; a household's
    pairedCadres by the cadres' identity numbers) and relationships (type, ends by natural key,
    properties), each sorted; the loads' audit events and migrate's bookkeeping (`Migration`) left
    out, as in `counts`."""
    nodes, _, _ = driver.execute_query(
        "MATCH (n) WHERE NOT n:AuditEvent AND NOT n:Migration\n"
        "RETURN labels(n) AS labels, n {.*, pairedCadres: [uid IN n.pairedCadres | "
        "COLLECT { MATCH (c:Cadre {uid: uid}) RETURN c.idNumber }[0]]} AS props"
    )
    rels, _, _ = driver.execute_query(
        "MATCH (a)-[r]->(b) WHERE NOT a:AuditEvent\n"
        "RETURN labels(a) AS a, properties(a) AS ap, type(r) AS type, "
        "properties(r) AS props, labels(b) AS b, properties(b) AS bp"
    )
    node_lines = sorted(f"{sorted(n['labels'])} {_props(n['props'])}" for n in nodes)
    rel_lines = sorted(
        f"{_key(r['a'], r['ap'])} -{r['type']}-> {_key(r['b'], r['bp'])} {_props(r['props'])}" for r in rels
    )
    return node_lines, rel_lines


def paired_since(driver: Driver, household: str) -> tuple[date | None, bool]:
    """W7 (graph/derived.py): the household's recorded pairedSince, and whether it is labelled Paired."""
    records, _, _ = driver.execute_query(
        "MATCH (h:Household {id: $id}) RETURN h.pairedSince AS since, h:Paired AS paired", id=household
    )
    since = records[0]["since"]
    return (since.to_native() if since is not None else None), records[0]["paired"]


def paired_cadres(driver: Driver, household: str) -> tuple[date | None, list[str] | None]:
    """W8 (graph/derived.py): the household's recorded cadresSince, and the names of the cadres its
    recorded pairedCadres name."""
    records, _, _ = driver.execute_query(
        "MATCH (h:Household {id: $id}) RETURN h.cadresSince AS since, "
        "[uid IN h.pairedCadres | COLLECT { MATCH (c:Cadre {uid: uid}) RETURN c.name }[0]] AS names",
        id=household,
    )
    since = records[0]["since"]
    return (since.to_native() if since is not None else None), records[0]["names"]
