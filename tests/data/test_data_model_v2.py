"""The v2 data contract on the real data: area, period, trend, one rule for kinds."""

from __future__ import annotations

import pandas as pd
import pytest

from qcompare.data.validation import with_defaults


@pytest.fixture(scope="module")
def ds():
    import qcompare

    return qcompare.load(use_cache=False)


def test_every_observation_says_its_area_and_period(ds):
    o = ds.observations
    assert o["area_id"].ne("").all()
    assert o["period_start"].str.fullmatch(r"\d{4}-\d{2}").all()
    assert o["period_end"].str.fullmatch(r"\d{4}-\d{2}").all()
    assert o["partial_year"].dtype == bool
    whole = o["area_id"] == o["city_id"]
    areas = ds.areas.set_index("area_id")
    assert (
        areas.loc[o.loc[~whole, "area_id"], "city_id"].to_numpy() == o.loc[~whole, "city_id"]
    ).all()


def test_partial_year_is_ruians_january_to_november_2023(ds):
    part = ds.observations[ds.observations["partial_year"]]
    assert set(part["city_id"]) == {"ruian"}
    assert set(zip(part["period_start"], part["period_end"], strict=True)) == {
        ("2023-01", "2023-11")
    }
    assert {"env_pm25", "env_pm10", "env_good_air_days_ratio"} <= set(part["indicator_id"])


def test_ruians_plan_states_baselines_not_2020_observations(ds):
    ruian = ds.obs(city_id="ruian")
    plan = ruian[ruian["source_id"] == "ruian_plan_2021"]
    assert not ((plan["kind"] == "observed") & (plan["year"] == 2020)).any()
    pm = ds.obs("ruian", "env_pm25", "baseline")
    assert pm["value"].tolist() == [22.0]


def test_five_year_totals_are_flows_with_their_period(ds):
    o = ds.observations_with_catalog()
    totals = o[(o["period_start"] == "2016-01") & (o["period_end"] == "2020-12")]
    assert len(totals) >= 30
    assert set(totals["measure"]) <= {"flow", "level"}  # level: a rank over the period
    ruian = totals[totals["city_id"] == "ruian"].set_index("indicator_id")
    assert ruian.loc["eng_oujiang_cup_awards_new", "value"] == 16
    assert ruian.loc["std_national_standards_led_new", "value"] == 5
    assert ruian.loc["brand_pinzibiao_enterprises_new", "value"] == 40
    flows = totals[totals["unit"] != "rank"]
    assert set(flows["measure"]) == {"flow"}


def test_ruians_pm25_target_keeps_both_clauses(ds):
    t = ds.obs("ruian", "env_pm25", "target").iloc[0]
    assert (t["value"], t["comparator"], t["trend"]) == (25.0, "<=", "keep_falling")


def test_wenzhous_star_rated_green_buildings_are_one_indicator_with_two_areas(ds):
    t = ds.obs("wenzhou", "eng_star_green_building_share_new_buildings", "target")
    assert dict(zip(t["area_id"], t["value"], strict=True)) == {
        "wenzhou_urban": 20.0,
        "wenzhou_counties": 12.0,
    }
    assert "eng_star_green_building_share_new_buildings_other_counties" not in set(
        ds.indicators["indicator_id"]
    )


def test_wenzhous_air_quality_is_the_city_proper(ds):
    for indicator in ("env_pm25", "env_good_air_days_ratio"):
        assert set(ds.obs("wenzhou", indicator)["area_id"]) == {"wenzhou_urban"}


def test_qualifiers_follow_the_text_when_it_agrees_with_the_table(ds):
    got = {
        i: ds.obs("wenzhou", i, "target")["comparator"].iloc[0]
        for i in (
            "brand_pinzibiao_enterprises_new",
            "eng_prefab_share_new_buildings",
            "svc_modern_service_innovation_zones",
        )
    }
    assert got == {
        "brand_pinzibiao_enterprises_new": ">=",
        "eng_prefab_share_new_buildings": ">=",
        "svc_modern_service_innovation_zones": "~",
    }


def test_ranks_are_lower_better_observations(ds):
    ranks = ds.indicators[ds.indicators["unit"] == "rank"]
    assert set(ranks["direction"]) == {"lower_better"}
    used = ds.observations[ds.observations["indicator_id"].isin(ranks["indicator_id"])]
    assert {"第36位", "前10"} <= set(used["value_text"])


def test_quanzhou_keeps_its_non_numeric_targets(ds):
    q = ds.obs("quanzhou", kind="target")
    words = set(q.loc[q["value"].isna(), "value_text"])
    assert {"全面", "普遍覆蓋", "一批"} <= words


@pytest.mark.parametrize(
    ("start", "end", "year", "partial"),
    [
        ("2023-01", "2023-11", 2023, True),
        ("2016-01", "2020-12", 2020, False),
        ("", "", 2020, False),
        ("2023-03", "2023-12", 2023, True),
    ],
)
def test_with_defaults_fills_area_and_period_and_flags_partial_years(start, end, year, partial):
    row = pd.DataFrame(
        {
            "city_id": ["ruian"],
            "area_id": [""],
            "year": [year],
            "period_start": [start],
            "period_end": [end],
        }
    )
    out = with_defaults(row).iloc[0]
    assert out["area_id"] == "ruian"
    assert out["period_start"] == (start or f"{year}-01")
    assert out["period_end"] == (end or f"{year}-12")
    assert bool(out["partial_year"]) is partial
