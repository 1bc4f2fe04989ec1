"""P4 (住房安全): no registered household lives in a dangerous house (危房, graded C or D)."""

from graph.coverage.fragments import REGISTERED, VILLAGE_OF, seek_households
from graph.coverage.lines import Line, column
from graph.coverage.rule import POLICY_AREA, CoverageRule, ItemField, ItemType
from graph.facts import facts_at, seek_changed
from graph.placement import households_in


def dangerous(f: str) -> str:
    """P4: the facts `f` (graph/facts.py) grade the house C or D (dangerous) by an assessment made
    on or before $asOf (or undated)."""
    return (
        f"{f}.houseGrade IN keys($gradeSeverity) "
        f"AND ({f}.houseAssessedOn IS NULL OR {f}.houseAssessedOn <= $asOf)"
    )


# Household `h`'s facts on $asOf, as `f`, when its house is dangerous then.
_ON_DATE = f"WITH *, {facts_at('h')} AS f WHERE {dangerous('f')}\n"
_DANGEROUS = """WITH {household: h {.*}, village: v {.*}, grade: f.houseGrade, assessedOn: f.houseAssessedOn,
      renovation: f.renovation, severity: $gradeSeverity[f.houseGrade], key: h.id} AS n
"""
_SEEK = seek_households(
    " USING INDEX h:Household(houseGrade) WHERE h.houseGrade IN keys($gradeSeverity)",
    seek_changed("h", "Household"),
)
# County-wide the graded houses are sought in the Household.houseGrade index, and those whose facts
# changed after $asOf in the factsSince index.
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
    body=f"""{households_in(where=REGISTERED)}{_ON_DATE}{_DANGEROUS}""",
    county=f"""{_SEEK}WITH h WHERE {REGISTERED}
{VILLAGE_OF}{_ON_DATE}{_DANGEROUS}""",
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
