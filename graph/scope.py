"""Where a question or a change applies: the county, one township or one village.

Coverage rules anchor on it (an index seek when a township or village is given), and so does
every statement that must stay inside a caller's scope.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Scope:
    """The county (both None), one township, one village, or a village that must lie in a township."""

    township: str | None = None
    village: str | None = None

    @property
    def is_county(self) -> bool:
        return self.township is None and self.village is None

    @property
    def anchor(self) -> str:
        # Seek the township or village by its key when one is given, never `$x IS NULL OR …`
        # (which would defeat the index). The hint keeps the planner from starting elsewhere (a
        # date range, a relationship type) when its statistics are off, as after a bulk delete.
        if self.village is not None:
            return (
                f"MATCH (v:Village {{code: $scopeVillage}})-[:IN_TOWNSHIP]->{self.village_township}"
                " USING INDEX SEEK v:Village(code)\n"
            )
        if self.township is not None:
            return (
                "MATCH (t:Township {code: $scopeTownship})<-[:IN_TOWNSHIP]-(v:Village)"
                " USING INDEX SEEK t:Township(code)\n"
            )
        return "MATCH (v:Village)-[:IN_TOWNSHIP]->(t:Township)\n"

    @property
    def village_township(self) -> str:
        """The township `t` of a scope's village: when the scope also names a township, the village
        must lie in it (an officer narrowing its own township)."""
        return "(t:Township {code: $scopeTownship})" if self.township is not None else "(t:Township)"

    def params(self) -> dict[str, Any]:
        return {"scopeTownship": self.township, "scopeVillage": self.village}
