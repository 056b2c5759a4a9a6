"""Splitting a source document into sentences, clauses and table rows, with their spans.

A quote must be an exact substring of the source, so every unit here carries its start and
end in the document text and its text is always `document[start:end]`.

- A sentence ends at 。；;！？!? or a line break.
- A clause is a part of a sentence between ，,：: (a comma-free sentence is one clause).
- A table row is a tab-separated line under a header row that has a 单位 (unit) cell: its
  quote runs from the indicator-name cell to the last cell, as the curated rows quote them,
  and each value cell is read against the header cell above it (基期值, 目标值, 规划目标, …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_SENTENCE_END = re.compile(r"[。；;！？!?\n]")
_CLAUSE_END = re.compile(r"[，,：:]")
_UNIT_HEADERS = ("单位", "單位")
_HAS_DIGIT = re.compile(r"[0-9０-９]")


@dataclass(frozen=True)
class Cell:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class TableRow:
    """One data row of a table: its name cell, unit cell and value cells (each with the
    header cell above it)."""

    name: Cell
    unit: Cell
    values: tuple[tuple[Cell, str], ...]  # (value cell, header text)
    title: str  # the table's title line (e.g. 表 1：…完成情况表), '' if none


@dataclass(frozen=True)
class Clause:
    """A clause of running text, or a whole table row (`row` set)."""

    start: int
    end: int
    text: str
    sentence_start: int
    sentence_end: int
    row: TableRow | None = field(default=None, compare=False)


def _stripped(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of the sentences of `text[start:end]`, without surrounding blanks."""
    end = len(text) if end is None else end
    spans, at = [], start
    for m in _SENTENCE_END.finditer(text, start, end):
        s, e = _stripped(text, at, m.start())
        if e > s:
            spans.append((s, e))
        at = m.end()
    s, e = _stripped(text, at, end)
    if e > s:
        spans.append((s, e))
    return spans


def _cells(text: str, line_start: int, line_end: int) -> list[Cell]:
    cells, at = [], line_start
    for m in re.finditer("\t", text[line_start:line_end]):
        cut = line_start + m.start()
        s, e = _stripped(text, at, cut)
        cells.append(Cell(s, e, text[s:e]))
        at = cut + 1
    s, e = _stripped(text, at, line_end)
    cells.append(Cell(s, e, text[s:e]))
    return cells


def _value_like(cell: Cell) -> bool:
    return bool(_HAS_DIGIT.search(cell.text)) or cell.text in ("-", "—", "－")


def _row(cells: list[Cell], headers: list[str], title: str) -> TableRow | None:
    filled = [c for c in cells if c.text]
    for i in range(1, len(filled) - 1):
        unit, after = filled[i], filled[i + 1]
        if not _HAS_DIGIT.search(unit.text) and len(unit.text) <= 8 and _value_like(after):
            values = filled[i + 1 :]
            return TableRow(
                name=filled[i - 1],
                unit=unit,
                values=tuple(
                    (v, headers[k] if k < len(headers) else "") for k, v in enumerate(values)
                ),
                title=title,
            )
    return None


def clauses(text: str) -> list[Clause]:
    """Every clause of the document in order; table rows are one clause each."""
    out: list[Clause] = []
    headers: list[str] | None = None
    title = ""
    line_start = 0
    for line in text.split("\n"):
        line_end = line_start + len(line)
        if "\t" in line:
            cells = _cells(text, line_start, line_end)
            texts = [c.text for c in cells]
            unit_at = next((i for i, t in enumerate(texts) if t in _UNIT_HEADERS), None)
            if unit_at is not None:
                headers = [t for t in texts[unit_at + 1 :] if t]
            elif headers is not None and (row := _row(cells, headers, title)):
                last = row.values[-1][0]
                out.append(
                    Clause(
                        row.name.start,
                        last.end,
                        text[row.name.start : last.end],
                        line_start,
                        line_end,
                        row,
                    )
                )
            line_start = line_end + 1
            continue
        if line.strip():
            headers = None  # a line of running text ends the table
            if len(line.strip()) < 60 and re.match(r"\s*表\s*[0-9０-９]", line):
                title = line.strip()
        for s, e in sentences(text, line_start, line_end):
            at = s
            for m in _CLAUSE_END.finditer(text, s, e):
                cs, ce = _stripped(text, at, m.start())
                if ce > cs:
                    out.append(Clause(cs, ce, text[cs:ce], s, e))
                at = m.end()
            cs, ce = _stripped(text, at, e)
            if ce > cs:
                out.append(Clause(cs, ce, text[cs:ce], s, e))
        line_start = line_end + 1
    return out
