"""The county as roster rows: exact Chinese headers of rosters.md and rosters-extra.md, dates
YYYY-MM-DD, flags 是/否, counts and amounts as integers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from seeds import codes
from seeds.benefits import disability_grade
from seeds.county import Cadre, County, active
from seeds.dates import iso

Cell = str | int
Row = list[Cell]

HEADERS: dict[str, tuple[str, ...]] = {
    "户花名册": (
        "户编号", "乡(镇)", "行政村", "自然村(组)", "户主姓名", "户主证件号码", "家庭人口数",
        "贫困户属性", "脱贫状态", "脱贫年度", "首次识别时间", "主要致贫原因", "其他致贫原因",
        "人均纯收入（元）", "是否危房户", "危房等级", "是否解决安全饮用水", "户联系电话", "卡类",
        "备注",
    ),
    "人口花名册": (
        "户编号", "人口编号", "姓名", "性别", "出生日期", "证件类型", "证件号码", "民族",
        "与户主关系", "文化程度", "在校生状况", "劳动技能", "务工时间（月）", "健康状况",
        "残疾类别", "残疾等级", "是否享受低保", "是否特困供养人员", "是否参加城乡居民基本医疗保险",
        "是否参加大病保险", "是否参加城乡居民基本养老保险", "本年度是否体检", "是否签约家庭医生",
        "失学或辍学原因", "联系电话",
    ),
    "行政村花名册": (
        "乡(镇)", "行政村", "村代码", "是否贫困村", "退出年度", "户籍人口数", "扶贫信息员姓名",
        "扶贫信息员电话",
    ),
    "帮扶责任人花名册": (
        "证件号码", "姓名", "性别", "政治面貌", "学历", "帮扶单位", "帮扶单位类型", "隶属关系",
        "职务", "职务级别", "联系电话", "是否第一书记", "是否工作队队长", "是否驻村队员",
    ),
    "结对帮扶花名册": (
        "户编号", "户主姓名", "帮扶责任人证件号码", "帮扶责任人姓名", "结对开始时间",
        "结对结束时间",
    ),
    "驻村工作队花名册": (
        "驻点村", "派出单位", "派出层级", "队员证件号码", "队员姓名", "驻村职务", "驻村起始时间",
        "驻村结束时间",
    ),
    "走访记录": (
        "帮扶责任人证件号码", "户编号", "走访日期", "走访方式", "发现问题", "解决情况",
        "是否需上报", "群众满意度",
    ),
    "考勤": ("证件号码", "日期", "打卡地点", "是否在村"),
    "政策享受": ("户编号", "证件号码", "政策类别", "项目", "金额（元）", "享受日期", "主管部门"),
    "扶贫小额信贷": (
        "户编号", "贷款银行", "贷款金额", "放款日期", "到期日期", "贷款余额", "是否逾期",
        "逾期金额",
    ),
    "信访": (
        "案件编号", "登记日期", "来源层级", "乡(镇)", "行政村", "户编号", "诉求", "交办单位",
        "包案领导", "办结日期", "答复意见",
    ),
    "帮扶单位花名册": ("单位名称", "单位代码", "单位类型", "隶属关系", "并入单位", "并入日期"),
    "乡镇包联花名册": ("乡(镇)", "职责", "证件号码", "姓名", "职务", "起始时间", "结束时间"),
    "整改通知": ("通知编号", "帮扶责任人证件号码", "下发日期", "整改期限", "整改事由", "整改完成日期"),
    "返贫新增备案": (
        "备案编号", "户编号", "类型", "线索来源", "比对部门", "致贫原因", "发现日期", "核实日期",
        "反馈部门", "已落实措施部门",
    ),
    "项目库": (
        "项目编号", "项目名称", "项目类型", "乡(镇)", "行政村", "资金来源", "预算金额（元）", "开工日期",
        "计划完工日期", "实际完工日期", "主管部门",
    ),
    "项目受益户": ("项目编号", "户编号", "受益起始日期", "受益结束日期"),
    "资金拨付": ("拨付编号", "项目编号", "拨付日期", "金额（元）", "收款户编号", "收款单位", "发放方式"),
}  # fmt: skip


@dataclass
class Roster:
    name: str
    headers: tuple[str, ...]
    rows: Iterator[Row]


def yes(flag: bool) -> str:
    return codes.YES if flag else codes.NO


def rosters(county: County) -> list[Roster]:
    makers = {
        "户花名册": _households,
        "人口花名册": _persons,
        "行政村花名册": _villages,
        "帮扶责任人花名册": _cadres,
        "结对帮扶花名册": _pairings,
        "驻村工作队花名册": _teams,
        "走访记录": _visits,
        "考勤": _attendance,
        "政策享受": _benefits,
        "扶贫小额信贷": _loans,
        "信访": _petitions,
        "帮扶单位花名册": _units,
        "乡镇包联花名册": _leaders,
        "整改通知": _rectifications,
        "返贫新增备案": _reports,
        "项目库": _projects,
        "项目受益户": _beneficiaries,
        "资金拨付": _disbursements,
    }
    return [Roster(name, HEADERS[name], make(county)) for name, make in makers.items()]


def _households(county: County) -> Iterator[Row]:
    for h in county.households:
        yield [
            h.id, h.village.township.name, h.village.name, h.hamlet, h.head.name,
            h.head.id_number, len(h.persons), h.attribute, h.status,
            "" if h.exit_year is None else h.exit_year, iso(h.identified_on), h.main_cause,
            ",".join(h.other_causes), h.income, yes(h.dangerous_house), h.house_grade,
            yes(h.safe_water), h.head.phone, h.card, h.note,
        ]  # fmt: skip


def _persons(county: County) -> Iterator[Row]:
    for h in county.households:
        for p in h.persons:
            yield [
                h.id, p.no, p.name, "男" if p.male else "女", iso(p.birth), "居民身份证",
                p.id_number, p.ethnicity, p.relation, p.education, p.schooling, p.labour,
                p.migrant_months, ",".join(p.health), p.disability, disability_grade(p), yes(p.dibao),
                yes(p.tekun), yes(p.medical_insurance), yes(p.serious_illness_insurance),
                yes(p.pension_insurance), yes(p.physical_exam), yes(p.family_doctor),
                p.dropout_reason, p.phone,
            ]  # fmt: skip


def _villages(county: County) -> Iterator[Row]:
    for v in county.villages:
        yield [
            v.township.name, v.name, v.code, yes(v.is_poor),
            "" if v.exit_year is None else v.exit_year, v.population, v.officer_name,
            v.officer_phone,
        ]  # fmt: skip


def _flags(cadre: Cadre, county: County) -> tuple[str, str, str]:
    """是否第一书记 / 是否工作队队长 / 是否驻村队员 as of the export day (as_of)."""
    roles = [m.role for m in cadre.memberships if active(m.since, m.until, county.as_of)]
    return (
        yes(codes.SECRETARY_LEADER in roles),
        yes(any(r in codes.LEADER_ROLES for r in roles)),
        yes(bool(roles)),
    )


def _cadres(county: County) -> Iterator[Row]:
    for c in county.cadres:
        yield [
            c.id_number, c.name, "男" if c.male else "女", c.party, c.education, c.unit.name,
            c.unit.type, c.unit.affiliation, c.post, c.rank, c.phone, *_flags(c, county),
        ]  # fmt: skip


def _pairings(county: County) -> Iterator[Row]:
    for h in county.households:
        for p in sorted(h.pairings, key=lambda p: p.since):
            yield [h.id, h.head.name, p.cadre.id_number, p.cadre.name, iso(p.since), iso(p.until)]


def _teams(county: County) -> Iterator[Row]:
    for t in county.teams:
        for m in t.memberships:
            yield [
                t.village.code, t.unit.name, t.level, m.cadre.id_number, m.cadre.name, m.role,
                iso(m.since), iso(m.until),
            ]  # fmt: skip


def _visits(county: County) -> Iterator[Row]:
    for v in county.visits:
        yield [
            v.cadre.id_number, v.household.id, iso(v.date), v.mode, v.findings, v.resolution,
            yes(v.escalate), v.satisfaction,
        ]  # fmt: skip


def _attendance(county: County) -> Iterator[Row]:
    for a in county.attendance:
        yield [a.cadre.id_number, iso(a.date), a.place, yes(a.in_village)]


def _benefits(county: County) -> Iterator[Row]:
    for b in county.benefits:
        person = "" if b.person is None else b.person.id_number
        yield [b.household.id, person, b.area, b.project, b.amount, iso(b.date), b.department]


def _loans(county: County) -> Iterator[Row]:
    for x in county.loans:
        yield [
            x.household.id, x.bank, x.amount, iso(x.issued_on), iso(x.due_on), x.balance,
            yes(x.overdue_amount > 0), x.overdue_amount,
        ]  # fmt: skip


def _petitions(county: County) -> Iterator[Row]:
    for p in county.petitions:
        yield [
            p.case_no, iso(p.registered_on), p.level, p.township.name,
            "" if p.village is None else p.village.name,
            "" if p.household is None else p.household.id, p.claim, p.assigned_unit,
            p.leader_name, iso(p.closed_on), p.reply,
        ]  # fmt: skip


def _units(county: County) -> Iterator[Row]:
    for u in county.units:
        merged = "" if u.merged_into is None else u.merged_into.name
        yield [u.name, u.code, u.type, u.affiliation, merged, iso(u.merged_on)]


def _leaders(county: County) -> Iterator[Row]:
    for x in county.leaderships:
        yield [
            x.township.name, x.duty, x.cadre.id_number, x.cadre.name, x.cadre.post,
            iso(x.since), iso(x.until),
        ]  # fmt: skip


def _rectifications(county: County) -> Iterator[Row]:
    for r in county.rectifications:
        yield [
            r.id, r.cadre.id_number, iso(r.issued_on), iso(r.deadline), r.reason,
            iso(r.closed_on),
        ]  # fmt: skip


def _reports(county: County) -> Iterator[Row]:
    for r in county.reports:
        yield [
            r.id, r.household.id, r.kind, r.source, r.source_department, r.cause,
            iso(r.found_on), iso(r.verified_on), "、".join(r.feedback), "、".join(r.measures),
        ]  # fmt: skip


def _projects(county: County) -> Iterator[Row]:
    for x in county.projects:
        yield [
            x.id, x.name, x.kind, x.village.township.name, x.village.name, x.fund, x.budget, iso(x.start),
            iso(x.finish), iso(x.finished), x.department,
        ]  # fmt: skip


def _beneficiaries(county: County) -> Iterator[Row]:
    for x in county.projects:
        for household in x.households:
            yield [x.id, household.id, iso(x.start), ""]


def _disbursements(county: County) -> Iterator[Row]:
    for x in county.projects:
        for d in x.disbursements:
            household = "" if d.household is None else d.household.id
            yield [d.id, x.id, iso(d.date), d.amount, household, d.payee, d.channel]
