"""Support units (帮扶单位): county departments, enterprises and institutions, units of the
province and city stationed in the county, and township-level units; about one per 25
households at county scale. The 2019 institutional reform merged some departments (W6):
their rows carry 并入单位 and 并入日期, and they keep their teams and cadres.
"""

from __future__ import annotations

from datetime import date

from seeds.county import County, Unit
from seeds.dates import between
from seeds.kit import Kit

DEPT, ENTERPRISE, TOWNSHIP, PROVINCIAL, OTHER = (
    "县直部门",
    "县属企事业单位",
    "乡镇",
    "省市驻县单位",
    "其他",
)
AFFILIATION = {DEPT: "县直", ENTERPRISE: "县属", TOWNSHIP: "乡镇", PROVINCIAL: "省属", OTHER: "其他"}

# Always present: county leaders' offices and every department the other rosters name.
CORE = (
    ("县委办", DEPT),
    ("县政府办", DEPT),
    ("县人大常委会办公室", DEPT),
    ("县政协办公室", DEPT),
    ("县委组织部", DEPT),
    ("县委宣传部", DEPT),
    ("县委统战部", DEPT),
    ("县扶贫办", DEPT),
    ("县发改局", DEPT),
    ("县教育局", DEPT),
    ("县民政局", DEPT),
    ("县人社局", DEPT),
    ("县住建局", DEPT),
    ("县水利局", DEPT),
    ("县农业农村局", DEPT),
    ("县卫生健康局", DEPT),
    ("县医疗保障局", DEPT),
    ("县残联", DEPT),
    ("人民银行县支行", PROVINCIAL),
    ("县农商银行", ENTERPRISE),
)

# (surviving unit, units merged into it): the 2019 reform, "一帮二", "一帮三" (W6).
MERGERS = (
    (("县农业农村局", DEPT), ("县农业局", "县畜牧水产局", "县农机事务中心")),
    (("县自然资源局", DEPT), ("县国土资源局", "县规划局")),
    (("县市场监管局", DEPT), ("县工商局", "县质监局", "县食药监局")),
    (("县文旅广体局", DEPT), ("县文体广新局", "县旅游局")),
    (("县应急管理局", DEPT), ("县安监局",)),
    (("县卫生健康局", DEPT), ("县卫计局",)),
    (("县委统战部", DEPT), ("县民宗局",)),
)

OTHERS = (
    *(
        (name, DEPT)
        for name in (
            "县纪委监委",
            "县委政法委",
            "县委编办",
            "县委党校",
            "县直机关工委",
            "县总工会",
            "团县委",
            "县妇联",
            "县科协",
            "县科工信局",
            "县公安局",
            "县司法局",
            "县财政局",
            "县交通运输局",
            "县商务局",
            "县退役军人事务局",
            "县审计局",
            "县统计局",
            "县林业局",
            "县城管执法局",
            "县信访局",
            "县行政审批服务局",
            "县供销社",
            "县档案馆",
            "县人民法院",
            "县人民检察院",
        )
    ),
    *(
        (name, ENTERPRISE)
        for name in (
            "县人民医院",
            "县中医医院",
            "县妇幼保健院",
            "县疾控中心",
            "县第一中学",
            "县第二中学",
            "县第三中学",
            "县职业中专",
            "县城投集团",
            "县自来水公司",
            "县融媒体中心",
            "县公共资源交易中心",
            "县不动产登记中心",
            "县农业技术推广中心",
        )
    ),
    *(
        (name, PROVINCIAL)
        for name in (
            "国网县供电公司",
            "中国移动县分公司",
            "中国电信县分公司",
            "县烟草专卖局",
            "县邮政分公司",
            "农业银行县支行",
            "建设银行县支行",
            "县气象局",
            "县税务局",
        )
    ),
    ("县工商联", OTHER),
    ("县红十字会", OTHER),
)

TOWNSHIP_UNITS = (
    ("人民政府", TOWNSHIP),
    ("中心学校", ENTERPRISE),
    ("卫生院", ENTERPRISE),
    ("财政所", TOWNSHIP),
    ("农业综合服务中心", TOWNSHIP),
    ("社会事务综合服务中心", TOWNSHIP),
    ("经济发展办公室", TOWNSHIP),
    ("派出所", DEPT),
    ("司法所", DEPT),
    ("自然资源所", DEPT),
    ("中学", ENTERPRISE),
    ("完全小学", ENTERPRISE),
    ("供电所", PROVINCIAL),
    ("邮政支局", PROVINCIAL),
    ("农商银行支行", ENTERPRISE),
    ("市场监管所", DEPT),
    ("退役军人服务站", TOWNSHIP),
    ("便民服务中心", TOWNSHIP),
    ("综治中心", TOWNSHIP),
    ("规划建设环保站", TOWNSHIP),
    ("林业站", TOWNSHIP),
    ("水利站", TOWNSHIP),
    ("畜牧水产站", TOWNSHIP),
    ("文化站", TOWNSHIP),
    ("农村经营管理站", TOWNSHIP),
    ("计生服务站", TOWNSHIP),
    ("安全生产监督管理站", TOWNSHIP),
    ("中心幼儿园", ENTERPRISE),
    ("第二完全小学", ENTERPRISE),
    ("敬老院", TOWNSHIP),
    ("动物防疫站", TOWNSHIP),
    ("劳动保障事务所", TOWNSHIP),
    ("综合行政执法队", TOWNSHIP),
    ("党群服务中心", TOWNSHIP),
    ("电信支局", PROVINCIAL),
)

HOUSEHOLDS_PER_UNIT = 25
MERGER_MONTH = (date(2019, 3, 1), date(2019, 3, 31))


def build_units(kit: Kit, county: County, households: int, county_teams: int) -> None:
    rng = kit.rng
    made: list[Unit] = []

    def make(name: str, kind: str) -> Unit:
        unit = Unit(name, f"DW430624{len(made) + 1:04d}", kind, AFFILIATION[kind])
        made.append(unit)
        return unit

    for name, kind in CORE:
        make(name, kind)
    # Merged units must each keep a county team (W6), so their number follows the teams.
    budget = county_teams // 3
    merged_on = between(rng, *MERGER_MONTH)
    for (survivor_name, survivor_kind), olds in MERGERS:
        if len(olds) > budget:
            continue
        budget -= len(olds)
        names = [u.name for u in made]
        survivor = made[names.index(survivor_name)] if survivor_name in names else None
        survivor = survivor or make(survivor_name, survivor_kind)
        for old in olds:
            unit = make(old, ENTERPRISE if old.endswith("中心") else DEPT)
            unit.merged_into, unit.merged_on = survivor, merged_on
    others = list(OTHERS)
    rng.shuffle(others)
    present = {u.name for u in made}
    for name, kind in others[: round(households / 150)]:
        if name not in present:
            make(name, kind)
    county.units.extend(made)
    per_township = round((households / HOUSEHOLDS_PER_UNIT - len(made)) / len(county.townships))
    per_township = max(3, min(len(TOWNSHIP_UNITS), per_township))
    for township in county.townships:
        for suffix, kind in TOWNSHIP_UNITS[:per_township]:
            unit = Unit(
                township.name + suffix,
                f"DW430624{len(county.units) + 1:04d}",
                kind,
                AFFILIATION[kind],
            )
            township.units.append(unit)
            county.units.append(unit)


def county_level(county: County) -> list[Unit]:
    """Units that can dispatch a county team: every unit not of a township."""
    local = {id(u) for t in county.townships for u in t.units}
    return [u for u in county.units if id(u) not in local]
