"""What a briefing notebook calls: set-up, display of escaped blocks, figures, metadata.

`setup_notebook(lang)` is the first call of every notebook. It makes plotly figures render as
HTML that nbconvert keeps (plotly ≥ 6.1 under ipykernel otherwise emits only its own mimetype,
which nbconvert silently drops) and that needs no network: the page template inlines plotly.js
once, each figure carries only its div and a `Plotly.newPlot` call. JupyterLab still gets the
plotly mimetype and draws the figure interactively.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from qcompare.briefings import html as H
from qcompare.briefings.export import META_MIMETYPE
from qcompare.briefings.i18n import check_lang
from qcompare.data.dataset import Dataset
from qcompare.data.paths import project_root

RENDERER = "qcompare"
FIGURES_ENV = "QCOMPARE_FIGURES_DIR"
# "0": `qcompare render --no-figures` asked for pages only (no figure files are drawn)
FIGURE_FILES_ENV = "QCOMPARE_FIGURE_FILES"
PLOTLY_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    # nothing that sends the data to a cloud service (plotly.js 3 calls it sendChartToCloud),
    # nor selection tools that do nothing in a briefing
    "modeBarButtonsToRemove": ["sendDataToCloud", "sendChartToCloud", "select2d", "lasso2d"],
}


def _display(bundle: dict[str, Any]) -> None:
    from IPython.display import display

    display(bundle, raw=True)


def register_renderer() -> None:
    """Register the `qcompare` plotly renderer and make it the default."""
    import plotly.io as pio
    from plotly.io._base_renderers import MimetypeRenderer, PlotlyRenderer

    class BriefingRenderer(MimetypeRenderer):
        """A figure as a div + Plotly.newPlot (plotly.js comes once from the page head)."""

        def to_mimebundle(self, fig_dict):
            div = pio.to_html(
                fig_dict,
                include_plotlyjs=False,
                include_mathjax=False,
                full_html=False,
                config=PLOTLY_CONFIG,
                validate=False,
            )
            bundle = PlotlyRenderer(config=PLOTLY_CONFIG).to_mimebundle(dict(fig_dict))
            bundle["text/html"] = div
            return bundle

    pio.renderers[RENDERER] = BriefingRenderer()
    pio.renderers.default = RENDERER


def setup_notebook(lang: str = "zh") -> None:
    """Prepare a briefing notebook: plotly renderer, CJK font for matplotlib, pandas display."""
    check_lang(lang)
    register_renderer()
    from qcompare.plots import setup as setup_plots

    setup_plots()
    pd.set_option("display.max_columns", 30)
    pd.set_option("display.width", 140)


# --- blocks --------------------------------------------------------------------------------


def show(block: str) -> None:
    """Display an HTML block built by qcompare.briefings.html (its data are escaped there)."""
    _display({"text/html": block})


def heading(text: str, level: int = 2) -> None:
    """A section heading; `text` is escaped."""
    show(H.heading(text, level))


def paragraph(text: str, css_class: str = "") -> None:
    """A paragraph of plain text; `text` is escaped."""
    show(H.paragraph(text, css_class))


def findings(sentences: list[str], lang: str) -> None:
    """The opening findings: sentences computed by qcompare.briefings.narrative."""
    show(H.findings(sentences, lang))


def table(frame: pd.DataFrame, numeric: Iterable[str] = ()) -> None:
    """A compact table; every cell is escaped."""
    show(H.table(frame, numeric))


def method(lang: str) -> None:
    """The progress-assessment method with its citation (wherever statuses appear)."""
    show(H.method(lang))


def sources(ds: Dataset, observations: pd.DataFrame, lang: str) -> None:
    """The Sources section: each document cited and the quote behind every number shown."""
    show(H.sources(ds, observations, lang))


# --- metadata for the index -----------------------------------------------------------------


def publish(sentences: list[str], observations: pd.DataFrame) -> None:
    """Hand the findings and the cited sources to `qcompare render` (for the index page).

    Emitted as an output of a private mimetype that render reads and removes before export.
    """
    if not sentences:
        raise ValueError("publish() needs at least one finding sentence")
    payload = {
        "finding": sentences[0],
        "findings": list(sentences),
        "sources": sorted(set(observations["source_id"])),
        # what the index filters by: the cities and indicators the briefing shows
        "cities": list(dict.fromkeys(observations["city_id"])),
        "indicators": list(dict.fromkeys(observations["indicator_id"])),
    }
    _display({META_MIMETYPE: payload, "text/plain": ""})


# --- static figures -------------------------------------------------------------------------


def figures_dir() -> Path:
    """Where static figures go: set by `qcompare render` (figures/NAME/ when it commits),
    else figures/interactive/ in the project for exploratory runs."""
    folder = Path(os.environ.get(FIGURES_ENV) or project_root() / "figures" / "interactive")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def figure_files_wanted() -> bool:
    """Does this run write figure files? Not under `qcompare render --no-figures`: a site
    of many briefings shows interactive charts, and drawing every static twin would cost
    most of a scorecard's time and most of its bytes."""
    return os.environ.get(FIGURE_FILES_ENV, "1") != "0"


def save_static(fig, name: str, formats: Iterable[str] = ("png", "svg")) -> None:
    """Save a matplotlib figure (from qcompare.plots.static) as PNG and SVG, then close it.

    Returns nothing, so the call prints nothing in the briefing. Each format is drawn once
    and both files are byte-identical across renders (qcompare.briefings.figure_files).
    """
    import matplotlib.pyplot as plt

    from qcompare.briefings.figure_files import write_figure

    if not re.fullmatch(r"[A-Za-z0-9_.-]+", name):
        raise ValueError(f"figure name {name!r}: use letters, digits, _ . -")
    if figure_files_wanted():
        write_figure(fig, figures_dir(), name, formats)
    plt.close(fig)
