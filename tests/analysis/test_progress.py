"""qcompare.analysis.progress: Eurostat/Open SDG progress status, hand-computed cases and properties."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qcompare.analysis.progress import (
    ASSESS_COLUMNS,
    STATUSES,
    Thresholds,
    assess,
    classify,
    status_from_ratio,
    target_met,
)


def row(frame: pd.DataFrame, city: str, indicator: str) -> pd.Series:
    found = frame.loc[(frame["city_id"] == city) & (frame["indicator_id"] == indicator)]
    assert len(found) == 1, f"expected one row for {city}/{indicator}, got {len(found)}"
    return found.iloc[0]


# --- hand-computed statuses on the tiny dataset ---------------------------------------------


def test_one_row_per_target_and_columns(tiny_ds):
    out = assess(tiny_ds)
    assert list(out.columns[: len(ASSESS_COLUMNS)]) == ASSESS_COLUMNS
    assert len(out) == 16  # alpha 7, beta 6, gamma 3 (gamma pm has two target years)
    assert set(out["status"]) <= set(STATUSES)
    assert not out.duplicated(["city_id", "indicator_id"]).any()


def test_status_counts_per_city(tiny_ds):
    counts = assess(tiny_ds).groupby(["city_id", "status"]).size().to_dict()
    assert counts == {
        ("alpha", "deterioration"): 2,
        ("alpha", "needs_acceleration"): 1,
        ("alpha", "not_assessable"): 2,
        ("alpha", "on_track"): 1,
        ("alpha", "target_achieved"): 1,
        ("beta", "needs_acceleration"): 1,
        ("beta", "not_assessable"): 2,
        ("beta", "target_achieved"): 3,
        ("gamma", "limited_progress"): 1,
        ("gamma", "no_observation"): 2,
    }


def test_needs_acceleration_higher_better(tiny_ds):
    r = row(assess(tiny_ds), "alpha", "pat")
    assert (r["latest_year"], r["latest_value"]) == (2022, 5.6)
    # observed: (5.6/4.2)^(1/2) - 1 = sqrt(1.333333) - 1 = 0.1547005
    assert r["observed_annual_rate"] == pytest.approx(0.1547005, abs=1e-7)
    # required: 0.182237 (test_ambition); R = 0.1547005 / 0.182237 = 0.84890
    assert r["progress_ratio"] == pytest.approx(0.8489, abs=1e-4)
    assert r["status"] == "needs_acceleration"


def test_lower_better_moving_away_from_a_looser_target_is_deterioration(tiny_ds):
    r = row(assess(tiny_ds), "alpha", "pm")
    # the 2019 value (before the 2020 base year) is ignored; latest is the partial 2023 value
    assert (r["latest_year"], r["latest_value"]) == (2023, 27)
    # observed: 1.08^(1/3) - 1 = 0.025986; required: 1.04^(1/5) - 1 = 0.0078749;
    # R = -1 * 0.025986 / |0.0078749| = -3.2999
    assert r["observed_annual_rate"] == pytest.approx(0.025986, abs=1e-6)
    assert r["progress_ratio"] == pytest.approx(-3.2998, abs=1e-3)
    assert r["status"] == "deterioration"
    # the period columns (2023-01..2023-06), not the note, make it a partial year
    assert r["latest_partial_year"] and r["provisional"]
    assert (r["latest_period_start"], r["latest_period_end"]) == ("2023-01", "2023-06")
    assert "covers Jan–Jun 2023 only (a partial year): the status is provisional" in r["note"]


def test_lower_better_falling_is_progress(tiny_ds):
    r = row(assess(tiny_ds), "beta", "pm")
    # observed (21/22)^(1/3) - 1 = -0.015387; required (20/22)^(1/5) - 1 = -0.0188815
    # R = d * obs / |req| = -1 * -0.015387 / 0.0188815 = 0.81493
    assert r["observed_annual_rate"] == pytest.approx(-0.015387, abs=1e-6)
    assert r["progress_ratio"] == pytest.approx(0.8149, abs=1e-4)
    assert r["status"] == "needs_acceleration" and r["provisional"]
    assert "covers Jan–Jun 2023 only (a partial year)" in r["note"]


def test_target_achieved_respects_comparator(tiny_ds):
    out = assess(tiny_ds)
    assert row(out, "alpha", "pass")["status"] == "target_achieved"  # 96.5 >= 96
    assert math.isnan(row(out, "alpha", "pass")["progress_ratio"])


def test_equal_baseline_moving_away_is_deterioration(tiny_ds):
    r = row(assess(tiny_ds), "alpha", "gb_b")  # hold 100 (=, higher better), latest 98
    assert r["status"] == "deterioration"
    assert math.isnan(r["progress_ratio"])  # R is -inf; kept empty for Excel/R users
    assert "required rate is 0" in r["note"]


def test_zero_baseline_replaced_by_0001(tiny_ds):
    r = row(assess(tiny_ds), "alpha", "intl")
    # observed (1/0.001)^(1/3) - 1 = 9; required (2/0.001)^(1/5) - 1 = 2000^0.2 - 1 = 3.573051
    # R = 9 / 3.573051 = 2.51886
    assert r["observed_annual_rate"] == pytest.approx(9.0)
    assert r["progress_ratio"] == pytest.approx(2.51886, abs=1e-5)
    assert r["status"] == "on_track"
    assert "0.001" in r["note"] and "baseline is 0" not in r["note"]


def test_flows_never_get_a_rate(tiny_ds):
    out = assess(tiny_ds)
    short = row(out, "alpha", "std_new")  # 150 of 300 additions so far
    assert short["status"] == "not_assessable"
    assert math.isnan(short["observed_annual_rate"]) and math.isnan(short["progress_ratio"])
    assert "flow" in short["note"]
    reached = row(out, "beta", "std_new")  # 13 additions against a target of 12
    assert reached["status"] == "target_achieved"


def test_non_numeric_target_not_assessable(tiny_ds):
    r = row(assess(tiny_ds), "alpha", "air")
    assert r["status"] == "not_assessable"
    assert "not a number (省定目标)" in r["note"]


def test_missing_baseline(tiny_ds):
    out = assess(tiny_ds)
    no_obs = row(out, "beta", "pat")
    assert no_obs["status"] == "not_assessable" and "no numeric baseline" in no_obs["note"]
    met = row(out, "beta", "pass")  # no baseline, but 97 (2023) >= 95 already
    assert met["status"] == "target_achieved"
    assert "no numeric baseline, but the 2023 value 97 already meets" in met["note"]
    # one rule for kinds: an observed row is never a baseline, even in the plan's own text
    # (the special fallback for Ruian's plan is gone); 99.2 (2020) >= 98 already
    air = row(out, "beta", "air")
    assert math.isnan(air["baseline_value"]) and air["status"] == "target_achieved"
    assert "no numeric baseline, but the 2020 value 99.2 already meets" in air["note"]
    assert "plan's own text" not in air["flag"]


def test_flow_without_baseline_ignores_earlier_additions(analytics_dataset):
    period = {"period_start": "2016-01", "period_end": "2020-12"}
    ds = analytics_dataset(
        observations=[
            ("alpha", "std_new", "target", 2025, "=", 10.0, "10", ""),
            ("alpha", "std_new", "observed", 2020, "=", 12.0, "12", "additions 2016–2020", period),
            ("beta", "std_new", "target", 2025, "=", 10.0, "10", ""),
            ("beta", "std_new", "baseline", 2020, "=", 12.0, "12", "", period),
            ("beta", "pass", "target", 2025, ">=", 95.0, "95", ""),
            ("beta", "pass", "observed", 2023, "=", 96.0, "96", ""),  # a level: counts unbaselined
        ]
    )
    out = assess(ds)
    flow = row(out, "alpha", "std_new")
    # an observed total of the previous period is not this plan's baseline (one rule for
    # kinds: the plan's statement of it is a baseline row) and cannot count as progress
    assert flow["status"] == "not_assessable" and pd.isna(flow["latest_year"])
    assert math.isnan(flow["baseline_value"]) and "were set aside" in flow["note"]
    # typed as a baseline with its period (as the curated data does), it is the baseline
    based = row(out, "beta", "std_new")
    assert based["baseline_value"] == 12.0 and based["status"] == "no_observation"
    assert not based["provisional"]  # a five-year total is not a partial year
    assert row(out, "beta", "pass")["status"] == "target_achieved"


def test_approximate_target_limited_progress(tiny_ds):
    r = row(assess(tiny_ds), "gamma", "gb_c")
    # observed (420/400)^(1/2) - 1 = 0.0246951; required 1.25^(1/5) - 1 = 0.0456395; R = 0.54109
    assert r["progress_ratio"] == pytest.approx(0.54109, abs=1e-5)
    assert r["status"] == "limited_progress"


def test_observations_in_or_before_base_year_ignored(tiny_ds):
    out = assess(tiny_ds)
    pat = row(out, "gamma", "pat")  # observed 2018 and 2020, baseline 2020
    assert pat["status"] == "no_observation" and pd.isna(pat["latest_year"])
    assert "no observation after the 2020 baseline" in pat["note"]
    assert row(out, "gamma", "pm")["status"] == "no_observation"


def test_prior_actual_counts_and_observed_wins_a_tie(analytics_dataset):
    ds = analytics_dataset(
        observations=[
            ("alpha", "pat", "baseline", 2019, "=", 4.0, "4", ""),
            ("alpha", "pat", "target", 2025, "=", 8.0, "8", ""),
            ("alpha", "pat", "prior_actual", 2020, "=", 4.4, "4.4", ""),
            ("beta", "pat", "baseline", 2019, "=", 4.0, "4", ""),
            ("beta", "pat", "target", 2025, "=", 8.0, "8", ""),
            ("beta", "pat", "prior_actual", 2020, "=", 4.4, "4.4", ""),
            ("beta", "pat", "observed", 2020, "=", 4.1, "4.1", ""),
        ]
    )
    out = assess(ds)
    a = row(out, "alpha", "pat")
    assert (a["latest_kind"], a["latest_value"]) == ("prior_actual", 4.4)
    assert "previous plan's result" in a["note"]
    # observed 4.4/4 - 1 = 0.1 over one year; required 2^(1/6) - 1 = 0.122462; R = 0.81658
    assert a["progress_ratio"] == pytest.approx(0.81658, abs=1e-5)
    b = row(out, "beta", "pat")
    assert (b["latest_kind"], b["latest_value"]) == ("observed", 4.1)


def test_opposite_signs_not_assessable(analytics_dataset):
    ds = analytics_dataset(
        observations=[
            ("alpha", "pat", "baseline", 2020, "=", -2.0, "-2", ""),
            ("alpha", "pat", "target", 2025, "=", 3.0, "3", ""),
            ("alpha", "pat", "observed", 2022, "=", 1.0, "1", ""),
        ]
    )
    r = row(assess(ds), "alpha", "pat")
    assert r["status"] == "not_assessable" and "opposite signs" in r["note"]


def test_thresholds_are_parameters(tiny_ds):
    lenient = assess(tiny_ds, thresholds=Thresholds(on_track=0.8, needs_acceleration=0.5))
    assert row(lenient, "alpha", "pat")["status"] == "on_track"  # R = 0.849
    assert row(lenient, "gamma", "gb_c")["status"] == "needs_acceleration"  # R = 0.541
    with pytest.raises(ValueError, match="thresholds"):
        Thresholds(on_track=0.5, needs_acceleration=0.6)


def test_status_from_ratio_boundaries():
    got = status_from_ratio(np.array([0.95, 0.9499, 0.60, 0.5999, 0.0, -1e-12, 7.0, np.nan]))
    assert list(got) == [
        "on_track",
        "needs_acceleration",
        "needs_acceleration",
        "limited_progress",
        "limited_progress",
        "deterioration",
        "on_track",
        "not_assessable",
    ]


def test_target_met_rules():
    value = [96, 95, 96, 95, 25, 27, 30, 30, np.nan]
    target = [96, 96, 96, 96, 26, 26, 30, 30, 1]
    comp = ["=", "=", ">=", "~", "=", "<=", ">=", ">=", ">="]
    higher = [True, True, True, True, False, False, False, True, True]
    assert list(target_met(value, target, comp, higher)) == [
        True,
        False,
        True,
        False,
        True,
        False,
        True,
        True,
        False,
    ]


def test_city_filter(tiny_ds):
    assert set(assess(tiny_ds, cities=["gamma"])["city_id"]) == {"gamma"}


# --- properties -----------------------------------------------------------------------------


def frame_of(b, x, t, by, xy, ty, higher, comparator, measure="level") -> pd.DataFrame:
    n = len(b)
    return pd.DataFrame(
        {
            "baseline_value": np.asarray(b, float),
            "latest_value": np.asarray(x, float),
            "target_value": np.asarray(t, float),
            "baseline_year": pd.array(by, dtype="Int64"),
            "latest_year": pd.array(xy, dtype="Int64"),
            "target_year": pd.array(ty, dtype="Int64"),
            "direction": np.where(np.asarray(higher, bool), "higher_better", "lower_better"),
            "measure": [measure] * n,
            "comparator": list(comparator),
            "target_text": ["t"] * n,
            "latest_kind": ["observed"] * n,
            "latest_period_start": [f"{y}-01" for y in xy],
            "latest_period_end": [f"{y}-12" for y in xy],
            "latest_partial_year": [False] * n,
            "trend": [""] * n,
        }
    )


MIRROR = {">=": "<=", "<=": ">=", "=": "=", "~": "~"}
positive = st.floats(min_value=0.01, max_value=1e4, allow_nan=False, allow_infinity=False)
value_or_zero = st.one_of(st.just(0.0), positive)


@st.composite
def cases(draw, values=positive):
    by = draw(st.integers(2010, 2022))
    return dict(
        b=draw(values),
        x=draw(values),
        t=draw(values),
        by=by,
        xy=by + draw(st.integers(1, 6)),
        ty=by + draw(st.integers(1, 10)),
        higher=draw(st.booleans()),
        comparator=draw(st.sampled_from(list(MIRROR))),
    )


def classify_one(c: dict) -> pd.Series:
    f = frame_of(
        [c["b"]],
        [c["x"]],
        [c["t"]],
        [c["by"]],
        [c["xy"]],
        [c["ty"]],
        [c["higher"]],
        [c["comparator"]],
    )
    return classify(f).iloc[0]


def mirrored(c: dict) -> dict:
    return {
        **c,
        "b": -c["b"],
        "x": -c["x"],
        "t": -c["t"],
        "higher": not c["higher"],
        "comparator": MIRROR[c["comparator"]],
    }


def same_number(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b, rel=1e-12)


@settings(max_examples=300, deadline=None)
@given(cases(values=value_or_zero))
def test_mirroring_lower_better_into_higher_better_keeps_status(c):
    """Negate values and flip direction and comparator: same status and same R (zeros too)."""
    original, mirror = classify_one(c), classify_one(mirrored(c))
    assert original["status"] == mirror["status"]
    assert same_number(original["progress_ratio"], mirror["progress_ratio"])


@settings(max_examples=300, deadline=None)
@given(cases(), st.integers(-10, 10))
def test_status_invariant_to_positive_scaling(c, k):
    """Multiply every value by 2**k (exact in floating point): same status and R."""
    scale = 2.0**k
    scaled = {**c, "b": c["b"] * scale, "x": c["x"] * scale, "t": c["t"] * scale}
    original, other = classify_one(c), classify_one(scaled)
    assert original["status"] == other["status"]
    assert same_number(original["progress_ratio"], other["progress_ratio"])


@settings(max_examples=200, deadline=None)
@given(cases(), st.floats(min_value=0.001, max_value=1000))
def test_ratio_invariant_to_any_positive_scaling(c, scale):
    """For any positive constant R is unchanged up to rounding."""
    scaled = {**c, "b": c["b"] * scale, "x": c["x"] * scale, "t": c["t"] * scale}
    a, b = classify_one(c)["progress_ratio"], classify_one(scaled)["progress_ratio"]
    assert (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b, rel=1e-6, abs=1e-9)


@settings(max_examples=300, deadline=None)
@given(cases())
def test_achieved_exactly_when_the_target_is_met(c):
    got = classify_one(c)
    assert (got["status"] == "target_achieved") == bool(
        target_met([c["x"]], [c["t"]], [c["comparator"]], [c["higher"]])[0]
    )


@settings(max_examples=300, deadline=None)
@given(cases())
def test_moving_away_from_the_target_is_deterioration(c):
    """Target ahead of the baseline in the desired direction, latest behind it: deterioration."""
    d = 1 if c["higher"] else -1
    if not (d * (c["t"] - c["b"]) > 0 and d * (c["x"] - c["b"]) < 0):
        return
    c = {**c, "comparator": "="}
    assert classify_one(c)["status"] == "deterioration"


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(c=cases())
def test_mirror_holds_through_the_dataset_path(analytics_dataset, c):
    """Same property through assess(): catalog join, latest-observation selection and all."""

    def ds_for(case):
        direction = "higher_better" if case["higher"] else "lower_better"
        indicators = [("v", "u", direction, "product", "level", "v", "d")]
        obs = [
            ("alpha", "v", "baseline", case["by"], "=", case["b"], "b", ""),
            ("alpha", "v", "target", case["ty"], case["comparator"], case["t"], "t", ""),
            ("alpha", "v", "observed", case["xy"], "=", case["x"], "x", ""),
        ]
        return analytics_dataset(observations=obs, indicators=indicators)

    a, m = assess(ds_for(c)).iloc[0], assess(ds_for(mirrored(c))).iloc[0]
    assert a["status"] == m["status"]
    assert same_number(a["progress_ratio"], m["progress_ratio"])


# --- real data ------------------------------------------------------------------------------


def test_real_ruian_air_targets_already_met_partial_year(real_ds):
    out = assess(real_ds, cities="ruian")
    pm = row(out, "ruian", "env_pm25")  # ceiling 25, 2023 (Jan–Nov) 21
    assert (pm["latest_year"], pm["latest_value"], pm["status"]) == (2023, 21, "target_achieved")
    # both clauses of "持续下降,稳定到25": ≤25 and below the 2020 baseline 22; provisional
    assert (pm["trend"], pm["level_status"], pm["trend_status"]) == (
        "keep_falling",
        "target_achieved",
        "held",
    )
    assert (pm["baseline_year"], pm["baseline_value"]) == (2020, 22)  # a baseline row now
    assert pm["provisional"]
    assert (pm["latest_period_start"], pm["latest_period_end"]) == ("2023-01", "2023-11")
    assert "covers Jan–Nov 2023 only (a partial year)" in pm["note"]
    air = row(out, "ruian", "env_good_air_days_ratio")  # >= 95, 2023 (Jan–Nov) 99.7
    assert (air["latest_value"], air["status"], air["provisional"]) == (
        99.7,
        "target_achieved",
        True,
    )


def test_real_wenzhou(real_ds):
    out = assess(real_ds, cities="wenzhou")
    assert row(out, "wenzhou", "env_good_air_days_ratio")["status"] == "not_assessable"
    pm = row(out, "wenzhou", "env_pm25")
    # no observation of Wenzhou PM2.5 after 2020 in the sources
    assert pm["status"] == "no_observation"


def test_flow_without_any_baseline_sets_aside_additions_of_an_unknown_period(analytics_dataset):
    ds = analytics_dataset(
        observations=[
            ("alpha", "std_new", "target", 2025, "=", 10.0, "10", ""),
            ("alpha", "std_new", "observed", 2023, "=", 12.0, "12", "additions, period unstated"),
        ]
    )
    flow = row(assess(ds), "alpha", "std_new")
    assert flow["status"] == "not_assessable" and pd.isna(flow["latest_year"])
    assert "flow without a baseline" in flow["note"] and "set aside" in flow["note"]


# --- data model v2: trend clauses, partial years, areas --------------------------------------


def test_trend_check_each_clause():
    from qcompare.analysis.progress import trend_check

    out = trend_check(
        ["keep_falling", "keep_rising", "hold", "hold", "", "keep_falling"],
        [22, 10, 100, 30, 5, 22],
        [21, 10, 100, 31, 6, np.nan],
        [False, True, True, False, True, False],
    )
    # 21 < 22 falls; 10 is not above 10; 100 holds 100; 31 is worse than 30 where lower is
    # better; no clause; no latest value
    assert list(out) == ["held", "not_held", "held", "not_held", "", "not_assessable"]


def test_two_clause_target_met_on_both_is_achieved_and_provisional(v2_ds):
    # beta dust: "持续下降,稳定到25", 2020 baseline 22, latest 21 for Jan–Nov 2023 (Ruian's PM2.5)
    r = row(assess(v2_ds), "beta", "dust")
    assert (r["trend"], r["comparator"], r["target_value"]) == ("keep_falling", "<=", 25)
    assert (r["level_status"], r["trend_status"], r["status"]) == (
        "target_achieved",
        "held",
        "target_achieved",
    )
    assert r["provisional"]
    assert "level clause (≤25) met" in r["note"]
    assert (
        "trend clause (keep falling) holds: 21 in Jan–Nov 2023 against the 2020 baseline 22"
        in (r["note"])
    )
    assert "covers Jan–Nov 2023 only (a partial year): the status is provisional" in r["note"]


def test_two_clause_target_met_on_the_level_only_is_not_achieved(v2_ds):
    out = assess(v2_ds)
    # gamma dust: 23 (2023) <= 25 meets the level, but 23 > 22 did not keep falling
    g = row(out, "gamma", "dust")
    assert (g["level_status"], g["trend_status"], g["status"]) == (
        "target_achieved",
        "not_held",
        "deterioration",
    )
    assert not g["provisional"]
    assert (
        "trend clause (keep falling) does not hold: 23 in 2023 against the 2020 baseline 22"
        in (g["note"])
    )
    assert "the target needs both clauses, so it is not achieved" in g["note"]
    # alpha dust: 20 (2022) meets the level, but without a baseline the trend cannot be checked
    a = row(out, "alpha", "dust")
    assert (a["level_status"], a["trend_status"], a["status"]) == (
        "target_achieved",
        "not_assessable",
        "not_assessable",
    )
    assert "trend clause (keep falling) cannot be checked: no numeric baseline" in a["note"]


def test_trend_only_target_is_on_track_while_it_holds(analytics_dataset):
    ds = analytics_dataset(
        observations=[
            ("alpha", "pm", "baseline", 2020, "=", 30, "30", ""),
            ("alpha", "pm", "target", 2025, "", np.nan, "持续下降", "", {"trend": "keep_falling"}),
            ("alpha", "pm", "observed", 2022, "=", 28, "28", ""),
            ("beta", "pm", "baseline", 2020, "=", 30, "30", ""),
            ("beta", "pm", "target", 2025, "", np.nan, "持续下降", "", {"trend": "keep_falling"}),
            ("beta", "pm", "observed", 2022, "=", 30, "30", ""),
        ]
    )
    out = assess(ds)
    assert row(out, "alpha", "pm")["status"] == "on_track"  # 28 < 30
    assert row(out, "beta", "pm")["status"] == "limited_progress"  # 30: no fall, no rise
    assert "target is the trend clause alone (持续下降)" in row(out, "alpha", "pm")["note"]


def test_no_status_without_trend_is_changed_by_the_trend_columns(tiny_ds, v2_ds):
    # tiny_ds has no trend clause: status is the level status everywhere
    out = assess(tiny_ds)
    assert (out["status"] == out["level_status"]).all() and (out["trend_status"] == "").all()
    # and v2_ds's extra rows leave tiny_ds's statuses as they were
    both = assess(v2_ds).merge(out, on=["city_id", "indicator_id", "area_id"])
    assert (both["status_x"] == both["status_y"]).all()


def test_provisional_only_when_the_status_rests_on_a_partial_year(tiny_ds):
    out = assess(tiny_ds)
    marked = out.loc[out["provisional"]]
    provisional = set(zip(marked["city_id"], marked["indicator_id"], strict=True))
    assert provisional == {("alpha", "pm"), ("beta", "pm")}  # the Jan–Jun 2023 values


def test_latest_observation_of_the_target_area_only(analytics_dataset):
    ds = analytics_dataset(
        observations=[
            ("alpha", "pm", "baseline", 2020, "=", 25, "25", "", {"area_id": "alpha_urban"}),
            ("alpha", "pm", "target", 2025, "<=", 24, "24", "", {"area_id": "alpha_urban"}),
            ("alpha", "pm", "observed", 2023, "=", 20, "20", ""),  # the whole city, not urban
        ]
    )
    r = row(assess(ds), "alpha", "pm")
    assert r["area_id"] == "alpha_urban" and r["status"] == "no_observation"
