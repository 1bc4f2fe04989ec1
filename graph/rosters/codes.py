"""The code lists of the rosters (../shared/docs/rosters.md, docs/rosters-extra.md).

Enumerations the software reasons about map to the English codes of docs/model.md (红卡 → RED);
free code lists (致贫原因, 劳动技能, 文化程度 …) map to their own Chinese text, with a few common
variants folded in (其他 → 其它). Lookups ignore whitespace and full-width forms.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field


def fold(text: str) -> str:
    """The form in which code-list entries are compared: NFKC, no whitespace, upper case."""
    return "".join(unicodedata.normalize("NFKC", text).split()).upper()


@dataclass(frozen=True)
class CodeList:
    """`entries` maps each accepted spelling to the stored code; `shown` is what an error message
    lists as the allowed values."""

    name: str
    entries: dict[str, str]
    shown: tuple[str, ...]

    folded: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "folded", {fold(k): v for k, v in self.entries.items()})

    def lookup(self, raw: str) -> str | None:
        return self.folded.get(fold(raw))

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(self.entries.values())


def text_list(name: str, values: tuple[str, ...], aliases: dict[str, str] | None = None) -> CodeList:
    """A code list stored as its Chinese text."""
    entries = {value: value for value in values}
    entries.update(aliases or {})
    return CodeList(name, entries, values)


# 脱贫状态. The registration system's codes are 0 未脱贫, 1 已脱贫, 3 返贫, and 4, which rosters.md
# lists as a code "for the same" without saying which. We read 4 as 已脱贫 (OUT): the system's
# extra code is an exited sub-state (e.g. 稳定脱贫 / 已脱贫（不享受政策）), rosters.md does not say
# 4 is 返贫, and a household wrongly read as 返贫 would be put on a RED card. Change it here only.
STATUS_CODE_4 = "OUT"

STATUS = CodeList(
    "脱贫状态",
    {
        "未脱贫": "NOT_OUT",
        "0": "NOT_OUT",
        "已脱贫": "OUT",
        "1": "OUT",
        "返贫": "RETURNED",
        "3": "RETURNED",
        "4": STATUS_CODE_4,
    },
    ("未脱贫（0）", "已脱贫（1、4）", "返贫（3）"),
)

# 贫困户属性; Excel turns the codes 01/04/06 into 1/4/6, so those are accepted too.
ATTRIBUTE = CodeList(
    "贫困户属性",
    {
        "一般贫困户": "ORDINARY",
        "01": "ORDINARY",
        "1": "ORDINARY",
        "低保贫困户": "DIBAO",
        "04": "DIBAO",
        "4": "DIBAO",
        "特困供养贫困户": "TEKUN",
        "06": "TEKUN",
        "6": "TEKUN",
    },
    ("一般贫困户（01）", "低保贫困户（04）", "特困供养贫困户（06）"),
)

CARD = CodeList(
    "卡类",
    {"红卡": "RED", "红": "RED", "黄卡": "YELLOW", "黄": "YELLOW", "绿卡": "GREEN", "绿": "GREEN"},
    ("红卡", "黄卡", "绿卡"),
)

# 群众满意度: stored as the English codes of the API's Satisfaction.
SATISFACTION = CodeList(
    "群众满意度",
    {
        "满意": "SATISFIED",
        "非常满意": "SATISFIED",
        "基本满意": "BASIC",
        "较满意": "BASIC",
        "不满意": "DISSATISFIED",
    },
    ("满意", "基本满意", "不满意"),
)

# 走访方式: stored as the English codes of the API's VisitMode.
VISIT_MODE = CodeList(
    "走访方式",
    {
        "入户": "HOME",
        "入户走访": "HOME",
        "上门": "HOME",
        "上门走访": "HOME",
        "电话": "PHONE",
        "电话回访": "PHONE",
        "电话走访": "PHONE",
        "视频": "VIDEO",
        "视频回访": "VIDEO",
        "视频走访": "VIDEO",
        "座谈": "MEETING",
        "集中座谈": "MEETING",
        "院落会": "MEETING",
    },
    ("入户走访", "电话回访", "视频回访", "集中座谈"),
)

DISPATCH_LEVEL = CodeList(
    "派出层级",
    {
        "县派": "COUNTY",
        "县级": "COUNTY",
        "乡派": "TOWNSHIP",
        "乡镇派": "TOWNSHIP",
        "乡级": "TOWNSHIP",
    },
    ("县派", "乡派"),
)

TEAM_ROLE = CodeList(
    "驻村职务",
    {
        "第一书记兼队长": "FIRST_SECRETARY_LEADER",
        "第一书记兼工作队队长": "FIRST_SECRETARY_LEADER",
        "队长": "LEADER",
        "工作队队长": "LEADER",
        "队员": "MEMBER",
        "工作队队员": "MEMBER",
    },
    ("第一书记兼队长", "队长", "队员"),
)

PETITION_LEVEL = CodeList(
    "来源层级",
    {
        "省级以上": "PROVINCE",
        "省级": "PROVINCE",
        "国家级": "PROVINCE",
        "市级": "CITY",
        "县级": "COUNTY",
    },
    ("省级以上", "市级", "县级"),
)

REPORT_KIND = CodeList("类型", {"返贫": "RETURNED", "新增": "NEW"}, ("返贫", "新增"))

# 乡镇包联花名册 职责 → the relationship the writer creates (docs/model.md).
DUTY = CodeList(
    "职责",
    {"乡镇党委书记": "SECRETARY_OF", "县级联系领导": "RESPONSIBLE_FOR"},
    ("乡镇党委书记", "县级联系领导"),
)

GENDER = CodeList("性别", {"男": "男", "女": "女", "1": "男", "2": "女"}, ("男", "女"))

HOUSE_GRADE = CodeList(
    "危房等级",
    {f"{g}{suffix}": g for g in "ABCD" for suffix in ("", "级")},
    ("A", "B", "C", "D"),
)

CAUSE = text_list(
    "致贫原因",
    (
        "因病",
        "因残",
        "因学",
        "因灾",
        "缺土地",
        "缺水",
        "缺技术",
        "缺劳力",
        "缺资金",
        "交通条件落后",
        "自身发展动力不足",
        "其它",
    ),
    {"其他": "其它"},
)

LABOUR = text_list(
    "劳动技能",
    ("普通劳动力", "技能劳动力", "弱劳动力或半劳动力", "丧失劳动力", "无劳动力"),
)

# 残疾等级 (残联's 残疾证), as the persons roster and the 残联 list write it.
DISABILITY_GRADE = text_list("残疾等级", ("一级", "二级", "三级", "四级"), {
    "1": "一级", "2": "二级", "3": "三级", "4": "四级",
    "1级": "一级", "2级": "二级", "3级": "三级", "4级": "四级",
})  # fmt: skip

EDUCATION = text_list("文化程度", ("文盲或半文盲", "小学", "初中", "高中", "大专", "本科及以上"))

SCHOOLING = text_list(
    "在校生状况",
    (
        "学前教育",
        "小学",
        "七年级",
        "八年级",
        "九年级",
        "普通高中一年级",
        "普通高中二年级",
        "普通高中三年级",
        "中职",
        "高职高专",
        "本科",
        "硕士研究生及以上",
    ),
)

HEALTH = text_list("健康状况", ("健康", "长期慢性病", "患有大病", "残疾"))

POLICY_AREA = text_list("政策类别", ("产业", "教育", "健康", "就业", "住房", "饮水", "综合保障", "金融"))

UNIT_TYPE = text_list(
    "单位类型", ("县直部门", "县属企事业单位", "乡镇", "省市驻县单位", "其他"), {"其它": "其他"}
)

# A unit named for the first time in 帮扶责任人花名册 without 帮扶单位类型: its type read from its name.
_TOWNSHIP_UNIT = re.compile(r".*(?:乡|镇|街道)(?:人民政府|政府|党委|街道办事处|办事处)?")
_COUNTY_DEPARTMENT = re.compile(r".*县.+(?:局|委|办|中心|委员会|办公室)")


def unit_type_of(name: str) -> str:
    """…乡, …镇, …街道 (人民政府) → 乡镇; 县…局/委/办/中心 → 县直部门; else 其他."""
    if _TOWNSHIP_UNIT.fullmatch(name):
        return "乡镇"
    if _COUNTY_DEPARTMENT.fullmatch(name):
        return "县直部门"
    return "其他"


LEAD_SOURCE = text_list("线索来源", ("回访", "部门比对", "信访"))

# O3: 项目类型 of the project register (项目库); 危房改造 is the kind P4's card rule reads.
PROJECT_KIND = text_list(
    "项目类型",
    ("产业", "基础设施", "危房改造", "易地扶贫搬迁", "教育", "就业", "其他"),
    {"其它": "其他", "产业发展": "产业", "农村危房改造": "危房改造", "异地扶贫搬迁": "易地扶贫搬迁"},
)
RENOVATION = "危房改造"

# O3, P4: 发放方式 of a fund disbursement; CARD is the 扶贫明白卡 (一卡通) the plan pays subsidies through.
PAYMENT_CHANNEL = CodeList(
    "发放方式",
    {
        "明白卡": "CARD",
        "扶贫明白卡": "CARD",
        "一卡通": "CARD",
        "惠民惠农一卡通": "CARD",
        "银行转账": "TRANSFER",
        "转账": "TRANSFER",
        "现金": "CASH",
        "其他": "OTHER",
        "其它": "OTHER",
    },
    ("明白卡", "银行转账", "现金", "其他"),
)
