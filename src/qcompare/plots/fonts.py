"""The CJK font for matplotlib: the Noto Sans CJK SC that installs with the package (mplfonts).

Latin text stays in DejaVu Sans; Chinese glyphs fall back to Noto Sans CJK SC (matplotlib ≥ 3.6
falls back glyph by glyph along the ``font.family`` list). The font file is registered in
memory only: nothing is copied into matplotlib's installation and mplfonts' own ``use_font``
(which rewrites global settings) is never called.
"""

from __future__ import annotations

import importlib.resources
from pathlib import Path

import matplotlib as mpl
from matplotlib import font_manager

CJK_PACKAGE = "mplfonts"
CJK_FILE = "NotoSansCJKsc-Regular.otf"
CJK_FAMILY = "Noto Sans CJK SC"
LATIN_FAMILY = "DejaVu Sans"
FAMILY_STACK = [LATIN_FAMILY, CJK_FAMILY]
"""``rcParams["font.family"]`` after `setup`: Latin first, CJK as per-glyph fallback."""

# A browser's font stack for pages and plotly figures. "qcompare CJK" first: the subset of
# Noto Sans CJK that every page embeds (qcompare.briefings.fonts), declared with a
# unicode-range of exactly the non-ASCII characters it holds, so ASCII (Latin text, digits,
# and the space that sets line metrics) falls through to the named Latin fonts after it.
# Placed after the Latin fonts instead, Chromium drew some CJK text nodes with the Latin font
# as empty boxes even once the subset had loaded (the browser harness caught it on the index:
# "搜索 · Search" laid out in Liberation Sans), so the embedded font must come first.
# Generic families such as system-ui are left out because on a Chinese system they resolve to
# a CJK system font.
WEB_CJK_FAMILY = "qcompare CJK"
WEB_LATIN_FAMILIES = ("Segoe UI", "Roboto", "Helvetica Neue", "Arial", "Liberation Sans")
WEB_FALLBACK_FAMILIES = ("Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "sans-serif")
WEB_FONT_STACK = ", ".join(
    f'"{f}"' if " " in f else f
    for f in (WEB_CJK_FAMILY, *WEB_LATIN_FAMILIES, *WEB_FALLBACK_FAMILIES)
)
"""CSS font-family list of pages and plotly layouts (one source for both)."""

_state = {"done": False}


def cjk_font_path() -> Path:
    """Path of the packaged Noto Sans CJK SC file; a clear error if mplfonts lacks it."""
    try:
        resource = importlib.resources.files(CJK_PACKAGE) / "fonts" / CJK_FILE
    except ModuleNotFoundError as exc:  # pragma: no cover - mplfonts is a dependency
        raise RuntimeError(
            f"qcompare.plots needs the package {CJK_PACKAGE!r} for its CJK font; "
            "install qcompare's dependencies"
        ) from exc
    path = Path(str(resource))
    if not path.is_file():
        raise RuntimeError(f"CJK font not found at {path} (package {CJK_PACKAGE!r})")
    return path


def register_cjk_font() -> str:
    """Add the packaged CJK font to matplotlib's font manager (once) and return its family."""
    path = cjk_font_path()
    known = {Path(entry.fname).resolve() for entry in font_manager.fontManager.ttflist}
    if path.resolve() not in known:
        font_manager.fontManager.addfont(str(path))
    family = font_manager.FontProperties(fname=str(path)).get_name()
    if family != CJK_FAMILY:  # pragma: no cover - guards against an mplfonts change
        raise RuntimeError(f"{path} is family {family!r}, expected {CJK_FAMILY!r}")
    return family


def setup() -> None:
    """Make matplotlib render Chinese: register the CJK font, Latin first with CJK fallback.

    Idempotent: call it once at the top of a notebook (calling it again changes nothing).
    """
    register_cjk_font()
    mpl.rcParams["font.family"] = list(FAMILY_STACK)
    mpl.rcParams["axes.unicode_minus"] = True  # DejaVu Sans has U+2212
    _state["done"] = True


def ensure_setup() -> None:
    """Run `setup` if it has not run yet in this process (used by the static plots, so a
    figure never shows boxes even if a notebook forgot the call); never overrides a later
    user change of ``font.family``."""
    if not _state["done"]:
        setup()
