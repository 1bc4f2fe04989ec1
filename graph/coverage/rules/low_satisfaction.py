"""W12 (群众认可度): a cadre whose visits the households rate poorly — the share of its rated visits
(群众满意度 recorded on the visit) in the year rated 满意 or 基本满意 below the setting (default 90 %)
— is a case for a rectification order. The dashboard's line is each township's rate over its
households' rated visits.

Satisfaction is one of 满意, 基本满意 and 不满意, so a cadre without a 不满意 visit in the year has a
rate of 1, never below the setting (a share, at most 1: core/settings.py). County-wide the
candidates are therefore the makers of the year's 不满意 visits, sought in the
Visit(satisfaction, date) index (at 100,000 households: 9 visits of 118,124 rated), and each
candidate's rated visits are counted from it. The dashboard's line reads the year's rated visits
in the Visit(date, satisfaction) index, which holds the rated visits alone."""

from graph.coverage.fragments import PLACED, corrected, placed_in, township_sums
from graph.coverage.lines import Line
from graph.coverage.rule import CoverageRule, ItemField, ItemType, Period

# Visits to the scope's households (of village v on $asOf).
_TO_HOUSEHOLDS = f"MATCH (x:Visit)-[:TO]->(h:Household){placed_in('v')}"
_RATED = "x.satisfaction IS NOT NULL AND $yearFrom <= x.date <= $yearTo"
# In a scope, the same test in a CASE that no index serves: the scope's visits are read from its
# households. As a range, the date let the planner seek the county's rated visits of the year and
# join them to the scope: a township of the 15,000-household county read 356,761 dbHits, 61,120 now.
_RATED_IN_SCOPE = f"CASE WHEN {_RATED} THEN true ELSE false END"
_SEEK = "MATCH (x:Visit) USING INDEX x:Visit(date, satisfaction) WHERE " + _RATED
_CANDIDATES = """MATCH (d:Visit) USING INDEX d:Visit(satisfaction, date)
WHERE d.satisfaction = 'DISSATISFIED' AND $yearFrom <= d.date <= $yearTo
MATCH (c:Cadre)-[:MADE]->(d)
WITH DISTINCT c"""
_DISSATISFIED = "count(CASE WHEN x.satisfaction = 'DISSATISFIED' THEN 1 END)"
_LOW = f"""WITH c, count(x) AS rated, count(CASE WHEN x.satisfaction = 'SATISFIED' THEN 1 END) AS satisfied,
     count(CASE WHEN x.satisfaction = 'BASIC' THEN 1 END) AS basic, {_DISSATISFIED} AS dissatisfied
WITH c, rated, satisfied, basic, dissatisfied, toFloat(satisfied + basic) / rated AS rate
WHERE rate < $satisfactionMin
WITH {{cadre: c {{.*}}, rated: rated, satisfied: satisfied, basic: basic, dissatisfied: dissatisfied,
      rate: rate, year: $year, severity: dissatisfied, key: c.uid}} AS n
"""

# County-wide, per township: the rated visits (d) and those rated 不满意 (c), by the households'
# current villages and corrected for the few moved after $asOf (no household's own property read).
_COUNTY_COUNTS = township_sums(
    corrected(
        f"{_SEEK}\n    MATCH (x)-[:TO]->(h)-[:IN_VILLAGE]->(v)", f"(h)<-[:TO]-(x:Visit) WHERE {_RATED}", "x"
    ),
    {"c": "sum(CASE WHEN x.satisfaction = 'DISSATISFIED' THEN sign ELSE 0 END)", "d": "sum(sign)"},
)

RULE = CoverageRule(
    id="W12",
    field="lowSatisfaction",
    reading="W12 (群众认可度): cadres whose visits dated in `year` (default the year of asOf; to asOf) "
    "to households in scope carry a 群众满意度, and of those fewer than the setting's share (default "
    "0.9) are 满意 or 基本满意: each with its counts and rate. Most 不满意 first.",
    item=ItemType(
        "LowSatisfactionCadre",
        "W12: a cadre whose rated visits of the year fall below the satisfaction setting.",
        (
            ItemField("cadre", "Cadre!"),
            ItemField("rated", "Int!", "Visits with a 群众满意度 in the year."),
            ItemField("satisfied", "Int!", "满意."),
            ItemField("basic", "Int!", "基本满意."),
            ItemField("dissatisfied", "Int!", "不满意."),
            ItemField("rate", "Float!", "(满意 + 基本满意) / rated."),
            ItemField("year", "Int!", "The year asked about."),
        ),
    ),
    period=Period.YEAR,
    body=f"""{_TO_HOUSEHOLDS}, (c:Cadre)-[:MADE]->(x)
WHERE {PLACED} AND {_RATED_IN_SCOPE}
{_LOW}""",
    county=f"""{_CANDIDATES}
MATCH (c)-[:MADE]->(x:Visit) WHERE {_RATED}
{_LOW}""",
    alone=True,
    lines=(
        Line(
            "W12-satisfaction",
            "群众认可度（满意、基本满意）",
            counts=f"""{_TO_HOUSEHOLDS} WHERE {PLACED} AND {_RATED_IN_SCOPE}
RETURN {_DISSATISFIED} AS c, count(x) AS d""",
            county_counts=_COUNTY_COUNTS,
            setting="satisfaction_min",
            apart=True,
        ),
    ),
)
