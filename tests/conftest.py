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

# Data model v2: a row may end with a dict of area_id, period_start, period_end, trend (empty
# area_id = the city's whole area; empty period = the calendar year). Alpha's pm is reported for
# its urban districts (like Wenzhou's 城市 PM2.5); the 2023 pm values cover January–June only
# (period 2023-01..2023-06), and nothing in their notes says so: partial_year comes from the
# period columns alone.
_URBAN = {"area_id": "alpha_urban"}
_PARTIAL = {"period_start": "2023-01", "period_end": "2023-06"}

_ANALYTICS_AREAS = [
    # area_id, city_id, name_zh, name_en, scope
    ("alpha", "alpha", "甲市全市", "Alpha (whole city)", "whole"),
    ("alpha_urban", "alpha", "甲市市区", "Alpha urban districts", "urban"),
    ("alpha_counties", "alpha", "甲市其他县市", "Alpha counties", "counties"),
    ("beta", "beta", "乙市全市", "Beta (whole city)", "whole"),
    ("gamma", "gamma", "丙市全市", "Gamma (whole city)", "whole"),
]

_ANALYTICS_OBSERVATIONS = [
    # city, indicator, kind, year, comparator, value, value_text, note[, v2 columns]
    ("alpha", "pm", "baseline", 2020, "=", 25, "25", "", _URBAN),
    ("alpha", "pm", "target", 2025, "<=", 26, "≤ 26", "", _URBAN),
    ("alpha", "pm", "observed", 2019, "=", 30, "30", "", _URBAN),
    ("alpha", "pm", "observed", 2023, "=", 27, "27", "", {**_URBAN, **_PARTIAL}),
    ("alpha", "pm", "prior_target", 2020, "<=", 35, "35以下", "", _URBAN),
    ("alpha", "pm", "prior_actual", 2020, "=", 25, "25", "", _URBAN),
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
    ("beta", "pm", "observed", 2023, "=", 21, "21", "", _PARTIAL),
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

# Extra indicators and rows for the v2 behaviours (`v2_ds`), each worked out by hand in the
# tests: a two-clause target ("持续下降,稳定到25": keep falling and ≤25) met on both clauses on a
# partial year (beta, like Ruian's PM2.5), met on the level but not the trend (gamma), met on
# the level with no baseline to check the trend (alpha); one indicator with two areas in one
# city (alpha's star-rated green buildings, 20 % urban / 12 % counties, like Wenzhou's).
_V2_INDICATORS = [
    ("dust", "µg/m³", "lower_better", "environment", "level", "dust", "Annual mean dust."),
    ("star", "%", "higher_better", "engineering", "level", "star", "Star-rated share."),
]
_KEEP_FALLING = {"trend": "keep_falling"}
_V2_OBSERVATIONS = [
    ("alpha", "dust", "target", 2025, "<=", 25, "持续下降,稳定到25", "", _KEEP_FALLING),
    ("alpha", "dust", "observed", 2022, "=", 20, "20", ""),
    ("beta", "dust", "baseline", 2020, "=", 22, "22", ""),
    ("beta", "dust", "target", 2025, "<=", 25, "持续下降,稳定到25", "", _KEEP_FALLING),
    (
        "beta",
        "dust",
        "observed",
        2023,
        "=",
        21,
        "21",
        "",
        {"period_start": "2023-01", "period_end": "2023-11"},
    ),
    ("gamma", "dust", "baseline", 2020, "=", 22, "22", ""),
    ("gamma", "dust", "target", 2025, "<=", 25, "持续下降,稳定到25", "", _KEEP_FALLING),
    ("gamma", "dust", "observed", 2023, "=", 23, "23", ""),
    ("alpha", "star", "target", 2025, ">=", 20, "20%以上", "", _URBAN),
    ("alpha", "star", "target", 2025, ">=", 12, "12%以上", "", {"area_id": "alpha_counties"}),
    ("beta", "star", "target", 2025, ">=", 15, "15%以上", ""),
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
    records = []
    for row in obs_rows:
        c, i, k, y, cmp, v, vt, n = row[:8]
        extra = row[8] if len(row) > 8 else {}
        records.append(
            {
                "city_id": c,
                "indicator_id": i,
                "area_id": extra.get("area_id", ""),
                "kind": k,
                "year": y,
                "period_start": extra.get("period_start", ""),
                "period_end": extra.get("period_end", ""),
                "comparator": cmp,
                "value": v,
                "value_text": vt,
                "trend": extra.get("trend", ""),
                "source_id": f"{c}_plan",
                "quote": f"{i} {vt}",
                "note": n,
            }
        )
    obs = pd.DataFrame(records)
    for col in (
        "city_id",
        "indicator_id",
        "area_id",
        "kind",
        "period_start",
        "period_end",
        "comparator",
        "value_text",
        "trend",
        "source_id",
        "quote",
        "note",
    ):
        obs[col] = obs[col].astype(str)
    obs["year"] = obs["year"].astype("int64")
    obs["value"] = obs["value"].astype("float64")
    # the v2 columns as `qcompare.load()` fills them (the loader's own function): the whole
    # area for an empty area_id, the calendar year for an empty period, and partial_year
    obs = with_defaults(obs)
    obs = obs[OBSERVATION_COLUMNS + DERIVED_OBSERVATION_COLUMNS]
    obs = obs.sort_values(["city_id", "indicator_id", "area_id", "kind", "year"]).reset_index(
        drop=True
    )
    areas = pd.DataFrame(
        [
            {
                "area_id": a,
                "city_id": c,
                "name_zh": zh,
                "name_en": en,
                "scope": scope,
                "definition_en": f"{en}.",
            }
            for a, c, zh, en, scope in _ANALYTICS_AREAS
        ],
        dtype=str,
    )
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


@pytest.fixture
def v2_ds():
    """tiny_ds plus the two-clause targets and the two-area indicator described above."""
    return make_analytics_dataset(
        observations=_ANALYTICS_OBSERVATIONS + _V2_OBSERVATIONS,
        indicators=_ANALYTICS_INDICATORS + _V2_INDICATORS,
    )


@pytest.fixture(scope="session")
def real_ds():
    """The real curated data, or skip while it does not load yet."""
    import qcompare

    try:
        return qcompare.load()
    except qcompare.InvalidInput as err:
        pytest.skip(f"real data does not load yet: {str(err).splitlines()[0]}")


def _synthetic_module():
    """bench/synthetic.py, the scale benchmarks' generator of curated data."""
    import importlib.util

    path = Path(__file__).resolve().parents[1] / "bench" / "synthetic.py"
    spec = importlib.util.spec_from_file_location("qcompare_bench_synthetic", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MANY_CITIES, MANY_INDICATORS = 12, 6


@pytest.fixture(scope="session")
def many_raw(tmp_path_factory):
    """A many-city raw data folder from the benchmarks' generator (12 cities × 6 indicators),
    with gaps that make family pairs of different definitions: odd-numbered cities do not
    target ind_000, even-numbered ones not ind_001 (the two share family_000), and city 3
    sets no target for ind_002 at all."""
    raw = _synthetic_module().generate(
        tmp_path_factory.mktemp("many"), n_cities=MANY_CITIES, n_indicators=MANY_INDICATORS
    )
    for path in sorted((raw / "observations").glob("*.csv")):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        i = int(frame["city_id"].iloc[0][1:])
        gap = (frame["indicator_id"] == ("ind_000" if i % 2 else "ind_001")) | (
            (i == 3) & (frame["indicator_id"] == "ind_002")
        )
        drop = gap & (frame["kind"] == "target")
        frame.loc[~drop].to_csv(path, index=False, lineterminator="\n")
    return raw


@pytest.fixture(scope="session")
def many_ds(many_raw):
    """`many_raw` loaded and validated (never from the cache)."""
    from qcompare.data.loading import load

    return load(many_raw, use_cache=False)
