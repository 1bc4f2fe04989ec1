"""Write passes of the rosters that relate entities: township leaders (O1), pairings (W7, W8),
village work teams and their members (W1–W6). Dated relationships are keyed by their ends and
`since` (docs/model.md), so a rerun MERGEs the same relationship."""

from __future__ import annotations

from graph.derived import record_pairing_count, record_pairings
from graph.load.base import Checked, Params, Pass, props
from graph.load.cypher import each_seen, merge_dated, result, signature

DATED = ("until",)


def unit_from_duty(cadre: str) -> str:
    """A clause after a cadre's dated duty `r` (a pairing, a team membership): a roster does not date
    a cadre's unit, so its first known unit (the WORKS_FOR no other precedes) answers from its
    earliest duty on, not only from the day the unit was loaded (O1: which unit answered for the
    cadre then)."""
    return (
        f"WITH *\nCALL ({cadre}, r) {{\n"
        f"  MATCH ({cadre})-[first:WORKS_FOR]->() WHERE first.since > r.since\n"
        f"    AND NOT EXISTS {{ ({cadre})-[earlier:WORKS_FOR]->() WHERE earlier.since < first.since }}\n"
        "  SET first.since = r.since\n"
        "}\n"
    )


def _dated(i: int, row: Checked, **ends: str) -> Params:
    return {"i": i, "since": row.values["since"], "props": props(row, DATED), **ends}


# 乡镇包联花名册: 职责 gives the relationship type (SECRETARY_OF or RESPONSIBLE_FOR), one pass each.
def _leaders(duty: str) -> Pass:
    def build(rows: list[Checked]) -> list[Params]:
        return [
            _dated(i, r, cadreIdNumber=r.values["cadreIdNumber"], townshipCode=r.resolved["townshipCode"])
            for i, r in enumerate(rows)
            if r.values["duty"] == duty
        ]

    cypher = (
        "UNWIND $rows AS row\n"
        "MATCH (c:Cadre {idNumber: row.cadreIdNumber}), (t:Township {code: row.townshipCode})\n"
        f"{merge_dated(duty, 'c', 't')}{unit_from_duty('c')}{result('r', concerns=('c', 't'))}"
    )
    return Pass(cypher, build)


TOWNSHIP_LEADERS = (_leaders("SECRETARY_OF"), _leaders("RESPONSIBLE_FOR"))


# 结对帮扶花名册: (Cadre)-[:PAIRED_WITH {since, until}]->(Household).
def _pairings(rows: list[Checked]) -> list[Params]:
    return [
        _dated(i, r, cadreIdNumber=r.values["cadreIdNumber"], householdId=r.values["householdId"])
        for i, r in enumerate(rows)
    ]


PAIRINGS = (
    Pass(
        "UNWIND $rows AS row\n"
        "MATCH (c:Cadre {idNumber: row.cadreIdNumber}), (h:Household {id: row.householdId})\n"
        f"{merge_dated('PAIRED_WITH', 'c', 'h')}{unit_from_duty('c')}"
        # W8, W7 (graph/derived.py): once every row is written, each cadre's count of pairings and
        # each household's open pairings' start.
        + result(
            "r",
            concerns=("c", "h"),
            seen="[c, h]",
            then=each_seen("c", record_pairing_count("c"), at=0) + each_seen("h", record_pairings("h"), at=1),
        ),
        _pairings,
    ),
)

# 驻村工作队花名册: the team `{村代码}:{派出单位}` (W1–W3), DISPATCHED by its unit and
# STATIONED_IN its village since its earliest member's start (never later on a rerun: min), then
# one MEMBER_OF {role, since, until} per row. 派出层级 left empty: the team's, else 乡派 for a
# township government (单位类型 乡镇), else 县派.
TEAM_SIG = (
    f"[{signature('n', 'STATIONED_IN')}, [(u)-[dispatched_:DISPATCHED]->(n) | properties(dispatched_)]]"
)
EARLIEST = "CASE WHEN {r}.since IS NULL OR row.since < {r}.since THEN row.since ELSE {r}.since END"


def _teams(rows: list[Checked]) -> list[Params]:
    teams: dict[str, Params] = {}
    for i, r in enumerate(rows):
        team = teams.setdefault(
            r.resolved["teamId"],
            {
                "i": i,
                "key": r.resolved["teamId"],
                "unitName": r.values["unitName"],
                "villageCode": r.resolved["villageCode"],
                "level": None,
                "since": r.values["since"],
            },
        )
        team["since"] = min(team["since"], r.values["since"])
        team["level"] = team["level"] or r.values.get("level")
    return list(teams.values())


def _members(rows: list[Checked]) -> list[Params]:
    return [
        {
            "i": i,
            "cadreIdNumber": r.values["cadreIdNumber"],
            "teamId": r.resolved["teamId"],
            "since": r.values["since"],
            "props": props(r, ("role", "until")),
        }
        for i, r in enumerate(rows)
    ]


TEAMS = (
    Pass(
        "UNWIND $rows AS row\n"
        "MATCH (u:Unit {name: row.unitName}), (v:Village {code: row.villageCode})\n"
        "MERGE (n:WorkTeam {id: row.key}) ON CREATE SET n._new = true\n"
        f"WITH *, n._new IS NOT NULL AS created, {TEAM_SIG} AS before\n"
        "SET n.level = coalesce(row.level, n.level,\n"
        "                       CASE u.type WHEN '乡镇' THEN 'TOWNSHIP' ELSE 'COUNTY' END)\n"
        "REMOVE n._new\n"
        "MERGE (u)-[d:DISPATCHED]->(n)\n"
        f"SET d.level = n.level, d.since = {EARLIEST.format(r='d')}\n"
        "MERGE (n)-[s:STATIONED_IN]->(v)\n"
        f"SET s.since = {EARLIEST.format(r='s')}\n"
        f"{result(sig=TEAM_SIG, main=False)}",
        _teams,
    ),
    Pass(
        "UNWIND $rows AS row\n"
        "MATCH (c:Cadre {idNumber: row.cadreIdNumber}), (t:WorkTeam {id: row.teamId})\n"
        f"{merge_dated('MEMBER_OF', 'c', 't')}{unit_from_duty('c')}{result('r', concerns=('c', 't'))}",
        _members,
    ),
)
