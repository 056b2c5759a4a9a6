"""Progress status of each target, following Eurostat's SDG progress assessment as Open SDG does.

Method (Open SDG, docs/progress-methodology.md, "Indicators with quantitative targets"; code in
sdg-build, sdg/ProgressMeasure.py: `SeriesProgress.is_target_achieved`, `methodology_2`,
`growth_calculation`, `get_progress_status`; https://github.com/open-sdg/open-sdg and
https://github.com/open-sdg/sdg-build):

1. `target_achieved` when the latest value already satisfies the target. We respect the
   comparator: ">=" needs value >= target, "<=" needs value <= target; "=" and "~" follow the
   indicator's direction (higher_better: value >= target; lower_better: value <= target), which
   is exactly sdg-build's `is_target_achieved`.
2. Otherwise R = d · s · CAGR_observed / |CAGR_required| with CAGR_observed the compound annual
   rate from the baseline year to the latest year, CAGR_required the one from the baseline to the
   target, d = +1 for higher_better and −1 for lower_better (sdg-build's `direction`), s = −1
   when the baseline is negative (sdg-build's `sign`). Dividing by |CAGR_required| is how the
   method treats lower-is-better indicators and targets that point the "wrong" way (a target
   looser than the baseline): moving in the desired direction always gives R > 0.
3. R ≥ 0.95 `on_track`; 0.60 ≤ R < 0.95 `needs_acceleration`; 0 ≤ R < 0.60 `limited_progress`;
   R < 0 `deterioration` (the thresholds are a `Thresholds` parameter).
4. Zeros: the exponential model cannot take a zero, so a zero baseline or target is replaced by
   0.001 (docs, "Special considerations for the base value and the target value"). We also
   replace a zero latest value so that 0 → 0 reads as no change, and give the 0.001 the sign of
   the series so that negative series are handled like sdg-build's `sign`. Baseline and latest
   value of opposite signs cannot be assessed (sdg-build returns no progress value).

Our additions, for plan targets rather than SDG series: `no_observation` when nothing was
observed after the baseline year; `not_assessable` for non-numeric targets, for targets with no
numeric baseline (unless the latest observation already meets the target: achievement needs only
the current value, as in sdg-build) and for flows (新增: a growth rate from a level makes no sense
for additions; a flow can still be `target_achieved`). The latest observation is the one with
the latest year among kinds observed and prior_actual (observed wins a tie), after the baseline
year (observations in or before the baseline year are ignored; any year when there is no
baseline, except for a flow, whose earlier additions belong to another plan period). A
partial-year observation still counts, and the note says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from qcompare.analysis.ambition import KEY, add_ambition, target_pairs
from qcompare.analysis.notes import Num, Year, join_notes, when
from qcompare.data.dataset import Dataset

STATUSES = (
    "target_achieved",
    "on_track",
    "needs_acceleration",
    "limited_progress",
    "deterioration",
    "no_observation",
    "not_assessable",
)
"""Every status, best first (use as the category order of plots and tables)."""

LATEST_KINDS = ("observed", "prior_actual")
ZERO_REPLACEMENT = 0.001
PARTIAL_YEAR = r"(?i)partial[\s-]*year|year[\s-]*to[\s-]*date|不完整年度|部分年度"

ASSESS_COLUMNS = [
    "city_id",
    "indicator_id",
    "baseline_year",
    "baseline_value",
    "target_year",
    "target_value",
    "comparator",
    "target_text",
    "latest_year",
    "latest_value",
    "latest_kind",
    "latest_source_id",
    "observed_annual_rate",
    "required_annual_rate",
    "progress_ratio",
    "status",
    "note",
]


@dataclass(frozen=True)
class Thresholds:
    """Lower bounds of R for each status (Eurostat/Open SDG defaults 0.95, 0.60, 0)."""

    on_track: float = 0.95
    needs_acceleration: float = 0.60
    limited_progress: float = 0.0

    def __post_init__(self) -> None:
        if not self.on_track >= self.needs_acceleration >= self.limited_progress:
            raise ValueError(
                "thresholds must satisfy on_track >= needs_acceleration >= "
                f"limited_progress, got {self}"
            )


DEFAULT_THRESHOLDS = Thresholds()


def target_met(value, target, comparator, higher_better) -> np.ndarray:
    """Vectorised: does `value` satisfy the target? NaN anywhere gives False.

    ">=" and "<=" are taken literally; "=" and "~" follow the direction (sdg-build).
    """
    value = np.asarray(value, dtype="float64")
    target = np.asarray(target, dtype="float64")
    comparator = np.asarray(comparator, dtype=object)
    higher = np.asarray(higher_better, dtype=bool)
    at_least = (comparator == ">=") | (np.isin(comparator, ["=", "~"]) & higher)
    at_most = (comparator == "<=") | (np.isin(comparator, ["=", "~"]) & ~higher)
    with np.errstate(invalid="ignore"):
        return (at_least & (value >= target)) | (at_most & (value <= target))


def _nonzero(x: np.ndarray, like: np.ndarray) -> np.ndarray:
    """Zeros replaced by ±0.001, signed like `like` (positive when `like` is 0 or NaN too)."""
    sign = np.where(np.nan_to_num(like) < 0, -1.0, 1.0)
    return np.where(x == 0, sign * ZERO_REPLACEMENT, x)


def cagr(end, start, end_year, start_year) -> np.ndarray:
    """Compound annual growth rate (sdg-build `growth_calculation`), vectorised; NaN if
    undefined."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return (np.asarray(end, float) / np.asarray(start, float)) ** (
            1.0 / (np.asarray(end_year, float) - np.asarray(start_year, float))
        ) - 1.0


