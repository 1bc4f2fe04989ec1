"""Reading and validating the county's rosters (花名册) for `fupin load`; no database access.

    parsed = validate_file("户花名册.xlsx")      # FileError when unreadable or unrecognised
    parsed.rows         # good rows: ParsedRow(row, values by model property, refs)
    parsed.errors       # RowError per bad cell, with a Chinese message naming file, row, column
    parsed.references() # natural keys the rows refer to, for the writer's one-query check

Rosters are described in ../shared/docs/rosters.md and docs/rosters-extra.md; the specs are in
`specs.py`, loaded in the order `LOAD_ORDER`.
"""

from graph.rosters.errors import FileError, FileProblem, Invalid, RowError
from graph.rosters.read import Table, normalise_header, open_table
from graph.rosters.specs import (
    BY_KIND,
    LOAD_ORDER,
    SPECS,
    Column,
    RefKeys,
    RosterSpec,
    spec_for,
)
from graph.rosters.validate import (
    ParsedRoster,
    ParsedRow,
    in_load_order,
    validate_file,
    validate_parts,
    validate_table,
)

__all__ = [
    "BY_KIND",
    "LOAD_ORDER",
    "SPECS",
    "Column",
    "FileError",
    "FileProblem",
    "Invalid",
    "ParsedRoster",
    "ParsedRow",
    "RefKeys",
    "RosterSpec",
    "RowError",
    "Table",
    "in_load_order",
    "normalise_header",
    "open_table",
    "spec_for",
    "validate_file",
    "validate_parts",
    "validate_table",
]
