"""Readable note text for the derived tables, built column-wise.

Notes are built column-wise (masked numpy operations, one pass per flag, formatting only the
rows a flag concerns) so that the derived tables stay fast on large inputs.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from qcompare.analysis.periods import period_labels

SEP = "; "


def fmt_num(values: pd.Series | np.ndarray) -> pd.Series:
    """Numbers as short text: 26.0 -> "26", 0.007874 -> "0.0079"; missing -> ""."""
    values = pd.Series(values, dtype="float64")
    text = values.round(4).astype(str).str.replace(r"\.0$", "", regex=True)
    return text.where(values.notna(), "").astype(str)


def fmt_year(values: pd.Series | np.ndarray) -> pd.Series:
    """Years as text ("2020"); missing -> ""."""
    values = pd.Series(values, dtype="Float64")
    return values.astype("Int64").astype(str).where(values.notna(), "").astype(str)


class Num:
    """A numeric column to be written as text (formatted only on the rows that need it)."""

    formatter = staticmethod(fmt_num)

    def __init__(self, values: pd.Series | np.ndarray):
        self.values = np.asarray(values)

    def text(self, mask: np.ndarray) -> np.ndarray:
        return self.formatter(self.values[mask]).to_numpy(dtype=object)


class Year(Num):
    """A year column to be written as text."""

    formatter = staticmethod(fmt_year)


class Period:
    """A period (two YYYY-MM columns) to be written as words ("Jan–Nov 2023", "2020")."""

    def __init__(self, start: pd.Series | np.ndarray, end: pd.Series | np.ndarray):
        self.start = np.asarray(start, dtype=object)
        self.end = np.asarray(end, dtype=object)

    def text(self, mask: np.ndarray) -> np.ndarray:
        return np.asarray(period_labels(self.start[mask], self.end[mask], "en"), dtype=object)


def when(
    mask: pd.Series | np.ndarray,
    *parts: str | pd.Series | np.ndarray | Num | Period,
    index: pd.Index,
) -> np.ndarray:
    """A note fragment: the concatenation of `parts` on rows where `mask` holds, "" elsewhere.

    Parts are literal strings, text columns, or Num/Year/Period columns; only masked rows are
    formatted, so rare flags cost nothing on large tables.
    """
    mask = np.asarray(mask, dtype=bool)
    out = np.full(len(index), "", dtype=object)
    if not mask.any():
        return out
    acc = np.full(int(mask.sum()), "", dtype=object)
    for part in parts:
        if isinstance(part, str):
            acc = acc + part
        elif isinstance(part, (Num, Period)):
            acc = acc + part.text(mask)
        else:
            column = pd.Series(np.asarray(part, dtype=object)[mask]).fillna("").astype(str)
            acc = acc + column.to_numpy(dtype=object)
    out[mask] = acc
    return out


def join_notes(*parts: pd.Series | np.ndarray, index: pd.Index | None = None) -> pd.Series:
    """Join note fragments row-wise with "; ", skipping empty ones."""
    if not parts:
        raise ValueError("join_notes needs at least one column")
    if index is None:
        index = next((p.index for p in parts if isinstance(p, pd.Series)), None)
    arrays = [
        p
        if isinstance(p, np.ndarray) and p.dtype == object
        else pd.Series(np.asarray(p, dtype=object)).fillna("").to_numpy(dtype=object)
        for p in parts
    ]
    out = arrays[0].copy()
    filled = out != ""
    for p in arrays[1:]:
        has = p != ""
        both = filled & has
        out[both] = out[both] + SEP + p[both]
        only = has & ~filled
        out[only] = p[only]
        filled |= has
    return pd.Series(out, index=index, dtype=str)
