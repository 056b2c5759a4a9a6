"""A rehearsal in the warm parent: each kind of work a briefing does, done once on real data.

Importing the stack is only half of a warm start. Much of a briefing's first-call cost is
paid on first use: plotly builds a validator for each trace attribute it meets, nbconvert
builds its HTML parser and markdown renderer, pandas and pyarrow meet their first string and
group-by work. Done in the warm parent, that work is shared by every forked notebook instead
of being paid again in each.

The rehearsal changes no default a notebook could see (the warm engine's isolation test
checks this): it draws no matplotlib figure, leaves the plotly renderer and template alone and
never sets a pandas option. The only file it may write is its page's font subset, in
qcompare's cache, which the first briefing with the same characters would have written.
"""

from __future__ import annotations

import contextlib
import warnings

from qcompare.data.dataset import Dataset

REHEARSED_INDICATORS = 4  # per kind of row: enough to meet each code path once


def rehearse(ds: Dataset | None) -> None:
    """Run a scorecard's analysis, tables, charts and page export once, discarding the
    results; with no dataset, only the page export. Never raises: a rehearsal that
    fails only leaves the first briefing its first-call costs."""
    steps = [_page] if ds is None or not len(ds.cities) else [lambda: _charts(ds), _page]
    for step in steps:  # each on its own: a chart that fails still leaves the page export
        with contextlib.suppress(Exception), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            step()


def _charts(ds: Dataset) -> None:
    """A scorecard's tables and interactive charts for a few targets of one city, in both
    languages. (Static figures are left out: measured, rehearsing them gained nothing.)"""
    from qcompare.analysis.scorecard import scorecard
    from qcompare.analysis.targets import targets_table
    from qcompare.briefings import charts, tables
    from qcompare.plots import interactive

    targets = targets_table(ds)
    if targets.empty:
        return
    # a few indicators of the city with the most targets: every code path, little drawing
    city = str(targets["city_id"].value_counts().idxmax())
    targets = targets[targets["city_id"] == city]
    charted = tables.bullet_rows(targets)
    some = list(dict.fromkeys(charted["indicator_id"]))[:REHEARSED_INDICATORS]
    some += list(dict.fromkeys(targets["indicator_id"]))[:REHEARSED_INDICATORS]
    targets = targets[targets["indicator_id"].isin(some)]
    card = scorecard(ds, city)
    card = card[card["indicator_id"].isin(some)]
    frames = {
        "ambition": card,
        "status_heatmap": targets,
        "bullet": tables.bullet_rows(targets),
    }
    for lang in ("zh", "en"):
        tables.targets_display(ds, card, lang, city=False, theme=True)
        for name, frame in frames.items():
            if charts.reason(name, frame, lang):
                continue
            rows = charts.CHARTS[name][1](frame)
            getattr(interactive, name)(ds, rows, lang=lang).to_json()


def _page() -> None:
    """Export a small notebook with the outputs a briefing has (markdown, an HTML block, a
    plotly figure) through the briefing template."""
    import nbformat
    import plotly.graph_objects as go
    import plotly.io as pio
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    from qcompare.briefings import export

    figure = go.Figure(go.Scatter(x=[1, 2], y=["甲", "乙"], mode="markers+text", text=["a", "b"]))
    div = pio.to_html(figure, include_plotlyjs=False, full_html=False, validate=False)
    outputs = [
        new_output("display_data", data={"text/html": "<p>质量 quality</p>"}),
        new_output(
            "display_data",
            data={"text/html": div, "application/vnd.plotly.v1+json": figure.to_plotly_json()},
        ),
    ]
    nb = new_notebook(cells=[new_markdown_cell("# 标题"), new_code_cell("", outputs=outputs)])
    nbformat.validate(nb)
    export.to_pages(nb, title="rehearsal", lang="zh", share=False)
