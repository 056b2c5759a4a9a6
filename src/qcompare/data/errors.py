"""Problems found in curated input, reported as one clear line each."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one cell (or row, or file) of the curated input.

    `row` is the 1-based line number in the file as a spreadsheet shows it (the header is
    row 1), or None when the problem concerns the whole file.
    """

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.row is None else f"{self.file}:{self.row}"
        what = f"column '{self.column}': " if self.column else ""
        return f"{where}: {what}{self.message}"


class InvalidInput(Exception):
    """Raised when curated input fails validation; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=_sort_key)
        super().__init__("\n".join(str(p) for p in self.problems))


def _sort_key(p: Problem) -> tuple:
    return (p.file, p.row or 0, p.column or "", p.message)
