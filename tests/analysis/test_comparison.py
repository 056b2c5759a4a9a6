"""qcompare.analysis.comparison: one indicator or family across cities."""

from __future__ import annotations

import pandas as pd
import pytest

from qcompare.analysis.comparison import COMPARE_COLUMNS, compare


def ranks(table: pd.DataFrame, kind: str, year: int) -> dict:
    sub = table.loc[(table["kind"] == kind) & (table["year"] == year)]
    return dict(zip(sub["city_id"], sub["rank"], strict=True))


def test_lower_better_lowest_ceiling_ranks_first(tiny_ds):
    table = compare(tiny_ds, indicator="pm")
    assert list(table.columns) == COMPARE_COLUMNS
    assert ranks(table, "target", 2025) == {"beta": 1, "alpha": 2, "gamma": 3}  # 20, 26, 28
    assert ranks(table, "baseline", 2020) == {"beta": 1, "alpha": 2, "gamma": 3}  # 22, 25, 30
    assert ranks(table, "target", 2023) == {"gamma": 1}  # another year: ranked on its own
    assert ranks(table, "observed", 2023) == {"beta": 1, "alpha": 2}  # 21, 27
    assert (table["unit"] == "µg/m³").all() and (table["definition_flag"] == "").all()
    assert (table["unit_flag"] == "").all()
    first = table.iloc[0]
    assert first["source_id"] and first["quote"] and first["city_name_en"]


def test_higher_better_ranks_and_ties(analytics_dataset):
    ds = analytics_dataset(
        observations=[
            ("alpha", "pat", "target", 2025, "=", 9.7, "9.7", ""),
            ("beta", "pat", "target", 2025, "=", 9.7, "9.7", ""),
            ("gamma", "pat", "target", 2025, ">=", 4.5, "4.5", ""),
            ("gamma", "air", "target", 2025, "", float("nan"), "省定目标", ""),
        ]
    )
    assert ranks(compare(ds, indicator="pat"), "target", 2025) == {
        "alpha": 1,
        "beta": 1,
        "gamma": 3,
    }
    air = compare(ds, indicator="air")
    assert air["rank"].isna().all() and air["value_text"].tolist() == ["省定目标"]


def test_family_flags_definitions_and_units(tiny_ds):
    table = compare(tiny_ds, family="gb")
    assert set(table["indicator_id"]) == {"gb_a", "gb_b", "gb_c"}
    assert (table["rank"] == 1).all()  # each definition ranked only against itself
    flag = table["definition_flag"].iloc[0]
    assert "mixes 3 definitions" in flag
    for ind in ("gb_a", "gb_b", "gb_c"):
        assert ind in flag
    assert (table["definition_flag"] == flag).all()
    assert (table["unit_flag"] != "").all()
    assert "10k m²" in table["unit_flag"].iloc[0] and "%" in table["unit_flag"].iloc[0]
    c_row = table.loc[table["indicator_id"] == "gb_c", "unit_flag"].iloc[0]
    assert c_row.startswith("this row is in 10k m²")


def test_family_with_same_units_has_no_unit_flag(tiny_ds):
    table = compare(tiny_ds, family="gb", cities=["alpha", "beta"])
    assert (table["unit_flag"] == "").all()  # gb_a and gb_b are both %
    assert "mixes 2 definitions" in table["definition_flag"].iloc[0]


def test_kinds_and_cities_filters(tiny_ds):
    table = compare(
        tiny_ds, indicator="pm", cities=["alpha"], kinds=("prior_target", "prior_actual")
    )
    assert list(zip(table["kind"], table["value"], strict=True)) == [
        ("prior_target", 35.0),
        ("prior_actual", 25.0),
    ]


def test_errors(tiny_ds):
    with pytest.raises(ValueError, match="exactly one"):
        compare(tiny_ds)
    with pytest.raises(ValueError, match="exactly one"):
        compare(tiny_ds, indicator="pm", family="pm")
    with pytest.raises(KeyError):
        compare(tiny_ds, indicator="nope")
    with pytest.raises(KeyError, match="unknown family"):
        compare(tiny_ds, family="nope")
    with pytest.raises(ValueError, match="unknown kind"):
        compare(tiny_ds, indicator="pm", kinds=["targets"])


# --- real data ------------------------------------------------------------------------------


def test_real_prefab_and_patents(real_ds):
    prefab = compare(real_ds, indicator="eng_prefab_share_new_buildings", kinds=["target"])
    assert ranks(prefab, "target", 2025) == {"quanzhou": 1, "wenzhou": 2, "ruian": 3}  # 40 35 30
    patents = compare(real_ds, indicator="inn_hv_invention_patents_per_10k", kinds=["target"])
    assert ranks(patents, "target", 2025) == {"wenzhou": 1, "quanzhou": 2}  # 9.7 4.5
    pm = compare(real_ds, indicator="env_pm25", kinds=["target"])
    assert ranks(pm, "target", 2025) == {"ruian": 1, "wenzhou": 2}  # 25 26


def test_real_green_building_family_is_flagged(real_ds):
    table = compare(real_ds, family="green_building_share", kinds=["target"])
    assert table["indicator_id"].nunique() > 1
    assert (table["definition_flag"] != "").all()


def test_rank_across_areas_and_periods_is_flagged(tiny_ds, analytics_dataset):
    table = compare(tiny_ds, indicator="pm")
    targets = table.loc[(table["kind"] == "target") & (table["year"] == 2025)]
    # alpha's urban districts ranked with beta's and gamma's whole cities: every row says so
    assert (
        targets["area_flag"] == "ranked across areas: Alpha urban districts; Beta (whole city); "
        "Gamma (whole city)"
    ).all()
    assert set(targets["scope"]) == {"urban", "whole"}
    assert (targets["period_flag"] == "").all()  # all three are 2025 targets
    alone = table.loc[(table["kind"] == "observed") & (table["year"] == 2019)]
    assert (alone["area_flag"] == "").all()  # alpha's 2019 value is ranked with nothing
    ds = analytics_dataset(
        observations=[
            (
                "alpha",
                "pass",
                "observed",
                2023,
                "=",
                96,
                "96",
                "",
                {"period_start": "2023-01", "period_end": "2023-06"},
            ),
            ("beta", "pass", "observed", 2023, "=", 95, "95", ""),
        ]
    )
    both = compare(ds, indicator="pass", kinds=["observed"])
    assert (both["period_flag"] == "ranked across periods: Alpha: Jan–Jun 2023; Beta: 2023").all()
    assert (both["area_flag"] == "").all()
    assert list(both["partial_year"]) == [True, False]
