"""The coverage rules, one module each (or one per small family: P3's three duties in health.py).

RULES is the registry the API, the access table and the dashboard iterate: its order is the order
of the rules' fields in `coverage`. DASHBOARD orders the dashboard's lines by their keys; every
declared line has its place there.
"""

from graph.coverage.rule import CoverageRule
from graph.coverage.rules import (
    attendance_shortfalls,
    card_mismatches,
    dangerous_housing,
    dibao_contradictions,
    disability_subsidies,
    employment_progress,
    feedback_gaps,
    health,
    industry_support,
    loan_overdue_rates,
    low_satisfaction,
    missed_candidates,
    open_rectifications,
    open_suspects,
    open_visit_problems,
    over_assigned_cadres,
    overdue_visits,
    petition_ranking,
    projects,
    school_dropouts,
    student_aid,
    teams_without_first_secretary,
    understaffed_teams,
    unpaired_households,
    unsafe_water,
    villages_without_information_officer,
    villages_without_required_team,
    wrongly_exited,
)

RULES: tuple[CoverageRule, ...] = (
    unpaired_households.RULE,  # W7
    over_assigned_cadres.RULE,  # W8
    villages_without_required_team.RULE,  # W1–W3
    understaffed_teams.RULE,  # W1, W6
    teams_without_first_secretary.RULE,  # W4
    attendance_shortfalls.RULE,  # W11
    villages_without_information_officer.RULE,  # O2
    overdue_visits.RULE,  # W9
    open_visit_problems.RULE,  # W10
    open_rectifications.RULE,  # W12
    low_satisfaction.RULE,  # W12 (群众认可度)
    card_mismatches.RULE,  # S1, S2
    missed_candidates.RULE,  # S3 (漏评)
    feedback_gaps.RULE,  # S4
    open_suspects.RULE,  # S3
    wrongly_exited.RULE,  # S5 (错退)
    health.UNINSURED_PERSONS,  # P3
    health.MISSING_PHYSICAL_EXAMS,  # P3
    health.MISSING_FAMILY_DOCTORS,  # P3
    industry_support.RULE,  # P1
    school_dropouts.RULE,  # P2
    student_aid.RULE,  # P2
    dangerous_housing.RULE,  # P4
    unsafe_water.RULE,  # P5
    disability_subsidies.RULE,  # P6
    disability_subsidies.PREMIUMS_RULE,  # P6
    dibao_contradictions.RULE,  # P6 (两线融合)
    employment_progress.RULE,  # P7
    loan_overdue_rates.RULE,  # P10
    petition_ranking.RULE,  # P9
    projects.WITHOUT_BENEFICIARIES,  # O3, P1
    projects.OVER_BUDGET,  # O3
    projects.OVERDUE,  # O3
    projects.OFF_CARD,  # P4
)

# The dashboard's lines (graph/coverage/lines.py Line.key), in the order the summary gives them.
DASHBOARD: tuple[str, ...] = (
    "W7", "W8", "W1-W3", "W1,W6", "W4", "W9", "W10", "W11", "W12", "W12-satisfaction", "S1,S2",
    "S3", "S3-missed", "S4", "S5", "P1", "P2", "P2-disabled", "P2-aid", "P3-insurance", "P3-exam",
    "P3-doctor", "P4", "P5", "P6-subsidy", "P6-premiums", "P6-dibao", "O2", "P10", "P9",
    "O3-beneficiaries", "O3-budget", "O3-overdue", "P4-card",
)  # fmt: skip

BY_FIELD: dict[str, CoverageRule] = {rule.field: rule for rule in RULES}
