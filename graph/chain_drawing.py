"""O1 chains as a graph a portal draws as it is: nodes (id, label, key, name) and edges (type, ends,
since, until), from the maps graph/chain.py reads. Plain Python: no query.

A node's id is `{label}:{key}` (key = the API id: household id, cadre uid, unit name, team id,
village or township code, policy code), so the same entity met twice is one node; an edge's is
`{type}:{source}->{target}`, followed by `@{since}` when it has a start day. Edges are the
model's relationships, except BENEFITED_UNDER (Household → Policy): the household's or its members'
RECEIVES → Benefit → UNDER collapsed into one edge since its first benefit; a project (O3, P1)
BENEFITS the household and is LED_BY its department.
"""

from __future__ import annotations

from typing import Any

from graph.rows import Props

_KEYS = {"Household": "id", "Cadre": "uid", "Unit": "name", "WorkTeam": "id", "Village": "code",
         "Township": "code", "Policy": "code", "Project": "id"}  # fmt: skip


class _Drawing:
    def __init__(self) -> None:
        self.nodes: dict[str, Props] = {}
        self.edges: dict[str, Props] = {}

    def node(self, label: str, props: Props | None, name: str | None = None) -> str | None:
        if props is None:
            return None
        key = str(props[_KEYS[label]])
        id = f"{label}:{key}"
        shown = name if name is not None else props.get("name") or props.get("headName") or key
        self.nodes.setdefault(id, {"id": id, "label": label, "key": key, "name": shown})
        return id

    def edge(self, type: str, source: str | None, target: str | None, **dates: Any) -> None:
        if source is None or target is None:
            return
        since, until = dates.get("since"), dates.get("until")
        # Dated edges of the same pair (two pairings of one cadre) differ by their start day.
        id = f"{type}:{source}->{target}" + (f"@{since}" if since is not None else "")
        self.edges.setdefault(
            id,
            {"id": id, "type": type, "source": source, "target": target, "since": since, "until": until,
             "role": dates.get("role")},
        )  # fmt: skip

    def unit(self, held: Props | None) -> str | None:
        """A unit and the mergers (W6) that lead to who answers for it on the date and today."""
        if held is None:
            return None
        own = self.node("Unit", held["unit"])
        for answer in (held.get("onDate"), held.get("today")):
            for merger in (answer or {}).get("mergers", []):
                self.edge(
                    "MERGED_INTO",
                    self.node("Unit", merger["merged"]),
                    self.node("Unit", merger["into"]),
                    since=merger["since"],
                )
        return own

    def village(self, chain: Props) -> str | None:
        village = self.node("Village", chain.get("village"))
        township = self.node("Township", chain.get("township"))
        self.edge("IN_TOWNSHIP", village, township)
        for team in chain.get("teams", []):
            node = self.node("WorkTeam", team["team"])
            self.edge("STATIONED_IN", node, village, since=team["since"], until=team["until"])
            for leader in team["leaders"]:
                cadre = self.node("Cadre", leader["cadre"])
                self.edge(
                    "MEMBER_OF",
                    cadre,
                    node,
                    since=leader["since"],
                    until=leader["until"],
                    role=leader["role"],
                )
            dispatcher = team.get("dispatcher")
            if dispatcher is not None:
                self.edge("DISPATCHED", self.unit(dispatcher), node, since=dispatcher["since"])
        for kind, relationship in (("secretaries", "SECRETARY_OF"), ("countyLeaders", "RESPONSIBLE_FOR")):
            for leader in chain.get(kind, []):
                cadre = self.node("Cadre", leader["cadre"])
                self.edge(relationship, cadre, township, since=leader["since"], until=leader["until"])
        return village


def drawing(chain: Props) -> Props:
    """Nodes and edges of a household's chain (graph/chain.HOUSEHOLD_CHAIN) or a village's."""
    d = _Drawing()
    household = d.node("Household", chain.get("household"))
    village = d.village(chain)
    d.edge("IN_VILLAGE", household, village)
    for pairing in chain.get("pairings", []):
        cadre = d.node("Cadre", pairing["cadre"])
        d.edge("PAIRED_WITH", cadre, household, since=pairing["since"], until=pairing["until"])
        held = pairing.get("unit")
        if held is not None:
            d.edge("WORKS_FOR", cadre, d.unit(held), since=held["since"], until=held["until"])
    for area in chain.get("policies", []):
        policy = area["policy"]
        node = d.node("Policy", policy, name=f"{policy['code']} {policy.get('area') or ''}".strip())
        d.edge("BENEFITED_UNDER", household, node, since=area["firstBenefit"])
        for lead in area["leadDepartments"]:
            d.edge("LEADS", d.node("Unit", lead), node)
    # O3, P1: each project benefiting the household on the date, and its department.
    for link in chain.get("projects", []):
        project = link["project"]
        node = d.node("Project", project)
        d.edge("BENEFITS", node, household, since=link["since"], until=link["until"])
        if project.get("department"):
            d.edge("LED_BY", node, d.node("Unit", {"name": project["department"]}))
    return {"nodes": list(d.nodes.values()), "edges": list(d.edges.values())}
