"""Which graph statement loads each relation the schema's types name (schema.common.Related)."""

from __future__ import annotations

from functools import partial

from graph import cadre, household, person, policy, projects, team, township, unit, village
from graph.entities import Relation
from schema.common import Related, field_props
from schema.household import Household


def read_by(cls: type) -> str:
    """Map items of every property `cls` is built from (schema/common.py `build`): a household
    also holds facts derived for the rules (graph/derived.py), long lists no field shows."""
    props, private = field_props(cls)
    return ", ".join(f".{name}" for name in sorted({p for p in props.values() if p} | private))


_HOUSEHOLD = read_by(Household)

RELATIONS: dict[Related, Relation] = {
    Related.CADRE_HOUSEHOLDS: partial(cadre.households, items=_HOUSEHOLD),
    Related.CADRE_TEAMS: cadre.teams,
    Related.CADRE_UNIT: cadre.UNITS,
    Related.HOUSEHOLD_CADRES: household.cadres,
    Related.HOUSEHOLD_CARDS: household.CARDS,
    Related.HOUSEHOLD_CARD_ON: household.CARD_ON_DAY,
    Related.HOUSEHOLD_MEMBERS: household.members,
    Related.HOUSEHOLD_PROJECTS: projects.OF_HOUSEHOLD,
    Related.HOUSEHOLD_VILLAGE: village.of_household,
    Related.PERSON_HOUSEHOLD: partial(person.household, items=_HOUSEHOLD),
    Related.POLICY_LEAD_DEPARTMENTS: policy.LEAD_DEPARTMENTS,
    Related.TEAM_MEMBERS: team.members,
    Related.TEAM_UNIT: team.UNITS,
    Related.TEAM_VILLAGE: team.villages,
    Related.TOWNSHIP_COUNTY_LEADERS: township.county_leaders,
    Related.TOWNSHIP_SECRETARIES: township.secretaries,
    Related.TOWNSHIP_VILLAGES: township.villages,
    Related.UNIT_ANSWERING: unit.ANSWERING,
    Related.UNIT_CADRE_COUNT: unit.CADRE_COUNT,
    Related.UNIT_MERGED_INTO: unit.MERGED_INTO,
    Related.VILLAGE_COUNTS: village.COUNTS,
    Related.VILLAGE_TEAMS: village.teams,
    Related.VILLAGE_TOWNSHIP: township.of_village,
}
