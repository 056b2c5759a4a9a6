"""qcompare.analysis.track_record: the previous plan's targets against its results."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from qcompare.analysis.track_record import RECORD_COLUMNS, attainment, track_record


def row(frame: pd.DataFrame, city: str, indicator: str) -> pd.Series:
    found = frame.loc[(frame["city_id"] == city) & (frame["indicator_id"] == indicator)]
    assert len(found) == 1
    return found.iloc[0]


def test_met_is_direction_aware(tiny_ds):
    rec = track_record(tiny_ds)
    assert list(rec.columns) == RECORD_COLUMNS
    assert len(rec) == 6
    assert row(rec, "alpha", "pm")["met"]  # ceiling 35, actual 25 (lower better)
    assert row(rec, "beta", "pm")["met"]  # ceiling 25, actual 22
    assert row(rec, "alpha", "pass")["met"]  # = 95, actual 95: reached
    assert not row(rec, "alpha", "pat")["met"]  # = 5, actual 4.2
    assert not row(rec, "alpha", "intl")["met"]  # = 1, actual 0


def test_non_numeric_prior_target_gives_na(tiny_ds):
    air = row(track_record(tiny_ds), "alpha", "air")
    assert pd.isna(air["met"]) and math.isnan(air["prior_target"])
    assert air["prior_actual"] == 97
    assert "prior target is not a number (持续改善)" in air["note"]


def test_missing_side_gives_na_with_note(analytics_dataset):
    ds = analytics_dataset(
        observations=[
            ("alpha", "pat", "prior_target", 2020, "=", 5.0, "5", ""),
            ("beta", "pat", "prior_actual", 2020, "=", 5.0, "5", ""),
            ("gamma", "pm", "prior_target", 2020, "=", 30.0, "30", ""),
            ("gamma", "pm", "prior_actual", 2020, "=", 31.0, "31", ""),  # "=" on lower better
            ("gamma", "pat", "prior_target", 2020, ">=", 5.0, "5以上", ""),
            ("gamma", "pat", "prior_actual", 2020, "", float("nan"), "基本完成", ""),
        ]
    )
    rec = track_record(ds)
    assert pd.isna(row(rec, "alpha", "pat")["met"])
    assert row(rec, "alpha", "pat")["note"] == "no prior result stated"
    assert pd.isna(row(rec, "beta", "pat")["met"])
    assert row(rec, "beta", "pat")["note"] == "no prior target stated"
    assert not row(rec, "gamma", "pm")["met"]  # 31 above a level of 30: not met
    assert pd.isna(row(rec, "gamma", "pat")["met"])
    assert "prior result is not a number (基本完成)" in row(rec, "gamma", "pat")["note"]


def test_attainment_per_city_and_theme(tiny_ds):
    att = attainment(tiny_ds)
    got = {
        (r.city_id, r.theme): (r.n_indicators, r.n_assessed, r.n_met, r.attainment_rate)
        for r in att.itertuples()
    }
    assert got == {
        ("alpha", "environment"): (2, 1, 1, 1.0),  # pm met; air not assessable
        ("alpha", "innovation"): (1, 1, 0, 0.0),
        ("alpha", "product"): (1, 1, 1, 1.0),
        ("alpha", "standards"): (1, 1, 0, 0.0),
        ("beta", "environment"): (1, 1, 1, 1.0),
    }


def test_attainment_per_city_and_errors(tiny_ds):
    att = attainment(tiny_ds, by="city_id").set_index("city_id")
    assert att.loc["alpha", "attainment_rate"] == pytest.approx(2 / 4)
    assert att.loc["beta", "attainment_rate"] == 1.0
    with pytest.raises(KeyError, match="province"):
        attainment(tiny_ds, by=["province"])


def test_attainment_empty_when_nothing_assessable(analytics_dataset):
    ds = analytics_dataset(
        observations=[
            ("alpha", "air", "prior_target", 2020, "", float("nan"), "持续改善", ""),
            ("alpha", "air", "prior_actual", 2020, "=", 97.0, "97", ""),
        ]
    )
    att = attainment(ds, by="city_id")
    assert att.loc[0, "n_assessed"] == 0 and math.isnan(att.loc[0, "attainment_rate"])


def test_city_filter(tiny_ds):
    assert set(track_record(tiny_ds, cities="beta")["city_id"]) == {"beta"}


# --- real data ------------------------------------------------------------------------------


def test_real_wenzhou_previous_plan(real_ds):
    """Hand count from Table 1 of the Wenzhou plan (规划目标 vs 完成情况, 26 rows): not met are
    international standards 1/0, green-building local standards 1/0, building-industrialisation
    local standards 1/0, service brands 30/4, building-industrialisation demo enterprises 2/1,
    national demo projects 1/0, national famous-brand demo zones 4/3(在建2个), Wenzhou
    quality-product demo zones 17/12: 8 of 26, so 18 met, 18/26 = 0.6923."""
    rec = track_record(real_ds, cities="wenzhou")
    assert row(rec, "wenzhou", "prod_mfg_quality_pass_rate")["met"]  # 95 vs 95
    assert not row(rec, "wenzhou", "std_intl_standards_led")["met"]  # 1 vs 0
    assert row(rec, "wenzhou", "svc_quality_satisfaction_pct")["met"]  # 85 vs 87.14
    att = attainment(real_ds, by="city_id", record=rec).set_index("city_id")
    assert att.loc["wenzhou", "n_indicators"] == 26
    assert att.loc["wenzhou", "n_met"] == 18
    assert att.loc["wenzhou", "attainment_rate"] == pytest.approx(18 / 26)
