"""One indicator, or one family of indicators, across cities: a tidy, source-cited table.

Each row is one observation (value, unit, comparator, year, source_id and its verbatim quote),
joined with the catalog. Ranks are direction-aware (rank 1 is the best value, so for PM2.5 the
lowest ceiling is the strictest target) and are computed only among rows of the same indicator,
kind and year: different definitions, kinds (a target against an observation) or years are
never ranked against each other. When a family mixes definitions or units, every row says so in
`definition_flag` / `unit_flag` instead of silently merging them.

Each row names its area (areas.csv: names and scope) and period. When the rows ranked together
(same indicator, kind and year) describe areas of different scopes, or cover different periods
(Ruian's Jan–Nov 2023 against a full year), every row of that group says what differs in
`area_flag` / `period_flag` ("ranked across areas: Ruian (whole city); Wenzhou
urban districts"): the rank is kept, never stated bare.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from qcompare.analysis.areas import areas_text, like_scopes, with_areas
from qcompare.analysis.periods import period_label
from qcompare.analysis.selection import select_cities
from qcompare.data.dataset import Dataset
from qcompare.data.vocab import KINDS

DEFAULT_KINDS = ("baseline", "target", "observed")

COMPARE_COLUMNS = [
    "city_id",
    "city_name_zh",
    "city_name_en",
    "indicator_id",
    "name_zh",
    "name_en",
    "family",
    "area_id",
    "area_name_zh",
    "area_name_en",
    "scope",
    "kind",
    "year",
    "period_start",
    "period_end",
    "partial_year",
    "comparator",
    "value",
    "value_text",
    "trend",
    "unit",
    "direction",
    "measure",
    "rank",
    "definition_flag",
    "unit_flag",
    "area_flag",
    "period_flag",
    "source_id",
    "quote",
    "note",
]


def compare(
    ds: Dataset,
    indicator: str | None = None,
    family: str | None = None,
    cities: Iterable[str] | str | None = None,
    kinds: Iterable[str] = DEFAULT_KINDS,
) -> pd.DataFrame:
    """Cross-city table of one indicator (`indicator=`) or of every member of one family.

    Columns: COMPARE_COLUMNS. `rank` (1 = best; ties share the lowest rank) is empty for
    non-numeric values; `area_flag`/`period_flag` say when the ranked rows differ in area or
    period. Sorted by indicator, kind, year, rank.
    """
    members = _members(ds, indicator, family)
    kinds = [kinds] if isinstance(kinds, str) else list(kinds)
    bad = sorted(set(kinds) - set(KINDS))
    if bad:
        raise ValueError(
            f"unknown kind {', '.join(map(repr, bad))}; expected some of {', '.join(KINDS)}"
        )
    obs = select_cities(ds.observations, cities, ds.cities["city_id"])
    obs = obs.loc[obs["indicator_id"].isin(members) & obs["kind"].isin(kinds)]
    catalog = ds.indicators[
        [
            "indicator_id",
            "name_zh",
            "name_en",
            "family",
            "unit",
            "direction",
            "measure",
            "definition_en",
        ]
    ]
    names = ds.cities[["city_id", "name_zh", "name_en"]].rename(
        columns={"name_zh": "city_name_zh", "name_en": "city_name_en"}
    )
    table = obs.merge(catalog, on="indicator_id", how="left").merge(names, on="city_id", how="left")
    table = with_areas(ds, table)
    table["rank"] = rank(table)
    table["area_flag"], table["period_flag"] = _where_and_when_flags(table, ds)
    table["definition_flag"] = _definition_flag(table, ds)
    table["unit_flag"] = _unit_flag(table)
    kind_order = {k: i for i, k in enumerate(KINDS)}
    table = table.assign(
        _k=table["kind"].map(kind_order),
        _m=table["indicator_id"].map({m: i for i, m in enumerate(members)}),
    )
    table = table.sort_values(
        ["_m", "_k", "year", "rank", "city_id"], kind="stable", na_position="last"
    )
    return table[COMPARE_COLUMNS].reset_index(drop=True)


def _members(ds: Dataset, indicator: str | None, family: str | None) -> list[str]:
    if (indicator is None) == (family is None):
        raise ValueError("give exactly one of indicator= or family=")
    if indicator is not None:
        ds.indicator(indicator)  # KeyError for an unknown id
        return [indicator]
    members = ds.family_members(family)
    if not members:
        known = ", ".join(sorted(ds.indicators["family"].unique()))
        raise KeyError(f"unknown family {family!r}; known: {known}")
    return members


def rank(table: pd.DataFrame) -> pd.Series:
    """Direction-aware rank among rows of the same indicator, kind and year (1 = best)."""
    signed = table["value"] * np.where(table["direction"] == "lower_better", 1.0, -1.0)
    ranks = signed.groupby([table["indicator_id"], table["kind"], table["year"]]).rank(method="min")
    return ranks.astype("Int64")


def _where_and_when_flags(table: pd.DataFrame, ds: Dataset) -> tuple[pd.Series, pd.Series]:
    """Per rank group (indicator, kind, year) of two or more rows: what differs in area scope
    and in period, named on every row of the group ("" where the group is like for like)."""
    area = pd.Series("", index=table.index, dtype=str)
    period = pd.Series("", index=table.index, dtype=str)
    for _, group in table.groupby(["indicator_id", "kind", "year"], sort=False):
        if len(group) < 2:
            continue
        if not like_scopes(list(group["scope"])):
            pairs = list(zip(group["city_id"], group["area_id"], strict=True))
            area[group.index] = "ranked across areas: " + areas_text(ds, pairs, "en")
        spans = list(zip(group["period_start"], group["period_end"], strict=True))
        if len(set(spans)) > 1:
            names = group["city_name_en"]
            period[group.index] = "ranked across periods: " + "; ".join(
                dict.fromkeys(
                    f"{n}: {period_label(s, e)}" for n, (s, e) in zip(names, spans, strict=True)
                )
            )
    return area, period


def _definition_flag(table: pd.DataFrame, ds: Dataset) -> pd.Series:
    """Text on every row when the table holds several definitions of one family."""
    ids = list(dict.fromkeys(table["indicator_id"]))
    if len(ids) < 2:
        return pd.Series("", index=table.index, dtype=str)
    defs = ds.indicators.set_index("indicator_id").loc[ids]
    listing = "; ".join(
        f"{i} ({defs.at[i, 'measure']}, {defs.at[i, 'unit']}): {defs.at[i, 'definition_en']}"
        for i in ids
    )
    families = ", ".join(dict.fromkeys(defs["family"]))
    text = (
        f"family {families} mixes {len(ids)} definitions, not comparable with each other "
        f"(ranks are within one definition only): {listing}"
    )
    return pd.Series(text, index=table.index, dtype=str)


def _unit_flag(table: pd.DataFrame) -> pd.Series:
    """Text on every row when the table holds values in more than one unit."""
    units = table.groupby("unit", sort=False)["indicator_id"].agg(
        lambda s: ", ".join(dict.fromkeys(s))
    )
    if len(units) < 2:
        return pd.Series("", index=table.index, dtype=str)
    listing = " vs ".join(f"{u} ({ids})" for u, ids in units.items())
    own = "this row is in " + table["unit"].astype(str)
    return (own + f"; units differ in this table: {listing}; never compare across units").astype(
        str
    )
