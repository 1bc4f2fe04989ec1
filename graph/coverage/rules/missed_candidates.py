"""三率一度 (漏评率, S3): people a department's list (graph/compare/, docs/compare.md) shows on 低保
or 特困, or with a severe disability (残疾证 一级, 二级), who are not registered: the comparison's
MISSED_POOR suspects still open on the date (漏评 candidates).

A suspect is assigned to a township (its 行政区划代码), not a village: a village scope holds none
(nor does a village of the dashboard grouped by village),
and only the county scope holds those assigned to nobody (the county office's). County-wide they are
sought in the Suspect.kind index."""

from graph.coverage.lines import Figure, Line
from graph.coverage.rule import CoverageRule, ItemField, ItemType

# Suspect s is a 漏评 candidate raised by $asOf (the department's day) and not handled on $asOf.
_OPEN = (
    "s.kind = 'MISSED_POOR' AND s.effectiveOn <= $asOf "
    "AND (s.status = 'OPEN' OR coalesce(s.closedOn > $asOf, false))"
)
# Raised by $asOf, handled or not: the line's denominator.
_RAISED = "s.kind = 'MISSED_POOR' AND s.effectiveOn <= $asOf"
_ITEM = """WITH {suspectId: s.id, department: s.department, name: s.name, reason: s.reason,
      departmentRow: s.departmentRow, township: CASE WHEN t IS NULL THEN null ELSE t {.code, .name} END,
      raisedOn: s.effectiveOn, severity: duration.inDays(s.effectiveOn, $asOf).days, key: s.id} AS n
"""


def _in_townships(condition: str) -> str:
    """The suspects for which `condition` holds assigned to township t (after the scope's anchor)."""
    return (
        "WITH DISTINCT t WHERE $scopeVillage IS NULL AND NOT $byVillage\n"
        f"MATCH (s:Suspect)-[:ASSIGNED_TO]->(t) WHERE {condition}\n"
    )


def _tally(condition: str) -> str:
    return f"MATCH (s:Suspect)-[:ASSIGNED_TO]->(t:Township) USING INDEX s:Suspect(kind) WHERE {condition}"


RULE = CoverageRule(
    id="S3",
    field="missedCandidates",
    reading="S3 (漏评): people a department's list (低保/特困 running on its day, or a 一级/二级 残疾证) "
    "names who are not registered — the comparison's MISSED_POOR suspects raised by asOf and not "
    "confirmed or dismissed on asOf. A village scope holds none (they are assigned to townships); the "
    "county scope also those assigned to nobody. Oldest first.",
    item=ItemType(
        "MissedCandidate",
        "S3 漏评: a person a department supports who is not registered (an open MISSED_POOR suspect).",
        (
            ItemField("suspectId", "String!", "疑点编号 (suspects, confirmSuspect)."),
            ItemField("department", "String!", "The department whose list names the person."),
            ItemField("name", "String", "姓名 as the list gives it."),
            ItemField("reason", "String!", "What the list shows, in Chinese."),
            ItemField("departmentRow", "String!", "The department's row (JSON, identity number left out)."),
            ItemField("township", "Township", "The township it is assigned to; null: the county office."),
            ItemField("raisedOn", "Date!", "The department's day."),
        ),
    ),
    body=f"{_in_townships(_OPEN)}{_ITEM}",
    county=f"""MATCH (s:Suspect) USING INDEX s:Suspect(kind) WHERE {_OPEN}
OPTIONAL MATCH (s)-[:ASSIGNED_TO]->(t:Township)
{_ITEM}""",
    alone=True,
    tally=_tally(_OPEN),
    lines=(
        Line(
            "S3-missed",
            "无漏评（漏评疑点核实）",
            denominator=Figure(
                local=f"{_in_townships(_RAISED)}RETURN count(s) AS k",
                county=_tally(_RAISED),
            ),
            apart=True,
        ),
    ),
)
