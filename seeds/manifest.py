"""manifest.json: what was generated and which violations were injected (the answer key)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from seeds import codes

RULE_ORDER = (
    "S2", "S4", "S5", "W1", "W2", "W3", "W4", "W6", "W7", "W8", "W9", "W10", "W11", "W12", "W12-satisfaction",
    "P1", "P2", "P2-aid", "P3", "P4", "P5", "P6", "P6-premiums", "P6-dibao", "P9", "P10", "O2", "O3",
)  # fmt: skip
# Rules with nothing injected and nothing to find at as_of (not measurable from the rosters, or
# kept whole: every township has its leaders (O1), no team was withdrawn (W5), …).
NOT_INJECTED = ("S1", "S3", "W5", "P7", "P8", "O1")


@dataclass
class Manifest:
    seed: int
    households: int
    as_of: date
    format: str
    counts: dict[str, int]
    violations: dict[str, list[str]]
    notes: dict[str, str]
    departments: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # seeds/departments.py
    settings: dict[str, int] = field(
        default_factory=lambda: {
            "povertyLine": codes.POVERTY_LINE,
            "lowIncomeLine": codes.LOW_INCOME_LINE,
            "maxHouseholdsPerCadre": codes.MAX_HOUSEHOLDS_PER_CADRE,
            "minDaysInVillage": codes.MIN_DAYS_IN_VILLAGE,
            "minCountyTeam": codes.MIN_COUNTY_TEAM,
            "bigVillagePeople": codes.BIG_VILLAGE_PEOPLE,
        }
    )

    def to_dict(self) -> dict[str, Any]:
        ordered = [r for r in RULE_ORDER if r in self.violations]
        return {
            "seed": self.seed,
            "households": self.households,
            "as_of": self.as_of.isoformat(),
            "format": self.format,
            "counts": self.counts,
            "violations": {r: self.violations[r] for r in ordered},
            "notes": {r: self.notes[r] for r in ordered},
            "not_injected": list(NOT_INJECTED),
            "settings": self.settings,
            "departments": self.departments,
        }

    def write(self, path: Path) -> None:
        text = json.dumps(self.to_dict(), ensure_ascii=False, indent=2)
        path.write_text(text + "\n", encoding="utf-8")
