"""How ambitious is each target: the change a plan asks for between its baseline and its target.

For every city × indicator × area whose plan states a numeric baseline and a numeric target
(a baseline is a row of kind `baseline` of the same area: one rule for every city, see
data/raw/README.md):
required change (target − baseline, in the catalog unit), relative change (÷ |baseline|) and
the required annual rate `(target/baseline)^(1/(target_year − baseline_year)) − 1`, a fraction
(0.0313, not 3.13). The rate is the compound annual growth rate (CAGR) to the target that the
Eurostat/Open SDG progress method compares observed growth with (see qcompare.analysis.progress).

Cases a reader must not miss are flagged in text, never hidden:
- a target looser than its own baseline (Wenzhou PM2.5: ceiling 26 above the 2020 level 25);
  `looser_than_baseline` is about the level; when a trend clause still asks for a change from
  the baseline (Ruian's "持续下降,稳定到25" with 2020 at 22), the flag says so;
- flows (measure "flow", 新增: additions during the plan period): no rate, since a growth rate
  from a level makes no sense for additions;
- a target equal to the baseline (rate 0: hold the level), a zero baseline (relative change and
  rate undefined) and a baseline and target of opposite signs (rate undefined).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from qcompare.analysis.notes import Num, Year, join_notes, when
from qcompare.analysis.selection import select_cities
from qcompare.data.dataset import Dataset

KEY = ["city_id", "indicator_id", "area_id"]
CATALOG_COLUMNS = ["theme", "unit", "direction", "measure", "family"]

AMBITION_COLUMNS = [
    "city_id",
    "indicator_id",
    "area_id",
    "theme",
    "unit",
    "direction",
    "measure",
    "baseline_year",
    "baseline_value",
    "target_year",
    "target_value",
    "comparator",
    "target_text",
    "required_change",
    "relative_change",
    "required_annual_rate",
    "looser_than_baseline",
    "flag",
]

FLOW_FLAG = (
    "flow (新增, additions during the plan period): no annual rate, since a growth rate "
    "from a level does not apply to additions"
)


def target_pairs(ds: Dataset, cities: Iterable[str] | str | None = None) -> pd.DataFrame:
    """One row per city × indicator × area with a target: the target, the plan's baseline for
    the same area, the plan's date and horizon, the catalog.

    When a plan sets targets for several years, the last year is the row's target (the plan's
    horizon) and `other_target_years` lists the others. The baseline is the plan's baseline row
    (kind baseline) of the same city, indicator and area with the latest year before the target
    year; its columns are empty when there is none. `trend` is the target's trend clause
    (keep_falling, keep_rising, hold or ""). `plan_date` is the date of the target's source
    (sources.csv) and `horizon_years` the target year minus the plan's year. Numbers stay NaN
    where the source states no number.
    """
    obs = select_cities(ds.observations, cities, ds.cities["city_id"])
    targets = obs.loc[
        obs["kind"] == "target",
        [
            *KEY,
            "year",
            "period_start",
            "period_end",
            "comparator",
            "value",
            "value_text",
            "trend",
            "source_id",
            "quote",
        ],
    ].rename(
        columns={
            "year": "target_year",
            "period_start": "target_period_start",
            "period_end": "target_period_end",
            "value": "target_value",
            "value_text": "target_text",
            "source_id": "target_source_id",
            "quote": "target_quote",
        }
    )
    if targets.duplicated(KEY).any():  # several target years: keep the last one
        targets = targets.sort_values([*KEY, "target_year"], kind="stable")
        main = targets.drop_duplicates(KEY, keep="last")
        main = main.merge(_other_years(targets), on=KEY, how="left")
        main["other_target_years"] = main["other_target_years"].fillna("").astype(str)
    else:
        main = targets.assign(other_target_years="")

    base = obs.loc[
        obs["kind"] == "baseline",
        [*KEY, "year", "period_start", "period_end", "partial_year", "value", "value_text"],
    ].rename(
        columns={
            "year": "baseline_year",
            "period_start": "baseline_period_start",
            "period_end": "baseline_period_end",
            "partial_year": "baseline_partial_year",
            "value": "baseline_value",
            "value_text": "baseline_text",
        }
    )
    pairs = main.merge(base, on=KEY, how="left")
    before = (pairs["baseline_year"] < pairs["target_year"]).fillna(False).astype(bool)
    pairs = pairs.assign(_before=before)
    if pairs.duplicated(KEY).any():  # several baseline rows: the latest year before the target
        pairs = pairs.sort_values(
            [*KEY, "_before", "baseline_year"], kind="stable", na_position="first"
        ).drop_duplicates(KEY, keep="last")
    for col in ("baseline_year", "baseline_value"):
        pairs[col] = pairs[col].where(pairs["_before"])
    for col in ("baseline_text", "baseline_period_start", "baseline_period_end"):
        pairs[col] = pairs[col].where(pairs["_before"], "").fillna("").astype(str)
    pairs["baseline_partial_year"] = (
        pairs["baseline_partial_year"].where(pairs["_before"], False).fillna(False).astype(bool)
    )
    pairs = pairs.drop(columns=["_before"])

    plan_date = ds.sources.set_index("source_id")["date"].astype(str)
    pairs["plan_date"] = pairs["target_source_id"].map(plan_date).fillna("").astype(str)
    plan_year = pd.to_numeric(pairs["plan_date"].str[:4], errors="coerce")
    pairs["horizon_years"] = (pairs["target_year"].astype("float64") - plan_year).astype("Int64")

    pairs = pairs.merge(
        ds.indicators[["indicator_id", *CATALOG_COLUMNS]], on="indicator_id", how="left"
    )
    pairs["baseline_year"] = pairs["baseline_year"].astype("Int64")
    pairs["target_year"] = pairs["target_year"].astype("Int64")
    pairs["comparator"] = pairs["comparator"].fillna("").astype(str)
    pairs["trend"] = pairs["trend"].fillna("").astype(str)
    return pairs.sort_values(KEY, kind="stable").reset_index(drop=True)


def _other_years(targets: pd.DataFrame) -> pd.DataFrame:
    """For keys with targets in several years, the years before the last one, as text."""
    multi = targets.loc[targets.duplicated(KEY, keep="last")]
    if multi.empty:
        return pd.DataFrame(
            {
                "city_id": pd.Series(dtype=str),
                "indicator_id": pd.Series(dtype=str),
                "area_id": pd.Series(dtype=str),
                "other_target_years": pd.Series(dtype=str),
            }
        )
    years = multi.assign(y=multi["target_year"].astype(str)).groupby(KEY)["y"].agg(", ".join)
    return years.rename("other_target_years").reset_index()


def add_ambition(pairs: pd.DataFrame) -> pd.DataFrame:
    """Add required_change, relative_change, required_annual_rate, looser_than_baseline, flag.

    Vectorised over all rows; rows without a numeric baseline and target get empty numbers.
    """
    out = pairs.copy()
    b = out["baseline_value"].astype("float64").to_numpy()
    t = out["target_value"].astype("float64").to_numpy()
    span = out["target_year"].astype("Float64") - out["baseline_year"].astype("Float64")
    span = span.astype("float64").to_numpy()
    numeric = ~np.isnan(b) & ~np.isnan(t)
    flow = (out["measure"] == "flow").to_numpy()
    higher = (out["direction"] == "higher_better").to_numpy()

    equal = numeric & (t == b)
    zero = numeric & (b == 0) & ~equal
    mixed = numeric & (np.sign(b) * np.sign(t) < 0)
    no_span = numeric & ~(span > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        relative = np.where(equal, 0.0, np.where(b != 0, (t - b) / np.abs(b), np.nan))
        rate = (t / b) ** (1.0 / span) - 1.0
    rate = np.where(equal & ~no_span, 0.0, rate)
    rate = np.where(flow | ~numeric | zero | mixed | no_span, np.nan, rate)
    looser = numeric & np.where(higher, t < b, t > b)

    out["required_change"] = t - b
    out["relative_change"] = np.where(numeric, relative, np.nan)
    out["required_annual_rate"] = rate
    out["looser_than_baseline"] = pd.array(np.where(numeric, looser, pd.NA), dtype="boolean")
    out["flag"] = ambition_flags(
        out,
        numeric=numeric,
        flow=flow,
        equal=equal,
        zero=zero,
        mixed=mixed,
        no_span=no_span,
        looser=looser,
        higher=higher,
    )
    return out


def ambition_flags(
    frame: pd.DataFrame, *, numeric, flow, equal, zero, mixed, no_span, looser, higher
) -> pd.Series:
    """Readable text for each ambition flag, joined with "; " ("" when nothing to say)."""
    idx = frame.index
    base_year, base = Year(frame["baseline_year"]), Num(frame["baseline_value"])
    better = np.where(higher, "higher", "lower")
    trend = frame["trend"].fillna("").astype(str) if "trend" in frame else pd.Series("", index=idx)
    moving = trend.isin(["keep_falling", "keep_rising"]).to_numpy()
    return join_notes(
        when(
            numeric & looser & ~flow,
            "target looser than its baseline: ",
            frame["comparator"],
            " ",
            Num(frame["target_value"]),
            " vs the ",
            base_year,
            " baseline ",
            base,
            " (",
            better,
            " is better), already met at the baseline",
            index=idx,
        ),
        when(
            numeric & looser & ~flow & moving,
            "but its trend clause (",
            trend.str.replace("_", " "),
            ") still asks for a change from the baseline, which is not met at the start",
            index=idx,
        ),
        when(
            numeric & looser & flow,
            "target looser than its baseline: ",
            Num(frame["target_value"]),
            " additions planned vs ",
            base,
            " in the period up to the ",
            base_year,
            " baseline",
            index=idx,
        ),
        when(numeric & flow, FLOW_FLAG, index=idx),
        when(
            equal,
            "target equals the ",
            base_year,
            " baseline ",
            base,
            ": required change 0, rate 0 (hold the level)",
            index=idx,
        ),
        when(zero & ~flow, "baseline is 0: relative change and annual rate undefined", index=idx),
        when(
            mixed & ~zero & ~flow,
            "baseline and target have opposite signs: annual rate undefined",
            index=idx,
        ),
        when(
            no_span & ~flow,
            "target year not after the baseline year: annual rate undefined",
            index=idx,
        ),
        when(
            frame["other_target_years"] != "",
            "the plan also sets targets for ",
            frame["other_target_years"],
            "; this row uses ",
            Year(frame["target_year"]),
            index=idx,
        ),
        index=idx,
    )


def ambition(ds: Dataset, cities: Iterable[str] | str | None = None) -> pd.DataFrame:
    """Required change and annual rate for each city × indicator with a numeric baseline and target.

    Columns: AMBITION_COLUMNS. `required_annual_rate` is a fraction; empty for flows, zero
    baselines and other undefined cases, each explained in `flag`.
    """
    pairs = add_ambition(target_pairs(ds, cities))
    numeric = pairs["baseline_value"].notna() & pairs["target_value"].notna()
    return pairs.loc[numeric, AMBITION_COLUMNS].reset_index(drop=True)
