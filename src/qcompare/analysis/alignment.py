"""A county-level city's targets against its prefecture's (Ruian inside Wenzhou).

For each indicator that both plans target: `stricter`, `same` or `looser`, with the margin in the
catalog unit, direction-aware (margin > 0 means the child asks for more: a lower PM2.5 ceiling, a
higher pass rate). `not_comparable`, with the reason in words, when:
- either target is not a number ("省定目标");
- the indicator is a count (measure stock or flow): a county's count of enterprises, awards or
  standards scales with its size and cannot be stricter or looser than its prefecture's;
- the two targets are different definitions of one family (same family, different indicator_id):
  the reason names both definitions. Such pairs are formed only for indicators that have no
  same-id counterpart in the other plan, so an exact comparison is never shadowed.

A trend clause on one side only (Ruian's "持续下降" beside its ≤25) is named in the reason; the
verdict compares the levels.

Area and period: a target describes an area (areas.csv) and a period. When the parent sets
one indicator for several areas (Wenzhou's star-rated green buildings: 20 % in its urban
districts, 12 % in the counties outside them), the child's target is set against the parent's
area of the same scope, else, for a county-level child, the parent's counties (where the child
lies), else its whole area; the reason names the areas left aside. `like_for_like` is false when
the two areas differ in scope or the two targets cover different periods, and
`like_for_like_reason` says what differs ("areas differ: Ruian (whole city);
Wenzhou urban districts"); the verdict is kept, never stated without it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from qcompare.analysis.ambition import target_pairs
from qcompare.analysis.areas import area_pairs_text, like_scope_pairs
from qcompare.analysis.notes import Period, Year, join_notes, when
from qcompare.data.dataset import Dataset
from qcompare.data.vocab import COUNT_MEASURES

VERDICTS = ("stricter", "same", "looser", "not_comparable")
ALIGNMENT_COLUMNS = [
    "child_id",
    "parent_id",
    "indicator_id",
    "child_target",
    "parent_target",
    "verdict",
    "margin",
    "reason",
    "like_for_like",
    "like_for_like_reason",
    "child_area_id",
    "parent_area_id",
    "parent_indicator_id",
    "family",
    "child_comparator",
    "parent_comparator",
    "child_target_text",
    "parent_target_text",
    "child_target_year",
    "parent_target_year",
    "child_trend",
    "parent_trend",
]


def alignment(ds: Dataset, child: str = "ruian", parent: str | None = None) -> pd.DataFrame:
    """Child's targets against its parent's (parent defaults to cities.parent_id of the child).

    Columns: ALIGNMENT_COLUMNS; one row per indicator both target, plus one row per pair of
    different definitions of one family that only one side targets each.
    """
    child_row = ds.city(child)
    if parent is None:
        parent = str(child_row["parent_id"])
        if not parent:
            raise ValueError(f"city {child!r} has no parent_id; pass parent= explicitly")
    ds.city(parent)  # KeyError for an unknown id
    if parent == child:
        raise ValueError("a city cannot be aligned with itself")
    return align_many(ds, child, [parent])


_PAIR_COLUMNS = [
    "indicator_id",
    "area_id",
    "target_value",
    "comparator",
    "target_text",
    "target_year",
    "target_period_start",
    "target_period_end",
    "family",
    "measure",
    "direction",
    "trend",
]


def align_many(ds: Dataset, child: str, parents: Sequence[str]) -> pd.DataFrame:
    """`alignment(ds, child, p)` for every p in `parents`, stacked in that order, computed in
    one pass: one `target_pairs` for all the cities, the child's targets merged against all
    the parents' at once (what a city's peers against hundreds of others need).

    `parents` must be known city ids other than `child`, each once.
    """
    ds.city(child)  # KeyError for an unknown id
    parents = list(parents)
    for p in parents:
        ds.city(p)
    if child in parents:
        raise ValueError("a city cannot be aligned with itself")
    if len(set(parents)) != len(parents):
        raise ValueError("each parent once: duplicated ids in parents")
    position = {p: i for i, p in enumerate(parents)}

    pairs = target_pairs(ds, [child, *parents])
    scope = ds.areas.set_index("area_id")["scope"]
    kid = pairs.loc[pairs["city_id"] == child, _PAIR_COLUMNS]
    par = pairs.loc[pairs["city_id"] != child, ["city_id", *_PAIR_COLUMNS]].rename(
        columns={"city_id": "parent_id"}
    )

    same = kid.merge(par, on="indicator_id", suffixes=("_c", "_p"))
    same["parent_indicator_id"] = same["indicator_id"]
    # different definitions of one family: a child indicator the parent does not target
    # against a parent indicator the child does not target
    cross = kid.merge(
        par.loc[~par["indicator_id"].isin(kid["indicator_id"])].rename(
            columns={"indicator_id": "parent_indicator_id"}
        ),
        on="family",
        suffixes=("_c", "_p"),
    )
    if len(cross):
        targeted = pd.MultiIndex.from_frame(par[["parent_id", "indicator_id"]])
        shadowed = pd.MultiIndex.from_frame(cross[["parent_id", "indicator_id"]]).isin(targeted)
        cross = cross.loc[~shadowed]
    cross = cross.assign(family_c=cross["family"], family_p=cross["family"])
    rows = pd.concat([same, cross], ignore_index=True)
    rows = _one_parent_area(ds, rows, child, scope)
    rows = rows.assign(_parent=rows["parent_id"].map(position)).sort_values(
        ["_parent", "indicator_id", "area_id_c", "parent_indicator_id"], kind="stable"
    )
    rows = rows.drop(columns=["_parent"]).reset_index(drop=True)
    out = _verdicts(rows, ds)
    out.insert(0, "child_id", child)
    out.insert(1, "parent_id", rows["parent_id"].astype(str))
    out = _like_for_like(ds, out, rows, child, scope)
    return out[ALIGNMENT_COLUMNS].reset_index(drop=True)


def _one_parent_area(ds: Dataset, rows: pd.DataFrame, child: str, scope: pd.Series) -> pd.DataFrame:
    """Keep one parent area per child target, parent and parent indicator: the same scope as
    the child's area, else (for a county-level child) the parent's counties, else its whole
    area. `left_aside` names the parent's other areas for that indicator, with their targets."""
    if rows.empty:
        return rows.assign(left_aside="", lies_in=False)
    county = ds.city(child)["admin_level"] == "county"
    c_scope = rows["area_id_c"].map(scope)
    p_scope = rows["area_id_p"].map(scope)
    preference = np.select(
        [
            like_scope_pairs(c_scope, p_scope),
            (p_scope == "counties") & county & (c_scope == "whole"),
            p_scope == "whole",
        ],
        [0, 1, 2],
        default=3,
    )
    rows = rows.assign(_pref=preference, lies_in=preference == 1)
    key = ["parent_id", "indicator_id", "area_id_c", "parent_indicator_id"]
    rows = rows.sort_values([*key, "_pref", "area_id_p"], kind="stable")
    first = ~rows.duplicated(key, keep="first")
    chosen = rows.loc[first].copy()
    others = rows.loc[~first]
    if others.empty:
        chosen["left_aside"] = ""
    else:
        names = ds.areas.set_index("area_id")["name_en"].astype(str)
        text = others["area_id_p"].map(names) + " (" + others["target_text_p"].astype(str) + ")"
        aside = text.groupby([others[k] for k in key], sort=False).agg("; ".join)
        aside = aside.rename("left_aside").reset_index()
        chosen = chosen.merge(aside, on=key, how="left")
        chosen["left_aside"] = chosen["left_aside"].fillna("").astype(str)
    return chosen.drop(columns=["_pref"]).reset_index(drop=True)


