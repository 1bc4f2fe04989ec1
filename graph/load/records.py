"""Write passes of the rosters of events and records: visits (W9, W10), attendance (W11), policy
benefits (P1–P10), loans (P10), petitions (P9), rectification orders (W12), poverty reports (S3, S4).

Visits, attendance, benefits and loans have no natural key: their id is `stable_id` of the
fields the roster makes unique, so a rerun MERGEs the same node and the relationships, fixed by
those fields, are MERGEd once.
"""

from __future__ import annotations

from collections.abc import Iterable

from graph.derived import (
    add_visit_months,
    mark_escalated,
    mark_unresolved,
    month_of,
    record_benefits,
    record_village_days,
    record_workers_of,
)
from graph.load.base import Checked, Params, Pass, first_of, props
from graph.load.cypher import each_seen, merge_node, replace, result, signature
from graph.rosters import BY_KIND


def node_rows(rows: list[Checked], label_of: str, key: str, label: str, *refs: str) -> list[Params]:
    names = BY_KIND[label_of].props_on(label)
    return [
        {
            "i": i,
            "key": r.resolved.get(key) or r.values[key],
            "props": props(r, names),
            **{x: r.get(x) for x in refs},
        }
        for i, r in enumerate(rows)
    ]


VISITS = (
    Pass(
        "UNWIND $rows AS row\n"
        "MATCH (c:Cadre {idNumber: row.cadreIdNumber}), (h:Household {id: row.householdId})\n"
        f"{merge_node('Visit')}MERGE (c)-[:MADE]->(n)\nMERGE (n)-[:TO]->(h)\n{mark_unresolved('n')}"
        # W9 (graph/derived.py): once every row is written, each household's new visit months.
        + result(
            seen=f"[h, {month_of('n.date')}]",
            then="CALL (seen) { UNWIND seen AS s WITH s[0] AS h, collect(DISTINCT s[1]) AS months\n"
            f"{add_visit_months('h', 'months')}{mark_escalated('h')}}}\n",
        ),
        lambda rows: node_rows(rows, "visits", "id", "Visit", "cadreIdNumber", "householdId"),
    ),
)


# 考勤: a row with both 证件号码 and 钉钉账号 records the account on the cadre (`dingtalk`, an
# addition to the model) so that rows with the account only find their cadre.
def _accounts(rows: list[Checked]) -> list[Params]:
    firsts = first_of(rows, lambda r: r.values.get("dingtalk") and r.values.get("cadreIdNumber"))
    return [{"i": i, "key": r.values["cadreIdNumber"], "dingtalk": r.values["dingtalk"]} for i, r in firsts]


ATTENDANCE = (
    Pass(
        "UNWIND $rows AS row\nMATCH (n:Cadre {idNumber: row.key})\n"
        "WITH *, properties(n) AS before, false AS created\nSET n.dingtalk = row.dingtalk\n"
        f"{result(main=False)}",
        _accounts,
    ),
    Pass(
        "UNWIND $rows AS row\nMATCH (c:Cadre {idNumber: row.cadreIdNumber})\n"
        f"{merge_node('Attendance')}MERGE (c)-[:CHECKED_IN]->(n)\n"
        # W11 (graph/derived.py): once every row is written, each cadre's in-village days by month.
        + result(
            seen="c",
            then=each_seen("c", record_village_days("c")),
        ),
        lambda rows: node_rows(rows, "attendance", "id", "Attendance", "cadreIdNumber"),
    ),
)

# 政策享受: a person's benefit when 证件号码 is filled, else the household's; UNDER the policy of
# its 政策类别.
BENEFITS = (
    Pass(
        "UNWIND $rows AS row\n"
        "MATCH (h:Household {id: row.householdId}), (p:Policy {code: row.policyCode})\n"
        "OPTIONAL MATCH (m:Person {idNumber: row.personIdNumber})\n"
        f"{merge_node('Benefit')}WITH *, coalesce(m, h) AS owner\n"
        f"MERGE (owner)-[:RECEIVES]->(n)\nMERGE (n)-[:UNDER]->(p)\n"
        # P1, P2, P6, P7 (graph/derived.py): once every row is written, each receiver's benefit days.
        + result(
            seen="owner", then=each_seen("owner", record_benefits("owner") + record_workers_of("owner"))
        ),
        lambda rows: node_rows(
            rows, "benefits", "id", "Benefit", "householdId", "personIdNumber", "policyCode"
        ),
    ),
)

