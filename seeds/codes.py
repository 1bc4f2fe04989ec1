"""The Chinese values written into the rosters (code lists of rosters.md) and the settings the
generator follows (S2 lines, W8/W11 thresholds)."""

from __future__ import annotations

from typing import Final

YES: Final = "是"
NO: Final = "否"

RED: Final = "红卡"
YELLOW: Final = "黄卡"
GREEN: Final = "绿卡"

NOT_OUT: Final = "未脱贫"
OUT: Final = "已脱贫"
RETURNED: Final = "返贫"

ORDINARY: Final = "一般贫困户"
DIBAO: Final = "低保贫困户"
TEKUN: Final = "特困供养贫困户"

COUNTY_LEVEL: Final = "县派"
TOWNSHIP_LEVEL: Final = "乡派"

SECRETARY_LEADER: Final = "第一书记兼队长"
LEADER: Final = "队长"
MEMBER: Final = "队员"
LEADER_ROLES: Final = (SECRETARY_LEADER, LEADER)

PROVINCE: Final = "省级以上"
CITY: Final = "市级"
COUNTY: Final = "县级"

SECRETARY_DUTY: Final = "乡镇党委书记"
COUNTY_LEADER_DUTY: Final = "县级联系领导"

# S2: the 2019 poverty line (2,300 CNY at 2010 prices ≈ 3,218) and the low-income line
# (1.5 ×). Incomes are drawn with a margin so a 2020 line (≈4,000, low line 6,000) gives the
# same cards: RED below the line, YELLOW in 3,600–4,700, GREEN from 6,200.
POVERTY_LINE: Final = 3218
LOW_INCOME_LINE: Final = 4827
RED_INCOME: Final = (1500, 3100)
YELLOW_INCOME: Final = (3600, 4700)
GREEN_INCOME: Final = (6200, 16000)

MAX_HOUSEHOLDS_PER_CADRE: Final = 5  # W8
MIN_DAYS_IN_VILLAGE: Final = 20  # W11
MIN_COUNTY_TEAM: Final = 3  # W1
BIG_VILLAGE_PEOPLE: Final = 100  # W2

CAUSES: Final = (
    ("因病", 38),
    ("因残", 14),
    ("因学", 8),
    ("因灾", 3),
    ("缺土地", 2),
    ("缺水", 1),
    ("缺技术", 11),
    ("缺劳力", 9),
    ("缺资金", 9),
    ("交通条件落后", 1),
    ("自身发展动力不足", 3),
    ("其它", 1),
)

EDUCATION_LEVELS: Final = ("文盲或半文盲", "小学", "初中", "高中", "大专", "本科及以上")
DISABILITIES: Final = (
    "肢体残疾",
    "视力残疾",
    "听力残疾",
    "言语残疾",
    "智力残疾",
    "精神残疾",
    "多重残疾",
)
ETHNICITIES: Final = (("汉族", 970), ("土家族", 8), ("苗族", 8), ("瑶族", 6), ("回族", 4), ("侗族", 4))
DROPOUT_REASONS: Final = ("厌学", "家庭经济困难", "外出务工", "早婚")

HEALTHY: Final = "健康"
CHRONIC: Final = "长期慢性病"
SERIOUS: Final = "患有大病"
DISABLED: Final = "残疾"

VISIT_MODE: Final = "入户走访"
PHONE_MODE: Final = "电话回访"
# 群众满意度 (W12).
SATISFIED: Final = "满意"
BASIC_SATISFIED: Final = "基本满意"
DISSATISFIED: Final = "不满意"

# Department names that also appear in 帮扶单位花名册 (always generated, see units.CORE).
DEPARTMENTS: Final = {
    "产业": "县农业农村局",
    "教育": "县教育局",
    "健康": "县医疗保障局",
    "就业": "县人社局",
    "住房": "县住建局",
    "饮水": "县水利局",
    "综合保障": "县民政局",
    "金融": "县扶贫办",
}
DISABLED_FEDERATION: Final = "县残联"
HEALTH_BUREAU: Final = "县卫生健康局"
