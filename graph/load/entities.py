"""Write passes of the rosters that define entities: units, villages (and townships), cadres,
households, persons (docs/model.md keys; rosters.md, rosters-extra.md)."""

from __future__ import annotations

from core.names import name_key
from graph.derived import (
    person_facts,
    record_card_since,
    record_exit_doubt,
    record_pairing_count,
    record_workers,
)
from graph.facts import keep_facts
from graph.load.base import Checked, Params, Pass, first_of, props
from graph.load.cypher import merge_node, replace, result, signature, switch
from graph.placement import ARRIVALS
from graph.rosters import BY_KIND
from graph.rosters.codes import unit_type_of

CARD_NAMES = "{RED: '红卡', YELLOW: '黄卡', GREEN: '绿卡'}"


def _props(kind: str, label: str) -> tuple[str, ...]:
    return BY_KIND[kind].props_on(label)


# 帮扶单位花名册 (W6): units first, then MERGED_INTO, since a unit may merge into one defined
# further down the same file.
UNIT_PROPS = _props("units", "Unit")
UNIT_SIG = signature("n", "MERGED_INTO")


def _units(rows: list[Checked]) -> list[Params]:
    # A unit's name is its key, so props() leaves it out: its pinyin sort key is added here.
    return [
        {
            "i": i,
            "key": r.values["name"],
            "props": {**props(r, UNIT_PROPS), "nameKey": name_key(r.values["name"])},
        }
        for i, r in enumerate(rows)
    ]


def _mergers(rows: list[Checked]) -> list[Params]:
    return [
        {"i": i, "key": r.values["name"], "mergedInto": r.values["mergedInto"], "since": r.values["since"]}
        for i, r in enumerate(rows)
        if r.values.get("mergedInto")
    ]


UNITS = (
    Pass(f"UNWIND $rows AS row\n{merge_node('Unit')}{result(concerns=('n',))}", _units),
    Pass(
        "UNWIND $rows AS row\n"
        "MATCH (n:Unit {name: row.key}), (m:Unit {name: row.mergedInto})\n"
        f"WITH *, {UNIT_SIG} AS before\n"
        "MERGE (n)-[r:MERGED_INTO]->(m) SET r.since = row.since\n"
        f"WITH *, false AS created\n{result(sig=UNIT_SIG, main=False)}",
        _mergers,
    ),
)

# 行政村花名册 (O1): the township (code = first 9 digits of 村代码) IN_COUNTY the one county,
# then the village IN_TOWNSHIP.
TOWNSHIP_SIG = signature("n", "IN_COUNTY")
VILLAGE_PROPS = _props("villages", "Village")
VILLAGE_SIG = signature("n", "IN_TOWNSHIP")


def _townships(rows: list[Checked]) -> list[Params]:
    firsts = first_of(rows, lambda r: r.values["townshipCode"])
    return [
        {"i": i, "key": r.values["townshipCode"], "props": {"name": r.values["townshipName"]}}
        for i, r in firsts
    ]


def _villages(rows: list[Checked]) -> list[Params]:
    return [
        {
            "i": i,
            "key": r.values["code"],
            "townshipCode": r.values["townshipCode"],
            "props": props(r, VILLAGE_PROPS),
        }
        for i, r in enumerate(rows)
    ]


VILLAGES = (
    Pass(
        "UNWIND $rows AS row\nMATCH (county:County)\n"
        f"{merge_node('Township', sig=TOWNSHIP_SIG)}MERGE (n)-[:IN_COUNTY]->(county)\n"
        f"{result(sig=TOWNSHIP_SIG, main=False)}",
        _townships,
    ),
    Pass(
        "UNWIND $rows AS row\nMATCH (t:Township {code: row.townshipCode})\n"
        f"{merge_node('Village', sig=VILLAGE_SIG)}{replace('n', 'IN_TOWNSHIP', 't')}"
        f"{result(sig=VILLAGE_SIG, concerns=('n',))}",
        _villages,
    ),
)

# 帮扶责任人花名册 (O1, W6): a unit the database does not know is created, its type from
# 帮扶单位类型 or else read from its name, and 隶属关系 (an existing unit keeps its own: 帮扶单位花名册
# is the authority); then the cadre and its WORKS_FOR: a changed unit ends the old one on $day and
# starts a new one.
CADRE_PROPS = _props("cadres", "Cadre")
CADRE_SIG = signature("n", "WORKS_FOR")


def _cadre_units(rows: list[Checked]) -> list[Params]:
    firsts = first_of(rows, lambda r: r.values["unitName"])
    return [
        {
            "i": i,
            "key": r.values["unitName"],
            "type": r.values.get("unitType") or unit_type_of(r.values["unitName"]),
            "affiliation": r.values.get("unitAffiliation"),
            "nameKey": name_key(r.values["unitName"]),
        }
        for i, r in firsts
    ]


