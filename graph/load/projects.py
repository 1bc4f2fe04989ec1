"""Write passes of the project register (O3, P1, P4): 项目库, 项目受益户 and 资金拨付.

A project is keyed by 项目编号 and SITED_IN its village; its facts (name, kind, funding source,
budget, dates) changed by a reload are kept as a period ending on the load's day (`--snapshot DATE`
or the load day, graph/facts.py), and when the file has the 主管部门 column a changed or emptied
department ends its LED_BY on that day and starts the new one (graph/led.py `lead`): nothing is
deleted, and a rerun changes nothing. A beneficiary row is a dated (Project)-[:BENEFITS {since,
until}]->(Household), keyed by (project, household, since) like a pairing; a disbursement is keyed
by 拨付编号, OF_PROJECT its project and PAID_TO its household when 收款户编号 is filled.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from graph.led import lead
from graph.load.base import Checked, Params, Pass, props
from graph.load.cypher import merge_dated, merge_node, replace, result, signature
from graph.load.entities import keep_row_facts
from graph.load.records import node_rows


@dataclass(frozen=True)
class Link:
    """A relationship a row writes from its node: `rel` to the `label` node whose `key` is the row's
    `ref` (bound as `var`)."""

    rel: str
    var: str
    label: str
    key: str
    ref: str

    @property
    def match(self) -> str:
        return f"({self.var}:{self.label} {{{self.key}: row.{self.ref}}})"


def _passes(
    kind: str, label: str, owner: Link, other: Link, dated: bool = False
) -> Callable[[Iterable[str]], tuple[Pass, ...]]:
    """The node of `label` keyed by the row's own key, linked to its `owner` (required) and, when the
    file has its column, to `other` (an emptied cell removes the link). `dated`: the node's facts
    are kept as periods (graph/facts.py) and `other` is a dated link ended, never deleted (`lead`)."""

    def plan(cols: Iterable[str]) -> tuple[Pass, ...]:
        sig = signature("n", owner.rel, other.rel)
        match, link = "", ""
        if other.ref in set(cols):
            match = f"OPTIONAL MATCH {other.match}\n"
            link = (
                f"WITH *\n{lead('n', other.var, '$day')}"
                if dated
                else replace("n", other.rel, other.var, optional=True)
            )
        keep = keep_row_facts(label) if dated else ""
        cypher = (
            f"UNWIND $rows AS row\nMATCH {owner.match}\n{match}"
            f"{merge_node(label, sig=sig, keep=keep)}{replace('n', owner.rel, owner.var)}{link}"
            f"{result(sig=sig, concerns=('n', owner.var))}"
        )
        refs = (owner.ref, other.ref)
        return (Pass(cypher, lambda rows: node_rows(rows, kind, "id", label, *refs)),)

    return plan


projects = _passes(
    "projects",
    "Project",
    Link("SITED_IN", "v", "Village", "code", "villageCode"),
    Link("LED_BY", "u", "Unit", "name", "departmentName"),
    dated=True,
)


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


disbursements = _passes(
    "disbursements",
    "Disbursement",
    Link("OF_PROJECT", "p", "Project", "id", "projectId"),
    Link("PAID_TO", "h", "Household", "id", "householdId"),
)
