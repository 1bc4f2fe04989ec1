"""An independent checker of the measurable rules (rules.md) over the generated rosters.

It reads only the written files, evaluates every rule at as_of, where the rules leave room
under more than one reading (calendar month or 30 days, …), and asserts that what it finds is
exactly the manifest's injected violations: nothing missed, nothing extra.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from seeds.generate import generate
from tests.test_seed_generate import read_roster

Row = dict[str, str]
POVERTY_LINES = {2019: 3218, 2020: 4000}  # the 2020 figure tests the incomes' safety margin
DIBAO_STANDARD = 4560  # P6 两线融合: the rural 低保 standard (the setting's default)


def day(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def on(since: str, until: str, when: date) -> bool:
    start, end = day(since), day(until)
    assert start is not None
    return start <= when and (end is None or when < end)


def age(birth: date, when: date) -> int:
    return when.year - birth.year - ((when.month, when.day) < (birth.month, birth.day))


class Rosters:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.manifest: dict[str, Any] = json.loads((folder / "manifest.json").read_text("utf-8"))
        self.as_of = date.fromisoformat(self.manifest["as_of"])
        self._cache: dict[str, list[Row]] = {}

    def __getitem__(self, name: str) -> list[Row]:
        if name not in self._cache:
            self._cache[name] = read_roster(self.folder / f"{name}.csv")
        return self._cache[name]


def benefit_offenders(r: Rosters, of_year: int) -> dict[str, set[str]]:
    """P1, P2 aid, P6 and P6's premiums: the offending keys in `of_year` (by the written benefits)."""
    found: dict[str, set[str]] = defaultdict(set)
    households = r["户花名册"]
    persons = r["人口花名册"]
    # P1: a RED or YELLOW household with a member able to work and no 产业 or agricultural-insurance
    # benefit in the year.
    year = str(of_year)
    supported = {
        b["户编号"]
        for b in r["政策享受"]
        if b["享受日期"].startswith(year) and (b["政策类别"] == "产业" or "农业保险" in b["项目"])
    }
    able = {p["户编号"] for p in persons if p["劳动技能"] in ("普通劳动力", "技能劳动力")}
    for h in households:
        if h["卡类"] in ("红卡", "黄卡") and h["户编号"] in able and h["户编号"] not in supported:
            found["P1"].add(h["户编号"])

    # P2 aid, P6: a student without a 教育 benefit, a disabled person without a 综合保障 benefit
    # naming 残疾人, of their own, in the same year.
    aid = {b["证件号码"] for b in r["政策享受"] if b["享受日期"].startswith(year) and b["政策类别"] == "教育"}
    subsidy = {
        b["证件号码"]
        for b in r["政策享受"]
        if b["享受日期"].startswith(year) and b["政策类别"] == "综合保障" and "残疾人" in b["项目"]
    }
    premiums = {
        b["证件号码"] for b in r["政策享受"] if b["享受日期"].startswith(year) and "代缴" in b["项目"]
    }
    for p in persons:
        if p["残疾等级"] in ("一级", "二级") and p["证件号码"] not in premiums:
            found["P6-premiums"].add(p["证件号码"])
        if p["在校生状况"] not in ("", "硕士研究生及以上") and p["证件号码"] not in aid:
            found["P2-aid"].add(p["证件号码"])
        disabled = p["残疾类别"] or "残疾" in p["健康状况"].split(",")
        if disabled and p["证件号码"] not in subsidy:
            found["P6"].add(p["证件号码"])

    return found


