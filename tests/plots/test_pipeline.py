"""The plots fed by the analytics outputs (targets_table, compare, track_record), on the
constructed plots_ds and on the real curated data (skipped while it does not load)."""

from __future__ import annotations

import re
import warnings

import matplotlib
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from matplotlib.figure import Figure

from qcompare.analysis.comparison import compare
from qcompare.analysis.targets import targets_table
from qcompare.analysis.track_record import track_record
from qcompare.plots import interactive as ip
from qcompare.plots import static as sp

matplotlib.use("Agg")

BACKENDS = [pytest.param(ip, go.Figure, id="plotly"), pytest.param(sp, Figure, id="static")]


def _roles(fig: go.Figure, role: str) -> list:
    return [t for t in fig.data if t.meta and t.meta.get("role") == role]


def _png(fig: Figure, path) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(path, dpi=50)
    assert [
        str(w.message) for w in caught if re.search(r"missing from font|Glyph", str(w.message))
    ] == []


@pytest.mark.parametrize(("mod", "kind"), BACKENDS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_function_takes_the_analytics_outputs(plots_ds, mod, kind, lang, tmp_path):
    targets = targets_table(plots_ds)
    figs = [
        mod.bullet(plots_ds, targets, lang=lang),
        mod.trajectory(plots_ds, "env_pm25", lang=lang),
        mod.dumbbell(plots_ds, compare(plots_ds, family="green_building_share"), lang=lang),
        mod.status_heatmap(plots_ds, targets, lang=lang),
        mod.track_record_bars(plots_ds, track_record(plots_ds), lang=lang),
    ]
    for i, fig in enumerate(figs):
        assert isinstance(fig, kind)
        if kind is Figure:
            _png(fig, tmp_path / f"{i}.png")


def test_bullet_from_targets_table_has_one_facet_per_indicator(plots_ds):
    targets = targets_table(plots_ds)
    fig = ip.bullet(plots_ds, targets, lang="en")
    baselines = _roles(fig, "baseline")
    assert len(baselines) == targets["indicator_id"].nunique() == 7
    assert len({t.xaxis for t in baselines}) == 7
    marks = sum(len(t.x) for t in _roles(fig, "target"))
    assert marks == len(targets)


def test_track_record_boolean_na_met_is_grey(plots_ds):
    record = track_record(plots_ds)
    assert str(record["met"].dtype) == "boolean"
    fig = ip.track_record_bars(plots_ds, record, lang="en")
    mets = sorted(str(t.meta["met"]) for t in _roles(fig, "prior_actual"))
    assert mets == ["False", "None", "True"]


def test_track_record_several_years_get_year_labels(plots_ds):
    record = pd.concat(
        [
            track_record(plots_ds),
            track_record(plots_ds).iloc[[0]].assign(year=2015, prior_target=40.0),
        ]
    )
    fig = sp.track_record_bars(plots_ds, record, lang="en")
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == ["Ruian 2020", "Ruian 2015", "Wenzhou"]


# --- the real curated data -------------------------------------------------------------------
def test_real_wenzhou_pm25_and_air_bullet(real_ds):
    """Wenzhou Table 2: PM2.5 25 → "≤ 26", good-air target "省定目标" (non-numeric)."""
    targets = targets_table(real_ds)
    wz = targets.loc[
        (targets["city_id"] == "wenzhou")
        & targets["indicator_id"].isin(["env_pm25", "env_good_air_days_ratio"])
    ]
    fig = ip.bullet(real_ds, wz, lang="zh")
    pm_base = [t for t in _roles(fig, "baseline") if t.meta["facet"] == "env_pm25"][0]
    pm_tgt = [t for t in _roles(fig, "target") if t.meta["facet"] == "env_pm25"][0]
    assert list(pm_base.x) == [25] and list(pm_tgt.x) == [26] and list(pm_tgt.text) == ["≤26"]
    assert "越低越好" in " ".join(a.text for a in fig.layout.annotations)
    assert any("省定目标" in a.text for a in fig.layout.annotations)


def test_real_dumbbells(real_ds):
    fig = sp.dumbbell(
        real_ds, compare(real_ds, indicator="inn_hv_invention_patents_per_10k"), lang="en"
    )
    (ax,) = fig.axes
    labels = [t.get_text() for t in ax.get_yticklabels()]
    tgt = dict(zip(labels, np.asarray(ax.collections[2].get_offsets())[:, 0], strict=True))
    assert tgt["Wenzhou"] == pytest.approx(9.7) and tgt["Quanzhou"] == pytest.approx(4.5)
    fig = ip.dumbbell(
        real_ds, compare(real_ds, indicator="eng_prefab_share_new_buildings"), lang="en"
    )
    (base,) = _roles(fig, "baseline")
    (tgt,) = _roles(fig, "target")
    by_city = dict(zip(tgt.y, tgt.x, strict=True))
    assert by_city["Wenzhou"] == 35 and by_city["Ruian"] == 30
    assert dict(zip(base.y, base.x, strict=True))["Wenzhou"] == 30


def test_real_ruian_partial_year_pm25(real_ds):
    fig = ip.trajectory(real_ds, "env_pm25", cities=["ruian"], lang="en")
    partial = _roles(fig, "partial")
    assert [(x, y) for t in partial for x, y in zip(t.x, t.y, strict=True)] == [(2023, 21)]


@pytest.mark.parametrize(("mod", "kind"), BACKENDS)
def test_real_smoke_every_function(real_ds, mod, kind, tmp_path):
    targets = targets_table(real_ds)
    figs = {
        "bullet": mod.bullet(real_ds, targets.loc[targets["city_id"] == "ruian"], lang="zh"),
        "trajectory": mod.trajectory(real_ds, "env_good_air_days_ratio", lang="en"),
        "dumbbell": mod.dumbbell(real_ds, compare(real_ds, family="prefab_share"), lang="zh"),
        "heatmap": mod.status_heatmap(real_ds, targets, lang="zh"),
        "track": mod.track_record_bars(real_ds, track_record(real_ds), lang="en"),
    }
    for name, fig in figs.items():
        assert isinstance(fig, kind)
        if kind is Figure:
            _png(fig, tmp_path / f"{name}.png")
        else:
            assert len(fig.to_json()) < 2_000_000  # light enough for a self-contained briefing
