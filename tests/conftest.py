"""Shared pytest fixtures. Each helper keeps its fixtures in its own marked block."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

# ==== analytics fixtures (owner: analytics) ===============================================
# `tiny_ds`: a small constructed Dataset whose every expected number is computed by hand in the
# analytics tests (test_ambition, test_progress, test_targets, test_track_record,
# test_alignment, test_comparison, test_scorecard). Three cities: alpha (prefecture), beta
# (county inside alpha), gamma (prefecture).

_ANALYTICS_INDICATORS = [
    # id, unit, direction, theme, measure, family, definition
    ("pm", "µg/m³", "lower_better", "environment", "level", "pm",
     "Annual mean PM2.5 concentration."),
    ("air", "%", "higher_better", "environment", "level", "air",
     "Share of days with good air."),
    ("pat", "patents per 10k people", "higher_better", "innovation", "level", "pat",
     "High-value invention patents per 10,000 people."),
    ("pass", "%", "higher_better", "product", "level", "pass",
     "Manufacturing product quality pass rate."),
    ("gb_a", "%", "higher_better", "engineering", "level", "gb",
     "Green buildings as a share of new urban civil buildings."),
    ("gb_b", "%", "higher_better", "engineering", "level", "gb",
     "Green buildings as a share of all new buildings."),
    ("gb_c", "10k m²", "higher_better", "engineering", "stock", "gb",
     "Floor area of certified green buildings."),
    ("std_new", "items", "higher_better", "standards", "flow", "std_new",
     "Standards drafted during the plan period (新增)."),
    ("intl", "items", "higher_better", "standards", "stock", "intl",
     "International standards led (cumulative)."),
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
    ("alpha", "std_new", "baseline", 2020, "=", 234, "234",
     "base value = additions during 2016–2020, not a level"),
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


def make_analytics_dataset(observations: list[tuple] | None = None,
                           indicators: list[tuple] | None = None):
    """A constructed Dataset with the frames and dtypes that `qcompare.load()` returns."""
    from qcompare.dataset import Dataset

    cities = pd.DataFrame({
        "city_id": ["alpha", "beta", "gamma"],
        "name_zh": ["甲市", "乙市", "丙市"],
        "name_en": ["Alpha", "Beta", "Gamma"],
        "admin_level": ["prefecture", "county", "prefecture"],
        "parent_id": ["", "alpha", ""],
        "province": ["P1", "P1", "P2"],
    }, dtype=str)
    sources = pd.DataFrame({
        "source_id": ["alpha_plan", "beta_plan", "gamma_plan"],
        "file": ["sources/a.txt", "sources/b.txt", "sources/c.txt"],
        "title_zh": ["甲规划", "乙规划", "丙方案"],
        "title_en": ["Alpha plan", "Beta plan", "Gamma scheme"],
        "issuer": ["Alpha government", "Beta government", "Gamma government"],
        "date": ["2021", "2021", "2024"],
        "city_id": ["alpha", "beta", "gamma"],
        "kind": ["plan", "plan", "plan"],
        "sha256": ["0" * 64, "1" * 64, "2" * 64],
    }, dtype=str)
    rows = _ANALYTICS_INDICATORS if indicators is None else indicators
    catalog = pd.DataFrame(
        [{"indicator_id": i, "name_zh": f"{i}指标", "name_en": f"Indicator {i}", "unit": u,
          "unit_zh": u, "direction": d, "theme": th, "measure": m, "family": f,
          "definition_en": de} for i, u, d, th, m, f, de in rows]).astype(str)
    obs_rows = _ANALYTICS_OBSERVATIONS if observations is None else observations
    obs = pd.DataFrame(
        [{"city_id": c, "indicator_id": i, "kind": k, "year": y, "comparator": cmp,
          "value": v, "value_text": vt, "source_id": f"{c}_plan",
          "quote": f"{i} {vt}", "note": n} for c, i, k, y, cmp, v, vt, n in obs_rows])
    for col in ("city_id", "indicator_id", "kind", "comparator", "value_text", "source_id",
                "quote", "note"):
        obs[col] = obs[col].astype(str)
    obs["year"] = obs["year"].astype("int64")
    obs["value"] = obs["value"].astype("float64")
    obs = obs.sort_values(["city_id", "indicator_id", "kind", "year"]).reset_index(drop=True)
    return Dataset(cities=cities, sources=sources, indicators=catalog, observations=obs,
                   raw_dir=Path("."))


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

# ==== end of analytics fixtures ===========================================================


# ==== plots fixtures (owner: plots) =======================================================
# `plots_ds`: a small constructed Dataset with the real city names and a few real catalog
# entries (values partly invented), used by tests/test_plots_*.py; `plots_targets` and
# `plots_record` are hand-built inputs in the shape of targets_table / track_record.

_PLOTS_INDICATORS = [
    # id, name_zh, name_en, unit, unit_zh, direction, theme, measure, family
    ("env_pm25", "细颗粒物（PM2.5）平均浓度", "PM2.5 annual mean concentration", "µg/m³",
     "微克/立方米", "lower_better", "environment", "level", "pm25"),
    ("env_good_air_days_ratio", "空气质量优良天数比例",
     "Share of days with good or excellent air quality", "%", "%", "higher_better",
     "environment", "level", "good_air_days"),
    ("prod_mfg_quality_pass_rate", "制造业产品质量合格率",
     "Manufacturing product quality pass rate", "%", "%", "higher_better", "product", "level",
     "mfg_quality_pass_rate"),
    ("eng_green_share_urban", "城镇新建民用建筑中绿色建筑占比",
     "Green buildings as a share of new urban civil buildings", "%", "%", "higher_better",
     "engineering", "level", "green_building_share"),
    ("eng_green_share_all", "新建建筑中绿色建筑占比", "Green buildings as a share of all new buildings",
     "%", "%", "higher_better", "engineering", "level", "green_building_share"),
    ("eng_green_area", "绿色建筑面积", "Floor area of green buildings", "10k m²", "万平方米",
     "higher_better", "engineering", "stock", "green_building_share"),
    ("inn_hv_invention_patents_per_10k", "每万人高价值发明专利拥有量",
     "High-value invention patents per 10,000 people", "patents per 10k people", "件/万人",
     "higher_better", "innovation", "level", "hv_invention_patents"),
]

PLOTS_PARTIAL = "partial year (January–October)"

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
    ("wenzhou", "env_good_air_days_ratio", "prior_target", 2020, "", np.nan, "持续改善",
     "wz_plan", ""),
    ("wenzhou", "env_good_air_days_ratio", "prior_actual", 2020, "=", 97.5, "97.5%", "wz_plan",
     ""),
    ("ruian", "env_good_air_days_ratio", "baseline", 2020, "=", 99.2, "99.2%", "ra_plan", ""),
    ("ruian", "env_good_air_days_ratio", "target", 2025, ">=", 98, "98%以上", "ra_plan", ""),
    ("ruian", "env_good_air_days_ratio", "observed", 2023, "=", 99.7, "99.7%", "ra_news",
     PLOTS_PARTIAL),
    ("wenzhou", "prod_mfg_quality_pass_rate", "baseline", 2020, "=", 95, "95", "wz_plan", ""),
    ("wenzhou", "prod_mfg_quality_pass_rate", "target", 2025, ">=", 96, "≥96", "wz_plan", ""),
    ("quanzhou", "prod_mfg_quality_pass_rate", "target", 2025, ">=", 96.5, "96.5%以上",
     "qz_scheme", ""),
    ("wenzhou", "eng_green_share_urban", "baseline", 2020, "=", 95, "95%", "wz_plan", ""),
    ("wenzhou", "eng_green_share_urban", "target", 2025, "=", 100, "100%", "wz_plan", ""),
    ("quanzhou", "eng_green_share_all", "target", 2025, ">=", 70, "70%以上", "qz_scheme", ""),
    ("quanzhou", "eng_green_area", "baseline", 2020, "=", 400, "400万平方米", "qz_scheme", ""),
    ("quanzhou", "eng_green_area", "target", 2025, "~", 500, "500万平方米左右", "qz_scheme", ""),
    ("wenzhou", "inn_hv_invention_patents_per_10k", "baseline", 2020, "=", 4.2, "4.2",
     "wz_plan", ""),
    ("wenzhou", "inn_hv_invention_patents_per_10k", "target", 2025, "=", 9.7, "9.7", "wz_plan",
     ""),
    ("wenzhou", "inn_hv_invention_patents_per_10k", "prior_target", 2020, "=", 5, "5",
     "wz_plan", ""),
    ("wenzhou", "inn_hv_invention_patents_per_10k", "prior_actual", 2020, "=", 4.2, "4.2",
     "wz_plan", ""),
    ("quanzhou", "inn_hv_invention_patents_per_10k", "target", 2025, ">=", 4.5, "4.5件以上",
     "qz_scheme", ""),
]


def make_plots_dataset():
    """The constructed Dataset of the plots tests, with the dtypes `qcompare.load()` returns."""
    from qcompare.dataset import Dataset

    cities = pd.DataFrame({
        "city_id": ["ruian", "wenzhou", "quanzhou"], "name_zh": ["瑞安", "温州", "泉州"],
        "name_en": ["Ruian", "Wenzhou", "Quanzhou"],
        "admin_level": ["county", "prefecture", "prefecture"],
        "parent_id": ["wenzhou", "", ""], "province": ["Zhejiang", "Zhejiang", "Fujian"],
    }, dtype=str)
    sources = pd.DataFrame({
        "source_id": ["wz_plan", "ra_plan", "ra_news", "qz_scheme"],
        "file": ["sources/wz.txt", "sources/ra.txt", "sources/ran.txt", "sources/qz.txt"],
        "title_zh": ["温州规划", "瑞安规划", "瑞安新闻", "泉州方案"],
        "title_en": ["Wenzhou plan", "Ruian plan", "Ruian news", "Quanzhou scheme"],
        "issuer": ["Wenzhou", "Ruian", "Ruian daily", "Quanzhou"],
        "date": ["2021", "2021", "2023", "2024"],
        "city_id": ["wenzhou", "ruian", "ruian", "quanzhou"],
        "kind": ["plan", "plan", "news", "plan"], "sha256": [c * 64 for c in "0123"],
    }, dtype=str)
    catalog = pd.DataFrame(
        [{"indicator_id": i, "name_zh": nz, "name_en": ne, "unit": u, "unit_zh": uz,
          "direction": d, "theme": th, "measure": me, "family": f,
          "definition_en": f"{ne} (constructed test entry)."}
         for i, nz, ne, u, uz, d, th, me, f in _PLOTS_INDICATORS]).astype(str)
    obs = pd.DataFrame(
        [{"city_id": c, "indicator_id": i, "kind": k, "year": y, "comparator": cmp, "value": v,
          "value_text": vt, "source_id": s, "quote": f"{i} {vt}", "note": n}
         for c, i, k, y, cmp, v, vt, s, n in _PLOTS_OBSERVATIONS])
    for col in ("city_id", "indicator_id", "kind", "comparator", "value_text", "source_id",
                "quote", "note"):
        obs[col] = obs[col].astype(str)
    obs["year"] = obs["year"].astype("int64")
    obs["value"] = obs["value"].astype("float64")
    return Dataset(cities=cities, sources=sources, indicators=catalog, observations=obs,
                   raw_dir=Path("."))


def make_plots_targets(rows: list[tuple] | None = None) -> pd.DataFrame:
    """A hand-built frame in the shape of targets_table (statuses chosen by hand)."""
    rows = rows if rows is not None else [
        # city, indicator, b_year, b_val, t_year, t_val, comparator, text, l_year, l_val, status
        ("ruian", "env_pm25", 2020, 22, 2025, 21, "<=", "21以下", 2023, 21, "target_achieved"),
        ("wenzhou", "env_pm25", 2020, 25, 2025, 26, "<=", "≤26", np.nan, np.nan,
         "no_observation"),
        ("wenzhou", "env_good_air_days_ratio", 2020, 97.5, 2025, np.nan, "", "省定目标",
         np.nan, np.nan, "not_assessable"),
        ("ruian", "env_good_air_days_ratio", 2020, 99.2, 2025, 98, ">=", "98%以上", 2023, 99.7,
         "target_achieved"),
        ("wenzhou", "prod_mfg_quality_pass_rate", 2020, 95, 2025, 96, ">=", "≥96", np.nan,
         np.nan, "no_observation"),
    ]
    frame = pd.DataFrame(rows, columns=[
        "city_id", "indicator_id", "baseline_year", "baseline_value", "target_year",
        "target_value", "comparator", "target_text", "latest_year", "latest_value", "status"])
    frame["required_change"] = frame["target_value"] - frame["baseline_value"]
    frame["required_annual_rate"] = np.nan
    frame["note"] = ""
    for col in ("baseline_year", "target_year", "latest_year"):
        frame[col] = frame[col].astype("Int64")
    return frame


def make_plots_record() -> pd.DataFrame:
    """A hand-built frame in the shape of track_record."""
    return pd.DataFrame([
        ("ruian", "env_pm25", 30.0, 22.0, True),
        ("wenzhou", "env_pm25", 35.0, 25.0, True),
        ("wenzhou", "env_good_air_days_ratio", np.nan, 97.5, None),
        ("wenzhou", "inn_hv_invention_patents_per_10k", 5.0, 4.2, False),
    ], columns=["city_id", "indicator_id", "prior_target", "prior_actual", "met"])


@pytest.fixture
def plots_ds():
    return make_plots_dataset()


@pytest.fixture
def plots_targets():
    return make_plots_targets()


@pytest.fixture
def plots_record():
    return make_plots_record()

# ==== end of plots fixtures ===============================================================
