"""P9 (信访): the township with the most province-level cases (省级以上) in the year cannot be rated
excellent. Township-level: a township is in scope when one of its villages is, and its figures are
always the whole township's; the ranking is county-wide whatever the scope.
"""

from graph.coverage.lines import Line
from graph.coverage.rule import POLICY_AREA, CoverageRule, ItemField, ItemType, Period

# The dashboard: the township's province-level cases of the year (c), and 1 (d) when no township has
# more.
_PROVINCE_CASES = "p.level = $provinceLevel AND $yearFrom <= p.registeredOn <= $yearTo"
_PETITIONS = (
    f"WITH DISTINCT t WITH t, COUNT {{ (p:Petition)-[:IN_TOWNSHIP]->(t) WHERE {_PROVINCE_CASES} }} AS c, "
    f"COLLECT {{ MATCH (p:Petition)-[:IN_TOWNSHIP]->(x:Township) WHERE {_PROVINCE_CASES} "
    "WITH x, count(p) AS k RETURN max(k) }[0] AS top "
    "RETURN c, CASE WHEN c > 0 AND c >= top THEN 1 ELSE 0 END AS d"
)

# Province-level cases registered in the year, up to $asOf. The ranking is county-wide: rank is 1 +
# the townships with more cases, and the first (ties included) is flagged.
RULE = CoverageRule(
    id="P9",
    field="petitionRanking",
    reading="P9: townships with cases from the province or above (省级以上) registered in `year` "
    "(default the year of asOf) up to asOf, most first. Ranked county-wide whatever the scope; the "
    "first (ties included) is flagged: it cannot be rated excellent. Figures are the whole township's; "
    "townships without such a case are not listed.",
    item=ItemType(
        "PetitionTownship",
        "P9: a township with petitions from the province or above in the year.",
        (
            ItemField("township", "Township!"),
            ItemField("cases", "Int!", "省级以上 cases registered in the year, up to the date."),
            ItemField("rank", "Int!", "County-wide: 1 + the townships with more cases."),
            ItemField(
                "flagged",
                "Boolean!",
                "Most cases in the county (ties included): cannot be rated excellent.",
            ),
        ),
    ),
    period=Period.YEAR,
    body="""WITH collect(DISTINCT t) AS scoped
WITH scoped, COLLECT {
  MATCH (p:Petition)-[:IN_TOWNSHIP]->(x:Township)
  WHERE $yearFrom <= p.registeredOn <= $yearTo AND p.level = $provinceLevel
  WITH x, count(p) AS cases
  RETURN {township: x, cases: cases}
} AS counts
UNWIND counts AS row
WITH row, [c IN counts | c.cases] AS everyCount
WHERE row.township IN scoped
WITH row.township AS t, row.cases AS cases, size([c IN everyCount WHERE c > row.cases]) + 1 AS rank
WITH {township: t {.code, .name}, cases: cases, rank: rank, flagged: rank = 1,
      severity: cases, key: t.code} AS n
""",
    lines=(
        Line(
            "P9",
            "省级以上信访案件（最多的乡镇不得评优）",
            counts=_PETITIONS,
            at_most=True,
            threshold=0.0,
            flag=True,
        ),
    ),
    readers=POLICY_AREA,
    policy="P9",
)
