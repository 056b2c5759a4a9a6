"""qcompare.analysis.scorecard: one city's targets with ambition and status."""

from __future__ import annotations

import pytest

from qcompare.analysis.scorecard import SCORECARD_COLUMNS, scorecard, status_counts


def test_one_row_per_target_with_catalog_labels(tiny_ds):
    card = scorecard(tiny_ds, "alpha")
    assert list(card.columns) == SCORECARD_COLUMNS
    assert sorted(card["indicator_id"]) == sorted(
        ["pm", "air", "pat", "pass", "gb_b", "std_new", "intl"]
    )
    assert list(card["theme"]) == sorted(card["theme"])
    pm = card.set_index("indicator_id").loc["pm"]
    assert (pm["name_en"], pm["unit"], pm["direction"]) == ("Indicator pm", "µg/m³", "lower_better")
    assert pm["required_annual_rate"] == pytest.approx(0.0078749, abs=1e-7)
    assert pm["looser_than_baseline"] and pm["status"] == "deterioration"
    assert "looser than its baseline" in pm["note"]


def test_status_counts(tiny_ds):
    counts = status_counts(scorecard(tiny_ds, "alpha"))
    assert list(counts.index) == [
        "target_achieved",
        "on_track",
        "needs_acceleration",
        "limited_progress",
        "deterioration",
        "no_observation",
        "not_assessable",
    ]
    assert counts.to_dict() == {
        "target_achieved": 1,
        "on_track": 1,
        "needs_acceleration": 1,
        "limited_progress": 0,
        "deterioration": 2,
        "no_observation": 0,
        "not_assessable": 2,
    }


def test_unknown_city(tiny_ds):
    with pytest.raises(KeyError, match="nowhere"):
        scorecard(tiny_ds, "nowhere")


def test_real_wenzhou_scorecard(real_ds):
    card = scorecard(real_ds, "wenzhou")
    targets = real_ds.obs(city_id="wenzhou", kind="target")
    # one row per indicator and area: the star-rated green-building share has two areas
    assert len(card) == len(targets[["indicator_id", "area_id"]].drop_duplicates())
    star = card.loc[card["indicator_id"] == "eng_star_green_building_share_new_buildings"]
    assert sorted(zip(star["area_id"], star["target_value"], strict=True)) == [
        ("wenzhou_counties", 12.0),
        ("wenzhou_urban", 20.0),
    ]
    patents = card.set_index("indicator_id").loc["inn_hv_invention_patents_per_10k"]
    assert patents["required_annual_rate"] == pytest.approx(0.1822, abs=1e-4)
    assert patents["name_zh"] == "每万人高价值发明专利拥有量"
