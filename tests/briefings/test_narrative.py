"""Findings sentences: computed from the analytics tables, in Chinese and English.

Expected sentences for the constructed `tiny_ds` (tests/conftest.py) were worked out by hand
from its rows: e.g. beta's PM2.5 22 → 21 in 3 years against a required 22 → 20 in 5 years gives
R = 0.0154 / 0.0189 ≈ 0.82, "needs acceleration"; alpha's ceiling 26 is above its baseline 25.
"""

from __future__ import annotations

import pandas as pd
import pytest

from qcompare.analysis.alignment import alignment
from qcompare.analysis.progress import assess
from qcompare.analysis.scorecard import scorecard
from qcompare.analysis.track_record import track_record
from qcompare.briefings import narrative as N
from qcompare.briefings.narrative import method
from qcompare.briefings.narrative import words as W

CITIES = ["alpha", "beta", "gamma"]
NA = float("nan")


def target_row(
    city,
    ind,
    *,
    base=(None, NA),
    target=(2025, "", NA, ""),
    latest=(None, NA),
    rate=NA,
    looser=None,
    status="no_observation",
    measure="level",
    theme="x",
    area=None,
    period=None,
    plan=None,
    trend="",
    level_status=None,
    trend_status="",
):
    """One row in the shape of `assess(ds)` (only the columns the sentences read). `period`
    is the latest value's (start, end) when it is not its calendar year; a status resting on
    a partial period is provisional, as the analytics mark it; `plan` is (plan_date,
    horizon_years), by default the date of the city's plan in tiny_ds."""
    year, comparator, value, text = target
    if period is None and latest[0]:
        period = (f"{latest[0]}-01", f"{latest[0]}-12")
    partial = period is not None and period[1][5:] != "12"
    plan = plan or (("2024", 1) if city == "gamma" else ("2021", 4))
    return {
        "city_id": city,
        "indicator_id": ind,
        "area_id": area or city,
        "plan_date": plan[0],
        "horizon_years": plan[1],
        "trend": trend,
        "latest_period_start": period[0] if period else "",
        "latest_period_end": period[1] if period else "",
        "latest_partial_year": partial,
        "level_status": level_status or status,
        "trend_status": trend_status,
        "provisional": partial and status not in ("no_observation", "not_assessable"),
        "baseline_year": base[0],
        "baseline_value": base[1],
        "target_year": year,
        "target_value": value,
        "comparator": comparator,
        "target_text": text,
        "latest_year": latest[0],
        "latest_value": latest[1],
        "latest_kind": "observed" if latest[0] else "",
        "required_annual_rate": rate,
        "looser_than_baseline": looser,
        "status": status,
        "measure": measure,
        "theme": theme,
        "family": ind,
    }


