"""qcompare.analysis.ambition: required change and annual rate, with hand-computed expectations."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from qcompare.analysis.ambition import AMBITION_COLUMNS, ambition, target_pairs


def row(frame: pd.DataFrame, city: str, indicator: str) -> pd.Series:
    found = frame.loc[(frame["city_id"] == city) & (frame["indicator_id"] == indicator)]
    assert len(found) == 1, f"expected one row for {city}/{indicator}, got {len(found)}"
    return found.iloc[0]


def test_columns_and_rows_only_numeric_pairs(tiny_ds):
    amb = ambition(tiny_ds)
    assert list(amb.columns) == AMBITION_COLUMNS
    keys = set(zip(amb["city_id"], amb["indicator_id"], strict=True))
    # numeric baseline and target: alpha pm pat pass gb_b std_new intl, beta pm std_new,
    # gamma pm pat gb_c (beta air has only an observed 2020 value: not a baseline)
    assert keys == {
        ("alpha", "pm"),
        ("alpha", "pat"),
        ("alpha", "pass"),
        ("alpha", "gb_b"),
        ("alpha", "std_new"),
        ("alpha", "intl"),
        ("beta", "pm"),
        ("beta", "std_new"),
        ("gamma", "pm"),
        ("gamma", "pat"),
        ("gamma", "gb_c"),
    }
    # non-numeric target (alpha air) and missing baseline (beta pass) are not ambition rows
    assert ("alpha", "air") not in keys and ("beta", "pass") not in keys


def test_rate_is_a_fraction_patents(tiny_ds):
    r = row(ambition(tiny_ds), "alpha", "pat")
    assert r["required_change"] == pytest.approx(5.5)  # 9.7 - 4.2
    assert r["relative_change"] == pytest.approx(1.309524, abs=1e-6)  # 5.5 / 4.2
    # (9.7 / 4.2) ** (1/5) - 1: ln 2.309524 = 0.837043, / 5 = 0.167409, exp = 1.182237
    assert r["required_annual_rate"] == pytest.approx(0.182237, abs=1e-6)
    assert not r["looser_than_baseline"]
    assert r["flag"] == ""


def test_lower_better_target_looser_than_baseline_is_flagged(tiny_ds):
    r = row(ambition(tiny_ds), "alpha", "pm")
    assert r["direction"] == "lower_better"
    assert r["required_change"] == pytest.approx(1.0)  # ceiling 26 - level 25
    assert r["relative_change"] == pytest.approx(0.04)  # 1 / 25
    # 1.04 ** 0.2 - 1: ln 1.04 = 0.039221, / 5 = 0.0078441, exp - 1 = 0.0078749
    assert r["required_annual_rate"] == pytest.approx(0.0078749, abs=1e-7)
    assert r["looser_than_baseline"]
    assert "looser than its baseline" in r["flag"] and "<= 26" in r["flag"]
    assert "2020 baseline 25" in r["flag"] and "lower is better" in r["flag"]


def test_lower_better_stricter_target_is_a_negative_rate(tiny_ds):
    r = row(ambition(tiny_ds), "beta", "pm")
    assert r["required_change"] == pytest.approx(-2.0)
    assert r["relative_change"] == pytest.approx(-2 / 22)
    # (20/22) ** 0.2 - 1: ln 0.909091 = -0.0953102, / 5 = -0.0190620, exp - 1 = -0.0188815
    assert r["required_annual_rate"] == pytest.approx(-0.0188815, abs=1e-7)
    assert not r["looser_than_baseline"]
    assert r["flag"] == ""


def test_equal_baseline_holds_the_level(tiny_ds):
    r = row(ambition(tiny_ds), "alpha", "gb_b")
    assert r["required_change"] == 0
    assert r["relative_change"] == 0
    assert r["required_annual_rate"] == 0
    assert not r["looser_than_baseline"]
    assert "equals the 2020 baseline 100" in r["flag"]


def test_zero_baseline_rate_undefined_no_division_by_zero(tiny_ds):
    r = row(ambition(tiny_ds), "alpha", "intl")
    assert r["required_change"] == 2
    assert math.isnan(r["relative_change"])
    assert math.isnan(r["required_annual_rate"])
    assert "baseline is 0" in r["flag"]


def test_flow_has_no_rate_and_says_why(tiny_ds):
    r = row(ambition(tiny_ds), "alpha", "std_new")
    assert r["measure"] == "flow"
    assert r["required_change"] == 66  # 300 - 234
    assert r["relative_change"] == pytest.approx(66 / 234)
    assert math.isnan(r["required_annual_rate"])
    assert "flow" in r["flag"] and "新增" in r["flag"] and "growth rate from a level" in r["flag"]


def test_flow_with_fewer_additions_than_the_baseline_period(analytics_dataset):
    ds = analytics_dataset(
        observations=[
            ("alpha", "std_new", "baseline", 2020, "=", 33.0, "33", ""),
            ("alpha", "std_new", "target", 2025, "=", 10.0, "10", ""),
        ]
    )
    r = row(ambition(ds), "alpha", "std_new")
    assert r["looser_than_baseline"] and r["required_change"] == -23
    assert "10 additions planned vs 33 in the period up to the 2020 baseline" in r["flag"]
    assert "already met" not in r["flag"]


def test_last_target_year_used_and_others_named(tiny_ds):
    r = row(ambition(tiny_ds), "gamma", "pm")
    assert r["target_year"] == 2025 and r["target_value"] == 28
    # (28/30) ** 0.2 - 1: ln 0.933333 = -0.0689929, / 5 = -0.0137986, exp - 1 = -0.0137038
    assert r["required_annual_rate"] == pytest.approx(-0.0137038, abs=1e-7)
    assert "also sets targets for 2023" in r["flag"]


def test_approximate_target_rate(tiny_ds):
    r = row(ambition(tiny_ds), "gamma", "gb_c")
    assert r["comparator"] == "~"
    # 1.25 ** 0.2 - 1 = 0.0456395
    assert r["required_annual_rate"] == pytest.approx(0.0456395, abs=1e-7)


def test_city_filter_and_unknown_city(tiny_ds):
    amb = ambition(tiny_ds, cities="beta")
    assert set(amb["city_id"]) == {"beta"} and len(amb) == 2
    with pytest.raises(KeyError, match="nowhere"):
        ambition(tiny_ds, cities=["nowhere"])


def test_target_pairs_baseline_must_precede_target(analytics_dataset):
    ds = analytics_dataset(
        observations=[
            ("alpha", "pat", "baseline", 2019, "=", 3.0, "3", ""),
            ("alpha", "pat", "baseline", 2020, "=", 4.0, "4", ""),
            ("alpha", "pat", "baseline", 2025, "=", 9.0, "9", ""),  # not before the target
            ("alpha", "pat", "target", 2025, "=", 8.0, "8", ""),
            ("beta", "pat", "baseline", 2025, "=", 9.0, "9", ""),  # only a same-year baseline
            ("beta", "pat", "target", 2025, "=", 8.0, "8", ""),
        ]
    )
    pairs = target_pairs(ds)
    a = row(pairs, "alpha", "pat")
    assert a["baseline_year"] == 2020 and a["baseline_value"] == 4.0  # latest before 2025
    b = row(pairs, "beta", "pat")
    assert pd.isna(b["baseline_year"]) and math.isnan(b["baseline_value"])
    assert list(ambition(ds)["city_id"]) == ["alpha"]


def test_negative_and_opposite_sign_values(analytics_dataset):
    ds = analytics_dataset(
        observations=[
            ("alpha", "pat", "baseline", 2020, "=", -4.0, "-4", ""),
            ("alpha", "pat", "target", 2025, "=", -2.0, "-2", ""),
            ("beta", "pat", "baseline", 2020, "=", -4.0, "-4", ""),
            ("beta", "pat", "target", 2025, "=", 2.0, "2", ""),
            ("gamma", "pm", "baseline", 2020, "=", 4.0, "4", ""),
            ("gamma", "pm", "target", 2025, "<=", 0.0, "0", ""),
        ]
    )
    amb = ambition(ds)
    neg = row(amb, "alpha", "pat")
    assert neg["relative_change"] == pytest.approx(0.5)  # +2 / |-4|
    assert neg["required_annual_rate"] == pytest.approx(0.5**0.2 - 1)  # -0.129449
    assert neg["required_annual_rate"] == pytest.approx(-0.129449, abs=1e-6)
    mixed = row(amb, "beta", "pat")
    assert math.isnan(mixed["required_annual_rate"]) and "opposite signs" in mixed["flag"]
    to_zero = row(amb, "gamma", "pm")  # a lower-better target of 0
    assert to_zero["required_annual_rate"] == pytest.approx(-1.0)
    assert to_zero["flag"] == ""


# --- real data ------------------------------------------------------------------------------


def test_real_wenzhou_pm25_looser_than_baseline(real_ds):
    r = row(ambition(real_ds, cities="wenzhou"), "wenzhou", "env_pm25")
    assert (r["baseline_value"], r["target_value"], r["comparator"]) == (25, 26, "<=")
    assert r["looser_than_baseline"]
    assert "looser than its baseline" in r["flag"]
    assert r["required_annual_rate"] == pytest.approx(0.0078749, abs=1e-7)


def test_real_wenzhou_rates(real_ds):
    amb = ambition(real_ds, cities="wenzhou")
    # patents 4.2 -> 9.7 over 2020-2025: (9.7/4.2)^(1/5) - 1 = 0.182237
    assert row(amb, "wenzhou", "inn_hv_invention_patents_per_10k")[
        "required_annual_rate"
    ] == pytest.approx(0.1822, abs=1e-4)
    # prefab share 30 -> 35: 1.166667 ** 0.2 - 1 = 0.031310
    prefab = row(amb, "wenzhou", "eng_prefab_share_new_buildings")
    assert prefab["required_annual_rate"] == pytest.approx(0.0313, abs=1e-4)
    assert prefab["required_change"] == 5
    # manufacturing pass rate 95 -> >=96: (96/95)^(1/5) - 1 = 0.002096
    assert row(amb, "wenzhou", "prod_mfg_quality_pass_rate")[
        "required_annual_rate"
    ] == pytest.approx(0.002096, abs=1e-6)


def test_only_baseline_rows_are_baselines(tiny_ds):
    # one rule for kinds (data/raw/README.md): a level the plan states for its base year is
    # typed `baseline`; an `observed` row is never taken as one, even from the plan's own
    # text (beta's plan states 99.2 for 2020 as an observation: beta air has no baseline)
    pairs = target_pairs(tiny_ds)
    r = row(pairs, "beta", "air")
    assert pd.isna(r["baseline_year"]) and math.isnan(r["baseline_value"])
    assert "baseline_from_plan_text" not in pairs.columns
    assert ("beta", "air") not in set(
        zip(ambition(tiny_ds)["city_id"], ambition(tiny_ds)["indicator_id"], strict=True)
    )


def test_baseline_and_target_of_the_same_area(v2_ds):
    pairs = target_pairs(v2_ds)
    pm = row(pairs, "alpha", "pm")
    assert pm["area_id"] == "alpha_urban" and pm["baseline_value"] == 25.0
    star = pairs.loc[(pairs["city_id"] == "alpha") & (pairs["indicator_id"] == "star")]
    # one indicator, two areas: two targets, neither shadowing the other
    assert sorted(zip(star["area_id"], star["target_value"], strict=True)) == [
        ("alpha_counties", 12.0),
        ("alpha_urban", 20.0),
    ]
    assert (star["other_target_years"] == "").all()


def test_plan_date_and_horizon(tiny_ds):
    pairs = target_pairs(tiny_ds)
    # alpha's and beta's plans are dated 2021 (targets 2025: 4 years), gamma's scheme 2024
    assert (
        row(pairs, "alpha", "pat")["plan_date"],
        row(pairs, "alpha", "pat")["horizon_years"],
    ) == (
        "2021",
        4,
    )
    assert row(pairs, "gamma", "pm")["horizon_years"] == 1
