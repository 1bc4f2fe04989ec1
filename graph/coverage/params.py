"""The parameters every coverage statement may use, assembled in one place: the county's settings
(rules.md thresholds), the plan's fixed constants and the poverty line of the date's year.

A field adds only what its own arguments decide (a month for W11, a year for P3's exams and P9).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fupin.settings import Rules
from graph.coverage import policies, work
from graph.coverage.rule import thresholds


def shared(as_of: dt.date, rules: Rules) -> dict[str, Any]:
    return {
        **thresholds(rules),
        **policies.PARAMS,
        "povertyLine": work.poverty_line(as_of),  # S2
        **work.visit_periods(as_of),  # W9
        "asOf": as_of,
    }
