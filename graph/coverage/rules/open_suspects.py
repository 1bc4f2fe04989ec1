"""S3 数据比对: the comparisons' suspects (graph/compare) not handled on the date, by department,
rule and age (days since found), oldest first.

A suspect is open on $asOf when it was found by then (`foundOn`, the day of the first list raising
it) and not confirmed or dismissed by then (`closedOn`). It lies in the township it is assigned to
and in the village of the household it is about (`villageCode`); one about an unregistered person
assigned to no township is the county office's, listed in the county scope only.

The rule is rendered for a scope; the reach adds the department's restriction to every statement
(graph/reach.py `own_department`): a DEPARTMENT token reads its own department's suspects only.
"""

from core.principal import Role
from graph.coverage.lines import Line
from graph.coverage.rule import AREA, CoverageRule, EnumType, ItemField, ItemType
from graph.reach import own_department

FOUND = "coalesce(s.foundOn, s.effectiveOn)"
OPEN = f"{FOUND} <= $asOf AND (s.closedOn IS NULL OR s.closedOn > $asOf)"

# Age buckets (days since found): within a month, within a quarter, older.
AGES = ("DAYS_0_30", "DAYS_31_90", "OVER_90_DAYS")
_AGE = "duration.inDays(" + FOUND + ", $asOf).days"
_ITEM = f"""WITH s, t, {_AGE} AS age
WITH {{suspect: s {{.*}}, department: s.department, rule: s.rule, kind: s.kind, township: t {{.*}},
      foundOn: {FOUND}, ageDays: age,
      age: CASE WHEN age <= 30 THEN '{AGES[0]}' WHEN age <= 90 THEN '{AGES[1]}' ELSE '{AGES[2]}' END,
      severity: age, key: s.id}} AS n
"""

# In a township its suspects (the (status, townshipCode) index would not serve a date), in a village
# those about its households and people; the anchor's villages collapse to their township first.
_IN_SCOPE = f"""WITH DISTINCT t, CASE WHEN $scopeVillage IS NULL THEN null ELSE v.code END AS village
MATCH (s:Suspect {{townshipCode: t.code}})
WHERE (village IS NULL OR s.villageCode = village) AND {OPEN} AND {own_department("s")}
"""

# The dashboard counts a township's suspects found by the date (d) and those open on it (c), after
# the villages in scope: all of them (those about no village too) when the scope holds the whole
# township (neither a village asked for nor a village's own row of villageSummaries), else those
# about the villages given.
_COUNTS = f"""WITH t, collect(v.code) AS villages
CALL (t, villages) {{
  MATCH (s:Suspect {{townshipCode: t.code}})
  WHERE {FOUND} <= $asOf AND {own_department("s")}
    AND (s.villageCode IN villages
         OR (s.villageCode IS NULL AND $scopeVillage IS NULL
             AND size(villages) = COUNT {{ (t)<-[:IN_TOWNSHIP]-(:Village) }}))
  RETURN count(CASE WHEN s.closedOn IS NULL OR s.closedOn > $asOf THEN 1 END) AS c, count(s) AS d
}}
RETURN c, d"""

RULE = CoverageRule(
    id="S3",
    field="openSuspects",
    reading="S3 数据比对疑点：suspects of the departments' comparisons found by the date and not "
    "confirmed or dismissed on it, by department, rule and age (days since found), oldest first. A "
    "department's token reads its own department's only; a township's officer its township's.",
    types=(
        EnumType(
            "SuspectAge",
            "疑点账龄：days from the day a suspect was found to the date.",
            AGES,
            ("30天以内.", "31至90天.", "90天以上."),
        ),
    ),
    item=ItemType(
        "OpenSuspect",
        "S3 数据比对: a suspect open on the date.",
        (
            ItemField("suspect", "Suspect!", "疑点."),
            ItemField("department", "String!", "比对部门：医保, 卫健, 教育, 住建, 民政, 残联 or 公安."),
            ItemField("rule", "String!", "所涉规则 (P2, P3, P4, P6, S3, S5)."),
            ItemField("kind", "String!", "疑点类型 (MEDICAL_INSURANCE, DEAD, MISSED_POOR …)."),
            ItemField("township", "Township", "承办乡镇；null: the county office's."),
            ItemField("foundOn", "Date!", "发现日期：the day of the first list raising it."),
            ItemField("ageDays", "Int!", "账龄（天）：days from foundOn to the date."),
            ItemField("age", "SuspectAge!", "账龄分段."),
        ),
    ),
    body=f"""{_IN_SCOPE}{_ITEM}""",
    county=f"""MATCH (s:Suspect)
WHERE {OPEN} AND {own_department("s")}
OPTIONAL MATCH (t:Township {{code: s.townshipCode}})
{_ITEM}""",
    alone=True,
    lines=(Line("S3", "部门比对疑点已核实", counts=_COUNTS),),
    readers=AREA | {Role.DEPARTMENT},
)