LOANS = (
    Pass(
        "UNWIND $rows AS row\nMATCH (h:Household {id: row.householdId})\n"
        f"{merge_node('Loan')}MERGE (h)-[:BORROWED]->(n)\n{result()}",
        lambda rows: node_rows(rows, "loans", "id", "Loan", "householdId"),
    ),
)


# 信访: IN_TOWNSHIP, and IN_VILLAGE / ABOUT when the file has 行政村 / 户编号 (an emptied cell
# removes the relationship, an absent column leaves it).
def petitions(cols: Iterable[str]) -> tuple[Pass, ...]:
    cols = set(cols)
    sig = signature("n", "IN_TOWNSHIP", "IN_VILLAGE", "ABOUT")
    matches, links = "", replace("n", "IN_TOWNSHIP", "t")
    if "villageName" in cols:
        matches += "OPTIONAL MATCH (v:Village {code: row.villageCode})\n"
        links += replace("n", "IN_VILLAGE", "v", optional=True)
    if "householdId" in cols:
        matches += "OPTIONAL MATCH (h:Household {id: row.householdId})\n"
        links += replace("n", "ABOUT", "h", optional=True)
    cypher = (
        f"UNWIND $rows AS row\nMATCH (t:Township {{code: row.townshipCode}})\n{matches}"
        f"{merge_node('Petition', sig=sig)}{links}{result(sig=sig)}"
    )
    refs = ("townshipCode", "villageCode", "householdId")
    return (Pass(cypher, lambda rows: node_rows(rows, "petitions", "caseNo", "Petition", *refs)),)


RECTIFICATIONS = (
    Pass(
        "UNWIND $rows AS row\nMATCH (c:Cadre {idNumber: row.cadreIdNumber})\n"
        f"{merge_node('Rectification', sig=signature('n', 'ISSUED_TO'))}{replace('n', 'ISSUED_TO', 'c')}"
        f"{result(sig=signature('n', 'ISSUED_TO'))}",
        lambda rows: node_rows(rows, "rectifications", "id", "Rectification", "cadreIdNumber"),
    ),
)

# 返贫新增备案 (S4): ABOUT the household; FEEDBACK_TO {since: 核实日期, measure} each unit of
# 反馈部门 and 已落实措施部门, measure = listed in 已落实措施部门. With a 反馈部门 column, units
# no longer listed lose their FEEDBACK_TO (a correction of the report).
FEEDBACK = """WITH *
CALL (n, row) {
  UNWIND row.feedback AS f
  MATCH (u:Unit {name: f.unit})
  MERGE (n)-[r:FEEDBACK_TO]->(u)
  SET r.measure = coalesce(f.measure, r.measure, false),
      r.since = CASE WHEN 'verifiedOn' IN keys(row.props) THEN row.props.verifiedOn ELSE r.since END
}
"""
STALE_FEEDBACK = """WITH *
CALL (n, row) {
  OPTIONAL MATCH (n)-[old:FEEDBACK_TO]->(x:Unit) WHERE NOT x.name IN [f IN row.feedback | f.unit]
  DELETE old
}
"""


def _feedback(row: Checked) -> list[Params]:
    listed = row.values.get("feedbackUnits") or []
    measures = row.values.get("measureUnits") or []
    known = "measureUnits" in row.values
    units = list(dict.fromkeys([*listed, *measures]))
    return [{"unit": unit, "measure": (unit in measures) if known else None} for unit in units]


def poverty_reports(cols: Iterable[str]) -> tuple[Pass, ...]:
    cols = set(cols)
    sig = signature("n", "ABOUT", "FEEDBACK_TO")
    feedback = ""
    if "feedbackUnits" in cols:
        feedback += STALE_FEEDBACK
    if cols & {"feedbackUnits", "measureUnits"}:
        feedback += FEEDBACK
    cypher = (
        "UNWIND $rows AS row\nMATCH (h:Household {id: row.householdId})\n"
        f"{merge_node('PovertyReport', sig=sig)}{replace('n', 'ABOUT', 'h')}{feedback}{result(sig=sig)}"
    )

    def build(rows: list[Checked]) -> list[Params]:
        params = node_rows(rows, "poverty_reports", "id", "PovertyReport", "householdId")
        for param, row in zip(params, rows, strict=True):
            param["feedback"] = _feedback(row)
        return params

    return (Pass(cypher, build),)
