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
baseline, except for a flow, whose earlier additions belong to another plan period). The
latest observation must describe the target's area (`area_id`): a whole-city value says nothing
about a target for the urban districts.

Period: a partial-year observation (`partial_year`, e.g. 2023-01..2023-11) still counts, but a
status resting on one is `provisional`, and the note names the period ("Jan–Nov 2023").

Trend: a target sentence may carry a trend clause beside its level ("持续下降,稳定到25": keep
falling and at most 25). `level_status` is the status of the level alone (the method above);
`trend_status` checks the clause on the latest value against the baseline (keep_falling: lower
than the baseline; keep_rising: higher; hold: not worse, in the indicator's direction) and is
`held`, `not_held`, `not_assessable` (no baseline or no observation after it) or "" (no
clause). `status` combines them: `target_achieved` needs the level met and the trend held; a
met level whose trend is not held counts as `deterioration` (the value moved against the
clause) or `limited_progress` (it did not move); a met level whose trend cannot be checked is
`not_assessable`; a level not yet met keeps its level status. A target with a trend clause and
no number is `on_track` while the trend holds. The note says which clause holds.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from qcompare.analysis.ambition import KEY, add_ambition, target_pairs
from qcompare.analysis.notes import Num, Period, Year, join_notes, when
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

TREND_STATUSES = ("held", "not_held", "not_assessable")
"""How a target's trend clause fares ("" when the target has none)."""

TREND_WORDS = {"keep_falling": "keep falling", "keep_rising": "keep rising", "hold": "hold"}

LATEST_KINDS = ("observed", "prior_actual")
ZERO_REPLACEMENT = 0.001

ASSESS_COLUMNS = [
    "city_id",
    "indicator_id",
    "area_id",
    "plan_date",
    "horizon_years",
    "baseline_year",
    "baseline_value",
    "target_year",
    "target_value",
    "comparator",
    "trend",
    "target_text",
    "latest_year",
    "latest_period_start",
    "latest_period_end",
    "latest_partial_year",
    "latest_value",
    "latest_kind",
    "latest_source_id",
    "observed_annual_rate",
    "required_annual_rate",
    "progress_ratio",
    "level_status",
    "trend_status",
    "status",
    "provisional",
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
    """For each row of `pairs`, the latest numeric observed/prior_actual value of the same city,
    indicator and area after its baseline year (any year when there is no baseline year, except
    for flows). Columns: KEY + latest_* (latest_skipped_flow marks flows whose observations were
    set aside for want of a baseline).
    """
    obs = ds.observations
    cand = obs.loc[
        obs["kind"].isin(LATEST_KINDS) & obs["value"].notna(),
        [
            *KEY,
            "kind",
            "year",
            "period_start",
            "period_end",
            "partial_year",
            "value",
            "source_id",
        ],
    ]
    cand = cand.merge(pairs[[*KEY, "baseline_year", "measure"]], on=KEY, how="inner")
    # without a baseline any year counts, except for flows: additions of an earlier period
    # (the previous plan's) say nothing about this plan's additions
    no_base = cand["baseline_year"].isna().to_numpy(dtype=bool)
    flow = (cand["measure"] == "flow").to_numpy(dtype=bool)
    after = (cand["year"] > cand["baseline_year"]).fillna(False).to_numpy(dtype=bool)
    skipped = cand.loc[no_base & flow, KEY].drop_duplicates().assign(latest_skipped_flow=True)
    cand = cand.loc[after | (no_base & ~flow)]
    # latest year first; within a year a full year beats a part of it, observed beats prior_actual
    cand = cand.assign(_observed=cand["kind"] == "observed", _full=~cand["partial_year"])
    cand = cand.sort_values(
        [*KEY, "year", "_full", "period_end", "_observed"], kind="stable"
    ).drop_duplicates(KEY, keep="last")
    latest = cand.rename(
        columns={
            "kind": "latest_kind",
            "year": "latest_year",
            "period_start": "latest_period_start",
            "period_end": "latest_period_end",
            "partial_year": "latest_partial_year",
            "value": "latest_value",
            "source_id": "latest_source_id",
        }
    )[
        [
            *KEY,
            "latest_kind",
            "latest_year",
            "latest_period_start",
            "latest_period_end",
            "latest_partial_year",
            "latest_value",
            "latest_source_id",
        ]
    ]
    if not skipped.empty:
        latest = latest.merge(skipped, on=KEY, how="outer")
    return latest


def assess(
    ds: Dataset,
    cities: Iterable[str] | str | None = None,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> pd.DataFrame:
    """Status of every target (one row per city × indicator × area with a target); see the
    module doc.

    Columns: ASSESS_COLUMNS, plus the ambition columns (relative_change, required_change,
    looser_than_baseline, flag), the baseline's period and the catalog's theme, unit,
    direction, measure, family.
    """
    pairs = add_ambition(target_pairs(ds, cities))
    latest = latest_observations(ds, pairs)
    frame = pairs.merge(latest, on=KEY, how="left")
    frame["latest_year"] = frame["latest_year"].astype("Int64")
    for col in ("latest_kind", "latest_source_id", "latest_period_start", "latest_period_end"):
        frame[col] = frame[col].fillna("").astype(str)
    frame["latest_partial_year"] = frame["latest_partial_year"].fillna(False).astype(bool)
    skipped = frame.get("latest_skipped_flow", pd.Series(False, index=frame.index))
    frame["latest_skipped_flow"] = skipped.fillna(False).astype(bool)
    out = classify(frame, thresholds)
    rest = [c for c in out.columns if c not in ASSESS_COLUMNS and c != "latest_skipped_flow"]
    return out[[*ASSESS_COLUMNS, *rest]]


def trend_check(trend, baseline, latest, higher_better) -> np.ndarray:
    """Vectorised: `held`, `not_held`, `not_assessable` or "" (no trend clause) for each row.

    keep_falling holds when latest < baseline, keep_rising when latest > baseline, hold when
    the latest value is not worse than the baseline in the indicator's direction."""
    trend = np.asarray(trend, dtype=object)
    b = np.asarray(baseline, dtype="float64")
    x = np.asarray(latest, dtype="float64")
    higher = np.asarray(higher_better, dtype=bool)
    with np.errstate(invalid="ignore"):
        held = np.select(
            [trend == "keep_falling", trend == "keep_rising", trend == "hold"],
            [x < b, x > b, np.where(higher, x >= b, x <= b)],
            default=False,
        )
    known = ~np.isnan(b) & ~np.isnan(x)
    return np.select(
        [trend == "", ~known, held],
        ["", "not_assessable", "held"],
        default="not_held",
    ).astype(object)


def classify(frame: pd.DataFrame, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> pd.DataFrame:
    """Add observed_annual_rate, progress_ratio, level_status, trend_status, status, provisional
    and note to target rows that carry baseline_*, target_*, comparator, trend, latest_*,
    direction and measure columns. Vectorised."""
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
    trend = out["trend"].fillna("").astype(str).to_numpy(dtype=object)
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

    level = np.select(
        [~has_target, achieved, ~has_base, ~has_latest, flow | no_span],
        ["not_assessable", "target_achieved", "not_assessable", "no_observation", "not_assessable"],
        default="",
    ).astype(object)
    level = np.where(rated, status_from_ratio(rates.ratio, thresholds), level)

    trend_status = trend_check(trend, b, x, higher)
    has_trend = trend != ""
    t_held, t_not = trend_status == "held", trend_status == "not_held"
    t_unknown = trend_status == "not_assessable"
    moved = has_latest & has_base & (x != b)
    against = np.where(moved, "deterioration", "limited_progress")
    trend_only = has_trend & ~has_target
    status = np.select(
        [
            ~has_trend,
            has_target & achieved & t_held,
            has_target & achieved & t_not,
            has_target & achieved & t_unknown,
            has_target,
            trend_only & t_held,
            trend_only & t_not,
            trend_only & has_base & ~has_latest,
        ],
        [
            level,
            "target_achieved",
            against,
            "not_assessable",
            level,
            "on_track",
            against,
            "no_observation",
        ],
        default="not_assessable",
    ).astype(object)

    # a status rests on the latest value unless it had none to rest on, and on the baseline
    # when a rate or a trend was computed from it
    uses_latest = has_latest & ~np.isin(status, ["no_observation", "not_assessable"])
    uses_base = uses_latest & has_base & (rated | (has_trend & ~t_unknown))
    latest_partial = out["latest_partial_year"].fillna(False).to_numpy(dtype=bool)
    base_partial = (
        out["baseline_partial_year"].fillna(False).to_numpy(dtype=bool)
        if "baseline_partial_year" in out
        else np.zeros(len(out), dtype=bool)
    )
    provisional = (uses_latest & latest_partial) | (uses_base & base_partial)

    out["observed_annual_rate"] = np.where(has_base & has_latest & ~flow, rates.observed, np.nan)
    infinite = rated & np.isinf(rates.ratio)
    out["progress_ratio"] = np.where(rated & ~infinite, rates.ratio, np.nan)
    out["level_status"] = pd.Series(level, index=idx, dtype=str)
    out["trend_status"] = pd.Series(trend_status, index=idx, dtype=str)
    out["status"] = pd.Series(status, index=idx, dtype=str)
    out["provisional"] = pd.Series(provisional, index=idx, dtype=bool)
    unassessable_ratio = rated & np.isnan(rates.ratio)
    latest_period = Period(out["latest_period_start"], out["latest_period_end"])
    clause = pd.Series(trend, index=idx).map(TREND_WORDS).fillna("").to_numpy(dtype=object)
    cmp_sign = out["comparator"].map({">=": "≥", "<=": "≤", "~": "~"}).fillna("")
    level_words = when(
        has_trend & has_target,
        "level clause (",
        cmp_sign,
        Num(t),
        ") ",
        np.select([achieved, has_latest], ["met", "not met yet"], "not observed yet"),
        index=idx,
    )
    out["note"] = join_notes(
        when(
            ~has_target & ~has_trend, "target is not a number (", out["target_text"], ")", index=idx
        ),
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
            has_base & ~has_latest & (has_target | has_trend),
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
        level_words,
        when(
            has_trend & (t_held | t_not),
            "trend clause (",
            clause,
            ") ",
            np.where(t_held, "holds", "does not hold"),
            ": ",
            Num(x),
            " in ",
            latest_period,
            " against the ",
            Year(out["baseline_year"]),
            " baseline ",
            Num(b),
            index=idx,
        ),
        when(
            has_trend & t_unknown,
            "trend clause (",
            clause,
            ") cannot be checked: ",
            np.where(has_base, "no observation after the baseline", "no numeric baseline"),
            index=idx,
        ),
        when(
            has_trend & has_target & achieved & (t_not | t_unknown),
            "the target needs both clauses, so it is not achieved",
            index=idx,
        ),
        when(
            trend_only,
            "target is the trend clause alone (",
            out["target_text"],
            "): on track while it holds",
            index=idx,
        ),
        when(
            provisional & uses_latest & latest_partial,
            "the latest observation covers ",
            latest_period,
            " only (a partial year): the status is provisional",
            index=idx,
        ),
        when(
            provisional & ~(uses_latest & latest_partial),
            "the baseline covers ",
            Period(out["baseline_period_start"], out["baseline_period_end"])
            if "baseline_period_start" in out
            else "",
            " only (a partial year): the status is provisional",
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
