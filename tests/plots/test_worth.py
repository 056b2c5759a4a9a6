"""qcompare.plots.worth: a chart of one status or of nothing is replaced by one line."""

from __future__ import annotations

import math

import pandas as pd

from qcompare.plots import worth


def targets(statuses, ids=None):
    ids = ids or [f"i{n}" for n in range(len(statuses))]
    return pd.DataFrame({"city_id": "a", "indicator_id": ids, "status": statuses})


def test_heatmap_of_mixed_statuses_is_shown():
    assert worth.status_heatmap_reason(targets(["on_track", "deterioration"]), "en") is None


def test_heatmap_of_one_status_is_not():
    line = worth.status_heatmap_reason(targets(["on_track", "on_track", "no_observation"]), "en")
    assert line == "No status chart: all 2 assessable targets have the same status, “On track”."
    zh = worth.status_heatmap_reason(targets(["target_achieved"] * 2), "zh")
    assert zh == "未绘制进展状态图：可评估的2项目标状态相同，均为“已达成目标”。"


def test_heatmap_without_any_assessed_status_is_not():
    line = worth.status_heatmap_reason(
        targets(["no_observation", "not_assessable", "not_assessable"]), "en"
    )
    assert line == (
        "No status chart: none of the 3 targets can be assessed yet "
        "(1 no observation, 2 not assessable)."
    )
    assert worth.status_heatmap_reason(targets([]), "en").startswith("No target")


def test_heatmap_keeps_the_indicators_with_a_status():
    t = pd.DataFrame(
        {
            "city_id": ["a", "b", "a", "b"],
            "indicator_id": ["x", "x", "y", "y"],
            "status": ["on_track", "no_observation", "not_assessable", "no_observation"],
        }
    )
    kept = worth.assessed_rows(t)
    assert list(kept["indicator_id"]) == ["x", "x"]  # y has no status in any city


def bullets(target, baseline, latest):
    return pd.DataFrame(
        {"target_value": target, "baseline_value": baseline, "latest_value": latest}
    )


def test_bullet_needs_a_target_against_something():
    nan = math.nan
    assert worth.bullet_reason(bullets([1.0], [nan], [2.0]), "en") is None
    assert worth.bullet_reason(bullets([1.0], [nan], [nan]), "en").startswith("No target chart")
    assert worth.bullet_reason(bullets([nan], [1.0], [2.0]), "zh").startswith("未绘制目标图")
    assert worth.bullet_reason(bullets([], [], []), "en") is not None


def card(rates, looser):
    return pd.DataFrame({"required_annual_rate": rates, "looser_than_baseline": looser})


def test_ambition_of_one_kind_is_not_shown():
    nan = math.nan
    assert worth.ambition_reason(card([0.02, -0.01], [False, True]), "en") is None
    assert "looser than their baseline" in worth.ambition_reason(
        card([0.02, -0.01, nan], [True, True, False]), "en"
    )
    assert "hold the baseline" in worth.ambition_reason(card([0.0, 0.0], [False, False]), "en")
    assert worth.ambition_reason(card([nan], [False]), "zh").startswith("未绘制目标力度图")


def test_values_and_repeated_dumbbell():
    frame = pd.DataFrame({"prior_target": [math.nan], "prior_actual": [math.nan]})
    assert worth.values_reason(frame, ("prior_target", "prior_actual"), "en").startswith("No chart")
    frame.loc[0, "prior_actual"] = 3.0
    assert worth.values_reason(frame, ("prior_target", "prior_actual"), "en") is None
    comp = pd.DataFrame({"city_id": ["a", "b"], "indicator_id": ["x", "x"]})
    assert worth.dumbbell_repeats_bullet(comp, comp)
    assert not worth.dumbbell_repeats_bullet(comp, comp.iloc[:1])
    family = pd.DataFrame({"city_id": ["a", "a"], "indicator_id": ["x", "y"]})
    assert not worth.dumbbell_repeats_bullet(family, family)
