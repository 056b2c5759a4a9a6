"""Executed notebook → two HTML pages from one export (nbconvert, without code or prompts).

- the **site page** (reports/NAME.html) loads plotly.js and its CJK font subset from
  reports/assets/ by relative path: one copy of plotly.js for the whole site, the plotly.js
  version in its file name (assets/plotly-<version>.min.js), fonts under assets/fonts/;
- the **share page** (reports/share/NAME.html) is one self-contained file: plotly.js and the
  WOFF2 font subset inlined (the font as a data: URL).

Both open offline: nbconvert's stock templates load require.js and MathJax from a CDN, so the
briefing template (qcompare/templates/briefing.html.j2) replaces the page head with our own.
The notebook is exported once; the two pages differ only in the head's assets block.
Figures are emitted by the `qcompare` plotly renderer (qcompare.briefings.notebook) as a div
plus a `Plotly.newPlot` call; a small script in the head holds those calls until the CJK font
has loaded, so plotly measures its labels in the font it draws them in.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import nbformat

import qcompare
from qcompare.briefings import fonts
from qcompare.plots.fonts import WEB_CJK_FAMILY, WEB_FONT_STACK

TEMPLATES = Path(qcompare.__file__).resolve().parent / "templates"
META_MIMETYPE = "application/vnd.qcompare.briefing+json"
PLOTLY_MIMETYPE = "application/vnd.plotly.v1+json"
PLOTLY_MARK = "Plotly.newPlot("
ASSETS_MARK = "<!--qcompare:assets-->"
MAX_BYTES = 6 * 1024 * 1024
SITE_MAX_BYTES = 400 * 1024
"""Budget of a site page (plotly.js and the font are shared assets, not in the page)."""
SHARE_MAX_BYTES = int(5.5 * 1024 * 1024)
ASSETS = "assets"
FONTS = f"{ASSETS}/fonts"


@cache
def plotly_js() -> str:
    """The plotly.js bundle shipped with the plotly package (minified)."""
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


@cache
def plotly_js_name() -> str:
    """File name of the site's plotly.js: `plotly-<plotly.js version>.min.js`."""
    from plotly.offline import get_plotlyjs_version

    return f"plotly-{get_plotlyjs_version()}.min.js"


def page_css() -> str:
    """The briefing stylesheet with the font stack of qcompare.plots.fonts."""
    css = (TEMPLATES / "briefing.css").read_text(encoding="utf-8")
    return f":root {{ --qc-font-stack: {WEB_FONT_STACK}; }}\n{css}"


def uses_plotly(nb: nbformat.NotebookNode) -> bool:
    """Does any output of the notebook draw a plotly figure?"""
    return any(
        PLOTLY_MARK in out.get("data", {}).get("text/html", "")
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
    )


def figure_strings(nb: nbformat.NotebookNode) -> list[str]:
    """Every string of every plotly figure in the notebook's outputs (text, hover labels,
    tick labels, titles, legend names, customdata shown in hover templates)."""
    out = []
    for cell in nb.cells:
        for output in cell.get("outputs", []) if cell.cell_type == "code" else ():
            fig = output.get("data", {}).get(PLOTLY_MIMETYPE)
            if fig is not None:
                out.extend(fonts.strings_in(fig))
    return out


@dataclass(frozen=True)
class Pages:
    """The pages of one briefing and the font subset they use (`share` is None when only
    the site page was asked for: a site of many briefings builds no share page)."""

    site: str
    share: str | None
    font: fonts.Subset
    plotly: bool

    def site_assets(self) -> dict[str, bytes | None]:
        """Files the site page loads, relative to the reports folder (None: plotly.js,
        written from the plotly package)."""
        out: dict[str, bytes | None] = {f"{FONTS}/{self.font.name}": self.font.woff2}
        if self.plotly:
            out[f"{ASSETS}/{plotly_js_name()}"] = None
        return out


