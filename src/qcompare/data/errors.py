"""Problems found in curated input, reported as one clear line each."""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True, order=True, slots=True)
class Problem:
    """One thing wrong with one cell (or row, or file) of the curated input.

    `row` is the 1-based line number in the file as an editor shows it (the header is line
    1; a quoted cell that spans lines counts all of its lines), or None when the problem
    concerns the whole file.
    """

    file: str
    row: int | None
    column: str | None
    message: str

    def __post_init__(self) -> None:
        # 200,000 rows with one mistake repeat a few messages: keep one copy of each
        object.__setattr__(self, "message", sys.intern(self.message))
        if self.column is not None:
            object.__setattr__(self, "column", sys.intern(self.column))

    def __str__(self) -> str:
        where = self.file if self.row is None else f"{self.file}:{self.row}"
        what = f"column '{self.column}': " if self.column else ""
        return f"{where}: {what}{self.message}"

    @property
    def kind(self) -> str:
        """What went wrong without where or which value: `column 'city_id': unknown city`
        (the line a count by kind groups under)."""
        message = _LEADING_VALUE.sub("", self.message)
        message = re.split(r"[;:(—]", message, maxsplit=1)[0].strip()
        return f"column '{self.column}': {message}" if self.column else message


_LEADING_VALUE = re.compile(r"^(?:'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"): ")


def report_lines(problems: Iterable[Problem], limit: int | None) -> Iterator[str]:
    """One line per problem, or the first `limit` then a count of the rest by kind."""
    kinds: Counter[str] = Counter()
    shown = 0
    for problem in problems:
        if limit is None or shown < limit:
            shown += 1
            yield str(problem)
        else:
            kinds[problem.kind] += 1
    if kinds:
        yield f"… and {sum(kinds.values())} more problem(s) (run with --all to list every one):"
        for kind, n in kinds.most_common():
            yield f"  {n} × {kind}"


class InvalidInput(Exception):
    """Raised when curated input fails validation; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=_sort_key)
        super().__init__(f"{len(self.problems)} problem(s) in the curated input")

    def __str__(self) -> str:  # built on demand: 200,000 problems need not be one string
        return "\n".join(str(p) for p in self.problems)


def _sort_key(p: Problem) -> tuple:
    return (p.file, p.row or 0, p.column or "", p.message)
