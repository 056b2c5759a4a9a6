"""Rows of the analytic frames for a chosen set of cities."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd


def select_cities(
    frame: pd.DataFrame,
    cities: Iterable[str] | str | None,
    known: Iterable[str],
    column: str = "city_id",
) -> pd.DataFrame:
    """Rows of `frame` for the chosen cities (all when None); unknown city ids raise KeyError."""
    if cities is None:
        return frame
    wanted = [cities] if isinstance(cities, str) else list(cities)
    known = list(known)
    unknown = sorted(set(wanted) - set(known))
    if unknown:
        raise KeyError(f"unknown city {', '.join(map(repr, unknown))}; known: {', '.join(known)}")
    return frame.loc[frame[column].isin(wanted)]