@pytest.fixture
def status():
    """Targets of tiny_ds's cities with statuses as the analytics assign them (by hand:
    beta's PM2.5 22 → 21 in 3 years against 22 → 20 in 5 gives R ≈ 0.82)."""
    return pd.DataFrame(
        [
            target_row(
                "alpha",
                "pm",
                base=(2020, 25),
                target=(2025, "<=", 26, "≤ 26"),
                latest=(2023, 27),
                area="alpha_urban",
                period=("2023-01", "2023-06"),
                rate=0.007875,
                looser=True,
                status="deterioration",
                theme="environment",
            ),
            target_row(
                "beta",
                "pm",
                base=(2020, 22),
                target=(2025, "<=", 20, "20以下"),
                latest=(2023, 21),
                period=("2023-01", "2023-06"),
                rate=-0.018882,
                looser=False,
                status="needs_acceleration",
                theme="environment",
            ),
            target_row(
                "gamma",
                "pm",
                base=(2020, 30),
                target=(2025, "<=", 28, "28以下"),
                rate=-0.013704,
                looser=False,
                theme="environment",
            ),
            target_row(
                "alpha",
                "air",
                base=(2020, 97),
                target=(2025, "", NA, "省定目标"),
                status="not_assessable",
                theme="environment",
            ),
            target_row(
                "beta",
                "air",
                target=(2025, ">=", 98, "98%以上"),
                latest=(2024, 99.2),
                status="target_achieved",
                theme="environment",
            ),
            target_row(
                "alpha",
                "pass",
                base=(2020, 95),
                target=(2025, ">=", 96, "≥96"),
                latest=(2024, 96.5),
                rate=0.002096,
                looser=False,
                status="target_achieved",
                theme="product",
            ),
            target_row(
                "beta",
                "pass",
                target=(2025, ">=", 95, "95%以上"),
                status="not_assessable",
                theme="product",
            ),
            target_row(
                "alpha",
                "pat",
                base=(2020, 4.2),
                target=(2025, "=", 9.7, "9.7"),
                latest=(2022, 5.6),
                rate=0.182237,
                looser=False,
                status="needs_acceleration",
                theme="innovation",
            ),
            target_row(
                "beta",
                "pat",
                target=(2025, "=", 9.7, "9.7"),
                status="not_assessable",
                theme="innovation",
            ),
            target_row(
                "gamma",
                "pat",
                base=(2020, 4.5),
                target=(2025, ">=", 4.5, "4.5以上"),
                rate=0.0,
                looser=False,
                theme="innovation",
            ),
            target_row(
                "alpha",
                "gb_b",
                base=(2020, 100),
                target=(2025, "=", 100, "100"),
                latest=(2023, 98),
                rate=0.0,
                looser=False,
                status="deterioration",
                theme="engineering",
            ),
            target_row(
                "beta",
                "gb_a",
                target=(2025, ">=", 90, "90%以上"),
                status="not_assessable",
                theme="engineering",
            ),
            target_row(
                "gamma",
                "gb_c",
                base=(2020, 400),
                target=(2025, "~", 500, "500左右"),
                latest=(2022, 420),
                rate=0.04564,
                looser=False,
                status="limited_progress",
                theme="engineering",
            ),
            target_row(
                "alpha",
                "std_new",
                base=(2020, 234),
                target=(2025, "=", 300, "300"),
                latest=(2023, 150),
                status="not_assessable",
                measure="flow",
                theme="standards",
            ),
        ]
    ).assign(family=lambda f: f["indicator_id"].str.replace(r"gb_.", "gb", regex=True))


def test_words():
    assert W.join_words(["a", "b", "c"], "en") == "a, b and c"
    assert W.join_words(["甲", "乙", "丙"], "zh") == "甲、乙和丙"
    assert W.listing(list("abcde"), "en") == "a, b, c and 2 more"
    assert W.listing(list("甲乙丙丁"), "zh") == "甲、乙、丙等4项"
    assert W.percent(0.182237) == "+18.2%" and W.percent(-0.0189) == "-1.9%"
    assert W.percent(0.002096) == "+0.21%"
    assert W.sentence("x", "zh") == "x。" and W.sentence("x.", "en") == "x."


def test_quantity_takes_unit_from_the_catalog(tiny_ds, real_ds):
    assert W.quantity(real_ds, "env_pm25", 26, "zh", "<=") == "≤26微克/立方米"
    assert W.quantity(real_ds, "env_pm25", 26, "en", "<=") == "≤26 µg/m³"
    assert W.quantity(real_ds, "prod_mfg_quality_pass_rate", 96, "en", ">=") == "≥96%"
    assert W.quantity(tiny_ds, "gb_c", 500, "zh", "~") == "约500 10k m²"
    assert W.quantity(tiny_ds, "gb_c", 500, "en", "~") == "about 500 10k m²"


