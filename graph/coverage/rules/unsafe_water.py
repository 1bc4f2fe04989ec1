"""P5 (饮水安全): every registered household has safe drinking water."""

from graph.coverage.fragments import REGISTERED, VILLAGE_OF, seek_households
from graph.coverage.lines import Line, column
from graph.coverage.rule import POLICY_AREA, CoverageRule, ItemField, ItemType
from graph.facts import facts_at, seek_changed
from graph.placement import households_in


def no_safe_water(f: str) -> str:
    """P5: the facts `f` (graph/facts.py) record no safe drinking water; unknown (null) is not
    reported."""
    return f"{f}.safeWater = false"


_ON_DATE = f"WITH *, {facts_at('h')} AS f WHERE {no_safe_water('f')}\n"
_UNSAFE = """WITH {household: h {.*}, village: v {.*}, township: t {.code, .name},
      severity: coalesce(h.size, 1), key: h.id} AS n
"""
_SEEK = seek_households(
    " USING INDEX h:Household(safeWater) WHERE h.safeWater = false", seek_changed("h", "Household")
)
# County-wide the households without safe water are sought in the Household.safeWater index, and
# those whose facts changed after $asOf in the factsSince index.
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
    body=f"""{households_in(where=REGISTERED)}{_ON_DATE}{_UNSAFE}""",
    county=f"""{_SEEK}WITH h WHERE {REGISTERED}
{VILLAGE_OF}{_ON_DATE}{_UNSAFE}""",
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