def _like_for_like(
    ds: Dataset, out: pd.DataFrame, rows: pd.DataFrame, child: str, scope: pd.Series
) -> pd.DataFrame:
    """like_for_like and its reason: the areas' scopes and the targets' periods (column-wise:
    only the rows a difference concerns are written out)."""
    idx = out.index
    areas_like = like_scope_pairs(rows["area_id_c"].map(scope), rows["area_id_p"].map(scope))
    start_c, end_c = rows["target_period_start_c"], rows["target_period_end_c"]
    start_p, end_p = rows["target_period_start_p"], rows["target_period_end_p"]
    periods_like = ((start_c == start_p) & (end_c == end_p)).to_numpy()

    city_names = ds.cities.set_index("city_id")["name_en"].astype(str)
    child_name = str(city_names[child])
    parent_name = rows["parent_id"].map(city_names)
    where = area_pairs_text(ds, rows["area_id_c"], rows["area_id_p"], "en")
    where = where + np.where(rows["lies_in"], f" (the area {child_name} lies in)", "")
    reason = join_notes(
        when(~areas_like, "areas differ: ", where, index=idx),
        when(
            ~periods_like,
            f"periods differ: {child_name}: ",
            Period(start_c, end_c),
            "; ",
            parent_name,
            ": ",
            Period(start_p, end_p),
            index=idx,
        ),
        when(
            (rows["left_aside"] != "").to_numpy(),
            parent_name,
            " also sets this indicator for ",
            rows["left_aside"],
            ", not used",
            index=idx,
        ),
        index=idx,
    )
    return out.assign(
        like_for_like=pd.Series(areas_like & periods_like, index=idx, dtype=bool),
        like_for_like_reason=reason,
        child_area_id=rows["area_id_c"].astype(str).to_numpy(),
        parent_area_id=rows["area_id_p"].astype(str).to_numpy(),
    )


