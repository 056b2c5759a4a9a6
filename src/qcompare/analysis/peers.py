"""How each of one city's targets compares with the same indicator in the other cities.

`peers(ds, city)` is `alignment` of the city against every other city that targets one of
its indicators, computed in one pass (`align_many`), not one alignment per city: per pair
`stricter`, `same` or `looser` (direction-aware, margin in the catalog unit) or
`not_comparable` with the reason (a target in words, a count that scales with city size, a
different definition of the same family). `same_definition` says whether the two targets are
the same indicator or only the same family; alignment's `like_for_like` (and its reason)
whether they also cover areas of one scope and the same period.

`peer_summary` counts the pairs per target of the city (stricter than / same as / looser than
how many other cities, how many cannot be compared and why, the median comparable target):
what a scorecard shows when the other cities are too many to list pair by pair.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from qcompare.analysis.alignment import ALIGNMENT_COLUMNS, VERDICTS, align_many
from qcompare.data.dataset import Dataset
from qcompare.data.vocab import COUNT_MEASURES

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


# Why a pair does not count as like for like, in order of precedence: the first that holds.
PEER_REASONS = ("different_definition", "not_a_number", "count", "area_or_period")
SUMMARY_COLUMNS = [
    "indicator_id",
    "child_area_id",
    "child_target",
    "child_comparator",
    "child_target_text",
    "child_target_year",
    "child_trend",
    "n_cities",
    "n_stricter",
    "n_same",
    "n_looser",
    "n_not_comparable",
    "main_reason",
    "peer_median",
    "n_comparable",
]


def peer_status(ds: Dataset, peer_rows: pd.DataFrame) -> pd.DataFrame:
    """One row per target of the city and other city (rows of `peers`): `status` is the
    verdict of the like-for-like pair (same definition, both numbers, not a count, the same
    area scope and period) or `not_comparable`, and `reason` one of PEER_REASONS for the
    latter ("" for the former). Where an other city gives several pairs (family members),
    the like-for-like one counts, else the first reason in PEER_REASONS."""
    if peer_rows.empty:
        return peer_rows.assign(status=pd.Series(dtype=str), reason=pd.Series(dtype=str))
    measure = peer_rows["indicator_id"].map(ds.indicators.set_index("indicator_id")["measure"])
    same_def = peer_rows["same_definition"].astype(bool).to_numpy()
    words = (peer_rows["child_target"].isna() | peer_rows["parent_target"].isna()).to_numpy()
    count = measure.isin(COUNT_MEASURES).to_numpy()
    like = peer_rows["like_for_like"].astype(bool).to_numpy()
    judged = (peer_rows["verdict"] != "not_comparable").to_numpy()
    reason = np.select(
        [~same_def, words, count, ~(judged & like)],
        list(PEER_REASONS),
        default="",
    )
    status = np.where(reason == "", peer_rows["verdict"].to_numpy(dtype=object), "not_comparable")
    rank = np.select([reason == r for r in PEER_REASONS], range(1, 1 + len(PEER_REASONS)), 0)
    out = peer_rows.assign(status=status, reason=reason, _rank=rank)
    key = ["indicator_id", "child_area_id", "parent_id"]
    out = out.sort_values([*key, "_rank"], kind="stable").drop_duplicates(key, keep="first")
    return out.drop(columns=["_rank"]).reset_index(drop=True)


def peer_summary(ds: Dataset, peer_rows: pd.DataFrame) -> pd.DataFrame:
    """Per target of the city (indicator and area), in catalog order: how many other cities'
    like-for-like targets it is stricter than, the same as, looser than; how many other
    cities target the indicator (or its family) but cannot be compared, and the commonest
    reason (PEER_REASONS, ties in that order); the median of the comparable other targets
    (the catalog unit, NaN when none). SUMMARY_COLUMNS; what a scorecard shows when the
    pairs are too many to list."""
    status = peer_status(ds, peer_rows)
    key = ["indicator_id", "child_area_id"]
    if status.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in SUMMARY_COLUMNS})
    target_cols = SUMMARY_COLUMNS[2:7]
    out = status.drop_duplicates(key)[[*key, *target_cols]].set_index(key)
    counts = pd.crosstab([status[k] for k in key], status["status"])
    counts = counts.reindex(columns=list(VERDICTS), fill_value=0).add_prefix("n_")
    out = out.join(counts.astype(int))
    out["n_cities"] = out[[f"n_{v}" for v in VERDICTS]].sum(axis=1)
    apart = status.loc[status["status"] == "not_comparable"]
    reasons = pd.crosstab([apart[k] for k in key], apart["reason"]).reindex(
        columns=list(PEER_REASONS), fill_value=0
    )
    out["main_reason"] = reasons.idxmax(axis=1).where(reasons.sum(axis=1) > 0)
    out["main_reason"] = out["main_reason"].fillna("").astype(str)
    comparable = status.loc[status["status"] != "not_comparable"]
    grouped = comparable.groupby(key)["parent_target"]
    out["peer_median"] = grouped.median().astype("float64")
    out["n_comparable"] = grouped.size()
    out["n_comparable"] = out["n_comparable"].fillna(0).astype(int)
    out = out.reset_index()
    catalog = {k: i for i, k in enumerate(ds.indicators["indicator_id"])}
    out = out.assign(_ind=out["indicator_id"].map(catalog)).sort_values(
        ["_ind", "child_area_id"], kind="stable"
    )
    return out[SUMMARY_COLUMNS].reset_index(drop=True)
