"""Fixtures of the plots tests."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

# `plots_ds`: a small constructed Dataset with the real city names and a few real catalog
# entries (values partly invented), used by tests/plots/; `plots_targets` and
# `plots_record` are hand-built inputs in the shape of targets_table / track_record.

_PLOTS_INDICATORS = [
    # id, name_zh, name_en, unit, unit_zh, direction, theme, measure, family
    (
        "env_pm25",
        "细颗粒物（PM2.5）平均浓度",
        "PM2.5 annual mean concentration",
        "µg/m³",
        "微克/立方米",
        "lower_better",
        "environment",
        "level",
        "pm25",
    ),
    (
        "env_good_air_days_ratio",
        "空气质量优良天数比例",
        "Share of days with good or excellent air quality",
        "%",
        "%",
        "higher_better",
        "environment",
        "level",
        "good_air_days",
    ),
    (
        "prod_mfg_quality_pass_rate",
        "制造业产品质量合格率",
        "Manufacturing product quality pass rate",
        "%",
        "%",
        "higher_better",
        "product",
        "level",
        "mfg_quality_pass_rate",
    ),
    (
        "eng_green_share_urban",
        "城镇新建民用建筑中绿色建筑占比",
        "Green buildings as a share of new urban civil buildings",
        "%",
        "%",
        "higher_better",
        "engineering",
        "level",
        "green_building_share",
    ),
    (
        "eng_green_share_all",
        "新建建筑中绿色建筑占比",
        "Green buildings as a share of all new buildings",
        "%",
        "%",
        "higher_better",
        "engineering",
        "level",
        "green_building_share",
    ),
    (
        "eng_green_area",
        "绿色建筑面积",
        "Floor area of green buildings",
        "10k m²",
        "万平方米",
        "higher_better",
        "engineering",
        "stock",
        "green_building_share",
    ),
    (
        "inn_hv_invention_patents_per_10k",
        "每万人高价值发明专利拥有量",
        "High-value invention patents per 10,000 people",
        "patents per 10k people",
        "件/万人",
        "higher_better",
        "innovation",
        "level",
        "hv_invention_patents",
    ),
]

# A note that only describes (the period columns make a value partial-year: Jan–Oct 2023).
PLOTS_PARTIAL = "1 Jan–31 Oct 2023"
PLOTS_PARTIAL_PERIOD = ("2023-01", "2023-10")

_PLOTS_OBSERVATIONS = [
    # city, indicator, kind, year, comparator, value, value_text, source, note
    ("wenzhou", "env_pm25", "baseline", 2020, "=", 25, "25", "wz_plan", ""),
    ("wenzhou", "env_pm25", "target", 2025, "<=", 26, "≤26", "wz_plan", ""),
    ("wenzhou", "env_pm25", "prior_target", 2020, "<=", 35, "35以下", "wz_plan", ""),
    ("wenzhou", "env_pm25", "prior_actual", 2020, "=", 25, "25", "wz_plan", ""),
    ("ruian", "env_pm25", "baseline", 2020, "=", 22, "22", "ra_plan", ""),
    ("ruian", "env_pm25", "target", 2025, "<=", 21, "21以下", "ra_plan", ""),
    ("ruian", "env_pm25", "observed", 2023, "=", 21, "21", "ra_news", PLOTS_PARTIAL),
    ("ruian", "env_pm25", "prior_target", 2020, "<=", 30, "30以下", "ra_plan", ""),
    ("ruian", "env_pm25", "prior_actual", 2020, "=", 22, "22", "ra_plan", ""),
    ("wenzhou", "env_good_air_days_ratio", "baseline", 2020, "=", 97.5, "97.5%", "wz_plan", ""),
    ("wenzhou", "env_good_air_days_ratio", "target", 2025, "", np.nan, "省定目标", "wz_plan", ""),
    (
        "wenzhou",
        "env_good_air_days_ratio",
        "prior_target",
        2020,
        "",
        np.nan,
        "持续改善",
        "wz_plan",
        "",
    ),
    ("wenzhou", "env_good_air_days_ratio", "prior_actual", 2020, "=", 97.5, "97.5%", "wz_plan", ""),
    ("ruian", "env_good_air_days_ratio", "baseline", 2020, "=", 99.2, "99.2%", "ra_plan", ""),
    ("ruian", "env_good_air_days_ratio", "target", 2025, ">=", 98, "98%以上", "ra_plan", ""),
    (
        "ruian",
        "env_good_air_days_ratio",
        "observed",
        2023,
        "=",
        99.7,
        "99.7%",
        "ra_news",
        PLOTS_PARTIAL,
    ),
    ("wenzhou", "prod_mfg_quality_pass_rate", "baseline", 2020, "=", 95, "95", "wz_plan", ""),
    ("wenzhou", "prod_mfg_quality_pass_rate", "target", 2025, ">=", 96, "≥96", "wz_plan", ""),
    (
        "quanzhou",
        "prod_mfg_quality_pass_rate",
        "target",
        2025,
        ">=",
        96.5,
        "96.5%以上",
        "qz_scheme",
        "",
    ),
    ("wenzhou", "eng_green_share_urban", "baseline", 2020, "=", 95, "95%", "wz_plan", ""),
    ("wenzhou", "eng_green_share_urban", "target", 2025, "=", 100, "100%", "wz_plan", ""),
    ("quanzhou", "eng_green_share_all", "target", 2025, ">=", 70, "70%以上", "qz_scheme", ""),
    ("quanzhou", "eng_green_area", "baseline", 2020, "=", 400, "400万平方米", "qz_scheme", ""),
    ("quanzhou", "eng_green_area", "target", 2025, "~", 500, "500万平方米左右", "qz_scheme", ""),
    (
        "wenzhou",
        "inn_hv_invention_patents_per_10k",
        "baseline",
        2020,
        "=",
        4.2,
        "4.2",
        "wz_plan",
        "",
    ),
    ("wenzhou", "inn_hv_invention_patents_per_10k", "target", 2025, "=", 9.7, "9.7", "wz_plan", ""),
    (
        "wenzhou",
        "inn_hv_invention_patents_per_10k",
        "prior_target",
        2020,
        "=",
        5,
        "5",
        "wz_plan",
        "",
    ),
    (
        "wenzhou",
        "inn_hv_invention_patents_per_10k",
        "prior_actual",
        2020,
        "=",
        4.2,
        "4.2",
        "wz_plan",
        "",
    ),
    (
        "quanzhou",
        "inn_hv_invention_patents_per_10k",
        "target",
        2025,
        ">=",
        4.5,
        "4.5件以上",
        "qz_scheme",
        "",
    ),
]


def make_plots_dataset():
    """The constructed Dataset of the plots tests, with the dtypes `qcompare.load()` returns."""
    from qcompare.data.dataset import Dataset
    from qcompare.data.validation import (
        DERIVED_OBSERVATION_COLUMNS,
        OBSERVATION_COLUMNS,
        with_defaults,
    )

    cities = pd.DataFrame(
        {
            "city_id": ["ruian", "wenzhou", "quanzhou"],
            "name_zh": ["瑞安", "温州", "泉州"],
            "name_en": ["Ruian", "Wenzhou", "Quanzhou"],
            "admin_level": ["county", "prefecture", "prefecture"],
            "parent_id": ["wenzhou", "", ""],
            "province": ["Zhejiang", "Zhejiang", "Fujian"],
        },
        dtype=str,
    )
    sources = pd.DataFrame(
        {
            "source_id": ["wz_plan", "ra_plan", "ra_news", "qz_scheme"],
            "file": ["sources/wz.txt", "sources/ra.txt", "sources/ran.txt", "sources/qz.txt"],
            "title_zh": ["温州规划", "瑞安规划", "瑞安新闻", "泉州方案"],
            "title_en": ["Wenzhou plan", "Ruian plan", "Ruian news", "Quanzhou scheme"],
            "issuer": ["Wenzhou", "Ruian", "Ruian daily", "Quanzhou"],
            "date": ["2021", "2021", "2023", "2024"],
            "city_id": ["wenzhou", "ruian", "ruian", "quanzhou"],
            "kind": ["plan", "plan", "news", "plan"],
            "sha256": [c * 64 for c in "0123"],
        },
        dtype=str,
    )
    catalog = pd.DataFrame(
        [
            {
                "indicator_id": i,
                "name_zh": nz,
                "name_en": ne,
                "unit": u,
                "unit_zh": uz,
                "direction": d,
                "theme": th,
                "measure": me,
                "family": f,
                "definition_en": f"{ne} (constructed test entry).",
            }
            for i, nz, ne, u, uz, d, th, me, f in _PLOTS_INDICATORS
        ]
    ).astype(str)
    obs = pd.DataFrame(
        [
            {
                "city_id": c,
                "indicator_id": i,
                "kind": k,
                "year": y,
                "comparator": cmp,
                "value": v,
                "value_text": vt,
                "source_id": s,
                "quote": f"{i} {vt}",
                "note": n,
            }
            for c, i, k, y, cmp, v, vt, s, n in _PLOTS_OBSERVATIONS
        ]
    )
    for col in (
        "city_id",
        "indicator_id",
        "kind",
        "comparator",
        "value_text",
        "source_id",
        "quote",
        "note",
    ):
        obs[col] = obs[col].astype(str)
    obs["year"] = obs["year"].astype("int64")
    obs["value"] = obs["value"].astype("float64")
    # the v2 columns as `qcompare.load()` fills them: the whole area, the calendar year except
    # for the partial-year rows
    partial = obs["note"] == PLOTS_PARTIAL
    obs["area_id"] = ""
    obs["trend"] = ""
    obs["period_start"] = np.where(partial, PLOTS_PARTIAL_PERIOD[0], "")
    obs["period_end"] = np.where(partial, PLOTS_PARTIAL_PERIOD[1], "")
    obs = with_defaults(obs)[OBSERVATION_COLUMNS + DERIVED_OBSERVATION_COLUMNS]
    areas = pd.DataFrame(
        {
            "area_id": cities["city_id"],
            "city_id": cities["city_id"],
            "name_zh": cities["name_zh"],
            "name_en": cities["name_en"] + " (whole city)",
            "scope": "whole",
            "definition_en": "The whole city.",
        }
    ).astype(str)
    return Dataset(
        cities=cities,
        sources=sources,
        indicators=catalog,
        observations=obs,
        raw_dir=Path("."),
        areas=areas,
    )


def make_plots_targets(rows: list[tuple] | None = None) -> pd.DataFrame:
    """A hand-built frame in the shape of targets_table (statuses chosen by hand)."""
    rows = (
        rows
        if rows is not None
        else [
            # city, indicator, b_year, b_val, t_year, t_val, comparator, text, l_year, l_val, status
            ("ruian", "env_pm25", 2020, 22, 2025, 21, "<=", "21以下", 2023, 21, "target_achieved"),
            (
                "wenzhou",
                "env_pm25",
                2020,
                25,
                2025,
                26,
                "<=",
                "≤26",
                np.nan,
                np.nan,
                "no_observation",
            ),
            (
                "wenzhou",
                "env_good_air_days_ratio",
                2020,
                97.5,
                2025,
                np.nan,
                "",
                "省定目标",
                np.nan,
                np.nan,
                "not_assessable",
            ),
            (
                "ruian",
                "env_good_air_days_ratio",
                2020,
                99.2,
                2025,
                98,
                ">=",
                "98%以上",
                2023,
                99.7,
                "target_achieved",
            ),
            (
                "wenzhou",
                "prod_mfg_quality_pass_rate",
                2020,
                95,
                2025,
                96,
                ">=",
                "≥96",
                np.nan,
                np.nan,
                "no_observation",
            ),
        ]
    )
    frame = pd.DataFrame(
        rows,
        columns=[
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
            "status",
        ],
    )
    frame["required_change"] = frame["target_value"] - frame["baseline_value"]
    frame["required_annual_rate"] = np.nan
    frame["note"] = ""
    for col in ("baseline_year", "target_year", "latest_year"):
        frame[col] = frame[col].astype("Int64")
    return frame


def make_plots_record() -> pd.DataFrame:
    """A hand-built frame in the shape of track_record."""
    return pd.DataFrame(
        [
            ("ruian", "env_pm25", 30.0, 22.0, True),
            ("wenzhou", "env_pm25", 35.0, 25.0, True),
            ("wenzhou", "env_good_air_days_ratio", np.nan, 97.5, None),
            ("wenzhou", "inn_hv_invention_patents_per_10k", 5.0, 4.2, False),
        ],
        columns=["city_id", "indicator_id", "prior_target", "prior_actual", "met"],
    )


@pytest.fixture
def plots_ds():
    return make_plots_dataset()


@pytest.fixture
def plots_targets():
    return make_plots_targets()


@pytest.fixture
def plots_record():
    return make_plots_record()
