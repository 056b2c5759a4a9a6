"""Labels, palette and the marks both plot backends draw (qcompare.plots.labels/palette/marks)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from qcompare.analysis.progress import STATUSES
from qcompare.data.lang import LANGS
from qcompare.plots import labels as L
from qcompare.plots import marks as M
from qcompare.plots import palette


def test_status_labels_cover_statuses_in_both_languages():
    assert list(L.STATUS_LABELS) == list(STATUSES)
    for lang in LANGS:
        names = [L.status_label(s, lang) for s in STATUSES]
        assert len(set(names)) == len(STATUSES)
    assert L.status_label("on_track", "en") == "On track"
    assert L.status_label("target_achieved", "zh") == "已达成目标"
    with pytest.raises(ValueError, match="unknown status"):
        L.status_label("great", "en")


def test_status_colours_good_to_bad_are_distinct():
    colours = palette.status_colours(STATUSES)
    assert len(set(colours)) == len(STATUSES)
    assert colours[0] == palette.OKABE_ITO["blue"]  # best
    assert palette.STATUS_COLOURS["deterioration"] == palette.OKABE_ITO["vermillion"]
    with pytest.raises(ValueError, match="no colour"):
        palette.status_colours(["nonsense"])


def test_city_colours_are_stable_across_subsets():
    everyone = ["ruian", "wenzhou", "quanzhou"]
    assert (
        palette.city_colours(["quanzhou"], everyone)["quanzhou"]
        == palette.city_colours(everyone, everyone)["quanzhou"]
    )


def test_lang_is_checked():
    with pytest.raises(ValueError, match="lang must be one of"):
        L.text("baseline", "fr")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (95.0, "95"),
        (4.2, "4.2"),
        (46.38, "46.38"),
        (1200.0, "1,200"),
        (math.nan, ""),
        (0.12345, "0.1235"),
    ],
)
def test_fmt_number(value, text):
    assert L.fmt_number(value) == text


def test_target_label_uses_comparator_or_source_wording():
    assert L.target_label(">=", 96.0) == "≥96"
    assert L.target_label("<=", 26.0) == "≤26"
    assert L.target_label("~", 500.0) == "≈500"
    assert L.target_label("=", 9.7) == "9.7"
    assert L.target_label("", math.nan, "省定目标") == "省定目标"


def test_partial_mark_comes_from_the_period_not_the_note():
    # the observation's partial_year and period columns decide; no note text is read
    assert L.partial_mark(True, "2023-01", "2023-11", "en") == "(Jan–Nov 2023)"
    assert L.partial_mark(True, "2023-01", "2023-11", "zh") == "（2023年1–11月）"
    assert L.partial_mark(False, "2023-01", "2023-12", "en") == ""
    assert L.period_text("2016-01", "2020-12", "en") == "2016–2020"
    assert not hasattr(L, "is_partial_year")


def test_labels_come_from_the_catalog(plots_ds):
    assert L.city_name(plots_ds, "ruian", "zh") == "瑞安"
    assert L.city_name(plots_ds, "ruian", "en") == "Ruian"
    assert L.axis_title(plots_ds, "env_pm25", "en") == "µg/m³ (lower is better)"
    assert L.axis_title(plots_ds, "env_pm25", "zh") == "微克/立方米（越低越好）"
    assert L.axis_title(plots_ds, "prod_mfg_quality_pass_rate", "en") == "%"
    assert (
        L.indicator_title(plots_ds, "env_pm25", "en")
        == "PM2.5 annual mean concentration (lower is better)"
    )


def test_with_catalog_replaces_unit_and_direction(plots_ds):
    frame = pd.DataFrame(
        {"indicator_id": ["env_pm25"], "unit": ["kg"], "direction": ["higher_better"]}
    )
    out = L.with_catalog(plots_ds, frame)
    assert out.loc[0, "unit"] == "µg/m³"
    assert out.loc[0, "direction"] == "lower_better"
    with pytest.raises(ValueError, match="not in the catalog: nope"):
        L.with_catalog(plots_ds, pd.DataFrame({"indicator_id": ["nope"]}))


def test_bullet_marks(plots_ds, plots_targets):
    m = M.bullet_marks(plots_ds, plots_targets, "en")
    # catalog order of indicators, ds.cities order of cities
    assert list(zip(m["indicator_id"], m["city_id"], strict=True)) == [
        ("env_pm25", "ruian"),
        ("env_pm25", "wenzhou"),
        ("env_good_air_days_ratio", "ruian"),
        ("env_good_air_days_ratio", "wenzhou"),
        ("prod_mfg_quality_pass_rate", "wenzhou"),
    ]
    ruian = m.iloc[0]
    assert (ruian["baseline_value"], ruian["target_value"], ruian["latest_value"]) == (22, 21, 21)
    assert ruian["target_label"] == "≤21" and ruian["latest_partial"]
    assert "Source: ra_news" in ruian["latest_hover"] and "(Jan–Oct 2023)" in ruian["latest_hover"]
    assert "Source: ra_plan" in ruian["target_hover"]
    wz_air = m.iloc[3]
    assert not wz_air["target_numeric"] and wz_air["target_label"] == "省定目标"
    assert math.isnan(m.iloc[1]["latest_value"])


def test_bullet_marks_checks_its_input(plots_ds, plots_targets):
    with pytest.raises(ValueError, match="targets lacks column"):
        M.bullet_marks(plots_ds, plots_targets.drop(columns=["target_value"]), "zh")
    bad = plots_targets.assign(city_id="atlantis")
    with pytest.raises(ValueError, match="city_id not in ds.cities: atlantis"):
        M.bullet_marks(plots_ds, bad, "zh")


def test_bullet_marks_labels_two_target_years(plots_ds, plots_targets):
    extra = plots_targets.iloc[[1]].assign(
        target_year=pd.array([2035], dtype="Int64"), target_value=20.0
    )
    m = M.bullet_marks(plots_ds, pd.concat([plots_targets, extra]), "en")
    assert list(m.loc[m["facet"] == "env_pm25", "row_label"]) == [
        "Ruian",
        "Wenzhou 2025",
        "Wenzhou 2035",
    ]


def test_dumbbell_marks_facet_by_unit_and_name_family_members(plots_ds):
    from qcompare.analysis.comparison import compare

    m = M.dumbbell_marks(plots_ds, compare(plots_ds, family="green_building_share"), "en")
    assert sorted(m["unit"].unique()) == ["%", "10k m²"]
    pct = m.loc[m["unit"] == "%"]
    assert pct["facet"].nunique() == 1 and m.loc[m["unit"] == "10k m²", "facet"].nunique() == 1
    assert set(pct["row_label"]) == {
        "Wenzhou · Green buildings as a share of new urban civil buildings",
        "Quanzhou · Green buildings as a share of all new buildings",
    }
    area = m.loc[m["unit"] == "10k m²"].iloc[0]
    assert area["row_label"] == "Quanzhou"  # one member in the facet: its name is the title
    assert area["facet_title"] == "Floor area of green buildings"
    assert (area["baseline_value"], area["target_value"], area["target_label"]) == (
        400,
        500,
        "≈500",
    )


def test_status_grid(plots_ds, plots_targets):
    grid = M.status_grid(plots_ds, plots_targets, "en")
    assert grid.statuses == STATUSES
    assert grid.col_labels == ["Ruian", "Wenzhou"]
    assert grid.row_labels[0] == "PM2.5 annual mean concentration (lower is better)"
    assert grid.codes[0, 0] == STATUSES.index("target_achieved")
    assert grid.codes[2, 1] == STATUSES.index("no_observation")
    assert np.isnan(grid.codes[2, 0])  # Ruian has no pass-rate target: empty, not a status
    assert grid.cells[1, 1] == "Not assessable"
    ruian_pm = grid.hovers[0, 0]
    assert "Target 2025: ≤21" in ruian_pm and "Source: ra_plan" in ruian_pm
    assert "Latest observation 2023: 21 (Jan–Oct 2023)" in ruian_pm
    assert "Source: ra_news" in ruian_pm
    with pytest.raises(ValueError, match="status not in"):
        M.status_grid(plots_ds, plots_targets.assign(status="great"), "en")


def test_track_record_marks(plots_ds, plots_record):
    m = M.track_record_marks(plots_ds, plots_record, "zh")
    assert list(m["met"]) == [True, True, None, False]
    assert list(m["target_label"]) == ["≤30", "≤35", "持续改善", "5"]
    assert list(m["target_numeric"]) == [True, True, False, True]
    assert "来源: wz_plan" in m.iloc[3]["actual_hover"]


def test_trajectory_marks(plots_ds):
    m = M.trajectory_marks(plots_ds, "env_pm25", ["ruian"], "en")
    assert set(m["city_id"]) == {"ruian"}
    partial = m.loc[m["partial"]]
    assert list(zip(partial["kind"], partial["year"], partial["value"], strict=True)) == [
        ("observed", 2023, 21.0)
    ]
    with pytest.raises(KeyError):
        M.trajectory_marks(plots_ds, "nope", None, "en")
    with pytest.raises(ValueError, match="no observations"):
        M.trajectory_marks(plots_ds, "eng_green_area", ["ruian"], "en")


def test_dumbbell_marks_direction_note_on_rows_only_when_mixed(plots_ds):
    import dataclasses

    from qcompare.analysis.comparison import compare

    cmp = compare(plots_ds, family="green_building_share")
    uniform = M.dumbbell_marks(plots_ds, cmp, "en")
    assert not any("lower is better" in s for s in uniform["row_label"])
    catalog = plots_ds.indicators.copy()
    catalog.loc[catalog["indicator_id"] == "eng_green_share_all", "direction"] = "lower_better"
    mixed_ds = dataclasses.replace(plots_ds, indicators=catalog)
    mixed = M.dumbbell_marks(mixed_ds, cmp, "en")
    pct = mixed.loc[mixed["unit"] == "%"]
    assert list(pct["row_label"]) == [
        "Wenzhou · Green buildings as a share of new urban civil buildings",
        "Quanzhou · Green buildings as a share of all new buildings (lower is better)",
    ]
    assert set(pct["axis_title"]) == {"%"}
