"""A chain's graph as text for Graphviz (DOT) and Mermaid, labelled in Chinese for county staff."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Protocol

# Node labels and relationship types of graph/chain_drawing.py, as county staff call them.
NODE_LABELS = {
    "Household": "贫困户",
    "Cadre": "干部",
    "Unit": "单位",
    "WorkTeam": "驻村工作队",
    "Village": "行政村",
    "Township": "乡镇",
    "Policy": "政策",
    "Project": "扶贫项目",
}
EDGE_LABELS = {
    "PAIRED_WITH": "结对帮扶",
    "WORKS_FOR": "所在单位",
    "MERGED_INTO": "并入",
    "IN_VILLAGE": "所在村",
    "IN_TOWNSHIP": "所属乡镇",
    "STATIONED_IN": "驻村",
    "MEMBER_OF": "队员",
    "DISPATCHED": "派出",
    "SECRETARY_OF": "乡镇党委书记",
    "RESPONSIBLE_FOR": "县级包联领导",
    "BENEFITED_UNDER": "享受政策",
    "LEADS": "牵头单位",
    "BENEFITS": "项目受益",
    "LED_BY": "主管部门",
}
ROLE_LABELS = {
    "FIRST_SECRETARY_LEADER": "第一书记兼队长",
    "LEADER": "队长",
    "MEMBER": "队员",
}


class Node(Protocol):
    id: str
    label: str
    name: str | None
    key: str


class Edge(Protocol):
    type: str
    source: str
    target: str
    since: dt.date | None
    until: dt.date | None
    role: str | None


def node_text(node: Node) -> str:
    return f"{NODE_LABELS.get(node.label, node.label)}：{node.name or node.key}"


def edge_text(edge: Edge) -> str:
    words = EDGE_LABELS.get(edge.type, edge.type)
    if edge.role:
        words = ROLE_LABELS.get(edge.role, edge.role)
    if edge.since or edge.until:
        words += f"\n{edge.since or '…'} 至 {edge.until or '今'}"
    return words


def dot(nodes: Sequence[Node], edges: Sequence[Edge]) -> str:
    """Graphviz text; node names are the nodes' ids, quoted (JSON strings are valid DOT strings)."""
    q = json.dumps
    lines = ["digraph chain {", "  rankdir=LR;", '  node [shape=box, fontname="Noto Sans CJK SC"];']
    lines += [
        f"  {q(n.id, ensure_ascii=False)} [label={q(node_text(n), ensure_ascii=False)}];" for n in nodes
    ]
    lines += [
        f"  {q(e.source, ensure_ascii=False)} -> {q(e.target, ensure_ascii=False)}"
        f" [label={q(edge_text(e), ensure_ascii=False)}];"
        for e in edges
    ]
    return "\n".join([*lines, "}"]) + "\n"


def _mermaid_text(text: str) -> str:
    """Mermaid's quoted label: no double quote inside; a line break is <br/>."""
    return '"' + text.replace('"', "#quot;").replace("\n", "<br/>") + '"'


def mermaid(nodes: Sequence[Node], edges: Sequence[Edge]) -> str:
    """Mermaid flowchart text; node ids are n0, n1 … in the order of `nodes` (ids hold ':')."""
    short = {n.id: f"n{i}" for i, n in enumerate(nodes)}
    lines = ["flowchart LR"]
    lines += [f"  {short[n.id]}[{_mermaid_text(node_text(n))}]" for n in nodes]
    lines += [
        f"  {short[e.source]} -->|{_mermaid_text(edge_text(e))}| {short[e.target]}"
        for e in edges
        if e.source in short and e.target in short
    ]
    return "\n".join(lines) + "\n"