def find(r: Rosters) -> dict[str, set[str]]:
    """Every rule's offending keys at as_of (the key kinds of the manifest's notes)."""
    as_of = r.as_of
    found: dict[str, set[str]] = defaultdict(set)
    households = r["户花名册"]
    persons = r["人口花名册"]
    villages = r["行政村花名册"]
    teams = r["驻村工作队花名册"]
    pairings = r["结对帮扶花名册"]

    # S2: card vs status and income, under the 2019 and the 2020 line.
    for line in POVERTY_LINES.values():
        low = 1.5 * line
        for h in households:
            card, status, income = h["卡类"], h["脱贫状态"], int(h["人均纯收入（元）"])
            if (
                (card == "红卡" and status == "已脱贫")
                or (card != "红卡" and status != "已脱贫")
                or (card == "黄卡" and income >= low)
                or (card == "绿卡" and income < low)
                or (card == "红卡" and income >= line and status != "已脱贫")
            ):
                found["S2"].add(h["户编号"])

    # S4: a verified report with a department that has no measure yet.
    for report in r["返贫新增备案"]:
        verified = day(report["核实日期"])
        feedback = set(report["反馈部门"].split("、"))
        if verified and verified <= as_of and feedback - set(report["已落实措施部门"].split("、")):
            found["S4"].add(report["备案编号"])

    # W1–W4: teams at as_of.
    people_in: Counter[str] = Counter()
    village_of = {}
    code_of = {(v["乡(镇)"], v["行政村"]): v["村代码"] for v in villages}
    for h in households:
        village_of[h["户编号"]] = code_of[(h["乡(镇)"], h["行政村"])]
    for p in persons:
        people_in[village_of[p["户编号"]]] += 1
    active_members: dict[tuple[str, str], list[Row]] = defaultdict(list)
    level: dict[tuple[str, str], str] = {}
    for m in teams:
        key = (m["驻点村"], m["派出单位"])
        level[key] = m["派出层级"]
        if on(m["驻村起始时间"], m["驻村结束时间"], as_of):
            active_members[key].append(m)
    for v in villages:
        code = v["村代码"]
        mine = {k: ms for k, ms in active_members.items() if k[0] == code and ms}
        county = {k: ms for k, ms in mine.items() if level[k] == "县派"}
        if v["是否贫困村"] == "是" and not any(len(ms) >= 3 for ms in county.values()):
            found["W1"].add(code)
        if v["是否贫困村"] == "否" and people_in[code] >= 100 and not county:
            found["W2"].add(code)
        if not mine:
            found["W3"].add(code)
        for ms in county.values():
            if not any(m["驻村职务"] == "第一书记兼队长" for m in ms):
                found["W4"].add(code)

    # W6: someone left and nobody joined the same team on or after that day.
    by_team: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for m in teams:
        by_team[(m["驻点村"], m["派出单位"])].append(m)
    for key, ms in by_team.items():
        for m in ms:
            left = day(m["驻村结束时间"])
            if left and left <= as_of:
                joined = [x for x in ms if (day(x["驻村起始时间"]) or as_of) >= left]
                if not joined:
                    found["W6"].add(key[0])

    # W7, W8: pairings at as_of.
    current: dict[str, list[str]] = defaultdict(list)
    load: Counter[str] = Counter()
    for p in pairings:
        if on(p["结对开始时间"], p["结对结束时间"], as_of):
            current[p["户编号"]].append(p["帮扶责任人证件号码"])
            load[p["帮扶责任人证件号码"]] += 1
    for h in households:
        if not current[h["户编号"]]:
            found["W7"].add(h["户编号"])
    found["W8"] = {cadre for cadre, n in load.items() if n > 5}

    # W9 under three readings: 31/92 days since the last visit; a visit in every complete
    # calendar month/quarter of the 18 months; the last visit by the current cadre.
    visits: dict[str, list[tuple[date, str]]] = defaultdict(list)
    for v in r["走访记录"]:
        visits[v["户编号"]].append((date.fromisoformat(v["走访日期"]), v["帮扶责任人证件号码"]))
    window = _add_months(as_of.replace(day=1), -18).replace(day=min(as_of.day, 28))
    starts = {
        h: min(date.fromisoformat(p["结对开始时间"]) for p in pairings if p["户编号"] == h)
        for h in {p["户编号"] for p in pairings}
    }
    for h in households:
        hid = h["户编号"]
        if not current[hid]:
            continue
        red = h["卡类"] == "红卡"
        seen = sorted(visits[hid])
        last = seen[-1][0] if seen else None
        if last is None or (as_of - last).days > (31 if red else 92):
            found["W9"].add(hid)
        by_current = [d for d, cadre in seen if cadre in current[hid]]
        if not by_current or (as_of - by_current[-1]).days > (31 if red else 92):
            found["W9"].add(hid)
        step = 1 if red else 3
        period = date(window.year, ((window.month - 1) // step) * step + 1, 1)
        while True:
            nxt = _add_months(period, step)
            if nxt > as_of:
                break
            if period >= max(window, starts[hid]) and not any(period <= d < nxt for d, _ in seen):
                found["W9"].add(hid)
            period = nxt

    # W10: reported upward and still open.
    for v in r["走访记录"]:
        if v["是否需上报"] == "是" and not v["解决情况"]:
            found["W10"].add(f"{v['帮扶责任人证件号码']}:{v['户编号']}:{v['走访日期']}")

    # W11: stationed at as_of, < 20 days in the village in the previous calendar month or in
    # the 30 days up to as_of.
    stationed = {m["队员证件号码"] for ms in active_members.values() for m in ms}
    first = _add_months(as_of.replace(day=1), -1)
    windows = ((first, as_of.replace(day=1) - timedelta(days=1)), (as_of - timedelta(days=29), as_of))
    present: dict[str, list[date]] = defaultdict(list)
    for a in r["考勤"]:
        if a["是否在村"] == "是":
            present[a["证件号码"]].append(date.fromisoformat(a["日期"]))
    for cadre in stationed:
        for lo, hi in windows:
            if sum(lo <= d <= hi for d in present[cadre]) < 20:
                found["W11"].add(cadre)

    # W12: past the deadline, not done.
    for order in r["整改通知"]:
        deadline, done = day(order["整改期限"]), day(order["整改完成日期"])
        assert deadline is not None
        if deadline < as_of and (done is None or done > deadline):
            found["W12"].add(order["通知编号"])

    # P2, P3 on persons; P4, P5 on households; O2 on villages.
    flags = ("是否参加城乡居民基本医疗保险", "是否参加大病保险", "本年度是否体检", "是否签约家庭医生")
    for p in persons:
        birth = day(p["出生日期"])
        assert birth is not None
        if 6 <= age(birth, as_of) <= 15 and (not p["在校生状况"] or p["失学或辍学原因"]):
            found["P2"].add(p["证件号码"])
        if any(p[f] != "是" for f in flags):
            found["P3"].add(p["证件号码"])
    for h in households:
        if h["危房等级"] in ("C", "D") or h["是否危房户"] == "是":
            found["P4"].add(h["户编号"])
        if h["是否解决安全饮用水"] != "是":
            found["P5"].add(h["户编号"])
    for v in villages:
        if people_in[v["村代码"]] and not v["扶贫信息员姓名"]:
            found["O2"].add(v["村代码"])

    # W12: cadres whose rated visits of as_of's year are 满意 or 基本满意 less than 90 % of the time.
    ratings: dict[str, list[str]] = defaultdict(list)
    for v in r["走访记录"]:
        if v["群众满意度"] and date(as_of.year, 1, 1) <= date.fromisoformat(v["走访日期"]) <= as_of:
            ratings[v["帮扶责任人证件号码"]].append(v["群众满意度"])
    for cadre, rated in ratings.items():
        if sum(1 for x in rated if x in ("满意", "基本满意")) < 0.9 * len(rated):
            found["W12-satisfaction"].add(cadre)

    # P1, P2 aid, P6: the year before as_of's (the manifest's year; as_of's own is checked apart).
    found.update(benefit_offenders(r, as_of.year - 1))

    # P6 两线融合: a 低保 household whose income is above the 低保 standard or none of whose members
    # is on 低保.
    members: dict[str, list[Row]] = defaultdict(list)
    for p in persons:
        members[p["户编号"]].append(p)
    for h in households:
        income = int(h["人均纯收入（元）"])
        on_dibao = any(m["是否享受低保"] == "是" for m in members[h["户编号"]])
        if h["贫困户属性"] == "低保贫困户" and (income > DIBAO_STANDARD or not on_dibao):
            found["P6-dibao"].add(h["户编号"])

    # S5 (错退): a household out of poverty failing an exit criterion: income not above the poverty
    # line of as_of's year; 低保/特困 without a member on it; a school-age dropout; a member without
    # basic medical or serious-illness insurance; a C/D or dangerous house; unsafe water.
    line = POVERTY_LINES[max(y for y in POVERTY_LINES if y <= as_of.year)]
    relief = {"低保贫困户": "是否享受低保", "特困供养贫困户": "是否特困供养人员"}
    for h in households:
        if h["脱贫状态"] != "已脱贫":
            continue
        mine = members[h["户编号"]]
        flag = relief.get(h["贫困户属性"])
        fails = (
            int(h["人均纯收入（元）"]) <= line,
            flag is not None and not any(m[flag] == "是" for m in mine),
            any(m["证件号码"] in found["P2"] for m in mine),
            any(m[f] != "是" for m in mine for f in flags[:2]),
            h["危房等级"] in ("C", "D") or h["是否危房户"] == "是",
            h["是否解决安全饮用水"] != "是",
        )
        if any(fails):
            found["S5"].add(h["户编号"])

    # P9: the township(s) with the most province-level petitions in as_of's year.
    province = Counter(
        p["乡(镇)"]
        for p in r["信访"]
        if p["来源层级"] == "省级以上" and p["登记日期"].startswith(str(as_of.year))
    )
    if province:
        top = max(province.values())
        found["P9"] = {t for t, n in province.items() if n == top}

    # P10: overdue rate per township >= 1 %; the county as a whole must stay below.
    township_of = {h["户编号"]: h["乡(镇)"] for h in households}
    balance: Counter[str] = Counter()
    overdue: Counter[str] = Counter()
    for loan in r["扶贫小额信贷"]:
        balance[township_of[loan["户编号"]]] += int(loan["贷款余额"])
        overdue[township_of[loan["户编号"]]] += int(loan["逾期金额"] or 0)
    for township, total in balance.items():
        if total and overdue[township] / total >= 0.01:
            found["P10"].add(township)
    assert sum(overdue.values()) / sum(balance.values()) < 0.01

    # O3: projects started without beneficiaries, paid above budget, or due and unfinished (by
    # 项目编号); O3/P4: renovation subsidies to a household not paid through the 明白卡 (by 拨付编号).
    projects = {p["项目编号"]: p for p in r["项目库"]}
    benefiting = {b["项目编号"] for b in r["项目受益户"] if day(b["受益起始日期"]) <= as_of}
    paid: Counter[str] = Counter()
    for d in r["资金拨付"]:
        if day(d["拨付日期"]) <= as_of:
            paid[d["项目编号"]] += int(float(d["金额（元）"]) * 100)
        kind = projects[d["项目编号"]]["项目类型"]
        if kind == "危房改造" and d["收款户编号"] and d["发放方式"] not in CARD_CHANNELS:
            found["O3"].add(d["拨付编号"])
    for key, p in projects.items():
        started, due = day(p["开工日期"]), day(p["计划完工日期"])
        finished = day(p["实际完工日期"])
        if started <= as_of and key not in benefiting:
            found["O3"].add(key)
        if paid[key] > int(float(p["预算金额（元）"]) * 100):
            found["O3"].add(key)
        if due < as_of and (finished is None or finished > as_of):
            found["O3"].add(key)
    return {k: v for k, v in found.items() if v}


CARD_CHANNELS = {"明白卡", "扶贫明白卡", "一卡通", "惠民惠农一卡通"}  # 发放方式 meaning the card


def _add_months(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@pytest.fixture(scope="module", params=[(300, 7), (1200, 11)], ids=["n300", "n1200"])
def county(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Rosters:
    households, seed = request.param
    folder = tmp_path_factory.mktemp(f"rules{households}")
    generate(households, seed, folder)
    return Rosters(folder)


def test_checker_finds_exactly_the_manifest(county: Rosters) -> None:
    expected = {rule: set(keys) for rule, keys in county.manifest["violations"].items() if keys}
    assert find(county) == expected


def test_every_measurable_rule_has_injected_violations(county: Rosters) -> None:
    violations = county.manifest["violations"]
    for rule in (
        "S2",
        "S4",
        "W1",
        "W2",
        "W3",
        "W4",
        "W6",
        "W7",
        "W8",
        "W9",
        "W10",
        "W11",
        "W12",
        "W12-satisfaction",
    ):
        assert len(violations[rule]) >= 2, rule
    for rule in ("P1", "P2", "P2-aid", "P4", "P5", "P6", "P6-premiums", "P6-dibao", "S5", "O2"):
        assert len(violations[rule]) >= 2, rule
    assert len(violations["P3"]) == 4
    assert len(violations["P9"]) == 1 and len(violations["P10"]) == 1
    assert set(violations) == set(county.manifest["notes"])


def test_as_ofs_own_year_pays_all_but_the_injected(county: Rosters) -> None:
    """P1, P2 aid, P6: the benefits of as_of's year paid by as_of leave exactly the manifest's
    offenders, as the year before's do (the dashboard asks as_of's year by default)."""
    assert benefit_offenders(county, county.as_of.year) == benefit_offenders(county, county.as_of.year - 1)


def test_township_chain_is_whole(county: Rosters) -> None:
    """O1: one Party secretary and one county leader per township at as_of."""
    duties = Counter(
        (x["乡(镇)"], x["职责"])
        for x in county["乡镇包联花名册"]
        if on(x["起始时间"], x["结束时间"], county.as_of)
    )
    townships = {v["乡(镇)"] for v in county["行政村花名册"]}
    assert duties == Counter({(t, d): 1 for t in townships for d in ("乡镇党委书记", "县级联系领导")})


def test_team_rows_agree_with_cadre_roster(county: Rosters) -> None:
    """Members belong to the dispatching unit; the cadre flags describe as_of (W4, W11)."""
    cadres = {c["证件号码"]: c for c in county["帮扶责任人花名册"]}
    active = defaultdict(list)
    for m in county["驻村工作队花名册"]:
        assert cadres[m["队员证件号码"]]["帮扶单位"] == m["派出单位"]
        if on(m["驻村起始时间"], m["驻村结束时间"], county.as_of):
            active[m["队员证件号码"]].append(m["驻村职务"])
    for number, cadre in cadres.items():
        roles = active.get(number, [])
        assert cadre["是否驻村队员"] == ("是" if roles else "否")
        assert cadre["是否第一书记"] == ("是" if "第一书记兼队长" in roles else "否")
        assert cadre["是否工作队队长"] == ("是" if set(roles) & {"第一书记兼队长", "队长"} else "否")


def test_visits_are_made_by_the_cadre_paired_that_day(county: Rosters) -> None:
    paired = defaultdict(list)
    for p in county["结对帮扶花名册"]:
        paired[(p["户编号"], p["帮扶责任人证件号码"])].append(p)
    for v in county["走访记录"]:
        when = date.fromisoformat(v["走访日期"])
        assert when <= county.as_of
        rows = paired[(v["户编号"], v["帮扶责任人证件号码"])]
        assert any(on(p["结对开始时间"], p["结对结束时间"], when) for p in rows), v


def test_ended_pairings_are_handed_over_the_same_day(county: Rosters) -> None:
    """History rows: an ended pairing is followed by a row for another cadre from that day,
    except for the injected W7 households."""
    rows = defaultdict(list)
    for p in county["结对帮扶花名册"]:
        rows[p["户编号"]].append(p)
    unpaired = set(county.manifest["violations"]["W7"])
    for household, ps in rows.items():
        for p in ps:
            if p["结对结束时间"] and household not in unpaired:
                successors = [q for q in ps if q["结对开始时间"] == p["结对结束时间"]]
                assert successors and successors[0]["帮扶责任人证件号码"] != p["帮扶责任人证件号码"]


def test_attendance_only_while_stationed(county: Rosters) -> None:
    spans = defaultdict(list)
    for m in county["驻村工作队花名册"]:
        spans[m["队员证件号码"]].append((m["驻村起始时间"], m["驻村结束时间"]))
    seen = set()
    for a in county["考勤"]:
        when = date.fromisoformat(a["日期"])
        assert when.weekday() < 5 and when <= county.as_of
        assert any(on(s, u, when) for s, u in spans[a["证件号码"]])
        assert (a["证件号码"], a["日期"]) not in seen
        seen.add((a["证件号码"], a["日期"]))


def test_departments_and_units_are_in_the_unit_roster(county: Rosters) -> None:
    units = {u["单位名称"]: u for u in county["帮扶单位花名册"]}
    for u in units.values():
        assert bool(u["并入单位"]) == bool(u["并入日期"])
        assert not u["并入单位"] or u["并入单位"] in units
    assert any(u["并入单位"] for u in units.values())  # W6: the reform is represented
    for c in county["帮扶责任人花名册"]:
        assert c["帮扶单位"] in units and units[c["帮扶单位"]]["单位类型"] == c["帮扶单位类型"]
    for b in county["政策享受"]:
        assert b["主管部门"] in units
    for report in county["返贫新增备案"]:
        for name in report["反馈部门"].split("、") + report["已落实措施部门"].split("、"):
            assert name in units
    merged = {name for name, u in units.items() if u["并入单位"]}
    dispatching = {m["派出单位"] for m in county["驻村工作队花名册"]}
    assert merged <= dispatching  # every merged unit still has its team (一帮二)


def test_loans_are_consistent(county: Rosters) -> None:
    for loan in county["扶贫小额信贷"]:
        amount, balance, overdue = (int(loan[k]) for k in ("贷款金额", "贷款余额", "逾期金额"))
        assert 0 <= overdue <= balance <= amount
        assert (loan["是否逾期"] == "是") == (overdue > 0)
        assert loan["放款日期"] < loan["到期日期"]
        if loan["是否逾期"] == "是":
            assert day(loan["到期日期"]) < county.as_of  # type: ignore[operator]


def test_returned_and_new_households_are_red(county: Rosters) -> None:
    """S3: every reported household is on a RED card with the matching status."""
    households = {h["户编号"]: h for h in county["户花名册"]}
    for report in county["返贫新增备案"]:
        h = households[report["户编号"]]
        assert h["卡类"] == "红卡"
        assert h["脱贫状态"] == ("返贫" if report["类型"] == "返贫" else "未脱贫")
    returned = {h["户编号"] for h in households.values() if h["脱贫状态"] == "返贫"}
    assert returned == {x["户编号"] for x in county["返贫新增备案"] if x["类型"] == "返贫"}
