"""Chinese text in matplotlib: the packaged CJK font, registered in memory by qcompare.plots.setup().

Every rendering here fails on a "Glyph … missing from font(s)" warning and on a font_manager
"findfont" log record; the control test shows that the same text without the CJK font does warn,
so the check itself can fail.
"""

from __future__ import annotations

import logging
import re
import warnings
from pathlib import Path

import matplotlib
import numpy as np
import pytest
from matplotlib import font_manager
from matplotlib.figure import Figure

import qcompare.plots as qp
from qcompare.plots import fonts

matplotlib.use("Agg")

TEXTS = ["瑞安 温州 泉州", "瑞安市", "泉州市質量強市", "Ruian Wenzhou 2025 ≥96 µg/m³"]
CJK_CHARS = sorted({ch for t in TEXTS for ch in t if ord(ch) > 0x2E80 and not ch.isspace()})


def _render(path: Path, caplog: pytest.LogCaptureFixture) -> list[str]:
    """Draw TEXTS into `path`; return every warning and font_manager log message."""
    fig = Figure(figsize=(5, 2.5), dpi=100)
    for i, text in enumerate(TEXTS):
        fig.text(0.05, 0.8 - 0.2 * i, text, fontsize=16)
    caplog.clear()
    with (
        caplog.at_level(logging.DEBUG, logger="matplotlib.font_manager"),
        warnings.catch_warnings(record=True) as caught,
    ):
        warnings.simplefilter("always")
        fig.savefig(path)
    font_logs = [
        r.getMessage()
        for r in caplog.records
        if r.name == "matplotlib.font_manager" and r.levelno >= logging.WARNING
    ]
    return [str(w.message) for w in caught] + font_logs


def _missing(messages: list[str]) -> list[str]:
    return [m for m in messages if re.search(r"missing from font|Glyph \d+|findfont|not found", m)]


def test_font_comes_from_the_installed_mplfonts_package():
    path = fonts.cjk_font_path()
    assert path.name == "NotoSansCJKsc-Regular.otf"
    assert path.parent.parent.name == "mplfonts"
    # nothing was copied into matplotlib's own font folder
    mpl_fonts = Path(matplotlib.get_data_path()) / "fonts"
    assert not list(mpl_fonts.rglob("NotoSansCJK*"))


def test_setup_is_idempotent_and_sets_latin_first_with_cjk_fallback():
    def registered() -> int:
        return sum(
            Path(e.fname).resolve() == fonts.cjk_font_path().resolve()
            for e in font_manager.fontManager.ttflist
        )

    qp.setup()
    once = registered()
    qp.setup()
    assert matplotlib.rcParams["font.family"] == ["DejaVu Sans", "Noto Sans CJK SC"]
    assert once >= 1 and registered() == once  # the second call adds nothing
    found = font_manager.fontManager._find_fonts_by_props(font_manager.FontProperties())
    assert [Path(p).name for p in found] == ["DejaVuSans.ttf", "NotoSansCJKsc-Regular.otf"]


@pytest.mark.parametrize("suffix", ["png", "svg"])
def test_chinese_renders_without_missing_glyphs(tmp_path, caplog, suffix):
    qp.setup()
    out = tmp_path / f"cjk.{suffix}"
    assert _missing(_render(out, caplog)) == []
    if suffix == "png":
        img = matplotlib.image.imread(out)
        ink = (img[..., :3].mean(axis=2) < 0.5).sum()
        assert ink > 2000, f"PNG looks blank: {ink} dark pixels"
    else:
        svg = out.read_text(encoding="utf-8")
        # svg.fonttype "path": every glyph is a path whose id names its font. Latin from DejaVu
        # Sans, each distinct CJK character from Noto Sans CJK SC (traditional ones included).
        cjk_glyphs = set(re.findall(r'id="NotoSansCJKsc-Regular-([0-9a-f]+)"', svg))
        assert len(cjk_glyphs) == len(CJK_CHARS)
        assert re.search(r'id="DejaVuSans-[0-9a-f]+"', svg)


def test_control_without_the_cjk_font_warns(tmp_path, caplog):
    """Proves the check above can fail: Latin-only font list → missing-glyph warnings."""
    qp.setup()
    with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
        messages = _render(tmp_path / "boxes.png", caplog)
    assert any("missing from font" in m for m in messages)


def test_png_differs_from_tofu(tmp_path, caplog):
    """The CJK rendering is not the box rendering (characters, not boxes)."""
    qp.setup()
    good = tmp_path / "good.png"
    _render(good, caplog)
    with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
        _render(tmp_path / "tofu.png", caplog)
    a = matplotlib.image.imread(good)[..., :3]
    b = matplotlib.image.imread(tmp_path / "tofu.png")[..., :3]
    assert np.abs(a - b).mean() > 0.005