def test_indicator_findings_en(tiny_ds, status):
    out = N.indicator_findings(tiny_ds, status, ["pm"], CITIES, "en")
    # alpha's pm is for its urban districts, beta's and gamma's for the whole city: the ranking
    # names the areas, and every city sentence its area; gamma's scheme of 2024 looks one year
    # ahead, the 2021 plans four; the Jan–Jun 2023 values make their statuses provisional
    assert out == [
        "For Indicator pm, Beta sets the strictest 2025 target (≤20 µg/m³) and Gamma the "
        "loosest (≤28 µg/m³); lower is better; areas differ — Beta (whole city); "
        "Alpha urban districts; Gamma (whole city); horizons differ — Gamma: "
        "a plan of 2024, 1 year before 2025; Beta and Alpha: plans of 2021, 4 years before "
        "2025.",
        "Alpha urban districts: from 25 µg/m³ in 2020 to ≤26 µg/m³ by 2025; a target looser "
        "than the baseline, met from the start; latest observation 27 µg/m³ (Jan–Jun 2023); "
        "status: moving away (provisional: it rests on Jan–Jun 2023).",
        "Beta (whole city): from 22 µg/m³ in 2020 to ≤20 µg/m³ by 2025; a required change of "
        "-1.9% a year; latest observation 21 µg/m³ (Jan–Jun 2023); status: needs acceleration "
        "(provisional: it rests on Jan–Jun 2023).",
        "Gamma (whole city): from 30 µg/m³ in 2020 to ≤28 µg/m³ by 2025; a required change of "
        "-1.4% a year; no observation after the baseline yet.",
    ]


def test_indicator_findings_zh_names_areas_and_months(tiny_ds, status):
    out = N.indicator_findings(tiny_ds, status, ["pm"], ["alpha", "beta"], "zh")
    assert out == [
        "乙市的2025年pm指标目标（≤20 µg/m³）严于甲市（≤26 µg/m³）；该指标越低越好；"
        "统计范围不同——乙市全市；甲市市区。",
        "甲市市区：从2020年的25 µg/m³到2025年≤26 µg/m³，目标宽于基期值，期初即已达到，"
        "最新观测值27 µg/m³（2023年1–6月），进展状态：背离目标（暂定：依据2023年1–6月的数据）。",
        "乙市全市：从2020年的22 µg/m³到2025年≤20 µg/m³，需年均变化-1.9%，"
        "最新观测值21 µg/m³（2023年1–6月），进展状态：需加快进度（暂定：依据2023年1–6月的数据）。",
    ]


def test_indicator_findings_zh_non_numeric_and_missing_city(tiny_ds, status):
    out = N.indicator_findings(tiny_ds, status, ["air"], CITIES, "zh")
    assert out == [
        "只有乙市就air指标设定了2025年数值目标（≥98%）。",
        "甲市：2025年目标为“省定目标”，不是数值，无法比较或评估。",
        "乙市：2025年目标≥98%（规划未给出基期值），最新观测值99.2%（2024年），进展状态：已达成目标。",
        "丙市的规划未就该指标设定目标。",
    ]


def test_two_cities_and_ties(tiny_ds, status):
    two = N.indicator_findings(tiny_ds, status, ["pass"], CITIES, "zh")[0]
    assert two == "甲市的2025年pass指标目标（≥96%）严于乙市（≥95%）。"
    tie = N.indicator_findings(tiny_ds, status, ["pat"], CITIES, "en")[0]
    assert tie.startswith("For Indicator pat, Alpha and Beta set the strictest 2025 target")
    # all three for the whole city (no area caveat), but gamma's horizon is one year
    assert tie.endswith(
        "Gamma the loosest (≥4.5 patents per 10k people); horizons differ — Gamma: a plan of "
        "2024, 1 year before 2025; Alpha and Beta: plans of 2021, 4 years before 2025."
    )
    same = N.indicator_findings(tiny_ds, status, ["pat"], ["alpha", "beta"], "en")[0]
    assert (
        same == "Alpha and Beta set the same 2025 target for Indicator pat "
        "(9.7 patents per 10k people)."
    )


