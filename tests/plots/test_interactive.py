"""Plotly charts (qcompare.plots.interactive) on the constructed plots_ds."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from qcompare.analysis.progress import STATUSES
from qcompare.plots import interactive as ip


def _traces(fig: go.Figure, role: str, **meta) -> list:
    return [
        t
        for t in fig.data
        if t.meta
        and t.meta.get("role") == role
        and all(t.meta.get(k) == v for k, v in meta.items())
    ]


def _texts(fig: go.Figure) -> list[str]:
    """Every piece of text a reader sees: title, axis titles, annotations, trace text/names."""
    layout = fig.layout
    out = [layout.title.text or ""]
    out += [a.text for a in layout.annotations]
    for key in layout:
        if key.startswith(("xaxis", "yaxis")) and layout[key].title.text:
            out.append(layout[key].title.text)
    for t in fig.data:
        out.append(t.name or "")
        if getattr(t, "text", None) is not None:
            out += [str(x) for x in t.text]
        if getattr(t, "y", None) is not None:
            out += [str(y) for y in t.y]
    return out


def _pm25_two_cities(targets):
    return targets.loc[targets["indicator_id"] == "env_pm25"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_bullet_two_cities_one_indicator(plots_ds, plots_targets, lang):
    fig = ip.bullet(plots_ds, _pm25_two_cities(plots_targets), lang=lang)
    assert isinstance(fig, go.Figure)
    (baseline,) = _traces(fig, "baseline")
    (target,) = _traces(fig, "target")
    cities = ["瑞安", "温州"] if lang == "zh" else ["Ruian", "Wenzhou"]
    assert list(baseline.y) == cities and list(baseline.x) == [22, 25]
    assert list(target.y) == cities and list(target.x) == [21, 26]
    assert list(target.text) == ["≤21", "≤26"]
    latest = _traces(fig, "latest")
    partial = [t for t in latest if t.meta["partial"]]
    assert (
        len(partial) == 1
        and list(partial[0].x) == [21]
        and partial[0].marker.symbol == "diamond-open"
    )
    texts = " | ".join(_texts(fig))
    marker = "越低越好" if lang == "zh" else "lower is better"
    assert marker in fig.layout.xaxis.title.text
    assert ("µg/m³" if lang == "en" else "微克/立方米") in fig.layout.xaxis.title.text
    other = "Ruian" if lang == "zh" else "瑞安"
    assert other not in texts
    # hover: source wording and source id
    assert "21以下" in target.hovertext[0] and "ra_plan" in target.hovertext[0]
    assert "Noto Sans CJK SC" in fig.layout.font.family


def test_bullet_facets_per_indicator_and_annotates_non_numeric(plots_ds, plots_targets):
    fig = ip.bullet(plots_ds, plots_targets, lang="en")
    facets = {t.meta["facet"]: t.xaxis for t in _traces(fig, "baseline")}
    assert list(facets) == ["env_pm25", "env_good_air_days_ratio", "prod_mfg_quality_pass_rate"]
    assert len(set(facets.values())) == 3  # no two indicators share a value axis
    notes = [a.text for a in fig.layout.annotations if "省定目标" in a.text]
    assert notes == ["Target 2025: 省定目标"]
    (air_target,) = _traces(fig, "target", facet="env_good_air_days_ratio")
    assert list(air_target.y) == ["Ruian", "Wenzhou"]
    assert air_target.x[1] is None  # non-numeric target: no mark, the annotation instead


def test_trajectory(plots_ds):
    fig = ip.trajectory(plots_ds, "env_pm25", lang="en")
    assert isinstance(fig, go.Figure)
    plans = _traces(fig, "plan")
    assert [t.meta["city_id"] for t in plans] == ["ruian", "wenzhou"]
    assert list(plans[1].x) == [2020, 2025] and list(plans[1].y) == [25, 26]
    (partial,) = _traces(fig, "partial")
    assert partial.meta["city_id"] == "ruian" and list(partial.x) == [2023]
    assert list(partial.marker.symbol) == ["triangle-up-open"]
    assert {t.meta["city_id"] for t in _traces(fig, "prior_target")} == {"ruian", "wenzhou"}
    assert "lower is better" in fig.layout.yaxis.title.text
    assert not _traces(fig, "observed")  # the only observation is partial-year


def test_trajectory_annotates_non_numeric_target(plots_ds):
    fig = ip.trajectory(plots_ds, "env_good_air_days_ratio", cities=["wenzhou"], lang="zh")
    texts = [a.text for a in fig.layout.annotations]
    assert "温州 目标值 2025: 省定目标" in texts
    assert [t.meta["city_id"] for t in _traces(fig, "plan")] == ["wenzhou"]


def test_dumbbell_family_separate_axes_per_unit(plots_ds):
    from qcompare.analysis.comparison import compare

    fig = ip.dumbbell(plots_ds, compare(plots_ds, family="green_building_share"), lang="en")
    baselines = _traces(fig, "baseline")
    assert len(baselines) == 2 and baselines[0].xaxis != baselines[1].xaxis
    assert fig.layout.xaxis.title.text == "%"
    assert fig.layout.xaxis2.title.text == "10k m²"
    (pct_target,) = _traces(fig, "target", facet=0)
    assert list(pct_target.x) == [100, 70]
    assert "Quanzhou · Green buildings as a share of all new buildings" in pct_target.y


def test_dumbbell_shows_latest_observation_open_if_partial(plots_ds):
    from qcompare.analysis.comparison import compare

    fig = ip.dumbbell(plots_ds, compare(plots_ds, indicator="env_pm25"), lang="en")
    (latest,) = _traces(fig, "latest")
    assert latest.meta["partial"] and list(latest.x) == [21] and list(latest.y) == ["Ruian"]
    assert "ra_news" in latest.hovertext[0] and "(Jan–Oct 2023)" in latest.hovertext[0]
    only_observed = compare(plots_ds, indicator="env_pm25", kinds=("observed",))
    fig = ip.dumbbell(plots_ds, only_observed, lang="en")
    assert [list(t.x) for t in _traces(fig, "latest")] == [[21]]


def test_status_heatmap(plots_ds, plots_targets):
    fig = ip.status_heatmap(plots_ds, plots_targets, lang="en")
    (hm,) = fig.data
    assert isinstance(hm, go.Heatmap)
    k = len(STATUSES)
    # best status on top of the colour bar: z = k-1-position, ticks read bottom-up
    assert list(hm.colorbar.ticktext) == [
        "Not assessable",
        "No observation",
        "Moving away",
        "Limited progress",
        "Needs acceleration",
        "On track",
        "Target achieved",
    ]
    assert hm.z[0][0] == k - 1 - STATUSES.index("target_achieved")
    assert hm.z[2][0] is None
    assert list(hm.x) == ["Ruian", "Wenzhou"]
    assert hm.text[1][1] == "Not assessable"


def test_track_record_bars(plots_ds, plots_record):
    fig = ip.track_record_bars(plots_ds, plots_record, lang="en")
    targets = _traces(fig, "prior_target")
    assert len(targets) == 3  # one facet per indicator
    actual = _traces(fig, "prior_actual")
    by_met = {t.meta["met"]: t for t in actual}
    assert by_met[True].marker.color != by_met[False].marker.color
    assert list(_traces(fig, "prior_actual", met=False)[0].x) == [4.2]
    notes = [a.text for a in fig.layout.annotations if "持续改善" in a.text]
    assert notes == ["Previous target (not a number): 持续改善"]


def test_bad_lang(plots_ds, plots_targets):
    with pytest.raises(ValueError, match="lang"):
        ip.bullet(plots_ds, plots_targets, lang="de")


def test_facet_without_numbers_hides_ticks(plots_ds, plots_targets):
    no_numbers = plots_targets.loc[[2]].assign(baseline_value=float("nan"))
    fig = ip.bullet(plots_ds, no_numbers, lang="en")
    assert fig.layout.xaxis.showticklabels is False
    fig = ip.bullet(plots_ds, plots_targets.loc[[2]], lang="en")  # one number: 97.5
    assert list(fig.layout.xaxis.range) == pytest.approx([97.5 - 9.75, 97.5 + 9.75])
