"""Fixtures shared by the analysis and briefings tests: the constructed `tiny_ds` and the real data.

The plots tests keep their own fixtures in tests/plots/conftest.py."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

# `tiny_ds`: a small constructed Dataset whose every expected number is computed by hand in the
# analytics tests (test_ambition, test_progress, test_targets, test_track_record,
# test_alignment, test_comparison, test_scorecard). Three cities: alpha (prefecture), beta
# (county inside alpha), gamma (prefecture).

_ANALYTICS_INDICATORS = [
    # id, unit, direction, theme, measure, family, definition
    (
        "pm",
        "µg/m³",
        "lower_better",
        "environment",
        "level",
        "pm",
        "Annual mean PM2.5 concentration.",
    ),
    ("air", "%", "higher_better", "environment", "level", "air", "Share of days with good air."),
    (
        "pat",
        "patents per 10k people",
        "higher_better",
        "innovation",
        "level",
        "pat",
        "High-value invention patents per 10,000 people.",
    ),
    (
        "pass",
        "%",
        "higher_better",
        "product",
        "level",
        "pass",
        "Manufacturing product quality pass rate.",
    ),
    (
        "gb_a",
        "%",
        "higher_better",
        "engineering",
        "level",
        "gb",
        "Green buildings as a share of new urban civil buildings.",
    ),
    (
        "gb_b",
        "%",
        "higher_better",
        "engineering",
        "level",
        "gb",
        "Green buildings as a share of all new buildings.",
    ),
    (
        "gb_c",
        "10k m²",
        "higher_better",
        "engineering",
        "stock",
        "gb",
        "Floor area of certified green buildings.",
    ),
    (
        "std_new",
        "items",
        "higher_better",
        "standards",
        "flow",
        "std_new",
        "Standards drafted during the plan period (新增).",
    ),
    (
        "intl",
        "items",
        "higher_better",
        "standards",
        "stock",
        "intl",
        "International standards led (cumulative).",
    ),
]

_PARTIAL = "partial year (January–June)"

_ANALYTICS_OBSERVATIONS = [
    # city, indicator, kind, year, comparator, value, value_text, note
    ("alpha", "pm", "baseline", 2020, "=", 25, "25", ""),
    ("alpha", "pm", "target", 2025, "<=", 26, "≤ 26", ""),
    ("alpha", "pm", "observed", 2019, "=", 30, "30", ""),
    ("alpha", "pm", "observed", 2023, "=", 27, "27", _PARTIAL),
    ("alpha", "pm", "prior_target", 2020, "<=", 35, "35以下", ""),
    ("alpha", "pm", "prior_actual", 2020, "=", 25, "25", ""),
    ("alpha", "air", "baseline", 2020, "=", 97, "97", ""),
    ("alpha", "air", "target", 2025, "", np.nan, "省定目标", ""),
    ("alpha", "air", "prior_target", 2020, "", np.nan, "持续改善", ""),
    ("alpha", "air", "prior_actual", 2020, "=", 97, "97", ""),
    ("alpha", "pat", "baseline", 2020, "=", 4.2, "4.2", ""),
    ("alpha", "pat", "target", 2025, "=", 9.7, "9.7", ""),
    ("alpha", "pat", "observed", 2022, "=", 5.6, "5.6", ""),
    ("alpha", "pat", "prior_target", 2020, "=", 5, "5", ""),
    ("alpha", "pat", "prior_actual", 2020, "=", 4.2, "4.2", ""),
    ("alpha", "pass", "baseline", 2020, "=", 95, "95", ""),
    ("alpha", "pass", "target", 2025, ">=", 96, "≥96", ""),
    ("alpha", "pass", "observed", 2024, "=", 96.5, "96.5", ""),
    ("alpha", "pass", "prior_target", 2020, "=", 95, "95", ""),
    ("alpha", "pass", "prior_actual", 2020, "=", 95, "95", ""),
    ("alpha", "gb_b", "baseline", 2020, "=", 100, "100", ""),
    ("alpha", "gb_b", "target", 2025, "=", 100, "100", ""),
    ("alpha", "gb_b", "observed", 2023, "=", 98, "98", ""),
    (
        "alpha",
        "std_new",
        "baseline",
        2020,
        "=",
        234,
        "234",
        "base value = additions during 2016–2020, not a level",
    ),
    ("alpha", "std_new", "target", 2025, "=", 300, "300", ""),
    ("alpha", "std_new", "observed", 2023, "=", 150, "150", ""),
    ("alpha", "intl", "baseline", 2020, "=", 0, "0", ""),
    ("alpha", "intl", "target", 2025, ">=", 2, "2项以上", ""),
    ("alpha", "intl", "observed", 2023, "=", 1, "1", ""),
    ("alpha", "intl", "prior_target", 2020, "=", 1, "1", ""),
    ("alpha", "intl", "prior_actual", 2020, "=", 0, "0", ""),
    ("beta", "pm", "baseline", 2020, "=", 22, "22", ""),
    ("beta", "pm", "target", 2025, "<=", 20, "20以下", ""),
    ("beta", "pm", "observed", 2023, "=", 21, "21", _PARTIAL),
    ("beta", "pm", "prior_target", 2020, "<=", 25, "25以下", ""),
    ("beta", "pm", "prior_actual", 2020, "=", 22, "22", ""),
    ("beta", "air", "target", 2025, ">=", 98, "98%以上", ""),
    ("beta", "air", "observed", 2020, "=", 99.2, "99.2", ""),
    ("beta", "pat", "target", 2025, "=", 9.7, "9.7", ""),
    ("beta", "pass", "target", 2025, ">=", 95, "95%以上", ""),
    ("beta", "pass", "observed", 2023, "=", 97, "97", ""),
    ("beta", "gb_a", "target", 2025, ">=", 90, "90%以上", ""),
    ("beta", "std_new", "baseline", 2020, "=", 10, "10", ""),
    ("beta", "std_new", "target", 2025, "=", 12, "12", ""),
    ("beta", "std_new", "observed", 2024, "=", 13, "13", ""),
    ("gamma", "pm", "baseline", 2020, "=", 30, "30", ""),
    ("gamma", "pm", "target", 2023, "<=", 29, "29以下", ""),
    ("gamma", "pm", "target", 2025, "<=", 28, "28以下", ""),
    ("gamma", "pat", "baseline", 2020, "=", 4.5, "4.5", ""),
    ("gamma", "pat", "target", 2025, ">=", 4.5, "4.5以上", ""),
    ("gamma", "pat", "observed", 2018, "=", 4.0, "4.0", ""),
    ("gamma", "pat", "observed", 2020, "=", 4.4, "4.4", ""),
    ("gamma", "gb_c", "baseline", 2020, "=", 400, "400", ""),
    ("gamma", "gb_c", "target", 2025, "~", 500, "500左右", ""),
    ("gamma", "gb_c", "observed", 2022, "=", 420, "420", ""),
]


def make_analytics_dataset(
    observations: list[tuple] | None = None, indicators: list[tuple] | None = None
):
    """A constructed Dataset with the frames and dtypes that `qcompare.load()` returns."""
    from qcompare.data.dataset import Dataset
    from qcompare.data.validation import (
        DERIVED_OBSERVATION_COLUMNS,
        OBSERVATION_COLUMNS,
        with_defaults,
    )

    cities = pd.DataFrame(
        {
            "city_id": ["alpha", "beta", "gamma"],
            "name_zh": ["甲市", "乙市", "丙市"],
            "name_en": ["Alpha", "Beta", "Gamma"],
            "admin_level": ["prefecture", "county", "prefecture"],
            "parent_id": ["", "alpha", ""],
            "province": ["P1", "P1", "P2"],
        },
        dtype=str,
    )
    sources = pd.DataFrame(
        {
            "source_id": ["alpha_plan", "beta_plan", "gamma_plan"],
            "file": ["sources/a.txt", "sources/b.txt", "sources/c.txt"],
            "title_zh": ["甲规划", "乙规划", "丙方案"],
            "title_en": ["Alpha plan", "Beta plan", "Gamma scheme"],
            "issuer": ["Alpha government", "Beta government", "Gamma government"],
            "date": ["2021", "2021", "2024"],
            "city_id": ["alpha", "beta", "gamma"],
            "kind": ["plan", "plan", "plan"],
            "sha256": ["0" * 64, "1" * 64, "2" * 64],
        },
        dtype=str,
    )
    rows = _ANALYTICS_INDICATORS if indicators is None else indicators
    catalog = pd.DataFrame(
        [
            {
                "indicator_id": i,
                "name_zh": f"{i}指标",
                "name_en": f"Indicator {i}",
                "unit": u,
                "unit_zh": u,
                "direction": d,
                "theme": th,
                "measure": m,
                "family": f,
                "definition_en": de,
            }
            for i, u, d, th, m, f, de in rows
        ]
    ).astype(str)
    obs_rows = _ANALYTICS_OBSERVATIONS if observations is None else observations
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
                "source_id": f"{c}_plan",
                "quote": f"{i} {vt}",
                "note": n,
            }
            for c, i, k, y, cmp, v, vt, n in obs_rows
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
    # the v2 columns as `qcompare.load()` fills them: the whole area, the calendar year
    for col in ("area_id", "period_start", "period_end", "trend"):
        if col not in obs:
            obs[col] = ""
    obs = with_defaults(obs)
    obs = obs[OBSERVATION_COLUMNS + DERIVED_OBSERVATION_COLUMNS]
    obs = obs.sort_values(["city_id", "indicator_id", "kind", "year"]).reset_index(drop=True)
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


@pytest.fixture
def analytics_dataset():
    """Factory: `analytics_dataset(observations=[...], indicators=[...])` -> Dataset."""
    return make_analytics_dataset


@pytest.fixture
def tiny_ds():
    """The constructed three-city Dataset described above."""
    return make_analytics_dataset()


@pytest.fixture(scope="session")
def real_ds():
    """The real curated data, or skip while it does not load yet."""
    import qcompare

    try:
        return qcompare.load()
    except qcompare.InvalidInput as err:
        pytest.skip(f"real data does not load yet: {str(err).splitlines()[0]}")
