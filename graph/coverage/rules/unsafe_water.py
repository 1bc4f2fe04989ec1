"""P5 (饮水安全): every registered household has safe drinking water."""

from graph.coverage.fragments import REGISTERED, VILLAGE_OF
from graph.coverage.lines import Line, column
from graph.coverage.rule import POLICY_AREA, CoverageRule, ItemField, ItemType

# P5: households recorded without safe drinking water; unknown (null) is not reported.
NO_SAFE_WATER = "h.safeWater = false"
_UNSAFE = """WITH {household: h {.*}, village: v {.*}, township: t {.code, .name},
      severity: coalesce(h.size, 1), key: h.id} AS n
"""
# County-wide the households without safe water are sought in the Household.safeWater index.
RULE = CoverageRule(
    id="P5",
    field="unsafeWater",
    reading="P5: registered households recorded without safe drinking water (是否解决安全饮用水 否; "
    "unrecorded is not listed); larger households first.",
    item=ItemType(
        "UnsafeWaterHousehold",
        "P5: a registered household recorded without safe drinking water.",
        (
            ItemField("household", "Household!"),
            ItemField("village", "Village!"),
            ItemField("township", "Township!"),
        ),
    ),
    body=f"""MATCH (h:Household)-[:IN_VILLAGE]->(v)
WHERE {REGISTERED} AND {NO_SAFE_WATER}
{_UNSAFE}""",
    county=f"""MATCH (h:Household) USING INDEX h:Household(safeWater)
WHERE {REGISTERED} AND {NO_SAFE_WATER}
{VILLAGE_OF}{_UNSAFE}""",
    alone=True,
    # Counted in the summary's walk over the households (graph/coverage/walks.py).
    lines=(
        Line(
            "P5",
            "饮水安全",
            offenders=column("households", "unsafe"),
            denominator=column("households", "households"),
        ),
    ),
    readers=POLICY_AREA,
    policy="P5",
)
