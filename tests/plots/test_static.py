"""matplotlib/seaborn charts (qcompare.plots.static) on the constructed plots_ds."""

from __future__ import annotations

import re
import warnings

import matplotlib
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from qcompare.plots import static as sp

matplotlib.use("Agg")


def _by_gid(ax, gid: str) -> list:
    return [c for c in ax.collections if c.get_gid() == gid]


def _offsets(ax, gid: str) -> list[tuple[float, float]]:
    (coll,) = _by_gid(ax, gid)
    return [tuple(p) for p in np.asarray(coll.get_offsets())]


def _save_clean(fig: Figure, path) -> None:
    """Save; fail on any missing-glyph (or other) warning; the PNG must not be blank."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(path, dpi=60)
    bad = [str(w.message) for w in caught if re.search(r"missing from font|Glyph", str(w.message))]
    assert bad == []
    img = matplotlib.image.imread(path)
    assert (img[..., :3].mean(axis=2) < 0.5).sum() > 500


def _all_text(fig: Figure) -> str:
    return " | ".join(t.get_text() for t in fig.findobj(matplotlib.text.Text))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_bullet_two_cities_one_indicator(plots_ds, plots_targets, lang, tmp_path):
    fig = sp.bullet(
        plots_ds, plots_targets.loc[plots_targets["indicator_id"] == "env_pm25"], lang=lang
    )
    assert isinstance(fig, Figure)
    (ax,) = fig.axes
    cities = ["瑞安", "温州"] if lang == "zh" else ["Ruian", "Wenzhou"]
    assert [t.get_text() for t in ax.get_yticklabels()] == cities
    assert _offsets(ax, "baseline") == [(22, 0), (25, 1)]
    assert _offsets(ax, "target") == [(21, 0), (26, 1)]
    latest = _by_gid(ax, "latest")[0]
    assert np.asarray(latest.get_offsets())[0].tolist() == [21, 0]
    assert latest.get_facecolors()[0][3] == 0  # partial year: open marker
    assert ("越低越好" if lang == "zh" else "lower is better") in ax.get_xlabel()
    labels = [t.get_text() for t in ax.texts if t.get_gid() == "target_label"]
    assert labels == ["≤21", "≤26"]
    _save_clean(fig, tmp_path / f"bullet_{lang}.png")


def test_bullet_one_panel_per_indicator_and_non_numeric_note(plots_ds, plots_targets, tmp_path):
    fig = sp.bullet(plots_ds, plots_targets, lang="en")
    assert len(fig.axes) == 3
    assert [ax.get_title(loc="left") for ax in fig.axes] == [
        "PM2.5 annual mean concentration (lower is better)",
        "Share of days with good or excellent air quality",
        "Manufacturing product quality pass rate",
    ]
    notes = [t.get_text() for t in fig.axes[1].texts if t.get_gid() == "note"]
    assert notes == ["Target 2025: 省定目标"]
    _save_clean(fig, tmp_path / "bullet.png")


def test_trajectory(plots_ds, tmp_path):
    fig = sp.trajectory(plots_ds, "env_pm25", lang="zh")
    (ax,) = fig.axes
    assert _offsets(ax, "target:wenzhou") == [(2025, 26)]
    (observed,) = _by_gid(ax, "observed:ruian")
    assert np.asarray(observed.get_offsets()).tolist() == [[2023, 21]]
    assert observed.get_facecolors()[0][3] == 0  # partial year: open marker
    assert _offsets(ax, "prior_actual:ruian") == [(2020, 22)]
    assert "越低越好" in ax.get_ylabel()
    assert "年内部分数据" in _all_text(fig)
    _save_clean(fig, tmp_path / "trajectory.png")


def test_dumbbell_one_panel_per_unit(plots_ds, tmp_path):
    from qcompare.analysis.comparison import compare

    fig = sp.dumbbell(plots_ds, compare(plots_ds, family="green_building_share"), lang="zh")
    assert len(fig.axes) == 2
    assert [ax.get_xlabel() for ax in fig.axes] == ["%", "万平方米"]
    assert _offsets(fig.axes[0], "target") == [(100, 0), (70, 1)]
    assert _offsets(fig.axes[0], "baseline")[0] == (95, 0)
    assert np.isnan(np.asarray(_by_gid(fig.axes[0], "latest")[0].get_offsets())[:, 0]).all()
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == [
        "温州 · 城镇新建民用建筑中绿色建筑占比",
        "泉州 · 新建建筑中绿色建筑占比",
    ]
    _save_clean(fig, tmp_path / "dumbbell.png")


def test_status_heatmap(plots_ds, plots_targets, tmp_path):
    from qcompare.analysis.progress import STATUSES

    fig = sp.status_heatmap(plots_ds, plots_targets, lang="en")
    (ax,) = fig.axes
    mesh = _by_gid(ax, "status")[0]
    assert mesh.get_array().count() == 5  # Ruian has no pass-rate target: that cell is masked
    legend = fig.legends[0]
    assert [t.get_text() for t in legend.get_texts()] == [
        "Target achieved",
        "On track",
        "Needs acceleration",
        "Limited progress",
        "Moving away",
        "No observation",
        "Not assessable",
    ]
    assert len(legend.get_texts()) == len(STATUSES)
    assert "Not assessable" in [t.get_text() for t in ax.texts]
    _save_clean(fig, tmp_path / "heatmap.png")


def test_track_record_bars(plots_ds, plots_record, tmp_path):
    fig = sp.track_record_bars(plots_ds, plots_record, lang="en")
    assert len(fig.axes) == 3
    gids = [[p.get_gid() for p in ax.patches] for ax in fig.axes]
    assert gids[0] == ["prior_target", "prior_target", "prior_actual:True", "prior_actual:True"]
    assert gids[1] == ["prior_target:none", "prior_actual:None"]
    assert gids[2] == ["prior_target", "prior_actual:False"]
    unmet = fig.axes[2].patches[1]
    assert unmet.get_width() == pytest.approx(4.2)
    assert matplotlib.colors.to_hex(unmet.get_facecolor()) == "#d55e00"
    notes = [t.get_text() for t in fig.axes[1].texts if t.get_gid() == "note"]
    assert notes == ["Previous target (not a number): 持续改善"]
    _save_clean(fig, tmp_path / "track.png")


def test_a_dollar_in_source_wording_is_not_mathtext(plots_ds, plots_targets, tmp_path):
    odd = plots_targets.copy()
    odd.loc[2, "target_text"] = "$5 or $6"
    fig = sp.bullet(plots_ds, odd, lang="en")
    _save_clean(fig, tmp_path / "dollar.png")


def test_figures_show_themselves_in_jupyter_without_pyplot(plots_ds, plots_targets):
    fig = sp.bullet(plots_ds, plots_targets, lang="zh")
    png = fig._repr_png_()  # what IPython calls when no inline backend formatter is set up
    assert png.startswith(b"\x89PNG") and len(png) > 10_000


def test_panel_without_numbers_has_no_ticks_and_single_value_gets_a_window(plots_ds, plots_targets):
    only_text = plots_targets.loc[[2]]  # Wenzhou good-air: target "省定目标", baseline 97.5
    no_base = only_text.assign(baseline_value=np.nan)
    (ax,) = sp.bullet(plots_ds, no_base, lang="en").axes
    assert list(ax.get_xticks()) == []
    (ax,) = sp.bullet(plots_ds, only_text, lang="en").axes
    assert ax.get_xlim() == pytest.approx((97.5 - 9.75, 97.5 + 9.75))


def test_facet_panels_have_at_most_six_value_ticks(plots_ds, plots_targets):
    """Each tick is a mark, a grid line and a label drawn in both files of every panel."""
    wide = plots_targets.copy()
    wide["baseline_value"], wide["target_value"] = 61.0, 66.4  # matplotlib alone: 60, 61, … 67
    fig = sp.bullet(plots_ds, wide, lang="en")
    fig.canvas.draw()
    for ax in fig.axes:
        shown = [t for t in ax.get_xticks() if ax.get_xlim()[0] <= t <= ax.get_xlim()[1]]
        assert len(shown) <= 6, ax.get_title(loc="left")


def test_a_facet_title_longer_than_its_panel_fits_on_the_canvas(tmp_path, monkeypatch):
    # the canvas widens to hold a long panel title, so the figure files are drawn on it (no
    # second, larger canvas), and the panels keep their width
    from qcompare.briefings import figure_files
    from qcompare.plots.fonts import ensure_setup

    ensure_setup()  # the briefings' fonts, whose widths the layout estimates
    long_title = "Water-quality compliance of centralised drinking-water sources (%) " * 2
    titles = ["PM2.5 细颗粒物", long_title]
    facets = [
        pd.DataFrame({"row_label": [row], "facet_title": [title]})
        for row, title in zip(["瑞安", "Wenzhou"], titles, strict=True)
    ]
    fig, axes = sp._facets(facets, 2)
    for ax, title in zip(axes, titles, strict=True):
        ax.set_title(title, loc="left", fontsize=10)
    sp._finish(fig, "Targets", [])
    width = fig.get_figwidth()
    assert width > sp._WIDTH_IN
    panel = sp._WIDTH_IN - axes[0].get_position().x0 * width - sp._RIGHT_IN
    assert axes[0].get_position().width * width == pytest.approx(panel)

    def second_canvas(*args):
        raise AssertionError("the figure needed a second canvas")

    monkeypatch.setattr(figure_files, "_redraw", second_canvas)
    figure_files.write_figure(fig, tmp_path, "long", formats=("png",))
    assert (tmp_path / "long.png").stat().st_size