def test_family_findings_say_definitions_differ(tiny_ds, status):
    out = N.indicator_findings(tiny_ds, status, ["gb_a", "gb_b", "gb_c"], CITIES, "en")
    assert out[0] == (
        "Alpha, Beta and Gamma target 3 different definitions of this concept; "
        "targets of different definitions cannot be compared with each other."
    )
    assert out[1] == (
        "Alpha (Indicator gb_b): from 100% in 2020 to 100% by 2025; i.e. holding "
        "the baseline level; latest observation 98% (2023); status: moving away."
    )
    assert out[2] == (
        "Beta (Indicator gb_a): ≥90% by 2025 (the plan states no baseline); "
        "no baseline or observation to assess progress."
    )
    assert out[3].startswith(
        "Gamma (Indicator gb_c): from 400 10k m² in 2020 to about 500 10k m² by 2025"
    )
    assert out[3].endswith("status: limited progress.")


def test_no_numeric_target_anywhere(tiny_ds, status):
    out = N.indicator_findings(tiny_ds, status, ["air"], ["alpha"], "en")
    assert out[0] == "None of Alpha sets a numeric target for Indicator air."


def test_flow_is_not_assessed_by_rate(tiny_ds, status):
    out = N.indicator_findings(tiny_ds, status, ["std_new"], ["alpha"], "zh")
    assert out[1].endswith("新增类指标，不按增长率评估进展。")


def test_scorecard_findings(tiny_ds, status):
    card = status.loc[status["city_id"] == "alpha"]
    out = N.scorecard_findings(tiny_ds, card, "alpha", "en")
    assert out == [
        "Alpha's plan sets 6 targets across 5 themes; 5 are numbers, 5 of these come with a "
        "baseline.",
        "Progress assessment: target achieved 1; needs acceleration 1; moving away 2; "
        "not assessable 2.",
        "The most demanding is Indicator pat: from 4.2 patents per 10k people in 2020 to "
        "9.7 patents per 10k people by 2025, +18.2% a year.",
        "1 target is looser than the baseline, met from the start: Indicator pm for Alpha urban "
        "districts (25 → ≤26 µg/m³).",
        "Already achieved on the latest observation: Indicator pass.",
        "1 target is not a number (e.g. “省定目标”) and cannot be assessed.",
    ]
    beta = N.scorecard_findings(tiny_ds, status.loc[status["city_id"] == "beta"], "beta", "zh")
    assert (
        beta[0] == "乙市的规划共设定5项目标，涉及4个主题，其中5项为数值目标，1项同时给出了基期值。"
    )
    assert N.scorecard_findings(tiny_ds, status.iloc[0:0], "gamma", "en") == [
        "Gamma's plan sets no targets."
    ]


def test_theme_findings(tiny_ds, status):
    out = N.theme_findings(tiny_ds, status, "environment", CITIES, "zh")
    assert out == [
        "在生态环境主题下，甲市设定2项目标，乙市设定2项目标，丙市设定1项目标；"
        "其中2项指标由两个及以上城市共同设定。",
        "只有乙市就air指标设定了2025年数值目标（≥98%）。",
        "在pm指标上，乙市的2025年目标最严（≤20 µg/m³），丙市最宽（≤28 µg/m³）；该指标越低越好；"
        "统计范围不同——乙市全市；甲市市区；丙市全市；"
        "规划期限不同——丙市：2024年的规划，距2025年1年；乙市和甲市：2021年的规划，距2025年4年。",
        "按进展评估方法：已达成目标1项，需加快进度1项，背离目标1项，暂无观测值1项，无法评估1项。",
    ]
    eng = N.theme_findings(tiny_ds, status, "engineering", CITIES, "en")
    assert eng[0].endswith("; no indicator is targeted by two or more cities.")
    assert eng[1] == (
        "1 more concept is targeted under different definitions and not ranked: "
        "Indicator gb_b, Indicator gb_a and Indicator gb_c."
    )


