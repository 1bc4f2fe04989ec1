"""O2: every village with registered poor households has a poverty information officer (扶贫信息员)."""

from graph.coverage.fragments import HAS_POOR_HOUSEHOLD, POOR_HOUSEHOLDS, POOR_PEOPLE, TOWNSHIP
from graph.coverage.lines import Figure, Line
from graph.coverage.rule import CoverageRule, ItemField, ItemType

# A village with a registered household and no 扶贫信息员 (name missing or blank); its households and
# their people are those it had on the date (graph/placement.py).
RULE = CoverageRule(
    id="O2",
    field="villagesWithoutInformationOfficer",
    reading="O2: villages with at least one household registered by the date and no poverty "
    "information officer (扶贫信息员: name missing or blank). Most poor people first.",
    item=ItemType(
        "VillageWithoutInformationOfficer",
        "O2: a village with registered poor households and no 扶贫信息员.",
        (
            ItemField("village", "Village!"),
            ItemField("township", "Township!"),
            ItemField("households", "Int!", "Registered poor households."),
            ItemField("poorPeople", "Int!", "Registered poor people."),
        ),
    ),
    body=f"""WHERE coalesce(trim(v.infoOfficerName), '') = ''
  AND {HAS_POOR_HOUSEHOLD}
WITH v, t, {POOR_PEOPLE} AS people
WITH {{village: v {{.*}}, township: {TOWNSHIP}, households: {POOR_HOUSEHOLDS}, poorPeople: people,
      severity: people, key: v.code}} AS n
""",
    # Against the villages with a registered household.
    lines=(
        Line(
            "O2",
            "扶贫信息员全覆盖",
            denominator=Figure(local=f"WITH v WHERE {HAS_POOR_HOUSEHOLD} RETURN count(v) AS k"),
        ),
    ),
)
