"""The dashboard figures of the policy rules that judge what is due to a person (P2 aid, P6): the
people due it and those of them lacking it, per township after its villages, and county-wide from
the candidates an index or a derived label gives (graph/coverage/lines.py Figure)."""

from __future__ import annotations

from graph.coverage.lines import Figure
from graph.coverage.policies import people


def person_figures(due: str, lacking: str, seek: str) -> tuple[Figure, Figure]:
    """(offenders, denominator): the people of registered households on the register on $asOf for
    whom `due` holds (a condition of `p` in people()'s WHERE), and those of them for whom `lacking`
    holds too; county-wide starting from `seek` (a seek_people start)."""

    def figure(local: str, county: str, offending: bool) -> Figure:
        keep = f"\n  AND {lacking}" if offending else ""
        return Figure(
            local=f"{local}\n  AND {due}{keep}\nRETURN count(p) AS k",
            county=f"{county}\n  AND {due}{keep}\nMATCH (v)-[:IN_TOWNSHIP]->(t:Township)",
        )

    local, county = people(), people(start=seek)
    return figure(local, county, True), figure(local, county, False)