def alignment_frame():
    rows = [  # child beta against parent alpha, as qcompare.analysis.alignment reports them
        ("air", "air", 98, NA, "not_comparable", NA, ">=", "", "98%以上", "省定目标"),
        ("gb_a", "gb_b", 90, 100, "not_comparable", NA, ">=", "=", "90%以上", "100"),
        ("pass", "pass", 95, 96, "looser", -1.0, ">=", ">=", "95%以上", "≥96"),
        ("pat", "pat", 9.7, 9.7, "same", 0.0, "=", "=", "9.7", "9.7"),
        ("pm", "pm", 20, 26, "stricter", 6.0, "<=", "<=", "20以下", "≤ 26"),
        ("std_new", "std_new", 12, 300, "not_comparable", NA, "=", "=", "12", "300"),
    ]
    cols = [
        "indicator_id",
        "parent_indicator_id",
        "child_target",
        "parent_target",
        "verdict",
        "margin",
        "child_comparator",
        "parent_comparator",
        "child_target_text",
        "parent_target_text",
    ]
    frame = pd.DataFrame(rows, columns=cols).assign(
        child_id="beta", parent_id="alpha", child_target_year=2025, parent_target_year=2025
    )
    # alpha's pm is for its urban districts, beta's for the whole city (see tiny_ds)
    urban = frame["indicator_id"] == "pm"
    return frame.assign(
        child_area_id="beta",
        parent_area_id=frame["indicator_id"].where(~urban, "alpha_urban").where(urban, "alpha"),
        like_for_like=~urban,
    )


def test_alignment_findings(tiny_ds):
    out = N.alignment_findings(tiny_ds, alignment_frame(), "beta", "alpha", "en")
    assert out == [
        "Beta's and Alpha's plans have 6 pairs of targets to set side by side: Beta's is "
        "stricter in 1, the same in 1 and looser in 1; 3 are not comparable; 1 of the pairs "
        "set targets for different areas or periods, and their verdicts hold only with that "
        "difference.",
        "Stricter in Beta: Indicator pm (≤20 µg/m³ vs ≤26 µg/m³; areas differ — Beta "
        "(whole city); Alpha urban districts).",
        "Looser in Beta: Indicator pass (≥95% vs ≥96%).",
        "The same in both: Indicator pat (9.7 patents per 10k people vs 9.7 patents per 10k "
        "people).",
        "Not comparable because of different definitions (1), a target that is not a number "
        "(1), counts that scale with city size (1).",
    ]
    assert N.alignment_findings(tiny_ds, alignment_frame().iloc[0:0], "beta", "alpha", "zh") == [
        "乙市与甲市的规划没有可对照的目标。"
    ]


def record_frame():
    rows = [  # alpha's previous plan; met as the track record judges it
        ("air", NA, 97, None, "", "持续改善", "97", "environment"),
        ("intl", 1, 0, False, "=", "1", "0", "standards"),
        ("pass", 95, 95, True, "=", "95", "95", "product"),
        ("pat", 5, 4.2, False, "=", "5", "4.2", "innovation"),
        ("pm", 35, 25, True, "<=", "35以下", "25", "environment"),
    ]
    frame = pd.DataFrame(
        rows,
        columns=[
            "indicator_id",
            "prior_target",
            "prior_actual",
            "met",
            "comparator",
            "prior_target_text",
            "prior_actual_text",
            "theme",
        ],
    )
    return frame.assign(city_id="alpha", year=2020, met=frame["met"].astype("boolean"))


def test_track_record_findings(tiny_ds):
    out = N.track_record_findings(tiny_ds, record_frame(), "alpha", "zh")
    assert out == [
        "甲市上期规划（至2020年）的5项指标中，4项可判断，其中2项完成（50%）。",
        "未完成的有：intl指标（目标1，实际0）和pat指标（目标5，实际4.2）。",
        "按主题看，完成率最高的是生态环境和产品质量（100%），最低的是创新和标准（0%）。",
        "另有1项的目标或结果不是数值，无法判断是否完成。",
    ]
    assert N.track_record_findings(tiny_ds, record_frame(), "gamma", "en") == [
        "There are no previous-plan targets and results for Gamma."
    ]