@dataclass(frozen=True)
class Rates:
    observed: np.ndarray
    required: np.ndarray
    ratio: np.ndarray
    zero_replaced: np.ndarray
    mixed_signs: np.ndarray


def progress_ratio(
    baseline, latest, target, baseline_year, latest_year, target_year, higher_better
) -> Rates:
    """R = d · s · CAGR_observed / |CAGR_required| (Open SDG methodology_2), vectorised."""
    b = np.asarray(baseline, dtype="float64")
    x = np.asarray(latest, dtype="float64")
    t = np.asarray(target, dtype="float64")
    zero = (b == 0) | (x == 0) | (t == 0)
    b2 = _nonzero(b, np.where(x != 0, x, t))
    x2 = _nonzero(x, b2)
    t2 = _nonzero(t, b2)
    mixed = (np.sign(b2) * np.sign(x2) < 0) | (np.sign(b2) * np.sign(t2) < 0)
    observed = cagr(x2, b2, latest_year, baseline_year)
    required = cagr(t2, b2, target_year, baseline_year)
    d = np.where(np.asarray(higher_better, dtype=bool), 1.0, -1.0)
    s = np.where(b2 < 0, -1.0, 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = d * s * observed / np.abs(required)
    ratio = np.where(mixed, np.nan, ratio)
    return Rates(
        observed=np.where(mixed, np.nan, observed),
        required=np.where(mixed, np.nan, required),
        ratio=ratio,
        zero_replaced=zero & ~mixed,
        mixed_signs=mixed,
    )


def status_from_ratio(ratio, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> np.ndarray:
    """Status label for each R (NaN -> not_assessable)."""
    r = np.asarray(ratio, dtype="float64")
    with np.errstate(invalid="ignore"):
        return np.select(
            [
                r >= thresholds.on_track,
                r >= thresholds.needs_acceleration,
                r >= thresholds.limited_progress,
                r < thresholds.limited_progress,
            ],
            ["on_track", "needs_acceleration", "limited_progress", "deterioration"],
            default="not_assessable",
        ).astype(object)


def latest_observations(ds: Dataset, pairs: pd.DataFrame) -> pd.DataFrame:
    """For each row of `pairs`, the latest numeric observed/prior_actual value after its baseline
    year (any year when there is no baseline year, except for flows). Columns: KEY + latest_*
    (latest_skipped_flow marks flows whose observations were set aside for want of a baseline).
    """
    obs = ds.observations
    cand = obs.loc[
        obs["kind"].isin(LATEST_KINDS) & obs["value"].notna(),
        [*KEY, "kind", "year", "value", "source_id", "note"],
    ]
    cand = cand.merge(pairs[[*KEY, "baseline_year", "measure"]], on=KEY, how="inner")
    # without a baseline any year counts, except for flows: additions of an earlier period
    # (the previous plan's) say nothing about this plan's additions
    no_base = cand["baseline_year"].isna().to_numpy(dtype=bool)
    flow = (cand["measure"] == "flow").to_numpy(dtype=bool)
    after = (cand["year"] > cand["baseline_year"]).fillna(False).to_numpy(dtype=bool)
    skipped = cand.loc[no_base & flow, KEY].drop_duplicates().assign(latest_skipped_flow=True)
    cand = cand.loc[after | (no_base & ~flow)]
    cand = cand.assign(_observed=cand["kind"] == "observed")
    cand = cand.sort_values([*KEY, "year", "_observed"], kind="stable").drop_duplicates(
        KEY, keep="last"
    )
    latest = cand.rename(
        columns={
            "kind": "latest_kind",
            "year": "latest_year",
            "value": "latest_value",
            "source_id": "latest_source_id",
            "note": "latest_note",
        }
    )[[*KEY, "latest_kind", "latest_year", "latest_value", "latest_source_id", "latest_note"]]
    if not skipped.empty:
        latest = latest.merge(skipped, on=KEY, how="outer")
    return latest


def assess(
    ds: Dataset,
    cities: Iterable[str] | str | None = None,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> pd.DataFrame:
    """Status of every target (one row per city × indicator with a target); see module doc.

    Columns: ASSESS_COLUMNS, plus the ambition columns (relative_change, required_change,
    looser_than_baseline, flag) and the catalog's theme, unit, direction, measure, family.
    """
    pairs = add_ambition(target_pairs(ds, cities))
    latest = latest_observations(ds, pairs)
    frame = pairs.merge(latest, on=KEY, how="left")
    frame["latest_year"] = frame["latest_year"].astype("Int64")
    frame["latest_kind"] = frame["latest_kind"].fillna("").astype(str)
    frame["latest_source_id"] = frame["latest_source_id"].fillna("").astype(str)
    frame["latest_note"] = frame["latest_note"].fillna("").astype(str)
    skipped = frame.get("latest_skipped_flow", pd.Series(False, index=frame.index))
    frame["latest_skipped_flow"] = skipped.fillna(False).astype(bool)
    out = classify(frame, thresholds)
    rest = [
        c
        for c in out.columns
        if c not in ASSESS_COLUMNS and c not in ("latest_note", "latest_skipped_flow")
    ]
    return out[[*ASSESS_COLUMNS, *rest]]


def classify(frame: pd.DataFrame, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> pd.DataFrame:
    """Add observed_annual_rate, progress_ratio, status and note to target rows that carry
    baseline_*, target_*, comparator, latest_*, direction and measure columns. Vectorised."""
    out = frame.copy()
    idx = out.index
    b = out["baseline_value"].astype("float64").to_numpy()
    t = out["target_value"].astype("float64").to_numpy()
    x = out["latest_value"].astype("float64").to_numpy()
    by = out["baseline_year"].astype("Float64").astype("float64").to_numpy()
    ty = out["target_year"].astype("Float64").astype("float64").to_numpy()
    xy = out["latest_year"].astype("Float64").astype("float64").to_numpy()
    higher = (out["direction"] == "higher_better").to_numpy()
    flow = (out["measure"] == "flow").to_numpy()
    skipped = (
        out["latest_skipped_flow"].to_numpy(dtype=bool)
        if "latest_skipped_flow" in out
        else np.zeros(len(out), dtype=bool)
    )

    has_target = ~np.isnan(t)
    has_base = ~np.isnan(b)
    has_latest = ~np.isnan(x)
    achieved = has_target & has_latest & target_met(x, t, out["comparator"].to_numpy(), higher)
    rates = progress_ratio(b, x, t, by, xy, ty, higher)
    no_span = has_base & has_target & ~(ty > by)
    rated = has_target & has_base & has_latest & ~achieved & ~flow & ~no_span

    status = np.select(
        [~has_target, achieved, ~has_base, ~has_latest, flow | no_span],
        ["not_assessable", "target_achieved", "not_assessable", "no_observation", "not_assessable"],
        default="",
    ).astype(object)
    status = np.where(rated, status_from_ratio(rates.ratio, thresholds), status)

    out["observed_annual_rate"] = np.where(has_base & has_latest & ~flow, rates.observed, np.nan)
    infinite = rated & np.isinf(rates.ratio)
    out["progress_ratio"] = np.where(rated & ~infinite, rates.ratio, np.nan)
    out["status"] = pd.Series(status, index=idx, dtype=str)
    unassessable_ratio = rated & np.isnan(rates.ratio)
    notes = out["latest_note"]
    partial = np.zeros(len(out), dtype=bool)
    some = (notes != "").to_numpy(dtype=bool)
    partial[some] = notes[some].str.contains(PARTIAL_YEAR, regex=True).to_numpy(dtype=bool)
    out["note"] = join_notes(
        when(~has_target, "target is not a number (", out["target_text"], ")", index=idx),
        when(
            has_target & ~has_base & ~achieved,
            "no numeric baseline: progress rate cannot be computed",
            index=idx,
        ),
        when(
            has_target & ~has_base & flow & skipped,
            "a flow without a baseline: its "
            "observations cannot be placed in this plan's period and were set aside",
            index=idx,
        ),
        when(
            has_target & ~has_base & achieved,
            "no numeric baseline, but the ",
            Year(out["latest_year"]),
            " value ",
            Num(out["latest_value"]),
            " already meets the target",
            index=idx,
        ),
        when(
            has_target & has_base & ~has_latest,
            "no observation after the ",
            Year(out["baseline_year"]),
            " baseline",
            index=idx,
        ),
        when(
            has_latest & has_target & (out["latest_kind"] == "prior_actual").to_numpy(),
            "the latest value is the previous plan's result (prior_actual)",
            index=idx,
        ),
        when(
            has_latest & has_target & partial,
            "the latest observation covers a partial year",
            index=idx,
        ),
        when(
            flow & has_target & has_latest & ~achieved,
            "flow: not assessed by growth rate, only whether the additions reach the target",
            index=idx,
        ),
        when(no_span & has_latest & ~achieved, "target year not after baseline year", index=idx),
        when(
            rated & rates.zero_replaced,
            "a zero value was replaced by 0.001 (Open SDG convention for the exponential model)",
            index=idx,
        ),
        when(
            has_base & has_latest & rates.mixed_signs & ~achieved,
            "baseline and latest value (or target) have opposite signs: not assessable",
            index=idx,
        ),
        when(
            unassessable_ratio & ~rates.mixed_signs,
            "observed and required rates are both 0",
            index=idx,
        ),
        when(
            infinite,
            "required rate is 0 (the target equals the baseline), so R is infinite "
            "and the direction of the observed change decides",
            index=idx,
        ),
        index=idx,
    )
    return out
