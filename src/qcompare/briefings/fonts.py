"""The page's own Chinese glyphs: a WOFF2 subset of the packaged Noto Sans CJK font.

A briefing opened on a machine without CJK system fonts would show every Chinese character as
an empty box. Each page therefore carries a subset of the Noto Sans CJK font that installs with
the package (mplfonts, the one matplotlib uses: qcompare.plots.fonts) holding exactly the
characters the page uses — its text and its plotly figures' text and hover labels — made with
fontTools' subsetter and compressed to WOFF2 with brotli.

Subsets are cached by content: the key is the set of code points, the font file and the
subsetter's options, so identical character sets cost nothing after the first (on disk under
the qcompare cache folder, and in memory within a process). The CSS family name is
``"qcompare CJK"`` (qcompare.plots.fonts.WEB_CJK_FAMILY); page CSS and plotly layouts list
Latin fonts first and then this family, so Latin stays Latin and whatever the Latin fonts lack
(every CJK character) comes from the embedded subset.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import html.parser
import io
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from qcompare.data import atomic
from qcompare.data.cache import cache_dir
from qcompare.plots.fonts import WEB_CJK_FAMILY, cjk_font_path

# Bump when the subsetting options change: cached subsets made otherwise are not reused.
SUBSET_VERSION = "2"
_FONT: dict[str, object] = {}  # the parsed font (parsed once per process; forks share it)
_MEMORY: dict[str, bytes] = {}  # subsets made in this process, by key


@dataclass(frozen=True)
class Subset:
    """A WOFF2 font holding `codepoints`; `name` is its content-addressed file name."""

    codepoints: tuple[int, ...]
    woff2: bytes
    key: str

    @property
    def name(self) -> str:
        return f"qcompare-cjk-{self.key[:20]}.woff2"

    def data_url(self) -> str:
        return "data:font/woff2;base64," + base64.b64encode(self.woff2).decode("ascii")

    def css(self, url: str) -> str:
        """The @font-face rule for this subset served from `url` (escaped for CSS)."""
        return font_face(url, self.codepoints)


def font_face(url: str, codepoints: Iterable[int]) -> str:
    """`@font-face` for family "qcompare CJK", limited to `codepoints` by unicode-range.

    The unicode-range keeps the browser from choosing the subset as the element's first
    available font (so line metrics come from the Latin font) and from loading it for text it
    does not hold.
    """
    safe = url.replace("\\", "\\\\").replace('"', "%22").replace("\n", "")
    return (
        f'@font-face {{ font-family: "{WEB_CJK_FAMILY}"; '
        f'src: url("{safe}") format("woff2"); font-display: block; '
        f"unicode-range: {unicode_range(codepoints)}; }}"
    )


def unicode_range(codepoints: Iterable[int]) -> str:
    """CSS unicode-range of the code points, consecutive ones merged (U+4E00-4E0A)."""
    points = sorted(set(codepoints))
    if not points:
        return "U+0"  # an empty set: no text uses the face
    spans = []
    start = prev = points[0]
    for cp in points[1:]:
        if cp == prev + 1:
            prev = cp
            continue
        spans.append((start, prev))
        start = prev = cp
    spans.append((start, prev))
    return ", ".join(f"U+{a:X}" if a == b else f"U+{a:X}-{b:X}" for a, b in spans)


# --- which characters ----------------------------------------------------------------------


def needs_cjk_font(ch: str) -> bool:
    """Characters the subset holds: everything beyond ASCII (Latin fonts draw ASCII; any
    other character a Latin font lacks falls through to the subset)."""
    return ord(ch) > 0x7E and not ch.isspace() and ch.isprintable()


class _TextCollector(html.parser.HTMLParser):
    """Text and attribute values of an HTML page, without script and style contents."""

    _SKIP = {"script", "style"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in self._SKIP:
            self._skip += 1
        self.parts.extend(v for _, v in attrs if v)

    def handle_endtag(self, tag):
        if tag in self._SKIP and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def page_text(page: str) -> str:
    """The text a reader can see in `page` (entities decoded; scripts and styles left out)."""
    collector = _TextCollector()
    collector.feed(page)
    collector.close()
    return "".join(collector.parts)


def strings_in(value: object) -> Iterator[str]:
    """Every string inside a JSON-like value (a plotly figure: text, hover labels, ticks…)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)