def test_the_analytics_outputs_feed_the_sentences(tiny_ds):
    """The real analytics frames carry every column the sentences read."""
    assert N.indicator_findings(tiny_ds, assess(tiny_ds), ["pm"], CITIES, "en")[0].startswith(
        "For Indicator pm, Beta sets the strictest 2025 target (≤20 µg/m³)"
    )
    assert N.scorecard_findings(tiny_ds, scorecard(tiny_ds, "alpha"), "alpha", "zh")
    assert N.theme_findings(tiny_ds, assess(tiny_ds), "product", CITIES, "en")
    assert (
        len(N.alignment_findings(tiny_ds, alignment(tiny_ds, "beta"), "beta", "alpha", "zh")) >= 2
    )
    assert N.track_record_findings(tiny_ds, track_record(tiny_ds), "alpha", "en")[0] == (
        "Of the 5 indicators of Alpha's previous plan (to 2020), 4 can be judged and 2 of "
        "them were met (50%)."
    )


def test_status_rows_follow_the_thresholds():
    from qcompare.analysis.progress import Thresholds

    rows = method.status_rows("en", Thresholds(0.9, 0.5, 0.0))
    assert rows[1] == ("R ≥ 0.9", "On track") and rows[2] == ("0.5 ≤ R < 0.9", "Needs acceleration")
    assert len(rows) == 7


# --- the real data (hand-checked against the plans' tables) ---------------------------------


def test_two_clause_targets_say_which_clause_holds(v2_ds):
    # hand-worked in tests/conftest.py: beta both clauses (22 → 21 for Jan–Nov 2023), gamma the
    # level only (22 → 23), alpha the level with no baseline to check the trend
    out = N.indicator_findings(v2_ds, assess(v2_ds), ["dust"], CITIES, "en")
    assert out == [
        "Alpha, Beta and Gamma set the same 2025 target for Indicator dust (≤25 µg/m³ and keep "
        "falling); horizons differ — Gamma: a plan of 2024, 1 year before 2025; Alpha and "
        "Beta: plans of 2021, 4 years before 2025.",
        "Alpha: ≤25 µg/m³ and keep falling by 2025 (the plan states no baseline); latest "
        "observation 20 µg/m³ (2022); keep falling cannot be checked (no baseline); no "
        "baseline, so no rate of progress.",
        "Beta: from 22 µg/m³ in 2020 to ≤25 µg/m³ and keep falling by 2025; a level looser than "
        "the baseline, but keep falling asks for a fall from it; latest observation 21 µg/m³ "
        "(Jan–Nov 2023); "
        "both clauses hold: the level (≤25 µg/m³) and keep falling (21 µg/m³ in Jan–Nov 2023 "
        "against 22 µg/m³ in 2020); status: target achieved (provisional: it rests on Jan–Nov "
        "2023).",
        "Gamma: from 22 µg/m³ in 2020 to ≤25 µg/m³ and keep falling by 2025; a level looser than "
        "the baseline, but keep falling asks for a fall from it; latest observation 23 µg/m³ "
        "(2023); the level "
        "(≤25 µg/m³) is met but keep falling does not hold (23 µg/m³ in 2023 against 22 µg/m³ "
        "in 2020); status: moving away.",
    ]
    zh = N.indicator_findings(v2_ds, assess(v2_ds), ["dust"], ["beta"], "zh")[1]
    assert zh == (
        "乙市：从2020年的22 µg/m³到2025年≤25 µg/m³并持续下降，水平宽于基期值，但持续下降要求较基期值下降，"
        "最新观测值21 µg/m³（2023年1–11月），两项要求均满足：水平（≤25 µg/m³）和持续下降"
        "（2023年1–11月为21 µg/m³，2020年为22 µg/m³），进展状态：已达成目标"
        "（暂定：依据2023年1–11月的数据）。"
    )


