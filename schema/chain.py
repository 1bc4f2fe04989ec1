"""O1: chains of responsibility as they stood on a date, as typed fields and as a drawable graph."""

from __future__ import annotations

import datetime as dt

import strawberry

from schema import chain_text
from schema.cadre import Cadre
from schema.enums import Card, TeamLevel, TeamRole
from schema.household import Household
from schema.policy import Policy
from schema.projects import ProjectLink
from schema.team import WorkTeam
from schema.township import Township
from schema.unit import Unit
from schema.village import Village


@strawberry.type(
    description="W6: one merger — `merged` answers through `into` from `since` on (that day included)."
)
class MergerStep:
    merged: Unit = strawberry.field(description="被合并单位.")
    into: Unit = strawberry.field(description="合并后单位：its successor from `since`.")
    since: dt.date | None


@strawberry.type(
    description="W6: the unit that answers for a unit on a day: itself, or the unit it was merged into "
    "by then (following every merger dated on or before the day), with the mergers in order."
)
class AnsweringUnit:
    unit: Unit
    mergers: list[MergerStep] = strawberry.field(
        description="合并经过：the mergers followed, in order (empty: the unit answers itself)."
    )


@strawberry.type(description="O1: the unit a cadre works for (WORKS_FOR) on the chain's date.")
class ChainUnit:
    unit: Unit
    since: dt.date | None
    until: dt.date | None
    on_date: AnsweringUnit | None = strawberry.field(
        description="W6: who answers for it on the chain's date."
    )
    today: AnsweringUnit | None = strawberry.field(description="W6: who answers for it today.")


@strawberry.type(description="O1: a cadre paired with the household on the date, and the cadre's unit then.")
class PairingLink:
    cadre: Cadre
    since: dt.date | None = strawberry.field(description="结对开始时间.")
    until: dt.date | None = strawberry.field(description="结对结束时间 (null: still paired).")
    unit: ChainUnit | None = strawberry.field(
        description="The unit on the date; null when none is recorded then (rosters date a cadre's "
        "unit from its first load)."
    )


@strawberry.type(
    description="O1, W1–W6: the unit that dispatched a team (派出单位), the latest dispatch by the date."
)
class Dispatcher:
    unit: Unit
    since: dt.date | None
    level: TeamLevel | None
    on_date: AnsweringUnit | None = strawberry.field(
        description="W6: who answers for it on the chain's date."
    )
    today: AnsweringUnit | None = strawberry.field(description="W6: who answers for it today.")


@strawberry.type(description="W4, O1: a leader of a team on the date.")
class TeamLeader:
    cadre: Cadre
    role: TeamRole | None
    since: dt.date | None
    until: dt.date | None


@strawberry.type(
    description="O1: a work team stationed in the village on the date, its leaders and its unit."
)
class TeamLink:
    team: WorkTeam
    since: dt.date | None = strawberry.field(description="Stationed since.")
    until: dt.date | None
    leaders: list[TeamLeader] = strawberry.field(
        description="W4: members on the date whose role is FIRST_SECRETARY_LEADER (第一书记兼队长) or "
        "LEADER (队长), first secretaries first."
    )
    dispatcher: Dispatcher | None = strawberry.field(
        description="派出单位 (the latest dispatch by the date)."
    )


@strawberry.type(description="O1: a township leader on the date (Party secretary or county leader 包联).")
class TownshipLeader:
    cadre: Cadre
    since: dt.date | None
    until: dt.date | None


@strawberry.type(
    description="P1–P10: a policy area the household or its members received benefits in by the date."
)
class PolicyLink:
    policy: Policy
    benefits: int = strawberry.field(description="Benefits (政策享受) dated by the date, or undated.")
    first_benefit: dt.date | None = strawberry.field(description="首次享受日期.")
    last_benefit: dt.date | None = strawberry.field(description="最近享受日期 (by the date).")
    lead_departments: list[Unit] = strawberry.field(description="The lead department(s) (牵头单位).")


