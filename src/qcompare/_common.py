"""Helpers shared by the analytics modules: city selection and readable note text.

Notes are built column-wise (numpy `where` over whole columns, one pass per flag) so that the
derived tables stay fast on large inputs; there is no per-row Python on these paths.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

SEP = "; "


def select_cities(frame: pd.DataFrame, cities: Iterable[str] | str | None, known: Iterable[str],
                  column: str = "city_id") -> pd.DataFrame:
    """Rows of `frame` for the chosen cities (all when None); unknown city ids raise KeyError."""
    if cities is None:
        return frame
    wanted = [cities] if isinstance(cities, str) else list(cities)
    known = list(known)
    unknown = sorted(set(wanted) - set(known))
    if unknown:
        raise KeyError(f"unknown city {', '.join(map(repr, unknown))}; known: {', '.join(known)}")
    return frame.loc[frame[column].isin(wanted)]


def fmt_num(values: pd.Series) -> pd.Series:
    """Numbers as short text: 26.0 -> "26", 0.007874 -> "0.0079"; missing -> ""."""
    values = pd.Series(values, dtype="float64")
    text = values.round(4).astype(str).str.replace(r"\.0$", "", regex=True)
    return text.where(values.notna(), "").astype(str)


def fmt_year(values: pd.Series) -> pd.Series:
    """Years as text ("2020"); missing -> ""."""
    values = pd.Series(values, dtype="Float64")
    return values.astype("Int64").astype(str).where(values.notna(), "").astype(str)


def when(mask: pd.Series | np.ndarray, text: pd.Series | str, index: pd.Index) -> pd.Series:
    """`text` where `mask` holds, "" elsewhere (a note fragment)."""
    mask = np.asarray(mask, dtype=bool)
    if isinstance(text, str):
        return pd.Series(np.where(mask, text, ""), index=index, dtype=str)
    text = pd.Series(text, index=index).astype(str)
    return pd.Series(np.where(mask, text.to_numpy(), ""), index=index, dtype=str)


def join_notes(*parts: pd.Series) -> pd.Series:
    """Join note fragments row-wise with "; ", skipping empty ones."""
    if not parts:
        raise ValueError("join_notes needs at least one column")
    out = parts[0].fillna("").astype(str).to_numpy(dtype=object)
    for part in parts[1:]:
        p = part.fillna("").astype(str).to_numpy(dtype=object)
        out = np.where(out == "", p, np.where(p == "", out, out + SEP + p))
    return pd.Series(out, index=parts[0].index, dtype=str)
