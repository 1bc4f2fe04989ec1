"""Errors of the roster reader, with messages for county staff (in Chinese).

A `RowError` is collected, never raised: a file with bad rows still yields its good rows.
A `FileError` is fatal for one file: it cannot be read, or it is not a roster we know.
`Invalid` (core/values.py) is what a value parser raises; the validator turns it into a `RowError`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from core.values import Invalid as Invalid  # the parsers' error, shared with the mutations

MAX_SHOWN_VALUE = 60


def shown(value: str) -> str:
    """A value as quoted in a message: cut when very long."""
    if len(value) <= MAX_SHOWN_VALUE:
        return value
    return value[:MAX_SHOWN_VALUE] + "…"


def quoted(items: tuple[str, ...] | list[str]) -> str:
    """「甲」、「乙」"""
    return "、".join(f"「{item}」" for item in items)


@dataclass(frozen=True)
class RowError:
    """One bad cell (or a bad combination of cells) in one row of a roster file.

    `row` is the 1-based row number in the file as the spreadsheet shows it (title and header
    rows count). `column` is the header as written in the file; for a rule over several columns
    it names them joined with 、. `allowed` holds the code list when the column has one.
    `cause` is set on a knock-on error: the row refers to a household, cadre, village … whose own
    row was rejected in the same load, and names that row ("户.csv 第12行").
    """

    file: str
    row: int
    column: str
    value: str
    reason: str
    allowed: tuple[str, ...] = ()
    cause: str = ""

    @property
    def message(self) -> str:
        text = f"{self.file} 第{self.row}行 「{self.column}」值「{shown(self.value)}」：{self.reason}"
        if self.allowed:
            text += "，可填：" + "、".join(self.allowed)
        return text

    def __str__(self) -> str:
        return self.message


class FileProblem(StrEnum):
    UNREADABLE = "UNREADABLE"
    UNSUPPORTED = "UNSUPPORTED"
    EMPTY = "EMPTY"
    UNKNOWN_ROSTER = "UNKNOWN_ROSTER"
    MISSING_COLUMNS = "MISSING_COLUMNS"
    DUPLICATE_COLUMNS = "DUPLICATE_COLUMNS"


@dataclass(eq=False)
class FileError(Exception):
    """A fatal problem with a whole file. `missing` names missing required columns (normalised
    headers) and `roster` the roster they belong to, when that is the problem."""

    file: str
    problem: FileProblem
    detail: str
    roster: str | None = None
    missing: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return f"{self.file}：{self.detail}"

    def __str__(self) -> str:
        return self.message
