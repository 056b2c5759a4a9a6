"""Static figure files (qcompare.briefings.figure_files via save_static): one draw per format,
palette PNG true to the raster, byte-identical files across renders, nothing cropped."""

from __future__ import annotations

import io
import xml.dom.minidom

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from qcompare.briefings.figure_files import palette_image
from qcompare.briefings.notebook import FIGURES_ENV, save_static
from qcompare.plots import static
from qcompare.plots.fonts import ensure_setup


@pytest.fixture(autouse=True)
def _cjk_font(monkeypatch):
    """The CJK font, as every qcompare.plots.static chart sets it up, for this test only: the
    warm engine's tests fork this process and compare its matplotlib defaults to a kernel's."""
    import matplotlib as mpl

    from qcompare.plots import fonts

    with mpl.rc_context():
        monkeypatch.setitem(fonts._state, "done", fonts._state["done"])
        ensure_setup()
        yield


def _facet_figure():
    """A hand-laid facet figure and a constrained-layout one, as qcompare.plots.static makes."""
    facets = [
        pd.DataFrame({"row_label": rows, "facet_title": "细颗粒物 PM2.5"})
        for rows in (["瑞安", "温州"], ["泉州"])
    ]
    fig, axes = static._facets(facets, 3)
    for ax in axes:
        ax.plot([1, 2, 3], [0, 1, 0], gid="line")
        ax.set_title("细颗粒物 PM2.5", loc="left")
    return static._finish(fig, "目标、基期值与最新观测值", [])


def _constrained_figure():
    fig = static._figure(figsize=(6, 3), layout="constrained")
    fig.subplots().scatter([1, 2, 3], [3, 1, 2], color=["#0072b2", "#d55e00", "#999999"])
    fig.suptitle("进展状态", x=0.01, ha="left")
    return fig


def _count_draws(fig) -> list:
    calls = []
    draw = fig.draw

    def counted(renderer):
        vector = type(renderer).__name__ == "MixedModeRenderer"  # how savefig wraps the SVG one
        calls.append(type(renderer._renderer if vector else renderer).__name__)
        return draw(renderer)

    fig.draw = counted
    return calls


@pytest.mark.parametrize("make", [_facet_figure, _constrained_figure])
def test_each_format_is_drawn_once(make, tmp_path, monkeypatch):
    monkeypatch.setenv(FIGURES_ENV, str(tmp_path))
    fig = make()
    calls = _count_draws(fig)
    save_static(fig, "fig")
    assert sorted(calls) == ["RendererAgg", "RendererSVG"]
    assert (tmp_path / "fig.png").stat().st_size and (tmp_path / "fig.svg").stat().st_size


def test_png_has_a_palette_and_shows_what_was_drawn(tmp_path, monkeypatch):
    monkeypatch.setenv(FIGURES_ENV, str(tmp_path))
    reference = io.BytesIO()
    _facet_figure().savefig(reference, format="png", dpi=150, bbox_inches="tight")
    save_static(_facet_figure(), "fig", formats=("png",))
    png = Image.open(tmp_path / "fig.png")
    assert png.mode == "P" and len(png.getpalette()) // 3 <= 256
    assert png.info["dpi"] == pytest.approx((150, 150), abs=0.05)
    want = Image.open(reference)
    # cropped to the tight box, give or take the rounding of its edges and the padding kept
    # within the figure
    assert abs(png.size[0] - want.size[0]) <= 4 and abs(png.size[1] - want.size[1]) <= 4
    # the palette keeps the picture: the raster's colours, off by about a level of 255 in
    # anti-aliased edges only
    fig = _facet_figure()
    fig.set_dpi(150)
    fig.canvas.draw()
    raster = np.asarray(fig.canvas.buffer_rgba())
    diff = np.abs(
        np.asarray(palette_image(raster).convert("RGB"), dtype=int) - raster[..., :3].astype(int)
    )
    assert diff.mean() < 1.5 and np.percentile(diff, 99.9) <= 16


def test_both_files_are_byte_identical_across_renders(tmp_path, monkeypatch):
    files = []
    for run in ("a", "b"):
        monkeypatch.setenv(FIGURES_ENV, str(tmp_path / run))
        save_static(_facet_figure(), "fig")
        files.append([(tmp_path / run / f"fig.{ext}").read_bytes() for ext in ("png", "svg")])
    assert files[0] == files[1]


def test_svg_is_compact_valid_and_has_no_date(tmp_path, monkeypatch):
    monkeypatch.setenv(FIGURES_ENV, str(tmp_path))
    save_static(_facet_figure(), "fig", formats=("svg",))
    svg = (tmp_path / "fig.svg").read_text(encoding="utf-8")
    doc = xml.dom.minidom.parseString(svg)
    assert doc.documentElement.tagName == "svg"
    assert svg.count("\n") == 0 and "<dc:date>" not in svg
    assert doc.getElementsByTagName("use")  # the glyphs are drawn as shared paths


def test_a_label_past_the_figure_edge_is_kept(tmp_path, monkeypatch):
    monkeypatch.setenv(FIGURES_ENV, str(tmp_path))
    fig = static._figure(figsize=(4, 2))
    fig.subplots().plot([0, 1], [0, 1])
    fig.text(1.02, 0.5, "右边的标签", ha="left")  # starts beyond the right edge
    save_static(fig, "fig", formats=("png",))
    width = Image.open(tmp_path / "fig.png").size[0]
    assert width > 4 * 150  # the image grew to hold the label
    pixels = np.asarray(Image.open(tmp_path / "fig.png").convert("L"))
    assert (pixels[:, 4 * 150 :] < 128).any()  # and the label is drawn there


def test_a_figure_past_its_edge_is_still_drawn_once_per_format(tmp_path, monkeypatch):
    monkeypatch.setenv(FIGURES_ENV, str(tmp_path))
    fig = static._figure(figsize=(4, 2))  # laid out by hand, as the facet figures are
    fig.subplots().plot([0, 1], [0, 1])
    fig.text(1.02, 0.5, "右边的标签", ha="left")
    calls = _count_draws(fig)
    save_static(fig, "fig")
    assert sorted(calls) == ["RendererAgg", "RendererSVG"]


def test_an_unknown_format_is_one_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv(FIGURES_ENV, str(tmp_path))
    with pytest.raises(ValueError, match="figure format 'jpg'"):
        save_static(_constrained_figure(), "fig", formats=("jpg",))
