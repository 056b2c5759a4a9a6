"""How each of one city's targets compares with the same indicator in the other cities.

`peers(ds, city)` is `alignment` of the city against every other city that targets one of
its indicators, computed in one pass (`align_many`), not one alignment per city: per pair `stricter`, `same` or `looser` (direction-aware, margin in the
catalog unit) or `not_comparable` with the reason (a target in words, a count that scales with
city size, a different definition of the same family). `same_definition` says whether the two
targets are the same indicator or only the same family; alignment's `like_for_like` (and its
reason) whether they also cover areas of one scope and the same period.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from qcompare.analysis.alignment import ALIGNMENT_COLUMNS, VERDICTS, align_many
from qcompare.data.dataset import Dataset

PEER_COLUMNS = [*ALIGNMENT_COLUMNS, "same_definition"]


def peers(ds: Dataset, city_id: str, others: Iterable[str] | None = None) -> pd.DataFrame:
    """`city_id`'s targets (child_id) against each other city's (parent_id): PEER_COLUMNS."""
    ds.city(city_id)  # KeyError for an unknown city
    if others is None:
        others = ds.cities["city_id"]
    others = [o for o in dict.fromkeys(others) if o != city_id]
    out = align_many(ds, city_id, others)  # alignment against each, in one pass
    if out.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in PEER_COLUMNS})
    out["same_definition"] = out["indicator_id"] == out["parent_indicator_id"]
    # same-definition pairs first, judged ones before the not comparable, then catalog order
    order = {v: i for i, v in enumerate(VERDICTS)}
    catalog = {k: i for i, k in enumerate(ds.indicators["indicator_id"])}
    out = out.assign(
        _like=~out["same_definition"],
        _verdict=out["verdict"].map(order),
        _ind=out["indicator_id"].map(catalog),
    ).sort_values(["_like", "_verdict", "_ind", "parent_id"], kind="stable")
    return out[PEER_COLUMNS].reset_index(drop=True)


def verdict_counts(frame: pd.DataFrame) -> pd.Series:
    """How many pairs are stricter / same / looser / not comparable (zeros included)."""
    return frame["verdict"].value_counts().reindex(list(VERDICTS), fill_value=0).rename("n")