def test_one_city_with_two_areas_is_not_ranked_against_itself(v2_ds):
    out = N.indicator_findings(v2_ds, assess(v2_ds), ["star"], ["alpha"], "zh")
    assert out[0] == "只有甲市就star指标设定了2025年数值目标（甲市市区≥20%，甲市其他县市≥12%）。"
    assert out[1].startswith("甲市其他县市：2025年目标≥12%") and out[2].startswith("甲市市区：")


REAL_CITIES = ["ruian", "wenzhou", "quanzhou"]


def test_real_pm25(real_ds):
    status = assess(real_ds)
    zh = N.indicator_findings(real_ds, status, ["env_pm25"], REAL_CITIES, "zh")
    # the ranking names the areas compared (Ruian's whole city, Wenzhou's urban districts) and
    # Ruian's target keeps both clauses
    assert zh[0] == (
        "瑞安的2025年细颗粒物（PM2.5）平均浓度目标（≤25微克/立方米并持续下降）严于温州"
        "（≤26微克/立方米）；该指标越低越好；统计范围不同——瑞安市；温州市区。"
    )
    wenzhou = next(s for s in zh if s.startswith("温州市区："))
    assert "从2020年的25微克/立方米到2025年≤26微克/立方米，目标宽于基期值" in wenzhou
    ruian = next(s for s in zh if s.startswith("瑞安市："))
    assert "最新观测值21微克/立方米（2023年1–11月）" in ruian
    assert "两项要求均满足：水平（≤25微克/立方米）和持续下降" in ruian
    assert "水平宽于基期值，但持续下降要求较基期值下降" in ruian and "期初即已达到" not in ruian
    assert "进展状态：已达成目标（暂定：依据2023年1–11月的数据）" in ruian
    assert zh[-1] == "泉州的规划未就该指标设定目标。"
    en = N.indicator_findings(real_ds, status, ["env_pm25"], REAL_CITIES, "en")
    assert en[0].endswith(
        "; lower is better; areas differ — Ruian (whole city); Wenzhou urban districts."
    )
    assert "(≤25 µg/m³ and keep falling)" in en[0]
    ruian_en = next(s for s in en if s.startswith("Ruian (whole city): "))
    assert "latest observation 21 µg/m³ (Jan–Nov 2023)" in ruian_en
    assert "both clauses hold: the level (≤25 µg/m³) and keep falling" in ruian_en
    assert "status: target achieved (provisional: it rests on Jan–Nov 2023)" in ruian_en


def test_real_good_air_days_and_green_buildings_name_their_areas(real_ds):
    status = assess(real_ds)
    air = N.indicator_findings(real_ds, status, ["env_good_air_days_ratio"], REAL_CITIES, "zh")
    assert any(s.startswith("瑞安市：") and "（2023年1–11月）" in s for s in air)
    assert any(s.startswith("温州市区：") for s in air)
    family = real_ds.family_members("green_building_share")
    green = N.indicator_findings(real_ds, status, family, REAL_CITIES, "zh")
    # Wenzhou's star-rated pair: one indicator, two areas, each named, never ranked
    assert any(
        s.startswith("温州市区（星级绿色建筑占新建建筑比例）：2025年目标≥20%") for s in green
    )
    assert any(
        s.startswith("温州其他县市（星级绿色建筑占新建建筑比例）：2025年目标≥12%") for s in green
    )
    assert not any("严于温州" in s for s in green)


def test_real_one_year_scheme_against_five_year_plans_says_so(real_ds):
    status = assess(real_ds)
    out = N.indicator_findings(
        real_ds, status, ["inn_hv_invention_patents_per_10k"], REAL_CITIES, "en"
    )
    assert "horizons differ — Quanzhou: a plan of 2024, 1 year before 2025; " in out[0]
    assert "plan of 2021, 4 years before 2025" in out[0] or "plans of 2021" in out[0]


