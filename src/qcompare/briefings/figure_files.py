"""Writing a matplotlib figure as the briefing's PNG and SVG files, each drawn once.

`savefig(bbox_inches="tight")` draws a figure twice per format (once to measure, once to
write), and a scorecard's facet figure costs most of a second per draw. Here the figure is
drawn once on its Agg canvas at the PNG's resolution: that draw runs the layout engine, lays
out the text and gives the tight box. The PNG is that very raster, cropped to the box and
stored with an adaptive palette (the charts use a few hundred colours, anti-aliasing
included, so 256 lose nothing visible and cut the file to a third or less). The SVG is then
drawn once by the vector renderer into the same box, with the layout frozen, so both files
show the same picture. Both are byte-identical across renders: no date, no software stamp,
SVG ids salted with the figure's name.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

if TYPE_CHECKING:
    from PIL import Image

DPI = 150
PAD_IN = 0.1  # matplotlib's own padding around a tight box
PNG_COLOURS = 256
# zlib level 6, not 9: on a tall scorecard figure 9 spent 0.14 s for 12 % fewer bytes than 6's
# 0.03 s (bench/RESULTS.md §1)
PNG_COMPRESS_LEVEL = 6
FORMATS = ("png", "svg")
_LINE_BREAK = re.compile(r"[ ]*\n[ ]*")
_BETWEEN_TAGS = re.compile(r">\s+<")
# the SVG carries no metadata block: no date (determinism), no creator line (bytes)
SVG_METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}


def write_figure(fig: Figure, folder: Path, name: str, formats: Iterable[str] = FORMATS) -> None:
    """Write `fig` as folder/NAME.png and/or folder/NAME.svg, cropped to its tight box."""
    import matplotlib as mpl

    formats = tuple(formats)
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        raise ValueError(f"figure format {unknown[0]!r}: use one of {', '.join(FORMATS)}")
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    fig.set_dpi(DPI)
    # a layout engine lays the figure out in the draw, so draw first (the one raster draw:
    # layout, text extents, pixels); a figure laid out by hand (the facet figures) gets its
    # tight box without a draw, so one whose labels reach past its edge is drawn once, on a
    # canvas that holds them
    drawn = fig.get_layout_engine() is not None
    if drawn:
        canvas.draw()
    box = _box(fig, fig.get_tightbbox(canvas.get_renderer()))
    raster = _raster(fig, canvas, box, drawn=drawn)
    # freeze the layout the raster draw computed: with no engine at all (not even the "none"
    # placeholder) savefig does not lay the figure out again in a dry-run draw of its own
    with mpl.rc_context({"figure.autolayout": False, "figure.constrained_layout.use": False}):
        fig.set_layout_engine(None)
    if "png" in formats:
        palette_image(raster).save(
            folder / f"{name}.png", format="png", dpi=(DPI, DPI), compress_level=PNG_COMPRESS_LEVEL
        )
    if "svg" in formats:
        # a fixed salt: SVG element ids are hashes salted with a random uuid unless one is
        # set, which made every render (and the two engines) write different bytes
        buffer = io.StringIO()
        with mpl.rc_context({"svg.hashsalt": f"qcompare:{name}"}):
            fig.savefig(buffer, format="svg", bbox_inches=box, metadata=SVG_METADATA)
        (folder / f"{name}.svg").write_text(compact_svg(buffer.getvalue()), encoding="utf-8")


def compact_svg(svg: str) -> str:
    """matplotlib's SVG without its indentation and line breaks (a sixth of the file): the
    text is drawn as paths, so no whitespace in the file is ever shown."""
    return _BETWEEN_TAGS.sub("><", _LINE_BREAK.sub(" ", svg)).replace(" />", "/>")


def _box(fig: Figure, tight: Bbox) -> Bbox:
    """The tight box with its padding, kept within the figure where the drawing is (so the
    raster draw already holds every pixel of it)."""
    padded = tight.padded(PAD_IN)
    figure = Bbox.from_bounds(0, 0, *fig.get_size_inches())
    if figure.containsx(tight.x0) and figure.containsx(tight.x1):
        padded.intervalx = max(padded.x0, 0), min(padded.x1, figure.x1)
    if figure.containsy(tight.y0) and figure.containsy(tight.y1):
        padded.intervaly = max(padded.y0, 0), min(padded.y1, figure.y1)
    return padded


def _raster(fig: Figure, canvas: FigureCanvasAgg, box: Bbox, *, drawn: bool) -> np.ndarray:
    """The RGBA pixels of `box`: the canvas's own (drawn now unless `drawn`), cropped, when
    the box lies within the figure; else one draw on a larger canvas."""
    width, height = fig.get_size_inches()
    inside = box.x0 >= 0 and box.y0 >= 0 and box.x1 <= width and box.y1 <= height
    if not inside:  # something reaches past the figure's edge
        return _redraw(fig, box)
    if not drawn:
        canvas.draw()
    rgba = np.asarray(canvas.buffer_rgba())
    rows = rgba.shape[0]
    left, right = math.floor(box.x0 * DPI), math.ceil(box.x1 * DPI)
    top, bottom = rows - math.ceil(box.y1 * DPI), rows - math.floor(box.y0 * DPI)
    return rgba[max(top, 0) : bottom, max(left, 0) : right]


def palette_image(rgba: np.ndarray) -> Image.Image:
    """An opaque raster as a 256-colour palette image (no dithering: flat colours stay flat);
    one with transparency stays RGBA."""
    from PIL import Image

    image = Image.fromarray(np.ascontiguousarray(rgba), "RGBA")
    if image.getextrema()[3][0] < 255:
        return image
    # the fast octree: a tenth of median cut's time on a tall scorecard figure, and a smaller
    # file; its error is in the anti-aliased edges (about one level of 255 on average)
    return image.convert("RGB").quantize(
        PNG_COLOURS, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE
    )


def _redraw(fig: Figure, box: Bbox) -> np.ndarray:
    from PIL import Image

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, bbox_inches=box)
    return np.asarray(Image.open(buffer).convert("RGBA"))
