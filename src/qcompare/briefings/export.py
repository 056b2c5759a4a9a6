"""Executed notebook → one self-contained HTML page (nbconvert, without code or prompts).

The page must open offline: nbconvert's stock templates load require.js and MathJax from a
CDN, so the briefing template (qcompare/templates/briefing.html.j2) replaces the page head
with our own: the title, `<html lang>`, a small stylesheet and plotly.js inlined once. Figures
are emitted by the `qcompare` plotly renderer (qcompare.briefings.notebook) as a div plus a
`Plotly.newPlot` call that relies on that one copy.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import nbformat

import qcompare

TEMPLATES = Path(qcompare.__file__).resolve().parent / "templates"
META_MIMETYPE = "application/vnd.qcompare.briefing+json"
PLOTLY_MARK = "Plotly.newPlot("
MAX_BYTES = 6 * 1024 * 1024


@cache
def plotly_js() -> str:
    """The plotly.js bundle shipped with the plotly package (inlined once per page)."""
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


def _css() -> str:
    return (TEMPLATES / "briefing.css").read_text(encoding="utf-8")


def uses_plotly(nb: nbformat.NotebookNode) -> bool:
    """Does any output of the notebook draw a plotly figure?"""
    return any(
        PLOTLY_MARK in out.get("data", {}).get("text/html", "")
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
    )


def to_html(
    nb: nbformat.NotebookNode, *, title: str, lang: str, kicker: str = "", footer: str = ""
) -> str:
    """Export an executed notebook as a briefing page without code cells or prompts."""
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
    resources = {
        "qcompare": {
            "title": title,
            "lang": lang,
            "kicker": kicker,
            "footer": footer,
            "version": qcompare.__version__,
            "css": _css(),
            "plotly_js": plotly_js() if uses_plotly(nb) else "",
        }
    }
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    return body
