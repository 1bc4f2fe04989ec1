"""What recurring names mean: an argument or field named so, and not described where it is
declared, is described by this table when the schema is built (fupin/api.py). A name keeps one
meaning throughout the API; a field that means something else says so where it is declared.
Chinese first: the words county staff see on forms and tables."""

from __future__ import annotations

from graphql import GraphQLInputObjectType, GraphQLInterfaceType, GraphQLObjectType, GraphQLSchema

ARGUMENTS: dict[str, str] = {
    "first": "每页条数：at most this many items (default and maximum: the server's page settings).",
    "last": "每页条数（倒数）：at most this many items, ending at `before` (or at the list's end).",
    "before": "游标：the `startCursor` of the next page; this page ends before it.",
    "after": "游标：the `endCursor` of the previous page; this page starts after it.",
    "asOf": "查询日期：the day asked about (default today; not in the future).",
    "filter": "筛选条件：all given ones must hold.",
    "sort": "排序字段.",
    "direction": "排序方向：ASC or DESC.",
    "id": "编号：the entity's own key (its `id`).",
    "code": "代码：the entity's key (乡镇 9 digits, 行政村 12 digits, 政策 P1–P10).",
    "name": "单位名称 (the unit's key).",
    "idNumber": "证件号码 (the roster's key).",
    "scope": "范围：a township or a village; the county when left out (an officer: its own area).",
    "householdId": "户编号 (Household.id).",
    "cadreId": "干部编号 (Cadre.id, an opaque uid).",
    "teamId": "工作队编号 (WorkTeam.id, `{villageCode}:{dispatching unit}`).",
    "visitId": "走访记录编号 (Visit.id).",
    "loanId": "贷款编号 (Loan.id).",
    "repaymentId": "还款记录编号 (Repayment.id).",
    "reportId": "备案编号 (PovertyReport.id).",
    "rectificationId": "整改通知编号 (Rectification.id).",
    "entityId": "对象编号：the API id of a household, person, cadre, team, village, township, unit, visit …",
    "villageCode": "行政村代码 (12 digits).",
    "townshipCode": "乡镇代码 (9 digits).",
    "unitName": "单位名称 (Unit.name).",
    "caseNo": "案件编号 (the petition's key).",
    "since": "开始日期：active from this day, that day included.",
    "until": "结束日期：active until this day, which belongs to the successor.",
    "date": "日期：the day it happened or takes effect.",
    "from": "开始日期 (included).",
    "to": "结束日期 (included; default today).",
    "year": "年份 (default the year of asOf).",
    "effectiveOn": "生效日期：the day the new facts hold from (the replaced ones answer for earlier days).",
    "changes": "修改内容：the facts to change; a field left out stays as it is, a null empties it.",
    "rule": "规则编号 (rules.md id: P3, S3 …).",
    "reason": "原因：kept with the record, in its history and in the audit trail.",
    "level": "层级 (see the enum's values).",
    "role": "驻村职务 (W4).",
    "card": "卡色 (S1).",
    "kind": "类型 (S3): 返贫 or 新增.",
    "kinds": "事件类别：keep only these (default all).",
    "source": "线索来源 (S3).",
    "sourceDepartment": "比对部门：the department whose data found it (部门比对 only).",
    "cause": "致贫原因.",
    "newHousehold": "新增户：the household to register (kind NEW only).",
    "departments": "反馈部门：unit names, each fed back to (S4).",
    "department": "部门：the unit name recording its measure.",
    "measure": "落实措施：what the department did.",
    "deadline": "整改期限.",
    "registeredOn": "登记日期.",
    "claim": "诉求.",
    "assignedUnit": "交办单位.",
    "leaderName": "包案领导：name of the leader responsible for the case.",
    "reply": "答复意见.",
    "bank": "贷款银行.",
    "amount": "金额 (CNY, at most two decimals; kept in whole fen).",
    "issuedOn": "放贷日期.",
    "dueOn": "到期日期.",
    "findings": "发现问题 (走访记录).",
    "actions": "采取措施：what was done on the spot.",
    "escalate": "是否需上报：the problem is reported upward (W10) and stays open until resolved.",
    "resolution": "解决情况.",
    "resolvedOn": "解决日期 (not before the visit, not in the future).",
    "entries": "打卡记录：one per cadre and day.",
    "replace": "替换：end the household's current pairing on `since` instead of refusing.",
    "into": "合并后单位：the successor unit's name.",
    # Filters (input fields).
    "nameContains": "名称包含：a part of the name.",
    "headNameContains": "户主姓名包含：a part of the head's name.",
    "isPoor": "是否贫困村 (W1).",
    "isStationed": "是否驻村队员 (roster flag, W11).",
    "status": "脱贫状态.",
    "attribute": "贫困户属性.",
    "dangerousHouse": "是否危房户 (P4).",
    "incomeBelow": "人均纯收入低于 (CNY).",
    "type": "单位类型.",
    "area": "政策领域：产业, 教育, 健康 ….",
}

# The root types, assembled from each domain's piece (fupin/api.py), described here.
TYPES: dict[str, str] = {
    "Query": "查询：entities, coverage of the rules, chains of responsibility, histories, the audit trail.",
    "Mutation": "修改：each one audited transaction, all of it or nothing.",
    "Coverage": "覆盖情况：where the work falls short of the plan (rules.md) in a scope on a date.",
}

FIELDS: dict[str, str] = {
    "household": "贫困户.",
    "households": "贫困户.",
    "village": "行政村.",
    "township": "乡镇.",
    "cadre": "帮扶干部.",
    "team": "驻村工作队.",
    "unit": "单位.",
    "person": "人员：a member of a registered household.",
    "policy": "政策领域 (P1–P10).",
    "visit": "走访记录.",
    "petition": "信访件.",
    "benefit": "帮扶政策享受记录.",
    "loan": "扶贫小额信贷.",
    "rectification": "整改通知.",
    "report": "返贫/新增备案 (S3).",
    "since": "开始日期：active from this day, that day included.",
    "until": "结束日期：active until this day, which belongs to the successor; null while it lasts.",
    "name": "名称 (a person's 姓名).",
    "gender": "性别.",
    "education": "文化程度.",
    "exitYear": "脱贫年份 (退出).",
    "role": "驻村职务 (W4).",
    "level": "派出层级 (县派 or 乡派).",
    "asOf": "查询日期：the day every link or figure is for.",
    "graph": "链条图：the nodes and edges, to draw as they are.",
    "lines": "各项指标：one line per rule.",
    "node": "本条结果.",
    "cursor": "游标：pass it as `after` to continue after this item.",
    "edges": "本页结果，按排序.",
    "pageInfo": "分页信息.",
}


def describe_recurring(schema: GraphQLSchema) -> None:
    """Give each undescribed argument, field and input field named in the tables its meaning."""
    for name, kind in schema.type_map.items():
        if name.startswith("__"):
            continue
        kind.description = kind.description or TYPES.get(name)
        if isinstance(kind, GraphQLObjectType | GraphQLInterfaceType):
            for field_name, field in kind.fields.items():
                field.description = field.description or FIELDS.get(field_name)
                for arg_name, arg in field.args.items():
                    arg.description = arg.description or ARGUMENTS.get(arg_name)
        elif isinstance(kind, GraphQLInputObjectType):
            for field_name, input_field in kind.fields.items():
                input_field.description = input_field.description or ARGUMENTS.get(field_name)