def _cadres(rows: list[Checked]) -> list[Params]:
    return [
        {
            "i": i,
            "key": r.values["idNumber"],
            "unitName": r.values["unitName"],
            "props": props(r, CADRE_PROPS),
        }
        for i, r in enumerate(rows)
    ]


CADRES = (
    Pass(
        "UNWIND $rows AS row\n"
        "MERGE (n:Unit {name: row.key}) ON CREATE SET n._new = true\n"
        "WITH *, n._new IS NOT NULL AS created, properties(n) AS before\n"
        "SET n.type = coalesce(n.type, row.type), n.affiliation = coalesce(n.affiliation, row.affiliation),\n"
        "    n.nameKey = coalesce(n.nameKey, row.nameKey)\n"
        f"REMOVE n._new\n{result(main=False)}",
        _cadre_units,
    ),
    Pass(
        "UNWIND $rows AS row\nMATCH (u:Unit {name: row.unitName})\n"
        f"{merge_node('Cadre', sig=CADRE_SIG, uid=True)}WITH *\n{record_pairing_count('n')}"
        f"{switch('n', 'WORKS_FOR', 'u')}"
        f"{result(sig=CADRE_SIG, concerns=('n',))}",
        _cadres,
    ),
)

# 户花名册 (S1, S2): the household IN_VILLAGE (moved when the roster says so), its current `card`
# and the card history HAS_CARD: a different card ends the open one on $day.
HOUSEHOLD_PROPS = _props("households", "Household")


def keep_row_facts(label: str) -> str:
    """The node's dated facts the row changes are kept as a period ending on $day, recorded by the
    load's audit event (graph/facts.py)."""
    return keep_facts("n", label, "row.props", "$day", "$event", imports="row, created", unless="created")


HOUSEHOLD_SIG = signature("n", "IN_VILLAGE", "HAS_CARD")
CARD_REASON = (
    "CASE WHEN size(stale) = 0 THEN '花名册导入' "
    f"ELSE '花名册导入：' + {CARD_NAMES}[endNode(stale[0]).color] + '→' + {CARD_NAMES}[card.color] END"
)


def _households(rows: list[Checked]) -> list[Params]:
    return [
        {
            "i": i,
            "key": r.values["id"],
            "villageCode": r.resolved["villageCode"],
            "props": props(r, HOUSEHOLD_PROPS),
        }
        for i, r in enumerate(rows)
    ]


HOUSEHOLDS = (
    Pass(
        "UNWIND $rows AS row\n"
        "MATCH (v:Village {code: row.villageCode}), (card:Card {color: row.props.card})\n"
        f"{merge_node('Household', sig=HOUSEHOLD_SIG, keep=keep_row_facts('Household'))}"
        f"{replace('n', 'IN_VILLAGE', 'v', kept='WAS_IN_VILLAGE', mark=ARRIVALS['IN_VILLAGE'])}"
        # S1: the first card runs from the household's registration (首次识别时间) when known.
        f"{switch('n', 'HAS_CARD', 'card', CARD_REASON, first='coalesce(n.identifiedOn, $day)')}"
        f"{record_card_since('n')}{record_exit_doubt('n')}{record_workers('n')}"
        f"{result(sig=HOUSEHOLD_SIG, concerns=('n',))}",
        _households,
    ),
)

# 人口花名册 (P2, P3): the person BELONGS_TO {relation} its household (moved on 分户).
PERSON_PROPS = _props("persons", "Person")
PERSON_SIG = signature("n", "BELONGS_TO")
_JOINED = ARRIVALS["BELONGS_TO"]


def _persons(rows: list[Checked]) -> list[Params]:
    return [
        {
            "i": i,
            "key": r.values["idNumber"],
            "householdId": r.values["householdId"],
            "relation": {"relation": r.values["relation"]},
            "props": props(r, PERSON_PROPS),
        }
        for i, r in enumerate(rows)
    ]


_RECOUNT = (
    "CALL (seen) { UNWIND seen AS homes UNWIND homes AS home WITH DISTINCT home\n"
    f"{record_workers('home')}}}\n"
)

PERSONS = (
    Pass(
        "UNWIND $rows AS row\nMATCH (h:Household {id: row.householdId})\n"
        f"{merge_node('Person', sig=PERSON_SIG, uid=True, keep=keep_row_facts('Person'))}{person_facts('n')}"
        # P1, P7: the household it belongs to and any it leaves count their workers anew.
        "WITH *, [(n)-[:BELONGS_TO]->(x:Household) WHERE x <> h | x] AS leaving\n"
        f"{replace('n', 'BELONGS_TO', 'h', rel_props='row.relation', kept='BELONGED_TO', mark=_JOINED)}"
        f"{result(sig=PERSON_SIG, concerns=('n', 'h'), seen='[h] + leaving', then=_RECOUNT)}",
        _persons,
    ),
)
