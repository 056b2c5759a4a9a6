"""qcompare.analysis.alignment: a county-level city's targets against its prefecture's."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from qcompare.analysis.alignment import ALIGNMENT_COLUMNS, alignment, all_alignments


def row(frame: pd.DataFrame, indicator: str, parent_indicator: str | None = None) -> pd.Series:
    parent_indicator = parent_indicator or indicator
    found = frame.loc[
        (frame["indicator_id"] == indicator) & (frame["parent_indicator_id"] == parent_indicator)
    ]
    assert len(found) == 1
    return found.iloc[0]


def test_parent_from_cities_and_verdicts(tiny_ds):
    al = alignment(tiny_ds, child="beta")
    assert list(al.columns) == ALIGNMENT_COLUMNS
    assert set(al["parent_id"]) == {"alpha"} and set(al["child_id"]) == {"beta"}
    assert len(al) == 6
    pm = row(al, "pm")  # ceiling 20 vs 26, lower better
    assert (pm["verdict"], pm["margin"]) == ("stricter", 6)
    pat = row(al, "pat")  # 9.7 vs 9.7
    assert (pat["verdict"], pat["margin"]) == ("same", 0)
    pas = row(al, "pass")  # >=95 vs >=96, higher better
    assert (pas["verdict"], pas["margin"]) == ("looser", -1)


def test_not_comparable_with_reasons(tiny_ds):
    al = alignment(tiny_ds, child="beta")
    air = row(al, "air")
    assert air["verdict"] == "not_comparable" and math.isnan(air["margin"])
    assert air["reason"] == "parent target is not a number (省定目标)"
    gb = row(al, "gb_a", "gb_b")
    assert gb["verdict"] == "not_comparable"
    assert "different definitions in family gb" in gb["reason"]
    assert "new urban civil buildings" in gb["reason"] and "all new buildings" in gb["reason"]
    flow = row(al, "std_new")  # 12 vs 300 additions: a count, scales with size
    assert flow["verdict"] == "not_comparable" and "scales with the city's size" in flow["reason"]


def test_explicit_parent(tiny_ds):
    al = alignment(tiny_ds, child="gamma", parent="alpha")
    assert len(al) == 3
    assert (row(al, "pm")["verdict"], row(al, "pm")["margin"]) == ("looser", -2)  # 28 vs 26
    assert row(al, "pat")["margin"] == pytest.approx(-5.2)  # 4.5 vs 9.7
    gb = row(al, "gb_c", "gb_b")
    assert gb["verdict"] == "not_comparable" and "different definitions" in gb["reason"]


def test_target_years_and_approximate_targets_noted(analytics_dataset):
    ds = analytics_dataset(
        observations=[
            ("beta", "pm", "target", 2027, "~", 24.0, "24左右", ""),
            ("alpha", "pm", "target", 2025, "<=", 26.0, "≤ 26", ""),
        ]
    )
    pm = alignment(ds, child="beta").iloc[0]
    assert pm["verdict"] == "stricter" and pm["margin"] == 2
    assert "target years differ: child 2027, parent 2025" in pm["reason"]
    assert "approximate" in pm["reason"]


def test_errors(tiny_ds):
    with pytest.raises(ValueError, match="no parent_id"):
        alignment(tiny_ds, child="alpha")
    with pytest.raises(KeyError):
        alignment(tiny_ds, child="nowhere")
    with pytest.raises(ValueError, match="itself"):
        alignment(tiny_ds, child="alpha", parent="alpha")


def test_no_common_indicator_gives_an_empty_table(analytics_dataset):
    ds = analytics_dataset(
        observations=[
            ("beta", "pm", "target", 2025, "<=", 24.0, "24", ""),
            ("alpha", "pat", "target", 2025, "=", 9.7, "9.7", ""),
        ]
    )
    al = alignment(ds, child="beta")
    assert al.empty and list(al.columns) == ALIGNMENT_COLUMNS


def test_all_alignments_stacks_every_child(tiny_ds):
    stacked = all_alignments(tiny_ds)
    assert set(stacked["child_id"]) == {"beta"} and len(stacked) == 6


# --- real data ------------------------------------------------------------------------------


def test_real_ruian_against_wenzhou(real_ds):
    al = alignment(real_ds)  # child ruian, parent from cities.csv
    assert set(al["parent_id"]) == {"wenzhou"}
    prefab = row(al, "eng_prefab_share_new_buildings")  # >=30 vs 35
    assert (prefab["verdict"], prefab["margin"]) == ("looser", -5)
    pm = row(al, "env_pm25")  # <=25 vs <=26, lower better
    assert (pm["verdict"], pm["margin"]) == ("stricter", 1)
    air = row(al, "env_good_air_days_ratio")  # >=95 vs 省定目标
    assert air["verdict"] == "not_comparable" and "省定目标" in air["reason"]


# --- areas and periods --------------------------------------------------------------------------


def test_like_for_like_flags_areas_of_different_scope(tiny_ds):
    a = alignment(tiny_ds, "beta")
    pm = row(a, "pm")
    # beta's pm is for its whole city, alpha's for its urban districts: the verdict is kept
    # (≤20 against ≤26, 6 stricter) but never without the difference
    assert (pm["verdict"], pm["margin"]) == ("stricter", 6.0)
    assert (pm["child_area_id"], pm["parent_area_id"]) == ("beta", "alpha_urban")
    assert not pm["like_for_like"]
    assert pm["like_for_like_reason"] == ("areas differ: Beta (whole city); Alpha urban districts")
    same_scope = a.loc[a["indicator_id"] != "pm"]
    assert same_scope["like_for_like"].all() and (same_scope["like_for_like_reason"] == "").all()


def test_parent_area_where_the_county_lies_is_chosen(v2_ds):
    # alpha sets star for two areas (≥20 urban, ≥12 counties); beta, a county of alpha, sets
    # ≥15 for its whole city: set against the counties' ≥12 (beta lies there), 3 stricter
    star = row(alignment(v2_ds, "beta"), "star")
    assert (star["parent_area_id"], star["parent_target"]) == ("alpha_counties", 12.0)
    assert (star["verdict"], star["margin"]) == ("stricter", 3.0)
    assert not star["like_for_like"]
    assert star["like_for_like_reason"] == (
        "areas differ: Beta (whole city); Alpha counties (the area Beta lies in); "
        "Alpha also sets this indicator for Alpha urban districts (20%以上), not used"
    )
    assert len(alignment(v2_ds, "beta").query("indicator_id == 'star'")) == 1


def test_periods_of_different_target_years_are_not_like_for_like(analytics_dataset):
    ds = analytics_dataset(
        observations=[
            ("alpha", "pass", "target", 2023, ">=", 96, "96", ""),
            ("beta", "pass", "target", 2025, ">=", 95, "95", ""),
        ]
    )
    r = row(alignment(ds, "beta"), "pass")
    assert not r["like_for_like"]
    assert r["like_for_like_reason"] == "periods differ: Beta: 2025; Alpha: 2023"


def test_real_pm25_and_green_buildings_name_their_areas(real_ds):
    a = alignment(real_ds, "ruian")
    pm = row(a, "env_pm25")
    assert pm["verdict"] == "stricter" and not pm["like_for_like"]
    assert pm["like_for_like_reason"] == (
        "areas differ: Ruian (whole city); Wenzhou urban districts"
    )
    # Wenzhou's star-rated pair: Ruian lies in the counties outside the urban districts
    star = row(
        a, "eng_green_building_2star_share_new_civil", "eng_star_green_building_share_new_buildings"
    )
    assert star["parent_area_id"] == "wenzhou_counties" and star["parent_target"] == 12
    assert "Wenzhou urban districts (20%以上), not used" in star["like_for_like_reason"]
    assert not a.duplicated(["indicator_id", "child_area_id", "parent_indicator_id"]).any()


def test_trend_clauses_that_differ_are_named(analytics_dataset):
    ds = analytics_dataset(
        observations=[
            ("alpha", "pass", "target", 2025, ">=", 95, "95", ""),
            ("beta", "pass", "target", 2025, ">=", 95, "保持95%以上", "", {"trend": "hold"}),
        ]
    )
    r = row(alignment(ds, "beta"), "pass")
    assert r["verdict"] == "same"  # the levels are compared
    assert r["reason"] == "trend clauses differ: child hold, parent none"