@strawberry.type(description="An entity of a chain; `id` is `{label}:{key}`, `key` its API id.")
class ChainNode:
    id: str = strawberry.field(description="图中编号：`{label}:{key}`.")
    label: str = strawberry.field(
        description="Household, Cadre, Unit, WorkTeam, Village, Township, Policy or Project."
    )
    key: str = strawberry.field(description="对象编号：the entity's API id.")
    name: str | None

    @strawberry.field(description="「类别：名称」 as county staff read it, e.g. 贫困户：张三.")
    def caption(self) -> str:
        return chain_text.node_text(self)


@strawberry.type(
    description="A relationship of a chain, as stored (BENEFITED_UNDER: RECEIVES → Benefit → UNDER, "
    "collapsed, since the first benefit); active on D when since <= D < until."
)
class ChainEdge:
    id: str = strawberry.field(description="图中编号 of the edge, unique in the graph.")
    type: str = strawberry.field(description="关系类型 (PAIRED_WITH, WORKS_FOR, …).")
    source: str = strawberry.field(description="The `id` of the node it starts from.")
    target: str = strawberry.field(description="The `id` of the node it ends at.")
    since: dt.date | None
    until: dt.date | None
    role: str | None = strawberry.field(description="MEMBER_OF: the team role.")

    @strawberry.field(
        description="The relationship in Chinese (the team role for MEMBER_OF), then on a second "
        "line its dates 「起 至 止」 (止 今: still active), e.g. 结对帮扶\n2019-06-01 至 今."
    )
    def caption(self) -> str:
        return chain_text.edge_text(self)


@strawberry.type(
    description="The chain as nodes and edges, for a portal to draw as it is; also as Graphviz and "
    "Mermaid text labelled in Chinese."
)
class ChainGraph:
    nodes: list[ChainNode] = strawberry.field(description="链条上的实体.")
    edges: list[ChainEdge] = strawberry.field(description="链条上的关系.")

    @strawberry.field(
        description="Graphviz DOT text (digraph, left to right): nodes named by their `id`, labelled "
        "「类别：名称」, edges by the relationship in Chinese and their dates (`dot -Tsvg`)."
    )
    def dot(self) -> str:
        return chain_text.dot(self.nodes, self.edges)

    @strawberry.field(
        description="Mermaid flowchart text (left to right), the same labels as `dot`; nodes are "
        "n0, n1 … in the order of `nodes`."
    )
    def mermaid(self) -> str:
        return chain_text.mermaid(self.nodes, self.edges)


@strawberry.type(
    description="O1 for a village on a date: village → work team(s) → leader / first secretary → "
    "dispatching unit (→ its successor, W6); village → township → Party secretary, county leader."
)
class VillageChain:
    as_of: dt.date
    village: Village
    township: Township | None
    teams: list[TeamLink] = strawberry.field(
        description="驻村工作队：the village's teams stationed on the date."
    )
    secretaries: list[TownshipLeader] = strawberry.field(description="乡镇党委书记 (SECRETARY_OF).")
    county_leaders: list[TownshipLeader] = strawberry.field(description="县级包联领导 (RESPONSIBLE_FOR).")
    graph: ChainGraph


@strawberry.type(
    description="O1 for a household on a date: its paired cadre(s) → unit (→ successor, W6); its "
    "village's chain; the lead department of each policy area it received benefits in; the projects "
    "that benefit it then, with their departments."
)
class ResponsibilityChain:
    as_of: dt.date
    household: Household
    card: Card | None = strawberry.field(
        description="S1: the card held on the date (null when no card period covers it)."
    )
    pairings: list[PairingLink] = strawberry.field(
        description="结对帮扶责任人 on the date (W7), each with its unit."
    )
    village: Village | None
    township: Township | None
    teams: list[TeamLink] = strawberry.field(
        description="驻村工作队：the village's teams stationed on the date."
    )
    secretaries: list[TownshipLeader] = strawberry.field(description="乡镇党委书记 (SECRETARY_OF).")
    county_leaders: list[TownshipLeader] = strawberry.field(description="县级包联领导 (RESPONSIBLE_FOR).")
    policies: list[PolicyLink] = strawberry.field(
        description="政策领域：the areas it received benefits in by the date, with their lead departments."
    )
    projects: list[ProjectLink] = strawberry.field(
        description="扶贫项目 (O3, P1): the projects that benefit it on the date, each with its department."
    )
    graph: ChainGraph
