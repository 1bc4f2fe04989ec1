"""One spec per roster: its columns, their parsers and target properties, its keys and rules.

Headers are written in normalised form (see `read.normalise_header`): no whitespace, ASCII
brackets. A roster is recognised by its header set, never by its file name. `SPECS` is in load
order: every roster after those it refers to.

Property names: a value stored on the roster's own node or relationship has the name of
docs/model.md (`headIdNumber`, `since`); a value about another node is named `<node><Prop>`
(`cadreName` → Cadre.name, `unitType` → Unit.type, `townshipName` → Township.name); a reference
column is named after the key it holds (`householdId`, `cadreIdNumber`). `Column.on` says where
each value goes: a label, a relationship type, or `ref`. Additions to the model: `duty` (乡镇包联
职责) is the relationship type to create, `SECRETARY_OF` or `RESPONSIBLE_FOR`; `sourceDepartment`
(比对部门) on PovertyReport; `townshipCode` (first 9 digits of 村代码) on villages rows.

驻点村 (teams) takes a 12-digit 村代码 or 乡(镇)+行政村 as text (see `values.station`); its value
is the code, or "乡镇+村", and its ref is `villageCode` or `village` = (乡镇, 村).
考勤 needs 证件号码 or 钉钉账号 (either column, at least one filled per row); its ref is `cadre`
when the identity number is given, else `dingtalk`.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.rosters import checks, codes
from graph.rosters import values as v
from graph.rosters.checks import RowCheck, Values

Ref = str | tuple[str, ...]
Refs = dict[str, Ref]


@dataclass(frozen=True)
class Column:
    """A roster column: its normalised header (and accepted other names), the prop its parsed
    value goes to, its parser, whether it is required, and the graph element it feeds."""

    header: str
    prop: str
    parse: v.Parser
    required: bool = False
    on: str = ""
    aliases: tuple[str, ...] = ()

    @property
    def headers(self) -> tuple[str, ...]:
        return (self.header, *self.aliases)


@dataclass(frozen=True)
class Same:
    """Rows that agree on `key` must agree on `value` (e.g. one township code per township)."""

    key: tuple[str, ...]
    value: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class RosterSpec:
    """`unique`: natural keys (tuples of props) that may occur once per file. `any_of`: groups
    of headers of which at least one must be present in the header and filled in each row.
    `derived`: props a rule adds, mapped to the prop of the column they come from."""

    kind: str
    name: str
    columns: tuple[Column, ...]
    refs: RefKeys
    unique: tuple[tuple[str, ...], ...] = ()
    any_of: tuple[tuple[str, ...], ...] = ()
    row_checks: tuple[RowCheck, ...] = ()
    same: tuple[Same, ...] = ()
    derived: tuple[tuple[str, str], ...] = ()

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(column.header for column in self.columns if column.required)

    def column(self, prop: str) -> Column:
        source = dict(self.derived).get(prop, prop)
        return next(column for column in self.columns if column.prop == source)

    def by_header(self) -> dict[str, Column]:
        return {header: column for column in self.columns for header in column.headers}

    def props_on(self, target: str) -> tuple[str, ...]:
        """The props that go to one graph element, e.g. `props_on("Household")`."""
        return tuple(column.prop for column in self.columns if column.on == target)


@dataclass(frozen=True)
class RefKeys:
    """The natural keys a row refers to, by ref name, and the props each is made of.

    Calling it on a row's values gives the row's refs: a one-prop key gives its value (a list
    of names becomes a tuple), a composite key such as `village=("townshipName", "villageName")`
    a tuple; a ref is left out when a part is empty."""

    keys: dict[str, str | tuple[str, ...]]

    def props(self, ref: str) -> tuple[str, ...]:
        props = self.keys[ref]
        return (props,) if isinstance(props, str) else props

    def __call__(self, values: Values) -> Refs:
        found: Refs = {}
        for name, props in self.keys.items():
            parts = [values.get(prop) for prop in self.props(name)]
            if any(part is None or part == [] for part in parts):
                continue
            if isinstance(props, str):
                part = parts[0]
                found[name] = tuple(part) if isinstance(part, list) else str(part)
            else:
                found[name] = tuple(str(part) for part in parts)
        return found


def refs_from(**keys: str | tuple[str, ...]) -> RefKeys:
    return RefKeys(keys)


class StationKeys(RefKeys):
    """驻村工作队花名册: 驻点村 gives `villageCode` (a 12-digit code) or `village` (乡镇, 村)."""

    def __call__(self, values: Values) -> Refs:
        found = super().__call__(values)
        station = found.pop("villageCode", None)
        found.pop("village", None)
        if isinstance(station, str) and station.isdigit():
            found["villageCode"] = station
        elif isinstance(station, str):
            township, village = station.split("+", 1)
            found["village"] = (township, village)
        return found


class AttendanceKeys(RefKeys):
    """考勤: the cadre by identity number when given, else by 钉钉账号 (`dingtalk`)."""

    def __call__(self, values: Values) -> Refs:
        found = super().__call__(values)
        if "cadre" in found:
            found.pop("dingtalk", None)
        return found


C = Column
idn, key, hid, day, yes = v.id_number, v.key, v.household_id, v.date_value, v.boolean
past = v.past_date  # the date of something that happened: not after today
name, text = v.name, v.text  # one line of up to 100 characters, or free text of up to 2,000
TOWNSHIP = ("乡镇",)
# Header names of the national system's exports (身份证号码 for 证件号码 …), by what they hold.
ID_NAMES = ("身份证号码", "身份证号", "证件号")
CADRE_ID_NAMES = (
    "帮扶人身份证号码",
    "帮扶人身份证号",
    "帮扶人证件号码",
    "帮扶责任人身份证号码",
    "帮扶责任人身份证号",
)
PHONE_NAMES = ("手机号码", "手机号", "联系方式")


CADRE_ID = C("帮扶责任人证件号码", "cadreIdNumber", idn, True, "ref", aliases=CADRE_ID_NAMES)

HOUSEHOLDS = RosterSpec(
    "households",
    "户花名册",
    (
        C("户编号", "id", hid, True, "Household", aliases=("户编码",)),
        C("乡(镇)", "townshipName", name, True, "ref", TOWNSHIP),
        C("行政村", "villageName", name, True, "ref", aliases=("行政村(社区)", "村(社区)")),
        C("自然村(组)", "hamlet", name, on="Household", aliases=("自然村", "村民小组")),
        C("户主姓名", "headName", name, True, "Household", aliases=("户主",)),
        C(
            "户主证件号码",
            "headIdNumber",
            idn,
            True,
            "Household",
            aliases=("户主身份证号", "户主身份证号码", "户主证件号"),
        ),
        C("家庭人口数", "size", v.household_size, on="Household", aliases=("家庭人口", "家庭人数", "户人数")),
        C("贫困户属性", "attribute", v.coded(codes.ATTRIBUTE), on="Household"),
        C("脱贫状态", "status", v.coded(codes.STATUS), True, "Household", aliases=("脱贫标志",)),
        C("脱贫年度", "exitYear", v.year, on="Household"),
        C("首次识别时间", "identifiedOn", past, on="Household", aliases=("首次识别日期", "识别时间")),
        C("主要致贫原因", "mainCause", v.coded(codes.CAUSE), on="Household"),
        C("其他致贫原因", "otherCauses", v.coded_list(codes.CAUSE), on="Household"),
        C(
            "人均纯收入(元)",
            "income",
            v.income,
            on="Household",
            aliases=("人均纯收入", "家庭年人均纯收入(元)", "人均收入(元)"),
        ),
        C("是否危房户", "dangerousHouse", yes, on="Household"),
        C("危房等级", "houseGrade", v.coded(codes.HOUSE_GRADE), on="Household"),
        C("是否解决安全饮用水", "safeWater", yes, on="Household"),
        C(
            "户联系电话",
            "phone",
            v.phone,
            on="Household",
            aliases=("联系电话", *PHONE_NAMES),
        ),
        C("卡类", "card", v.coded(codes.CARD), True, "Household"),
        C("备注", "note", text, on="Household"),
    ),
    refs_from(village=("townshipName", "villageName")),
    unique=(("id",), ("headIdNumber",)),
    row_checks=(checks.house_grade_when_dangerous,),
)

PERSONS = RosterSpec(
    "persons",
    "人口花名册",
    (
        C("户编号", "householdId", hid, True, "ref"),
        C("人口编号", "personNo", key, on="Person"),
        C("姓名", "name", name, True, "Person"),
        C("性别", "gender", v.coded(codes.GENDER), on="Person"),
        C("出生日期", "birthDate", past, on="Person"),
        C("证件类型", "idType", name, on="Person"),
        C("证件号码", "idNumber", idn, True, "Person", aliases=ID_NAMES),
        C("民族", "ethnicity", name, on="Person"),
        C("与户主关系", "relation", name, True, "BELONGS_TO", aliases=("与户主的关系",)),
        C("文化程度", "education", v.coded(codes.EDUCATION), on="Person"),
        C("在校生状况", "schooling", v.coded(codes.SCHOOLING), on="Person"),
        C("劳动技能", "labour", v.coded(codes.LABOUR), on="Person"),
        C("务工时间(月)", "migrantMonths", v.months, on="Person"),
        C("健康状况", "health", v.health, on="Person"),
        C("残疾类别", "disability", name, on="Person"),
        C("残疾等级", "disabilityGrade", v.coded(codes.DISABILITY_GRADE), on="Person"),
        C("是否享受低保", "dibao", yes, on="Person"),
        C("是否特困供养人员", "tekun", yes, on="Person"),
        C("是否参加城乡居民基本医疗保险", "medicalInsurance", yes, on="Person"),
        C("是否参加大病保险", "seriousIllnessInsurance", yes, on="Person"),
        C("是否参加城乡居民基本养老保险", "pensionInsurance", yes, on="Person"),
        C("本年度是否体检", "physicalExam", yes, on="Person"),
        C("是否签约家庭医生", "familyDoctor", yes, on="Person"),
        C("失学或辍学原因", "dropoutReason", text, on="Person"),
        C("联系电话", "phone", v.phone, on="Person", aliases=PHONE_NAMES),
    ),
    refs_from(household="householdId"),
    unique=(("idNumber",), ("personNo",)),
    row_checks=(checks.education_or_schooling, checks.person_matches_id, checks.grade_of_a_disability),
)

VILLAGES = RosterSpec(
    "villages",
    "行政村花名册",
    (
        C("乡(镇)", "townshipName", name, True, "Township", TOWNSHIP),
        C("行政村", "name", name, True, "Village"),
        C("村代码", "code", v.village_code, True, "Village", aliases=("行政区划代码",)),
        C("是否贫困村", "isPoor", yes, True, "Village"),
        C("退出年度", "exitYear", v.year, on="Village"),
        C("户籍人口数", "population", v.count, on="Village"),
        C("扶贫信息员姓名", "infoOfficerName", name, on="Village"),
        C("扶贫信息员电话", "infoOfficerPhone", v.phone, on="Village"),
    ),
    refs_from(),
    unique=(("code",), ("townshipName", "name")),
    row_checks=(checks.exit_year_of_poor_village, checks.township_code),
    same=(
        Same(("townshipName",), ("townshipCode",), "同一乡(镇)的村代码前9位（乡镇代码）应相同"),
        Same(("townshipCode",), ("townshipName",), "村代码前9位（乡镇代码）相同的村应属同一乡(镇)"),
    ),
    derived=(("townshipCode", "code"),),
)

CADRES = RosterSpec(
    "cadres",
    "帮扶责任人花名册",
    (
        C("证件号码", "idNumber", idn, True, "Cadre", aliases=ID_NAMES),
        C("姓名", "name", name, True, "Cadre"),
        C("性别", "gender", v.coded(codes.GENDER), on="Cadre"),
        C("政治面貌", "party", name, on="Cadre"),
        C("学历", "education", name, on="Cadre"),
        C("帮扶单位", "unitName", name, True, "ref", aliases=("帮扶责任人单位", "工作单位")),
        C("帮扶单位类型", "unitType", v.coded(codes.UNIT_TYPE), on="Unit"),
        C("隶属关系", "unitAffiliation", name, on="Unit"),
        C("职务", "post", name, on="Cadre"),
        C("职务级别", "rank", name, on="Cadre"),
        C("联系电话", "phone", v.phone, True, "Cadre", aliases=PHONE_NAMES),
        C("是否第一书记", "isFirstSecretary", yes, on="Cadre"),
        C("是否工作队队长", "isTeamLeader", yes, on="Cadre"),
        C("是否驻村队员", "isStationed", yes, on="Cadre"),
    ),
    refs_from(unit="unitName"),
    unique=(("idNumber",), ("phone",)),
)

PAIRINGS = RosterSpec(
    "pairings",
    "结对帮扶花名册",
    (
        C("户编号", "householdId", hid, True, "ref"),
        C("户主姓名", "headName", name, on="Household", aliases=("户主",)),
        CADRE_ID,
        C("帮扶责任人姓名", "cadreName", name, on="Cadre", aliases=("帮扶人姓名", "帮扶责任人")),
        C("结对开始时间", "since", past, True, "PAIRED_WITH", aliases=("帮扶开始时间", "结对时间")),
        C("结对结束时间", "until", past, on="PAIRED_WITH"),
    ),
    refs_from(household="householdId", cadre="cadreIdNumber"),
    unique=(("householdId", "cadreIdNumber", "since"),),
    row_checks=(checks.not_before("until", "since", "结对结束时间", "结对开始时间"),),
)

TEAMS = RosterSpec(
    "teams",
    "驻村工作队花名册",
    (
        C("驻点村", "station", v.station, True, "ref"),
        C("派出单位", "unitName", name, True, "ref"),
        C("派出层级", "level", v.coded(codes.DISPATCH_LEVEL), on="DISPATCHED"),
        C(
            "队员证件号码",
            "cadreIdNumber",
            idn,
            True,
            "ref",
            aliases=("队员身份证号码", "证件号码", "身份证号码"),
        ),
        C("队员姓名", "cadreName", name, on="Cadre"),
        C("驻村职务", "role", v.coded(codes.TEAM_ROLE), True, "MEMBER_OF"),
        C("驻村起始时间", "since", past, True, "MEMBER_OF"),
        C("驻村结束时间", "until", past, on="MEMBER_OF"),
    ),
    StationKeys(
        {
            "villageCode": "station",
            "village": "station",
            "unit": "unitName",
            "cadre": "cadreIdNumber",
        }
    ),
    unique=(("station", "unitName", "cadreIdNumber", "since"),),
    row_checks=(checks.not_before("until", "since", "驻村结束时间", "驻村起始时间"),),
    same=(Same(("station", "unitName"), ("level",), "同一工作队（驻点村+派出单位）的派出层级应相同"),),
)

VISITS = RosterSpec(
    "visits",
    "走访记录",
    (
        CADRE_ID,
        C("户编号", "householdId", hid, True, "ref"),
        C("走访日期", "date", past, True, "Visit", aliases=("走访时间",)),
        C("走访方式", "mode", v.coded(codes.VISIT_MODE), on="Visit"),
        C("发现问题", "findings", text, on="Visit"),
        C("解决情况", "resolution", text, on="Visit"),
        C("是否需上报", "escalate", yes, on="Visit"),
        C("群众满意度", "satisfaction", v.coded(codes.SATISFACTION), on="Visit", aliases=("满意度",)),
    ),
    refs_from(cadre="cadreIdNumber", household="householdId"),
    unique=(("cadreIdNumber", "householdId", "date"),),
)

ATTENDANCE = RosterSpec(
    "attendance",
    "考勤",
    (
        C("证件号码", "cadreIdNumber", idn, on="ref", aliases=ID_NAMES),
        C("钉钉账号", "dingtalk", key, on="ref"),
        C("日期", "date", past, True, "Attendance", ("打卡日期", "考勤日期")),
        C("打卡地点", "place", name, on="Attendance"),
        C("是否在村", "inVillage", yes, on="Attendance"),
    ),
    AttendanceKeys({"cadre": "cadreIdNumber", "dingtalk": "dingtalk"}),
    unique=(("cadreIdNumber", "dingtalk", "date"),),
    any_of=(("证件号码", "钉钉账号"),),
)

BENEFITS = RosterSpec(
    "benefits",
    "政策享受",
    (
        C("户编号", "householdId", hid, True, "ref"),
        C("证件号码", "personIdNumber", idn, on="ref", aliases=ID_NAMES),
        C("政策类别", "area", v.coded(codes.POLICY_AREA), True, "ref"),
        C("项目", "project", name, True, "Benefit"),
        C("金额(元)", "amountFen", v.money, on="Benefit"),
        C("享受日期", "date", past, True, "Benefit"),
        C("主管部门", "department", name, on="Benefit"),
    ),
    refs_from(household="householdId", person="personIdNumber", policyArea="area"),
    unique=(("householdId", "personIdNumber", "area", "project", "date"),),
)

LOANS = RosterSpec(
    "loans",
    "扶贫小额信贷",
    (
        C("户编号", "householdId", hid, True, "ref"),
        C("贷款银行", "bank", name, True, "Loan"),
        C("贷款金额", "amountFen", v.money, True, "Loan"),
        C("放款日期", "issuedOn", past, True, "Loan"),
        C("到期日期", "dueOn", day, True, "Loan"),
        C("贷款余额", "balanceFen", v.money, on="Loan"),
        C("是否逾期", "overdue", yes, on="Loan"),
        C("逾期金额", "overdueAmountFen", v.money, on="Loan"),
    ),
    refs_from(household="householdId"),
    unique=(("householdId", "bank", "issuedOn"),),
    row_checks=(
        checks.not_before("dueOn", "issuedOn", "到期日期", "放款日期"),
        checks.not_above("balanceFen", "amountFen", "贷款余额", "贷款金额"),
        checks.not_above("overdueAmountFen", "balanceFen", "逾期金额", "贷款余额"),
        checks.overdue_amount_needs_overdue,
    ),
)

PETITIONS = RosterSpec(
    "petitions",
    "信访",
    (
        C("案件编号", "caseNo", key, True, "Petition"),
        C("登记日期", "registeredOn", past, True, "Petition"),
        C("来源层级", "level", v.coded(codes.PETITION_LEVEL), on="Petition"),
        C("乡(镇)", "townshipName", name, True, "ref", TOWNSHIP),
        C("行政村", "villageName", name, on="ref"),
        C("户编号", "householdId", hid, on="ref"),
        C("诉求", "claim", text, on="Petition"),
        C("交办单位", "assignedUnit", name, on="Petition"),
        C("包案领导", "leaderName", name, on="Petition"),
        C("办结日期", "closedOn", past, on="Petition"),
        C("答复意见", "reply", text, on="Petition"),
    ),
    refs_from(
        township="townshipName",
        village=("townshipName", "villageName"),
        household="householdId",
    ),
    unique=(("caseNo",),),
    row_checks=(checks.not_before("closedOn", "registeredOn", "办结日期", "登记日期"),),
)

UNITS = RosterSpec(
    "units",
    "帮扶单位花名册",
    (
        C("单位名称", "name", name, True, "Unit"),
        C("单位代码", "code", key, on="Unit"),
        C("单位类型", "type", v.coded(codes.UNIT_TYPE), True, "Unit"),
        C("隶属关系", "affiliation", name, on="Unit"),
        C("并入单位", "mergedInto", name, on="ref"),
        C("并入日期", "since", past, on="MERGED_INTO"),
    ),
    refs_from(mergedInto="mergedInto"),
    unique=(("name",), ("code",)),
    row_checks=(checks.merger_has_date,),
)

TOWNSHIP_LEADERS = RosterSpec(
    "township_leaders",
    "乡镇包联花名册",
    (
        C("乡(镇)", "townshipName", name, True, "ref", TOWNSHIP),
        C("职责", "duty", v.coded(codes.DUTY), True, "relationship type"),
        C("证件号码", "cadreIdNumber", idn, True, "ref"),
        C("姓名", "cadreName", name, True, "Cadre"),
        C("职务", "cadrePost", name, on="Cadre"),
        C("起始时间", "since", past, True, "SECRETARY_OF|RESPONSIBLE_FOR"),
        C("结束时间", "until", past, on="SECRETARY_OF|RESPONSIBLE_FOR"),
    ),
    refs_from(township="townshipName", cadre="cadreIdNumber"),
    unique=(("townshipName", "duty", "cadreIdNumber", "since"),),
    row_checks=(checks.not_before("until", "since", "结束时间", "起始时间"),),
)

RECTIFICATIONS = RosterSpec(
    "rectifications",
    "整改通知",
    (
        C("通知编号", "id", key, True, "Rectification"),
        CADRE_ID,
        C("下发日期", "issuedOn", past, True, "Rectification"),
        C("整改期限", "deadline", day, True, "Rectification"),
        C("整改事由", "reason", text, True, "Rectification"),
        C("整改完成日期", "closedOn", past, on="Rectification"),
    ),
    refs_from(cadre="cadreIdNumber"),
    unique=(("id",),),
    row_checks=(
        checks.not_before("deadline", "issuedOn", "整改期限", "下发日期"),
        checks.not_before("closedOn", "issuedOn", "整改完成日期", "下发日期"),
    ),
)

POVERTY_REPORTS = RosterSpec(
    "poverty_reports",
    "返贫新增备案",
    (
        C("备案编号", "id", key, True, "PovertyReport"),
        C("户编号", "householdId", hid, True, "ref"),
        C("类型", "kind", v.coded(codes.REPORT_KIND), True, "PovertyReport"),
        C("线索来源", "source", v.coded(codes.LEAD_SOURCE), True, "PovertyReport"),
        C("比对部门", "sourceDepartment", name, on="PovertyReport"),
        C("致贫原因", "cause", v.coded(codes.CAUSE), True, "PovertyReport"),
        C("发现日期", "foundOn", past, True, "PovertyReport"),
        C("核实日期", "verifiedOn", past, on="PovertyReport"),
        C("反馈部门", "feedbackUnits", v.names, on="ref"),
        C("已落实措施部门", "measureUnits", v.names, on="ref"),
    ),
    refs_from(household="householdId", feedbackUnits="feedbackUnits", measureUnits="measureUnits"),
    unique=(("id",),),
    row_checks=(
        checks.not_before("verifiedOn", "foundOn", "核实日期", "发现日期"),
        checks.comparison_names_department,
    ),
)

PROJECTS = RosterSpec(
    "projects",
    "项目库",
    (
        C("项目编号", "id", key, True, "Project", aliases=("项目代码",)),
        C("项目名称", "name", name, True, "Project"),
        C("项目类型", "kind", v.coded(codes.PROJECT_KIND), True, "Project", aliases=("项目类别",)),
        C("乡(镇)", "townshipName", name, True, "ref", TOWNSHIP),
        C("行政村", "villageName", name, True, "ref", aliases=("项目所在村",)),
        C("资金来源", "fundingSource", name, True, "Project"),
        C("预算金额(元)", "budgetFen", v.money, True, "Project", aliases=("预算金额", "计划投资(元)")),
        C("开工日期", "startOn", day, True, "Project", aliases=("开工时间",)),
        C("计划完工日期", "finishOn", day, True, "Project", aliases=("计划完工时间",)),
        C("实际完工日期", "finishedOn", past, on="Project", aliases=("竣工日期",)),
        C("主管部门", "departmentName", name, on="ref", aliases=("项目主管部门",)),
    ),
    refs_from(village=("townshipName", "villageName"), unit="departmentName"),
    unique=(("id",),),
    row_checks=(
        checks.not_before("finishOn", "startOn", "计划完工日期", "开工日期"),
        checks.not_before("finishedOn", "startOn", "实际完工日期", "开工日期"),
    ),
)

PROJECT_BENEFICIARIES = RosterSpec(
    "project_beneficiaries",
    "项目受益户",
    (
        C("项目编号", "projectId", key, True, "ref"),
        C("户编号", "householdId", hid, True, "ref"),
        C("受益起始日期", "since", past, True, "BENEFITS", aliases=("受益日期",)),
        C("受益结束日期", "until", past, on="BENEFITS"),
    ),
    refs_from(project="projectId", household="householdId"),
    unique=(("projectId", "householdId", "since"),),
    row_checks=(checks.not_before("until", "since", "受益结束日期", "受益起始日期"),),
)

DISBURSEMENTS = RosterSpec(
    "disbursements",
    "资金拨付",
    (
        C("拨付编号", "id", key, True, "Disbursement", aliases=("凭证号", "拨付凭证号")),
        C("项目编号", "projectId", key, True, "ref"),
        C("拨付日期", "date", past, True, "Disbursement", aliases=("发放日期",)),
        C("金额(元)", "amountFen", v.money, True, "Disbursement", aliases=("拨付金额(元)", "拨付金额")),
        C("收款户编号", "householdId", hid, on="ref"),
        C("收款单位", "payee", name, on="Disbursement", aliases=("收款人",)),
        C("发放方式", "channel", v.coded(codes.PAYMENT_CHANNEL), True, "Disbursement", aliases=("拨付方式",)),
    ),
    refs_from(project="projectId", household="householdId"),
    unique=(("id",),),
    any_of=(("收款户编号", "收款单位"),),
)

# The order in which the writer loads rosters: every roster after those it refers to.
SPECS: tuple[RosterSpec, ...] = (
    UNITS,
    VILLAGES,
    CADRES,
    TOWNSHIP_LEADERS,
    HOUSEHOLDS,
    PERSONS,
    PAIRINGS,
    TEAMS,
    VISITS,
    ATTENDANCE,
    BENEFITS,
    LOANS,
    PETITIONS,
    RECTIFICATIONS,
    POVERTY_REPORTS,
    PROJECTS,
    PROJECT_BENEFICIARIES,
    DISBURSEMENTS,
)
LOAD_ORDER: tuple[str, ...] = tuple(spec.kind for spec in SPECS)
BY_KIND: dict[str, RosterSpec] = {spec.kind: spec for spec in SPECS}


def spec_for(kind: str) -> RosterSpec:
    """The spec of a kind id (`households`) or of a Chinese roster name (`户花名册`)."""
    for spec in SPECS:
        if kind in (spec.kind, spec.name):
            return spec
    raise KeyError(kind)
