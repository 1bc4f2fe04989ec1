"""Chinese words of an export: column headers from the schema's field descriptions, and the values
county staff read (红卡, 是/否) in place of the API's codes."""

from __future__ import annotations

import re
from typing import Any

# A description that starts with Chinese, after the rule ids it cites ("S2: 人均纯收入 (CNY)." →
# 人均纯收入), a bracketed unit kept ("务工时间（月）"). One that starts in English names its field
# in a sentence, whose first Chinese word is often something else.
_CHINESE = re.compile(r"(?:[A-Z]\d+(?:[-–,]\s*[A-Z]?\d+)*:\s*)?([\u4e00-\u9fff][\u4e00-\u9fff（）]*)")

# Fields whose description says no Chinese word.
FIELD_WORDS: dict[str, str] = {
    "id": "编号",
    "code": "代码",
    "name": "名称",
    "gender": "性别",
    "birthDate": "出生日期",
    "ethnicity": "民族",
    "attribute": "贫困户属性",
    "exitYear": "脱贫年度",
    "otherCauses": "其他致贫原因",
    "note": "备注",
    "card": "卡类",
    "color": "卡类",
    "village": "村",
    "township": "乡镇",
    "household": "户",
    "cadre": "帮扶责任人",
    "cadres": "帮扶责任人",
    "person": "人员",
    "members": "家庭成员",
    "since": "起始日期",
    "until": "结束日期",
    "reason": "原因",
    "role": "角色",
    "level": "级别",
    "unit": "单位",
    "team": "工作队",
    "date": "日期",
    "days": "天数",
    "month": "月份",
    "year": "年度",
    "count": "数量",
    "rule": "规则",
    "title": "名称",
    "rate": "比率",
    "threshold": "标准",
    "passes": "是否达标",
    "denominator": "基数",
    "bank": "贷款银行",
    "amount": "金额（元）",
    "balance": "余额（元）",
    "issuedOn": "发放日期",
    "dueOn": "到期日期",
    "overdue": "是否逾期",
    "caseNo": "信访件编号",
    "claim": "信访诉求",
    "closedOn": "办结日期",
    "registeredOn": "登记日期",
    "due": "应走访截止日",
    "daysOverdue": "逾期天数",
    "lastVisit": "最近走访",
    "cadence": "走访周期",
    "mode": "走访方式",
    "findings": "走访发现",
    "actions": "当场措施",
    "isPoor": "贫困村",
    "householdCount": "贫困户数",
    "poorPeopleCount": "贫困人口数",
    "post": "职务",
    "party": "政治面貌",
    "education": "文化程度",
    "requiredLevel": "应派层级",
    "poorPeople": "贫困人口数",
    "households": "户",
    "required": "应有数",
    "unreplaced": "未补员",
    "leader": "队长",
    "periodStart": "周期起始",
    "daysOpen": "未解决天数",
    "visit": "走访",
    "order": "整改通知",
    "daysPast": "超期天数",
    "expected": "应为卡类",
    "lowIncomeLine": "低收入线",
    "report": "返贫/新增备案",
    "departments": "反馈部门",
    "missing": "缺少项目",
    "examYear": "体检年度",
    "age": "年龄",
    "assessedOn": "评定日期",
    "overLine": "是否超线",
    "rank": "名次",
    "flagged": "是否标记",
    "cases": "案件数",
    "villages": "村",
    "teams": "工作队",
    "rules": "规则",
    "renovation": "危改进度",
}

# A field whose word depends on whose it is.
OWN_WORDS: dict[tuple[str, str], str] = {
    ("Person", "name"): "姓名",
    ("Cadre", "name"): "姓名",
    ("UnderstaffedTeam", "members"): "在岗队员数",
    ("WorkTeam", "level"): "级别",
}

VALUE_WORDS: dict[str, dict[str, str]] = {
    "Card": {"RED": "红卡", "YELLOW": "黄卡", "GREEN": "绿卡"},
    "PovertyStatus": {"NOT_OUT": "未脱贫", "OUT": "已脱贫", "RETURNED": "返贫"},
    "HouseholdAttribute": {"ORDINARY": "一般贫困户", "DIBAO": "低保贫困户", "TEKUN": "特困供养贫困户"},
    "TeamLevel": {"COUNTY": "县级", "TOWNSHIP": "乡镇级"},
    "TeamRole": {"FIRST_SECRETARY_LEADER": "第一书记兼队长", "LEADER": "队长", "MEMBER": "队员"},
    "PetitionLevel": {"PROVINCE": "省级", "CITY": "市级", "COUNTY": "县级"},
}


def field_word(description: str | None, name: str, owner: str = "") -> str:
    """A field's header: the Chinese of its description, else its known word, else its name."""
    if (owner, name) in OWN_WORDS:
        return OWN_WORDS[owner, name]
    found = _CHINESE.match(description or "")
    if found:
        return found.group(1)
    return FIELD_WORDS.get(name, name)


def shown(value: Any, enum: str | None = None) -> Any:
    """A value as a cell shows it: an enum's Chinese word, 是/否, a list joined; numbers and text
    as they are."""
    if isinstance(value, list):
        return "；".join(str(shown(item, enum)) for item in value if item is not None)
    if isinstance(value, bool):
        return "是" if value else "否"
    if enum is not None and isinstance(value, str):
        return VALUE_WORDS.get(enum, {}).get(value, value)
    return value
