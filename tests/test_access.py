"""Every root field under every role, scope inside Cypher, masking, audited disclosure.

The county of tests/graphs.py plus a second township's cadre and team, so each role's reach is
known by construction:
- township 东塘镇 (430624101): households H1–H4, villages V1 and V2, cadres A and B (paired there),
  the team of V1;
- village 红星村 (430624101201): H1–H3, V1, cadres A and B, the team of V1;
- cadre A (c-a): H2 and H3 (its pairing with H1 ended 2019-06-01), V1, 东塘镇, itself, its team;
- everyone else county-wide; cadre C (c-c) and the team of V3 lie in 城西镇 (430624102).
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from core.principal import Role
from fupin.access import COVERAGE, MUTATION, QUERY
from tests.conftest import bearer
from tests.graphs import mini_county

T1, V1, V3 = "430624101", "430624101201", "430624102201"
DEPARTMENT = "县卫生健康局"  # leads P3

SECOND_TOWNSHIP = """
MATCH (h5:Household {id: 'H5'}), (v3:Village {code: '430624102201'}), (u2:Unit {name: '县审计局'})
CREATE (c:Cadre {uid: 'c-c', idNumber: '430624199001017777', name: '丙干部', phone: '13700000003'})
CREATE (c)-[:WORKS_FOR {since: date('2015-01-01')}]->(u2)
CREATE (c)-[:PAIRED_WITH {since: date('2019-01-01')}]->(h5)
CREATE (team:WorkTeam {id: '430624102201:县审计局', level: 'TOWNSHIP'})
CREATE (u2)-[:DISPATCHED {level: 'TOWNSHIP', since: date('2018-01-01')}]->(team)
CREATE (team)-[:STATIONED_IN {since: date('2018-01-01')}]->(v3)
CREATE (c)-[:MEMBER_OF {role: 'LEADER', since: date('2018-01-01')}]->(team)
"""

ROLES: dict[str, tuple[Role, str | None]] = {
    "admin": (Role.COUNTY_ADMIN, None),
    "township": (Role.TOWNSHIP_OFFICER, T1),
    "village": (Role.VILLAGE_OFFICER, V1),
    "cadre": (Role.CADRE, "c-a"),
    "department": (Role.DEPARTMENT, DEPARTMENT),
    "investigator": (Role.INVESTIGATOR, None),
}

ALL_HOUSEHOLDS = ["H1", "H2", "H3", "H4", "H5"]
# What each role's lists hold (None: the field is refused).
REACH: dict[str, dict[str, list[str] | None]] = {
    "admin": {
        "households": ALL_HOUSEHOLDS,
        "villages": ["430624101201", "430624101202", V3],
        "townships": [T1, "430624102"],
        "cadres": ["c-a", "c-b", "c-c"],
        "workTeams": ["430624101201:县财政局", "430624102201:县审计局"],
    },
    "township": {
        "households": ["H1", "H2", "H3", "H4"],
        "villages": ["430624101201", "430624101202"],
        "townships": [T1],
        "cadres": ["c-a", "c-b"],
        "workTeams": ["430624101201:县财政局"],
    },
    "village": {
        "households": ["H1", "H2", "H3"],
        "villages": [V1],
        "townships": [T1],
        "cadres": ["c-a", "c-b"],
        "workTeams": ["430624101201:县财政局"],
    },
    "cadre": {
        "households": ["H2", "H3"],
        "villages": [V1],
        "townships": [T1],
        "cadres": ["c-a"],
        "workTeams": ["430624101201:县财政局"],
    },
    "department": {
        "households": ALL_HOUSEHOLDS,
        "villages": ["430624101201", "430624101202", V3],
        "townships": [T1, "430624102"],
        "cadres": None,
        "workTeams": None,
    },
}
REACH["investigator"] = REACH["admin"]

LISTS = {
    "households": "{ households { totalCount edges { node { id } } } }",
    "villages": "{ villages { totalCount edges { node { code } } } }",
    "townships": "{ townships { totalCount edges { node { code } } } }",
    "cadres": "{ cadres { totalCount edges { node { id } } } }",
    "workTeams": "{ workTeams { totalCount edges { node { id } } } }",
}
KEY = {"households": "id", "villages": "code", "townships": "code", "cadres": "id", "workTeams": "id"}

# One query per root field of the Query type, touching data in and out of every scope.
ROOT_QUERIES: dict[str, str] = {
    **LISTS,
    "township": '{ township(code: "430624102") { code villages { code } } }',
    "village": '{ village(code: "430624102201") { code workTeams { id } } }',
    "household": '{ household(id: "H5") { id headIdNumber pairings { cadre { id phone } } } }',
    "person": '{ person(id: "p-1") { id idNumber phone household { id } } }',
    "personByIdNumber": '{ personByIdNumber(idNumber: "430624197001011234") { id idNumber } }',
    "cadre": '{ cadre(id: "c-c") { id phone pairings { household { id } } teams { team { id } } } }',
    "cadreByIdNumber": '{ cadreByIdNumber(idNumber: "430624198001015678") { id idNumber } }',
    "units": "{ units { totalCount edges { node { name } } } }",
    "unit": '{ unit(name: "县财政局") { name } }',
    "workTeam": '{ workTeam(id: "430624102201:县审计局") { id members { cadre { id } } } }',
    "policies": "{ policies { totalCount } }",
    "policy": '{ policy(code: "P3") { code leadDepartments { name } } }',
    "coverage": "{ coverage { uninsuredPersons { totalCount } } }",
    "responsibilityChain": '{ responsibilityChain(householdId: "H5") { household { id headIdNumber } '
    "pairings { cadre { id phone } } graph { nodes { id } } } }",
    "villageChain": '{ villageChain(villageCode: "430624102201") { village { code } '
    "teams { team { id } } } }",
    "cadreAccountability": '{ cadreAccountability(cadreId: "c-c", from: "2019-01-01") { cadre { id phone } '
    "households { household { id } } } }",
    "householdHistory": '{ householdHistory(householdId: "H5") { totalCount edges { node { kind '
    "cadre { id phone } } } } }",
    "auditTrail": '{ auditTrail(entityId: "H5") { totalCount edges { node { operation } } } }',
    "node": '{ node(id: "H5") { id ... on Household { headIdNumber } } }',
    # The record lists (tests/test_record_lists.py holds each role's rows).
    "visits": "{ visits { totalCount edges { node { visit { id } household { id } cadre { id } } } } }",
    "petitions": "{ petitions { totalCount edges { node { petition { caseNo } household { id } } } } }",
    "povertyReports": "{ povertyReports { totalCount edges { node { report { id } household { id } } } } }",
    "benefits": "{ benefits { totalCount edges { node { benefit { id } person { id } } } } }",
    "loans": "{ loans { totalCount edges { node { loan { id } household { id } } } } }",
    "rectifications": "{ rectifications { totalCount edges { node { rectification { id } cadre { id } } } } "
    "}",
    "suspects": "{ suspects { totalCount edges { node { id } } } }",
    "projects": "{ projects { totalCount edges { node { project { id disbursements { householdId } } } } } }",
}
RECORD_LISTS = {"visits", "petitions", "povertyReports", "benefits", "loans", "rectifications", "projects"}
# Lookups and chains of something outside a role's reach answer null or NOT_FOUND, never FORBIDDEN.
LOOKUPS = {
    "township", "village", "household", "person", "personByIdNumber", "cadre", "cadreByIdNumber",
    "workTeam", "responsibilityChain", "villageChain", "cadreAccountability", "householdHistory",
    "auditTrail", "node",
}  # fmt: skip

ID_NUMBER = re.compile(r"(?<!\d)\d{17}[\dX](?!\d)")
PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


@pytest.fixture
def county(db):
    mini_county(db)
    db.execute_query(SECOND_TOWNSHIP)
    return db


def ask(client, settings, role: str, query: str, **variables: Any) -> dict[str, Any]:
    r, scope = ROLES[role]
    response = client.post(
        "/graphql",
        json={"query": query, "variables": variables},
        headers={"authorization": bearer(settings, r, scope)},
    )
    assert response.status_code == 200, response.text
    return response.json()


def codes(body: dict[str, Any]) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in body.get("errors", [])]


def test_every_root_field_is_in_the_access_table_and_the_matrix():
    from fupin.api import SCHEMA

    schema = SCHEMA._schema
    assert set(schema.query_type.fields) == set(QUERY) == set(ROOT_QUERIES)
    assert set(schema.get_type("Coverage").fields) == set(COVERAGE)
    assert set(schema.mutation_type.fields) == set(MUTATION)


@pytest.mark.parametrize("role", ROLES)
def test_matrix_of_root_fields_allowed_or_refused(client, settings, county, role):
    for field, query in ROOT_QUERIES.items():
        body = ask(client, settings, role, query)
        allowed = ROLES[role][0] in QUERY[field]
        if allowed:
            county_wide = ROLES[role][1] is None or role == "department"
            if county_wide:
                assert "errors" not in body, (field, body)
                assert body["data"][field] is not None or field in LOOKUPS, (field, body)
            else:
                assert set(codes(body)) <= {"NOT_FOUND"} and field in LOOKUPS | set(LISTS) | RECORD_LISTS | {
                    "units",
                    "unit",
                    "policies",
                    "policy",
                    "coverage",
                    "suspects",
                }, (field, body)
        else:
            assert codes(body) == ["FORBIDDEN"], (field, body)
            assert "无权限" in body["errors"][0]["message"]


@pytest.mark.parametrize("role", ROLES)
def test_lists_hold_exactly_the_roles_reach_and_totals_agree(client, settings, county, role):
    for name, query in LISTS.items():
        body = ask(client, settings, role, query)
        expected = REACH[role][name]
        if expected is None:
            assert codes(body) == ["FORBIDDEN"], name
            continue
        found = [e["node"][KEY[name]] for e in body["data"][name]["edges"]]
        assert sorted(found) == sorted(expected), (role, name)
        assert body["data"][name]["totalCount"] == len(expected), (role, name)


@pytest.mark.parametrize("role", ["township", "village", "cadre"])
def test_out_of_scope_lookups_and_relations_show_nothing(roomy_client, settings, county, role):
    client = roomy_client  # the nested walk below is beyond the document limits
    data = ask(client, settings, role, ROOT_QUERIES["household"])["data"]
    assert data["household"] is None  # H5 lies in 城西镇
    assert ask(client, settings, role, ROOT_QUERIES["cadre"])["data"]["cadre"] is None
    assert ask(client, settings, role, ROOT_QUERIES["workTeam"])["data"]["workTeam"] is None
    # Relations from a visible node never reach past the reach either.
    nested = """{ townships { edges { node { villages { code workTeams { id members { cadre { id
        pairings { household { id } } } } } } } } } }"""
    body = ask(client, settings, role, nested)
    assert "errors" not in body, body
    text = json.dumps(body["data"])
    assert "H5" not in text and V3 not in text and "c-c" not in text
    if role == "cadre":
        assert "H1" not in text and "430624101202" not in text and "c-b" not in text


NODE = "query($id: ID!) { node(id: $id) { __typename id } }"


def test_node_finds_every_entity_by_its_own_key(client, settings, county):
    keys = {
        "H1": "Household", "p-1": "Person", "c-a": "Cadre", V1: "Village", T1: "Township",
        "430624101201:县财政局": "WorkTeam", "县财政局": "Unit", "P3": "Policy",
    }  # fmt: skip
    for key, typename in keys.items():
        body = ask(client, settings, "admin", NODE, id=key)
        assert body == {"data": {"node": {"__typename": typename, "id": key}}}, key


@pytest.mark.parametrize("role", ["township", "village", "cadre", "department"])
def test_node_outside_the_reach_is_not_found_as_an_unknown_id_is(client, settings, county, role):
    unknown = ask(client, settings, role, NODE, id="H404")
    assert unknown["data"] == {"node": None} and codes(unknown) == ["NOT_FOUND"]
    # H5 and c-c lie in 城西镇; a department may look up no cadre at all (its lookup field refuses it).
    outside = ["c-c", "c-a"] if role == "department" else ["H5", "c-c"]
    for key in outside:
        body = ask(client, settings, role, NODE, id=key)
        assert body["data"] == {"node": None} and codes(body) == ["NOT_FOUND"], (role, key)
        assert body["errors"][0]["message"] == unknown["errors"][0]["message"].replace("H404", key)
    inside = "H1" if role != "cadre" else "H2"
    assert ask(client, settings, role, NODE, id=inside)["data"]["node"]["id"] == inside


PERSONAL_QUERY = f"""{{ household(id: "H1") {{ headIdNumber members {{ idNumber phone }} }}
    village(code: "{V1}") {{ infoOfficerPhone }} cadre(id: "c-a") {{ phone }} }}"""


def test_scanner_no_unmasked_numbers_without_the_permission(client, settings, county):
    """Every response of the matrix, scanned: only COUNTY_ADMIN and INVESTIGATOR see numbers."""
    for role in ROLES:
        seen: list[str] = []
        for query in [*ROOT_QUERIES.values(), PERSONAL_QUERY]:
            text = json.dumps(ask(client, settings, role, query))
            seen += ID_NUMBER.findall(text) + PHONE.findall(text)
        if role in {"admin", "investigator"}:
            assert "430624197001011234" in seen and "13812345678" in seen, role  # the scanner works
        else:
            assert seen == [], (role, seen)


def test_personal_data_masked_for_an_officer(client, settings, county):
    data = ask(client, settings, "township", PERSONAL_QUERY)["data"]
    assert data["household"]["headIdNumber"] == "430624********1234"
    assert data["household"]["members"][0] == {"idNumber": "430624********1234", "phone": "139****1111"}
    assert data["village"]["infoOfficerPhone"] == "138****5678"


def test_a_list_that_shows_personal_data_is_one_event_naming_whose(client, settings, county):
    query = """{ cadres { edges { node { id phone } } }
      persons: households { edges { node { id members { id idNumber } } } } }"""
    body = ask(client, settings, "admin", query)
    assert "errors" not in body, body
    records = county.execute_query(
        """MATCH (e:AuditEvent {operation: 'readPersonalData'})
        RETURN e.inputs AS inputs, [(e)-[:CONCERNS]->(n) | coalesce(n.uid, n.id)] AS concerns"""
    ).records
    assert len(records) == 1  # one response, one event: not one per row
    inputs = json.loads(records[0]["inputs"])
    people = sorted(
        m["id"] for e in body["data"]["persons"]["edges"] for m in e["node"]["members"] if m["idNumber"]
    )
    cadres = sorted(e["node"]["id"] for e in body["data"]["cadres"]["edges"] if e["node"]["phone"])
    assert inputs["whose"] == sorted(people + cadres) and len(people) >= 3 and len(cadres) == 3
    assert sorted(records[0]["concerns"]) == inputs["whose"]
    assert "430624197001011234" not in records[0]["inputs"]


def test_each_unmasked_read_is_audited_and_masked_reads_are_not(client, settings, county):
    query = '{ household(id: "H1") { id headIdNumber members { id idNumber } } }'
    ask(client, settings, "township", query)
    events = county.execute_query("MATCH (e:AuditEvent) RETURN count(e) AS n").records[0]["n"]
    assert events == 0
    body = ask(client, settings, "investigator", query)
    assert body["data"]["household"]["headIdNumber"] == "430624197001011234"
    records = county.execute_query(
        """MATCH (e:AuditEvent {operation: 'readPersonalData'})
        RETURN e.actor AS actor, e.role AS role, e.inputs AS inputs,
               [(e)-[:CONCERNS]->(n) | coalesce(n.uid, n.id)] AS concerns"""
    ).records
    assert len(records) == 1
    event = records[0]
    assert (event["actor"], event["role"]) == ("test:INVESTIGATOR", "INVESTIGATOR")
    assert sorted(event["concerns"]) == ["H1", "p-1", "p-2"]
    assert "430624197001011234" not in event["inputs"]  # whose, never the numbers


def test_an_alias_does_not_hide_an_unmasked_read_from_the_audit(client, settings, county):
    query = '{ household(id: "H1") { key: id who: headIdNumber members { id n: idNumber } } }'
    body = ask(client, settings, "investigator", query)
    assert body["data"]["household"]["who"] == "430624197001011234"
    records = county.execute_query(
        """MATCH (e:AuditEvent {operation: 'readPersonalData'})
        RETURN e.inputs AS inputs, [(e)-[:CONCERNS]->(n) | coalesce(n.uid, n.id)] AS concerns"""
    ).records
    assert len(records) == 1
    assert sorted(records[0]["concerns"]) == ["H1", "p-1", "p-2"]
    inputs = json.loads(records[0]["inputs"])
    assert inputs["shown"] == ["H1.headIdNumber", "p-1.idNumber", "p-2.idNumber"]


def test_a_personal_field_aliased_as_id_never_names_whose(client, settings, county):
    ask(client, settings, "investigator", '{ household(id: "H1") { id: headIdNumber } }')
    [record] = county.execute_query(
        "MATCH (e:AuditEvent {operation: 'readPersonalData'}) RETURN e.inputs AS inputs"
    ).records
    assert "430624197001011234" not in record["inputs"]
    assert json.loads(record["inputs"])["shown"] == ["household.headIdNumber"]


def test_coverage_is_clamped_to_the_officers_area(client, settings, county):
    query = """query($s: ScopeInput) { coverage(scope: $s) { scope { townshipCode villageCode }
        unpairedHouseholds { totalCount edges { node { household { id } } } } } }"""
    admin = ask(client, settings, "admin", query)["data"]["coverage"]["unpairedHouseholds"]
    assert sorted(e["node"]["household"]["id"] for e in admin["edges"]) == ["H4"]
    own = ask(client, settings, "township", query)["data"]["coverage"]
    assert own["scope"] == {"townshipCode": T1, "villageCode": None}
    assert own["unpairedHouseholds"]["totalCount"] == 1
    other = ask(client, settings, "township", query, s={"townshipCode": "430624102"})
    assert codes(other) == ["FORBIDDEN"]
    # A village of another township, asked by a township officer: the anchor finds nothing.
    foreign = ask(client, settings, "township", query, s={"villageCode": V3})["data"]["coverage"]
    assert foreign["unpairedHouseholds"]["totalCount"] == 0
    village = ask(client, settings, "village", query)["data"]["coverage"]
    assert village["scope"] == {"townshipCode": None, "villageCode": V1}
    assert codes(ask(client, settings, "village", query, s={"villageCode": V3})) == ["FORBIDDEN"]


def test_a_department_sees_only_its_policy_areas(client, settings, county):
    ok = ask(client, settings, "department", "{ coverage { uninsuredPersons { totalCount } } }")
    assert "errors" not in ok
    refused = [
        "dangerousHousing { totalCount }",  # P4: 县住建局 leads it
        "unpairedHouseholds { totalCount }",  # W7: not a policy area
        "summary { townships { township { code } } }",
    ]
    for selection in refused:
        body = ask(client, settings, "department", f"{{ coverage {{ {selection} }} }}")
        assert "FORBIDDEN" in codes(body), selection


# One document per mutation, with arguments of the right types; for an allowed role the answer is
# the mutation's own (done, NOT_FOUND, a rule refusal …), never FORBIDDEN.
D = '"2020-01-01"'
ROOT_MUTATIONS: dict[str, str] = {
    "createProject": 'createProject(id: "XM-1", villageCode: "430624102201", project: {name: "村道", '
    'kind: "基础设施", fundingSource: "专项", budget: 1000, startOn: "2020-01-01", '
    'finishOn: "2020-12-31"}) { id }',
    "updateProject": 'updateProject(id: "XM0", project: {budget: 2000}) { id }',
    "endProject": f'endProject(id: "XM0", finishedOn: {D}) {{ id }}',
    "addProjectBeneficiaries": f'addProjectBeneficiaries(projectId: "XM0", householdIds: ["H5"], '
    f"since: {D}) {{ id }}",
    "endProjectBeneficiary": f'endProjectBeneficiary(projectId: "XM0", householdId: "H5", '
    f"until: {D}) {{ id }}",
    "recordDisbursement": f'recordDisbursement(id: "BF-1", projectId: "XM0", date: {D}, amount: 100, '
    'channel: CARD, householdId: "H5") { id }',
    "reclassifyCard": f'reclassifyCard(householdId: "H5", card: RED, reason: "复核", date: {D}) {{ id }}',
    "reportPoverty": f'reportPoverty(kind: RETURNED, source: RETURN_VISIT, cause: "因病", date: {D}, '
    'householdId: "H5") { id }',
    "verifyPovertyReport": f'verifyPovertyReport(reportId: "R0", date: {D}, '
    'departments: ["县民政局"]) { id }',
    "recordDepartmentMeasure": f'recordDepartmentMeasure(reportId: "R0", department: "{DEPARTMENT}", '
    f'measure: "医疗救助", date: {D}) {{ id }}',
    "exitHousehold": 'exitHousehold(householdId: "H5", year: 2020) { id }',
    "issueRectification": f'issueRectification(cadreId: "c-c", reason: "走访不及时", deadline: "2020-02-01", '
    f"date: {D}) {{ id }}",
    "closeRectification": f'closeRectification(rectificationId: "X0", date: {D}) {{ id }}',
    "recordPetition": f'recordPetition(caseNo: "XF-1", registeredOn: {D}, level: COUNTY, '
    'townshipCode: "430624102", claim: "低保") { caseNo }',
    "closePetition": f'closePetition(caseNo: "XF-0", date: {D}, reply: "已答复") {{ caseNo }}',
    "recordLoan": f'recordLoan(householdId: "H5", bank: "湘阴农商行", amount: 50000, issuedOn: {D}, '
    'dueOn: "2023-01-01") { id }',
    "recordRepayment": f'recordRepayment(loanId: "L0", amount: 100, date: {D}) {{ id }}',
    "voidLoan": 'voidLoan(loanId: "L0", reason: "重复登记") { id }',
    "voidRepayment": 'voidRepayment(repaymentId: "R0", reason: "重复登记") { id }',
    "pairCadre": f'pairCadre(householdId: "H5", cadreId: "c-a", since: {D}) {{ pairing {{ since }} }}',
    "endPairing": f'endPairing(householdId: "H5", cadreId: "c-c", until: {D}, reason: "调离") {{ since }}',
    "createWorkTeam": f'createWorkTeam(villageCode: "{V3}", unitName: "县财政局", level: TOWNSHIP, '
    f"since: {D}) {{ id }}",
    "stationMember": f'stationMember(teamId: "430624102201:县审计局", cadreId: "c-b", since: {D}) {{ role }}',
    "endStationing": f'endStationing(teamId: "430624102201:县审计局", cadreId: "c-c", until: {D}) {{ role }}',
    "setTeamLeader": f'setTeamLeader(teamId: "430624102201:县审计局", cadreId: "c-c", since: {D}) '
    "{ leader { role } }",
    "recordUnitMerger": f'recordUnitMerger(from: "县审计局", into: "县财政局", date: {D}) {{ since }}',
    "recordVisit": f'recordVisit(cadreId: "c-a", householdId: "H2", date: {D}, findings: "正常", '
    'actions: "无") { visit { id } }',
    "resolveVisitProblem": f'resolveVisitProblem(visitId: "X0", resolution: "已解决", resolvedOn: {D}) '
    "{ visit { id } }",
    "recordAttendance": f'recordAttendance(entries: [{{cadreId: "c-c", date: {D}}}]) {{ created }}',
    "updateHousehold": f'updateHousehold(id: "H5", changes: {{income: 5000}}, effectiveOn: {D}, '
    'reason: "核实") { id }',
    "updatePerson": f'updatePerson(id: "P0", changes: {{familyDoctor: true}}, effectiveOn: {D}, '
    'reason: "核实") { id }',
    "transferCadre": f'transferCadre(cadreId: "c-b", unitName: "县审计局", since: {D}) {{ id }}',
    "confirmSuspect": f'confirmSuspect(id: "S0", date: {D}, reason: "核实") {{ id }}',
    "dismissSuspect": f'dismissSuspect(id: "S0", date: {D}, reason: "核实") {{ id }}',
    # A string where the file goes (no multipart request): refused as no .xlsx or .csv file (BAD_FILE).
    "compareDepartmentFile": 'compareDepartmentFile(department: "卫健", file: "x") { id }',
    # The register's edits name nothing that exists: the access decision is what is asked.
    "addPerson": f'addPerson(householdId: "H404", person: {{name: "甲", idNumber: "430624199001011233", '
    f'relation: "之妻"}}, effectiveOn: {D}, reason: "婚入") {{ id }}',
    "movePerson": f'movePerson(personId: "P404", toHouseholdId: "H5", effectiveOn: {D}, '
    'reason: "分户") { id }',
    "recordDeath": f'recordDeath(personId: "P404", date: {D}) {{ id }}',
    "removeHousehold": f'removeHousehold(id: "H404", reason: MOVED_AWAY, date: {D}) {{ id }}',
}


def test_every_mutation_is_in_the_access_table_and_the_matrix():
    from fupin.api import SCHEMA

    assert set(SCHEMA._schema.mutation_type.fields) == set(ROOT_MUTATIONS)


@pytest.mark.parametrize("role", ROLES)
def test_matrix_of_mutations_allowed_or_refused(client, settings, county, role):
    for field, selection in ROOT_MUTATIONS.items():
        body = ask(client, settings, role, f"mutation {{ {selection} }}")
        if ROLES[role][0] in MUTATION[field]:
            assert "FORBIDDEN" not in codes(body), (field, body)
        else:
            assert codes(body) == ["FORBIDDEN"], (field, body)
    refused = county.execute_query("MATCH (e:AuditEvent) WHERE e.role <> 'COUNTY_ADMIN' RETURN e.role AS r")
    # A refused role never changed anything, so never wrote an event.
    assert {r["r"] for r in refused.records} <= {ROLES[role][0].value}


def test_a_township_officer_changes_nothing_outside_its_township(client, settings, county):
    before = county.execute_query("MATCH (n) RETURN count(n) AS n").records[0]["n"]
    for field in ["reclassifyCard", "recordLoan", "exitHousehold", "issueRectification", "recordPetition",
                  "pairCadre", "endPairing", "createWorkTeam", "stationMember", "endStationing",
                  "setTeamLeader", "recordVisit", "updateHousehold"]:  # fmt: skip
        selection = ROOT_MUTATIONS[field].replace(
            'cadreId: "c-a", householdId: "H2"', 'cadreId: "c-c", householdId: "H5"'
        )
        body = ask(client, settings, "township", f"mutation {{ {selection} }}")
        assert codes(body) == ["NOT_FOUND"], (field, body)  # H5, c-c and 城西镇 lie in another township
    # Attendance of another township's stationed cadre: its team is not in the township either.
    body = ask(client, settings, "township", f"mutation {{ {ROOT_MUTATIONS['recordAttendance']} }}")
    assert codes(body) == ["NOT_FOUND"], body
    assert county.execute_query("MATCH (n) RETURN count(n) AS n").records[0]["n"] == before


def test_a_cadre_records_only_its_own_visits(client, settings, county):
    own = ROOT_MUTATIONS["recordVisit"]  # cadre A visiting H2, its own household
    other = own.replace('"c-a"', '"c-c"').replace('"H2"', '"H5"')  # cadre C's, asked by cadre A
    assert codes(ask(client, settings, "cadre", f"mutation {{ {other} }}")) == ["FORBIDDEN"]
    body = ask(client, settings, "cadre", f"mutation {{ {own} }}")
    assert "errors" not in body, body


def test_a_department_records_only_its_own_measures(client, settings, county):
    other = ROOT_MUTATIONS["recordDepartmentMeasure"].replace(DEPARTMENT, "县民政局")
    assert codes(ask(client, settings, "department", f"mutation {{ {other} }}")) == ["FORBIDDEN"]


def test_chains_and_history_stay_inside_the_officers_township(client, settings, county):
    chain = '{ responsibilityChain(householdId: "%s") { household { id } pairings { cadre { id } } } }'
    own = ask(client, settings, "township", chain % "H1")
    assert own["data"]["responsibilityChain"]["household"]["id"] == "H1"
    for query in [chain % "H5", ROOT_QUERIES["householdHistory"], ROOT_QUERIES["villageChain"],
                  ROOT_QUERIES["cadreAccountability"]]:  # fmt: skip
        assert codes(ask(client, settings, "township", query)) == ["NOT_FOUND"], query
    # Cadre A is visible to the township; its accountability lists only households in it.
    account = (
        """{ cadreAccountability(cadreId: "c-a", from: "2018-01-01") { households { household { id } } } }"""
    )
    found = ask(client, settings, "township", account)["data"]["cadreAccountability"]["households"]
    assert sorted(h["household"]["id"] for h in found) == ["H1", "H2", "H3"]