def _head(font: fonts.Subset, *, share: bool, plotly: bool, prefix: str) -> str:
    url = font.data_url() if share else f"{prefix}{FONTS}/{font.name}"
    parts = [f"<style>\n{font.css(url)}\n</style>"] if font.codepoints else []
    if plotly:
        parts.append('<script>window.PlotlyConfig = {MathJaxConfig: "local"};</script>')
        if share:
            parts.append(f"<script>\n{plotly_js()}\n</script>")
        else:
            parts.append(f'<script src="{prefix}{ASSETS}/{plotly_js_name()}"></script>')
        parts.append(_font_gate(font))
    return "\n".join(parts)


def _font_gate(font: fonts.Subset) -> str:
    """Hold every Plotly.newPlot until the CJK subset has loaded (labels measured in it)."""
    if not font.codepoints:
        return ""
    sample = json.dumps("".join(chr(c) for c in font.codepoints[:64])).replace("</", "<\\/")
    family = json.dumps(f'16px "{WEB_CJK_FAMILY}"')
    return (
        "<script>(function () {\n"
        "  var P = window.Plotly;\n"
        "  if (!P || !document.fonts || !document.fonts.load) return;\n"
        f"  var ready = document.fonts.load({family}, {sample}).catch(function () {{}});\n"
        "  var newPlot = P.newPlot;\n"
        "  P.newPlot = function () {\n"
        "    var args = arguments;\n"
        "    return ready.then(function () { return newPlot.apply(P, args); });\n"
        "  };\n"
        "})();</script>"
    )


def assemble(
    body: str, font: fonts.Subset, *, plotly: bool, prefix: str = "", share: bool = True
) -> tuple[str, str | None]:
    """(site page, share page or None) from one exported page holding ASSETS_MARK in its
    head; `prefix` is the site page's path to the reports folder ("" for reports/NAME.html)."""
    if ASSETS_MARK not in body:
        raise ValueError("exported page has no assets marker")
    site = body.replace(ASSETS_MARK, _head(font, share=False, plotly=plotly, prefix=prefix), 1)
    if not share:
        return site, None
    whole = body.replace(ASSETS_MARK, _head(font, share=True, plotly=plotly, prefix=prefix), 1)
    return site, whole


def to_pages(
    nb: nbformat.NotebookNode,
    *,
    title: str,
    lang: str,
    kicker: str = "",
    footer: str = "",
    share: bool = True,
) -> Pages:
    """Export an executed notebook once and return its site page and (unless `share` is
    false) its share page."""
    body = _export(nb, title=title, lang=lang, kicker=kicker, footer=footer)
    plotly = uses_plotly(nb)
    texts = [fonts.page_text(body), *figure_strings(nb)]
    font = fonts.subset(fonts.codepoints_of(texts))
    site, whole = assemble(body, font, plotly=plotly, share=share)
    return Pages(site, whole, font, plotly)


@cache
def _exporter():
    """One HTMLExporter per process (its Jinja templates compile once)."""
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    exporter = HTMLExporter(
        template_name="lab",
        extra_template_paths=[str(TEMPLATES)],
        template_file="briefing.html.j2",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    exporter.register_preprocessor(
        TagRemovePreprocessor(remove_cell_tags={"remove_cell", "remove-cell"}, enabled=True),
        enabled=True,
    )
    return exporter


def warm_up() -> None:
    """Import nbconvert and compile the page template now (a warm parent does this once)."""
    exporter = _exporter()
    exporter.environment.get_template(exporter.template_file)
    page_css()


def _export(
    nb: nbformat.NotebookNode, *, title: str, lang: str, kicker: str = "", footer: str = ""
) -> str:
    resources = {
        "qcompare": {
            "title": title,
            "lang": lang,
            "kicker": kicker,
            "footer": footer,
            "version": qcompare.__version__,
            "css": page_css(),
            "assets": ASSETS_MARK,
        }
    }
    body, _ = _exporter().from_notebook_node(nb, resources=resources)
    return body