def _verdicts(rows: pd.DataFrame, ds: Dataset) -> pd.DataFrame:
    idx = rows.index
    c = rows["target_value_c"].to_numpy(dtype="float64")
    p = rows["target_value_p"].to_numpy(dtype="float64")
    higher = (rows["direction_c"] == "higher_better").to_numpy()
    count = rows["measure_c"].isin(COUNT_MEASURES).to_numpy()
    other_def = (rows["indicator_id"] != rows["parent_indicator_id"]).to_numpy()
    numeric = ~np.isnan(c) & ~np.isnan(p)
    comparable = numeric & ~count & ~other_def
    margin = np.where(comparable, (c - p) * np.where(higher, 1.0, -1.0), np.nan)
    verdict = np.select(
        [~comparable, margin > 0, margin < 0],
        ["not_comparable", "stricter", "looser"],
        default="same",
    )

    definitions = ds.indicators.set_index("indicator_id")["definition_en"]
    child_def = rows["indicator_id"].map(definitions).astype(str)
    parent_def = rows["parent_indicator_id"].map(definitions).astype(str)
    years_differ = (rows["target_year_c"] != rows["target_year_p"]).to_numpy()
    approx = ((rows["comparator_c"] == "~") | (rows["comparator_p"] == "~")).to_numpy()
    reason = join_notes(
        when(
            other_def,
            "different definitions in family ",
            rows["family_c"],
            ": child ",
            rows["indicator_id"],
            " (",
            child_def,
            ") vs parent ",
            rows["parent_indicator_id"],
            " (",
            parent_def,
            ")",
            index=idx,
        ),
        when(np.isnan(c), "child target is not a number (", rows["target_text_c"], ")", index=idx),
        when(np.isnan(p), "parent target is not a number (", rows["target_text_p"], ")", index=idx),
        when(
            count & ~other_def,
            "a count (",
            rows["measure_c"],
            ") scales with the city's "
            "size: a county's count cannot be stricter or looser than its prefecture's",
            index=idx,
        ),
        when(
            years_differ,
            "target years differ: child ",
            Year(rows["target_year_c"]),
            ", parent ",
            Year(rows["target_year_p"]),
            index=idx,
        ),
        when(comparable & approx, "one target is approximate (~)", index=idx),
        when(
            (rows["trend_c"] != rows["trend_p"]).to_numpy(),
            "trend clauses differ: child ",
            rows["trend_c"].replace("", "none"),
            ", parent ",
            rows["trend_p"].replace("", "none"),
            index=idx,
        ),
        index=idx,
    )
    return pd.DataFrame(
        {
            "indicator_id": rows["indicator_id"].astype(str),
            "child_target": c,
            "parent_target": p,
            "verdict": pd.Series(verdict, index=idx, dtype=str),
            "margin": margin,
            "reason": reason,
            "parent_indicator_id": rows["parent_indicator_id"].astype(str),
            "family": rows["family_c"].astype(str),
            "child_comparator": rows["comparator_c"].astype(str),
            "parent_comparator": rows["comparator_p"].astype(str),
            "child_target_text": rows["target_text_c"].astype(str),
            "parent_target_text": rows["target_text_p"].astype(str),
            "child_target_year": rows["target_year_c"].astype("Int64"),
            "parent_target_year": rows["target_year_p"].astype("Int64"),
            "child_trend": rows["trend_c"].astype(str),
            "parent_trend": rows["trend_p"].astype(str),
        },
        index=idx,
    )


def all_alignments(ds: Dataset) -> pd.DataFrame:
    """`alignment` for every city that has a parent_id, stacked (the derived table)."""
    children = ds.cities.loc[ds.cities["parent_id"].fillna("") != "", "city_id"].tolist()
    frames = [alignment(ds, child=c) for c in children]
    if not frames:
        return pd.DataFrame(
            {c: pd.Series(dtype=_EMPTY_DTYPES.get(c, str)) for c in ALIGNMENT_COLUMNS}
        )
    return pd.concat(frames, ignore_index=True)


_EMPTY_DTYPES = {
    "like_for_like": "bool",
    "child_target": "float64",
    "parent_target": "float64",
    "margin": "float64",
    "child_target_year": "Int64",
    "parent_target_year": "Int64",
}
