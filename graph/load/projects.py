"""Write passes of the project register (O3, P1, P4): 项目库, 项目受益户 and 资金拨付.

A project is keyed by 项目编号 and SITED_IN its village, LED_BY its 主管部门 when the file has the
column (an emptied cell removes it); a beneficiary row is a dated (Project)-[:BENEFITS {since,
until}]->(Household), keyed by (project, household, since) like a pairing; a disbursement is keyed
by 拨付编号, OF_PROJECT its project and PAID_TO its household when 收款户编号 is filled.
"""

from __future__ import annotations

from collections.abc import Iterable

from graph.load.base import Checked, Params, Pass, props
from graph.load.cypher import merge_dated, merge_node, replace, result, signature
from graph.load.records import _node_rows


def projects(cols: Iterable[str]) -> tuple[Pass, ...]:
    cols = set(cols)
    sig = signature("n", "SITED_IN", "LED_BY")
    lead, match = "", ""
    if "departmentName" in cols:
        match = "OPTIONAL MATCH (u:Unit {name: row.departmentName})\n"
        lead = replace("n", "LED_BY", "u", optional=True)
    cypher = (
        f"UNWIND $rows AS row\nMATCH (v:Village {{code: row.villageCode}})\n{match}"
        f"{merge_node('Project', sig=sig)}{replace('n', 'SITED_IN', 'v')}{lead}"
        f"{result(sig=sig, concerns=('n', 'v'))}"
    )
    refs = ("villageCode", "departmentName")
    return (Pass(cypher, lambda rows: _node_rows(rows, "projects", "id", "Project", *refs)),)


def _beneficiaries(rows: list[Checked]) -> list[Params]:
    return [
        {
            "i": i,
            "since": r.values["since"],
            "props": props(r, ("until",)),
            "projectId": r.values["projectId"],
            "householdId": r.values["householdId"],
        }
        for i, r in enumerate(rows)
    ]


BENEFICIARIES = (
    Pass(
        "UNWIND $rows AS row\n"
        "MATCH (p:Project {id: row.projectId}), (h:Household {id: row.householdId})\n"
        f"{merge_dated('BENEFITS', 'p', 'h')}{result('r', concerns=('p', 'h'))}",
        _beneficiaries,
    ),
)


def disbursements(cols: Iterable[str]) -> tuple[Pass, ...]:
    cols = set(cols)
    sig = signature("n", "OF_PROJECT", "PAID_TO")
    match, payee = "", ""
    if "householdId" in cols:
        match = "OPTIONAL MATCH (h:Household {id: row.householdId})\n"
        payee = replace("n", "PAID_TO", "h", optional=True)
    cypher = (
        f"UNWIND $rows AS row\nMATCH (p:Project {{id: row.projectId}})\n{match}"
        f"{merge_node('Disbursement', sig=sig)}{replace('n', 'OF_PROJECT', 'p')}{payee}"
        f"{result(sig=sig, concerns=('n', 'p'))}"
    )
    refs = ("projectId", "householdId")
    return (Pass(cypher, lambda rows: _node_rows(rows, "disbursements", "id", "Disbursement", *refs)),)
