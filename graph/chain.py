"""O1: the chains of responsibility of a household or a village as they stood on a date, in one
statement each from the key's unique-index seek.

Every dated relationship is read with the boundary rule (active on D when since <= D < until). A
unit merger (MERGED_INTO {since}) ends the merged unit's answering on its `since` day, like an
`until`: on the merger day and after, the successor answers (W6).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from neo4j import AsyncDriver

from graph import reads
from graph.chain_drawing import drawing
from graph.entities import active
from graph.facts import facts_on
from graph.household import CARD_ON
from graph.placement import members, village_of
from graph.projects import benefiting
from graph.reach import Reach
from graph.rows import Props, plain
from graph.unit import answering

LEADER_ROLES = ["FIRST_SECRETARY_LEADER", "LEADER"]


def _unit_answers(unit: str) -> str:
    """The unit's own map with who answers for it on $asOf and today."""
    return f"onDate: {answering(unit, '$asOf')}, today: {answering(unit, '$today')}"


def _pairings(reach: Reach) -> str:
    """O1: household → paired cadre(s) on $asOf → the cadre's unit on $asOf → (W6) its successor."""
    return f"""COLLECT {{
  MATCH (h)<-[p:PAIRED_WITH]-(cadre:Cadre) WHERE {active("p")} AND {reach.sees("Cadre", "cadre")}
  RETURN {{cadre: cadre {{.*}}, since: p.since, until: p.until,
          unit: COLLECT {{ MATCH (cadre)-[w:WORKS_FOR]->(u:Unit) WHERE {active("w")}
                          RETURN {{unit: u {{.*}}, since: w.since, until: w.until, {_unit_answers("u")}}}
                          ORDER BY w.since DESC LIMIT 1 }}[0]}}
  ORDER BY p.since, cadre.uid }}"""


def _teams(reach: Reach) -> str:
    """O1: village → work team(s) stationed on $asOf → leader / first secretary → dispatching unit
    (the latest dispatch by $asOf, as W1–W6 read it) → (W6) its successor."""
    return f"""COLLECT {{
  MATCH (v)<-[s:STATIONED_IN]-(wt:WorkTeam) WHERE {active("s")} AND {reach.sees("WorkTeam", "wt")}
  RETURN {{team: wt {{.*}}, since: s.since, until: s.until,
          leaders: COLLECT {{ MATCH (wt)<-[m:MEMBER_OF]-(leader:Cadre)
                             WHERE {active("m")} AND m.role IN $leaderRoles
                               AND {reach.sees("Cadre", "leader")}
                             RETURN {{cadre: leader {{.*}}, role: m.role, since: m.since, until: m.until}}
                             ORDER BY m.role, m.since, leader.uid }},
          dispatcher: COLLECT {{ MATCH (d:Unit)-[x:DISPATCHED]->(wt) WHERE x.since IS NULL OR x.since <= $asOf
                                RETURN {{unit: d {{.*}}, since: x.since, level: x.level,
                                        {_unit_answers("d")}}}
                                ORDER BY x.since DESC LIMIT 1 }}[0]}}
  ORDER BY wt.id }}"""


def _township_leaders(relationship: str, reach: Reach) -> str:
    """O1: the township's Party secretary (SECRETARY_OF) or county leader (RESPONSIBLE_FOR) on $asOf."""
    return f"""COLLECT {{
  MATCH (t)<-[l:{relationship}]-(person:Cadre) WHERE {active("l")} AND {reach.sees("Cadre", "person")}
  RETURN {{cadre: person {{.*}}, since: l.since, until: l.until}} ORDER BY l.since, person.uid }}"""


def _village_part(reach: Reach) -> str:
    return f"""village: v {{.*}}, township: t {{.code, .name}}, teams: {_teams(reach)},
       secretaries: {_township_leaders("SECRETARY_OF", reach)},
       countyLeaders: {_township_leaders("RESPONSIBLE_FOR", reach)}"""


# P1–P10: the policy areas of the household's own benefits and its members' received by $asOf
# (an undated benefit counts: its date is unknown, not later), each with its lead department(s).
POLICIES = (
    """CALL (h) {
  CALL (h) {
    MATCH (h)-[:RECEIVES]->(b:Benefit) RETURN b
    UNION
    CALL (h) { """
    + members()
    + """ }
    MATCH (p)-[:RECEIVES]->(b:Benefit) RETURN b
  }
  MATCH (b)-[:UNDER]->(policy:Policy)
  WITH policy, b WHERE b.date IS NULL OR b.date <= $asOf
  WITH policy, count(b) AS benefits, min(b.date) AS firstDay, max(b.date) AS lastDay
  ORDER BY toInteger(substring(policy.code, 1))
  RETURN collect({policy: policy {.code, .area}, benefits: benefits, firstBenefit: firstDay,
                  lastBenefit: lastDay, leadDepartments: COLLECT { MATCH (policy)<-[:LEADS]-(lead:Unit)
                                                                  RETURN lead {.*} ORDER BY lead.name }})
         AS policies
}
"""
)


def household_statement(reach: Reach) -> str:
    return f"""MATCH (h:Household {{id: $householdId}}) USING INDEX SEEK h:Household(id)
WHERE {reach.sees("Household", "h")}
OPTIONAL {village_of()}OPTIONAL MATCH (v)-[:IN_TOWNSHIP]->(t:Township)
{POLICIES}RETURN {{household: {facts_on("h", "Household")}, card: {CARD_ON}, pairings: {_pairings(reach)},
        {_village_part(reach)}, policies: policies, projects: {benefiting(reach, "h")}}} AS chain
"""


def village_statement(reach: Reach) -> str:
    return f"""MATCH (v:Village {{code: $villageCode}}) USING INDEX SEEK v:Village(code)
WHERE {reach.sees("Village", "v")}
OPTIONAL MATCH (v)-[:IN_TOWNSHIP]->(t:Township)
RETURN {{{_village_part(reach)}}} AS chain
"""


def parameters(as_of: dt.date, today: dt.date | None = None) -> dict[str, Any]:
    return {"asOf": as_of, "today": today or dt.date.today(), "leaderRoles": LEADER_ROLES}


async def _one(
    driver: AsyncDriver, database: str, statement: str, params: dict[str, Any], reach: Reach
) -> Props | None:
    """The chain from a root the caller may see; None otherwise."""
    records = await reads.read(driver, database, statement, {**params, **reach.params()})
    if not records:
        return None
    chain: Props = plain(records[0]["chain"])
    chain["graph"] = drawing(chain)
    return chain


async def household_chain(
    driver: AsyncDriver,
    database: str,
    household_id: str,
    as_of: dt.date,
    reach: Reach,
) -> Props | None:
    """O1 for a household on `as_of`, with its drawing under "graph"; None when no such household."""
    params = {**parameters(as_of), "householdId": household_id}
    return await _one(driver, database, household_statement(reach), params, reach)


async def village_chain(
    driver: AsyncDriver,
    database: str,
    village_code: str,
    as_of: dt.date,
    reach: Reach,
) -> Props | None:
    """O1 for a village on `as_of` (its teams and township), with its drawing; None when unknown."""
    params = {**parameters(as_of), "villageCode": village_code}
    return await _one(driver, database, village_statement(reach), params, reach)
