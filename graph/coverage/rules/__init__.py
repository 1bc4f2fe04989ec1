"""The coverage rules, in the order of their fields in the API (`coverage`) and of their lines on
the dashboard. A rule is one module here; the API, the access table and the dashboard iterate
RULES."""

from graph.coverage.rule import CoverageRule
from graph.coverage.rules import over_assigned_cadres, unpaired_households, villages_without_required_team

RULES: tuple[CoverageRule, ...] = (
    unpaired_households.RULE,
    over_assigned_cadres.RULE,
    villages_without_required_team.RULE,
)

BY_FIELD: dict[str, CoverageRule] = {rule.field: rule for rule in RULES}