def codepoints_of(texts: Iterable[str]) -> tuple[int, ...]:
    """The sorted code points of `texts` that the subset must hold."""
    return tuple(sorted({ord(c) for t in texts for c in t if needs_cjk_font(c)}))


# --- subsetting ----------------------------------------------------------------------------


def _options():
    from fontTools import subset

    opts = subset.Options()
    opts.flavor = "woff2"
    # no OpenType layout features: horizontal CJK text needs none, and their closure would
    # pull in glyphs (and code points) the page does not use
    opts.layout_features = []
    opts.hinting = False  # CFF hints: screens ignore them, they cost a fifth of the size
    opts.desubroutinize = True  # compresses better under brotli
    opts.name_IDs = [0, 1, 2, 3, 4, 5, 6]  # copyright/licence notice names kept
    opts.notdef_outline = True
    return opts


def _source_id(path: Path) -> str:
    st = path.stat()
    return f"{path.name}:{st.st_size}:{int(st.st_mtime)}"


def preload() -> None:
    """Parse the CJK font once in this process, so forked workers subset a ready copy."""
    if "font" in _FONT:
        return
    from fontTools.ttLib import TTFont

    path = cjk_font_path()
    font = TTFont(str(path), lazy=False)
    for tag in font.keys():  # noqa: SIM118 - a TTFont iterates otherwise
        font[tag]  # decompile every table now (fork shares the parsed tables)
    _FONT.update(font=font, id=_source_id(path))


def subset_key(codepoints: tuple[int, ...]) -> str:
    h = hashlib.sha256(f"{SUBSET_VERSION}\0{_source_id(cjk_font_path())}\0".encode())
    h.update(",".join(map(str, codepoints)).encode())
    return h.hexdigest()


def _cache_file(key: str) -> Path:
    return cache_dir() / "fonts" / f"{key}.woff2"


def subset(codepoints: Iterable[int]) -> Subset:
    """The WOFF2 subset holding `codepoints` (from the memory or disk cache when made before).

    A process that has called `preload()` subsets its own parsed copy of the font and then
    drops it (the subsetter edits the font in place): call this once per forked process, or
    without preload (each call parses the font again).
    """
    points = tuple(sorted(set(codepoints)))
    key = subset_key(points)
    if key in _MEMORY:
        return Subset(points, _MEMORY[key], key)
    cached = _cache_file(key)
    use_cache = os.environ.get("QCOMPARE_CACHE", "1") != "0"
    if use_cache and cached.is_file():
        data = cached.read_bytes()
    else:
        data = _make(points)
        if use_cache:
            with contextlib.suppress(OSError):  # a read-only cache folder only costs time
                atomic.write_bytes(cached, data)
    _MEMORY[key] = data
    return Subset(points, data, key)


def _make(points: tuple[int, ...]) -> bytes:
    from fontTools import subset as ft_subset
    from fontTools.ttLib import TTFont

    font = _FONT.pop("font", None)  # a preloaded copy is used once: subsetting edits it
    if font is None:
        font = TTFont(str(cjk_font_path()), lazy=True)
    opts = _options()
    subsetter = ft_subset.Subsetter(opts)
    subsetter.populate(unicodes=points)
    subsetter.subset(font)
    wanted = set(points)
    for table in font["cmap"].tables:  # glyphs kept for others' outlines stay unmapped
        if hasattr(table, "cmap") and table.cmap:
            table.cmap = {cp: g for cp, g in table.cmap.items() if cp in wanted}
    out = io.BytesIO()
    font.flavor = "woff2"
    font.save(out)
    return out.getvalue()
