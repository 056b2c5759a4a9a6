"""The scorecard's peers section: pairs for a few other cities, counts per target for many."""

from __future__ import annotations

import pandas as pd
import pytest

from qcompare.analysis.peers import peer_summary, peers
from qcompare.analysis.track_record import track_record
from qcompare.briefings import narrative, tables
from qcompare.briefings.html import table as html_table
from qcompare.briefings.narrative.scorecard import PEERS_LISTED_MAX

COUNT_HEADERS = {
    "zh": ["指标", "目标值", "严于（城市数）", "相同（城市数）", "宽于（城市数）"],
    "en": ["Indicator", "Target", "Stricter than (cities)", "Same as (cities)"],
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_real_cities_keep_the_pair_table(real_ds, lang):
    for city in ("ruian", "wenzhou", "quanzhou"):
        p = peers(real_ds, city)
        assert p["parent_id"].nunique() <= PEERS_LISTED_MAX and narrative.peers_listed(p)
        shown = tables.peers_display(real_ds, p, lang)
        assert len(shown) == len(p)
        assert ("对比城市" if lang == "zh" else "Other city") in shown.columns
    ruian = tables.peers_display(real_ds, peers(real_ds, "ruian"), lang)
    other = ruian["对比城市" if lang == "zh" else "Other city"]
    assert set(other) == ({"温州", "泉州"} if lang == "zh" else {"Wenzhou", "Quanzhou"})


def test_many_cities_one_row_per_target_zh(many_ds):
    p = peers(many_ds, "c00001")
    assert not narrative.peers_listed(p)
    shown = tables.peers_display(many_ds, p, "zh")
    assert list(shown.columns[:5]) == COUNT_HEADERS["zh"]
    assert len(shown) == 5  # c00001's targets with an other city: ind_001 … ind_005
    assert "对比城市" not in shown.columns
    row = shown.set_index("指标").loc["指标1"]
    summary = peer_summary(many_ds, p).set_index("indicator_id").loc["ind_001"]
    assert row["目标值"] == f"{summary['child_target']:g}%（2025）"
    assert row["严于（城市数）"] == summary["n_stricter"]
    assert row["不可比（城市数，主要原因）"] == "6（口径不同）"
    assert row["可比目标中位数"] == f"{summary['peer_median']:g}%"
    count = shown.set_index("指标").loc["指标2"]
    assert count["不可比（城市数，主要原因）"] == "10（计数类指标，随城市规模而变）"
    assert count["可比目标中位数"] == "—"


def test_many_cities_one_row_per_target_en(many_ds):
    shown = tables.peers_display(many_ds, peers(many_ds, "c00001"), "en")
    assert list(shown.columns[:4]) == COUNT_HEADERS["en"]
    row = shown.set_index("Indicator").loc["Indicator 1"]
    assert row["Not comparable (cities, main reason)"] == "6 (a different definition)"
    assert row["Median of comparable targets"].endswith("%")


def test_summary_cells_are_escaped_by_the_html_table(many_ds):
    summary = peer_summary(many_ds, peers(many_ds, "c00001"))
    summary.loc[0, "child_target"] = float("nan")
    summary.loc[0, "child_target_text"] = "<b>一批</b>"
    html = html_table(tables.peers_summary_display(many_ds, summary, "zh"))
    assert "<b>" not in html and "&lt;b&gt;一批&lt;/b&gt;" in html


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_finding_counts_the_cities_when_many(many_ds, lang):
    p = peers(many_ds, "c00001")
    record = track_record(many_ds, cities=["c00001"])
    first = narrative.scorecard_context(many_ds, p, record, "c00001", lang)[0]
    if lang == "zh":
        assert first.startswith("与其他11个城市的同一指标相比")
        assert "城市0" not in first and "城市11" not in first
    else:
        assert first.startswith("Against the same indicators in 11 other cities (")
        assert "City 0" not in first and "City 11" not in first


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_finding_names_the_cities_when_few(real_ds, lang):
    p = peers(real_ds, "ruian")
    first = narrative.scorecard_context(real_ds, p, pd.DataFrame(), "ruian", lang)[0]
    expected = "与温州和泉州的同一指标相比" if lang == "zh" else "Against the same indicators in "
    assert first.startswith(expected)
    if lang == "en":
        assert "Wenzhou and Quanzhou" in first or "Quanzhou and Wenzhou" in first
