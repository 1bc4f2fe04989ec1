"""三率一度 (错退率): households recorded as out of poverty (已脱贫) that fail S5's exit criteria on
the date — the third-party assessment's wrongly-exited candidates, each with its unmet criteria (the
exit check's own definition, graph/coverage/exit_criteria.py).

County-wide the households out of poverty now are sought in the Household.status index and kept
when one of their own facts may fail (income, 两不愁's attribute, house, water: a few property reads
each), joined with the households of the members whose derived labels (graph/derived.py) say they
lack insurance or schooling, and those whose facts changed after the date; only those are judged
on their members."""

from graph.coverage.exit_criteria import CRITERIA, PEOPLE, UNMET
from graph.coverage.fragments import REGISTERED, VILLAGE_OF, seek_households
from graph.coverage.lines import Figure, Line
from graph.coverage.rule import CoverageRule, EnumType, ItemField, ItemType
from graph.facts import changed_after, facts_at

# A household out of poverty now one of whose own criteria may fail on a day its facts are current.
_OWN_DOUBT = (
    " USING INDEX h:Household(status) WHERE h.status = 'OUT' AND (coalesce(h.income <= $povertyLine, true)"
    " OR h.attribute IN ['DIBAO', 'TEKUN'] OR h.houseGrade IN keys($gradeSeverity)"
    " OR h.dangerousHouse = true OR h.safeWater IS NULL OR h.safeWater <> true)"
)
_CANDIDATES = (
    seek_households(_OWN_DOUBT, f" WHERE {changed_after('h')}")
    + "WITH collect(h) AS own\n"
    + "CALL () {\n  MATCH (p:Person) WHERE p:LacksInsurance OR p:OutOfSchool OR "
    + f"{changed_after('p')}\n  MATCH (p)-[:BELONGS_TO]->(h:Household)\n"
    + "  RETURN collect(DISTINCT h) AS theirs\n}\n"
    + "UNWIND own + theirs AS h\nWITH DISTINCT h\n"
)
# The registered households out of poverty on $asOf that fail a criterion then (`unmet`), with `hf`.
_JUDGED = f"""WITH h, {facts_at("h")} AS hf
WHERE hf.status = 'OUT'
WITH h, hf, {PEOPLE} AS people
WITH h, hf, {UNMET} AS unmet
WHERE unmet <> []
"""
_ITEM = """WITH {household: h {.*}, village: v {.*}, exitYear: hf.exitYear, unmet: unmet,
      severity: size(unmet), key: h.id} AS n
"""
# The households out of poverty on $asOf: the line's denominator.
_OUT = f"WHERE {REGISTERED} AND ({facts_at('h')}).status = 'OUT'\n"

RULE = CoverageRule(
    id="S5",
    field="wronglyExited",
    reading="S5 (错退): registered households whose status on asOf is 已脱贫 (OUT) and that fail one of "
    "S5's exit criteria on asOf, as exitHousehold checks them (income above the poverty line of "
    "asOf's year; 两不愁; no dropout; basic medical and serious-illness insurance; no C/D house; safe "
    "water; unknown is unmet). The more criteria unmet, the earlier.",
    types=(
        EnumType(
            "ExitCriterion",
            "S5: 一超过 INCOME, 两不愁 FOOD_AND_CLOTHING, 三保障 COMPULSORY_EDUCATION, BASIC_MEDICAL, "
            "SAFE_HOUSING, and SAFE_WATER.",
            CRITERIA,
            (
                "一超过：人均纯收入超过贫困线.",
                "两不愁：吃穿不愁（低保、特困户享受相应保障）.",
                "义务教育有保障：无失学辍学.",
                "基本医疗有保障：基本医保、大病保险.",
                "住房安全有保障：无 C、D 级危房.",
                "饮水安全有保障.",
            ),
        ),
    ),
    item=ItemType(
        "WronglyExitedHousehold",
        "S5: a household out of poverty that fails an exit criterion on the date (错退 candidate).",
        (
            ItemField("household", "Household!"),
            ItemField("village", "Village!"),
            ItemField("exitYear", "Int", "脱贫年度 on the date, when recorded."),
            ItemField("unmet", "[ExitCriterion!]!", "The criteria that fail on the date."),
        ),
    ),
    body=f"""MATCH (h:Household)-[:IN_VILLAGE]->(v)
WHERE {REGISTERED}
{_JUDGED}{_ITEM}""",
    county=f"""{_CANDIDATES}WITH h WHERE {REGISTERED}
{_JUDGED}{VILLAGE_OF}{_ITEM}""",
    alone=True,
    lines=(
        Line(
            "S5",
            "无错退（错退率）",
            denominator=Figure(
                local=f"MATCH (v)<-[:IN_VILLAGE]-(h:Household)\n{_OUT}RETURN count(h) AS k",
                county=f"MATCH (t:Township)<-[:IN_TOWNSHIP]-(:Village)<-[:IN_VILLAGE]-(h:Household)\n{_OUT}",
            ),
            apart=True,
        ),
    ),
)
