"""The reads the household documents share: a household's facts and members (one, or every one
of a village), its history (pairings, visits, benefits, loans, petitions), each as the API answers
the caller."""

from __future__ import annotations

import asyncio
from typing import Any

from core.errors import NotFound
from fupin.export.run import Reader

CONCURRENT = 4  # histories read at once for a village
VILLAGE_PAGE = 100  # households a page: a village's fit in one, and their members within the cost limit

FACTS = """
fragment Facts on Household {
  id headName headIdNumber hamlet size attribute status exitYear identifiedOn mainCause otherCauses
  income dangerousHouse houseGrade safeWater phone card note
  village { code name township { code name } }
  members { id name gender birthDate idNumber relation education schooling labour health disability
            dibao tekun medicalInsurance seriousIllnessInsurance phone }
  cardHistory { color since until reason }
  pairings(asOf: $asOf) { cadre { id name phone post unit { name } } since until }
}
"""

ONE = "query Household($id: ID!, $asOf: Date) { household(id: $id) { ...Facts } }" + FACTS

VILLAGE = (
    "query Village($code: String!, $asOf: Date) { village(code: $code) { code name township { name } }"
    " households(filter: {villageCode: $code}) { edges { node { ...Facts } } } }" + FACTS
)

HISTORY = """
query History($id: ID!, $kinds: [HistoryKind!]) {
  householdHistory(householdId: $id, kinds: $kinds, direction: ASC) {
    edges { node {
      kind action date since until reason
      cadre { name phone }
      visit { date mode findings actions resolution resolvedOn }
      benefit { project amount date department } policy { code area } person { name }
      loan { bank amount issuedOn dueOn balance overdue } repayment { amount date }
      petition { caseNo registeredOn claim closedOn reply }
    } }
  }
}
"""


async def one(reader: Reader, household_id: str, as_of: str | None) -> dict[str, Any]:
    data = await reader.data(ONE, {"id": household_id, "asOf": as_of})
    if data["household"] is None:
        raise NotFound(f"户编号 {household_id} 不存在或不在您的范围内", household=household_id)
    household: dict[str, Any] = data["household"]
    return household


async def of_village(
    reader: Reader, code: str, as_of: str | None
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The village and every household of it the caller may see, by 户编号."""
    first, households = await reader.rows(
        reader.list_query(VILLAGE, page=VILLAGE_PAGE), {"code": code, "asOf": as_of}
    )
    if first["village"] is None:
        raise NotFound(f"村 {code} 不存在或不在您的范围内", village=code)
    return first["village"], households


async def histories(reader: Reader, ids: list[str], kinds: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Each household's history events of `kinds`, oldest first; a few read at once."""
    query = reader.list_query(HISTORY)
    gate = asyncio.Semaphore(CONCURRENT)

    async def read(household_id: str) -> list[dict[str, Any]]:
        async with gate:
            _, events = await reader.rows(query, {"id": household_id, "kinds": kinds})
            return events

    found = await asyncio.gather(*(read(household_id) for household_id in ids))
    return dict(zip(ids, found, strict=True))


async def chosen(
    reader: Reader, household_id: str | None, village_code: str | None, as_of: str | None
) -> tuple[list[dict[str, Any]], str, list[str]]:
    """The households of a document (one, or a village's), the word its file is named by, and
    the keys its audit event concerns."""
    if household_id:
        return [await one(reader, household_id, as_of)], household_id, [household_id]
    assert village_code
    village, found = await of_village(reader, village_code, as_of)
    return found, village["name"], [village_code]


def of_kind(events: list[dict[str, Any]], kind: str, action: str) -> list[dict[str, Any]]:
    return [e for e in events if e["kind"] == kind and e["action"] == action]


def cells(
    events: list[dict[str, Any]], kind: str, action: str, columns: list[tuple[str, str]]
) -> list[list[Any]]:
    """A row per event of `kind` and `action`: each column (part, field) the value of
    `event[part][field]` (part "" for the event's own field)."""
    return [
        [(e if not part else e.get(part) or {}).get(field) for part, field in columns]
        for e in of_kind(events, kind, action)
    ]
