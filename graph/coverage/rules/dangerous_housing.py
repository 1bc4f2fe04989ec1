"""P4 (住房安全): no registered household lives in a dangerous house (危房, graded C or D)."""

from graph.coverage.fragments import REGISTERED, VILLAGE_OF
from graph.coverage.lines import Line, column
from graph.coverage.rule import POLICY_AREA, CoverageRule, ItemField, ItemType

# P4: houses graded C or D (dangerous) by an assessment made on or before $asOf (or undated).
DANGEROUS = (
    "h.houseGrade IN keys($gradeSeverity) AND (h.houseAssessedOn IS NULL OR h.houseAssessedOn <= $asOf)"
)
_DANGEROUS = """WITH {household: h {.*}, village: v {.*}, grade: h.houseGrade, assessedOn: h.houseAssessedOn,
      renovation: h.renovation, severity: $gradeSeverity[h.houseGrade], key: h.id} AS n
"""
# County-wide the graded houses are sought in the Household.houseGrade index.
RULE = CoverageRule(
    id="P4",
    field="dangerousHousing",
    reading="P4: registered households whose house is graded C or D (dangerous) by an assessment dated "
    "on or before asOf (or undated); D before C.",
    item=ItemType(
        "DangerousHouse",
        "P4: a registered household whose house is graded C or D (dangerous).",
        (
            ItemField("household", "Household!"),
            ItemField("village", "Village!"),
            ItemField("grade", "String!", "危房等级: C or D."),
            ItemField("assessedOn", "Date", "houseAssessedOn, when recorded."),
            ItemField("renovation", "String", "Renovation state (危改进度), when recorded."),
        ),
    ),
    body=f"""MATCH (h:Household)-[:IN_VILLAGE]->(v)
WHERE {REGISTERED} AND {DANGEROUS}
{_DANGEROUS}""",
    county=f"""MATCH (h:Household) USING INDEX h:Household(houseGrade)
WHERE {REGISTERED} AND {DANGEROUS}
{VILLAGE_OF}{_DANGEROUS}""",
    alone=True,
    # Counted in the summary's walk over the households (graph/coverage/walks.py).
    lines=(
        Line(
            "P4",
            "危房改造",
            offenders=column("households", "dangerous"),
            denominator=column("households", "households"),
        ),
    ),
    readers=POLICY_AREA,
    policy="P4",
)
