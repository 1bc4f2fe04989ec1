"""What a load did, per roster file and overall; the exit status of `fupin load`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from graph.rosters import FileError, RowError

OK, REJECTED, NOTHING_LOADED = 0, 1, 2


@dataclass
class RosterResult:
    kind: str
    name: str  # Chinese roster name
    file: str
    rows_read: int
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    accepted: int = 0  # good rows (validated, references found); a dry run stops there
    seconds: float = 0.0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    written: bool = False
    path: Path | None = None

    @property
    def rejected(self) -> int:
        return len({error.row for error in self.errors})

    @property
    def knock_on(self) -> int:
        """Rejected rows whose only errors are references rejected elsewhere in the load."""
        own = {error.row for error in self.errors if not error.cause}
        return len({error.row for error in self.errors} - own)

    @property
    def rate(self) -> float:
        return self.rows_read / self.seconds if self.seconds > 0 else 0.0


@dataclass
class LoadResult:
    day: date  # the date dated relationships without a date of their own start or end on
    dry_run: bool = False
    snapshot: date | None = None
    rosters: list[RosterResult] = field(default_factory=list)
    file_errors: list[FileError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0
    new_units: list[tuple[str, str]] = field(default_factory=list)  # (name, type) created with cadres
    interrupted: bool = False  # stopped by Ctrl-C: committed batches stay

    @property
    def errors(self) -> list[RowError]:
        return [error for roster in self.rosters for error in roster.errors]

    @property
    def warnings(self) -> list[str]:
        return [warning for roster in self.rosters for warning in roster.warnings]

    @property
    def written(self) -> bool:
        """Whether anything was written (a dry run writes nothing)."""
        return any(roster.written for roster in self.rosters)

    @property
    def exit_status(self) -> int:
        """0 all loaded, 1 some rows or files rejected (the rest is written), 2 nothing loaded
        (every file unreadable or unrecognised; a dry run: none of them readable)."""
        readable = any(roster.written or self.dry_run for roster in self.rosters)
        if self.file_errors and not readable:
            return NOTHING_LOADED
        if self.file_errors or any(roster.errors for roster in self.rosters):
            return REJECTED
        return OK