def test_real_wenzhou_track_record(real_ds):
    en = N.track_record_findings(real_ds, track_record(real_ds), "wenzhou", "en")
    assert en[0] == (
        "Of the 26 indicators of Wenzhou's previous plan (to 2020), 26 can be "
        "judged and 18 of them were met (69%)."
    )


def test_real_alignment_prefab_is_looser_in_ruian(real_ds):
    out = N.alignment_findings(real_ds, alignment(real_ds, "ruian"), "ruian", "wenzhou", "zh")
    looser = next(s for s in out if s.startswith("瑞安目标更宽的"))
    assert "装配式建筑占新建建筑比例（≥30% 对 ≥35%）" in looser
    stricter = next(s for s in out if s.startswith("瑞安目标更严的"))
    assert stricter == (
        "瑞安目标更严的：细颗粒物（PM2.5）平均浓度（≤25微克/立方米并持续下降 对 ≤26微克/立方米；"
        "统计范围不同——瑞安市；温州市区）。"
    )


def test_a_target_looser_than_its_baseline_is_never_called_the_most_demanding(real_ds):
    # Ruian's only rated targets (PM2.5 22 → ≤25, good air 99.2 → ≥95) ask for no
    # improvement, so the scorecard names no "most demanding" target
    from qcompare.analysis.scorecard import scorecard

    card = scorecard(real_ds, "ruian")
    rated = card.loc[card["required_annual_rate"].notna()]
    assert len(rated) and rated["looser_than_baseline"].all()
    for lang, words in (("zh", "要求最高"), ("en", "most demanding")):
        assert not any(words in s for s in N.scorecard_findings(real_ds, card, "ruian", lang))


def test_same_level_with_different_clauses_names_each(analytics_dataset):
    ds = analytics_dataset(
        observations=[
            ("alpha", "pass", "target", 2025, ">=", 95, "保持95%以上", "", {"trend": "hold"}),
            ("beta", "pass", "target", 2025, ">=", 95, "95%以上", ""),
        ]
    )
    out = N.indicator_findings(ds, assess(ds), ["pass"], ["alpha", "beta"], "en")
    assert (
        out[0]
        == "Alpha (≥95% and hold) and Beta (≥95%) set the same 2025 level for Indicator pass."
    )


def test_real_hold_clause_without_data_is_not_repeated(real_ds):
    out = N.indicator_findings(
        real_ds, assess(real_ds), ["prod_mfg_quality_pass_rate"], REAL_CITIES, "zh"
    )
    quanzhou = next(s for s in out if s.startswith("泉州："))
    # Quanzhou's "保持95%以上" keeps its hold clause; with no baseline and no observation the
    # sentence says so once
    assert (
        quanzhou
        == "泉州：2025年目标≥95%并保持（规划未给出基期值），无基期值和观测值，无法评估进展。"
    )
    assert (
        "horizons differ" not in out[0]
        and "规划期限不同——泉州：2024年的规划，距2025年1年" in out[0]
    )


def test_real_ruian_scorecard_keeps_the_keep_falling_clause_out_of_met_from_the_start(real_ds):
    from qcompare.analysis.scorecard import scorecard

    out = N.scorecard_findings(real_ds, scorecard(real_ds, "ruian"), "ruian", "zh")
    # PM2.5's level (≤25) is looser than 22, but "持续下降" is not met at the start
    assert "1项目标宽于其基期值，期初即已达到：空气质量优良天数比例（99.2→≥95%）。" in out
    assert (
        "最新观测值已达到目标的有：空气质量优良天数比例（暂定：2023年1–11月）和"
        "细颗粒物（PM2.5）平均浓度（暂定：2023年1–11月）。"
    ) in out
