"""W7: every registered household has a responsible cadre (结对帮扶全覆盖)."""

from graph.coverage.fragments import CARD_AT, PAIRED, REGISTERED, VILLAGE_OF, seek_households
from graph.coverage.lines import Line, column
from graph.coverage.rule import CoverageRule, ItemField, ItemType
from graph.placement import households_in

# Never paired and registration date unknown: unpaired for as long as we know, so it ranks first.
_UNPAIRED = f"""WITH h, v, t,
     coalesce(COLLECT {{ MATCH (h)<-[r:PAIRED_WITH]-() WHERE r.until <= $asOf
                         RETURN r.until ORDER BY r.until DESC LIMIT 1 }}[0], h.identifiedOn) AS since
WITH {{household: h {{.*}}, village: v {{.*}}, township: t {{.code, .name}}, card: {CARD_AT},
      since: since, days: CASE WHEN since IS NULL THEN null ELSE duration.inDays(since, $asOf).days END,
      severity: coalesce(duration.inDays(since, $asOf).days, $unknownStart), key: h.id}} AS n
"""

# County-wide only the households that may be unpaired are read: those without pairedSince and those
# paired only after $asOf.
UNPAIRED_CANDIDATES = seek_households(" WHERE NOT h:Paired", " WHERE h.pairedSince > $asOf")

RULE = CoverageRule(
    id="W7",
    field="unpairedHouseholds",
    reading="W7: households with no responsible cadre on the date, longest unpaired first.",
    item=ItemType(
        "UnpairedHousehold",
        "W7: a registered household with no responsible cadre on the date.",
        (
            ItemField("household", "Household!"),
            ItemField("village", "Village!"),
            ItemField("township", "Township!"),
            ItemField("card", "Card", "S1: the card it held on the date."),
            ItemField(
                "since",
                "Date",
                "Unpaired since: the end of its last pairing, else its registration (首次识别时间).",
            ),
            ItemField("days", "Int", "Days unpaired on the date."),
        ),
    ),
    body=f"""{households_in(where=f"{REGISTERED} AND NOT {PAIRED}")}{_UNPAIRED}""",
    county=f"""{UNPAIRED_CANDIDATES}WITH h WHERE {REGISTERED} AND NOT {PAIRED}
{VILLAGE_OF}{_UNPAIRED}""",
    alone=True,
    # Counted in the summary's walk over the households (graph/coverage/walks.py).
    lines=(
        Line(
            "W7",
            "结对帮扶全覆盖",
            offenders=column("households", "unpaired"),
            denominator=column("households", "households"),
        ),
    ),
)
