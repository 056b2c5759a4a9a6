"""Interactive plotly charts for the HTML briefings (same names and signatures as `static`).

Every trace carries ``meta={"role": ..., ...}`` naming the mark it draws, so notebooks and
tests can find the baseline, target or latest marks of a figure without relying on order.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from qcompare.data.dataset import Dataset
from qcompare.plots import labels as L
from qcompare.plots import marks as M
from qcompare.plots.fonts import WEB_FONT_STACK
from qcompare.plots.palette import (
    GREY,
    LIGHT_GREY,
    MARK_COLOURS,
    MET_COLOURS,
    city_colours,
    status_colours,
)

_HOVER = "%{hovertext}<extra></extra>"
_FACET_GAP_PX = 70
_TOP_PX, _BOTTOM_PX = 110, 40


def _layout(fig: go.Figure, title: str, height: int) -> go.Figure:
    fig.update_layout(
        title={
            "text": title,
            "x": 0.01,
            "xanchor": "left",
            "yref": "container",
            "y": 1 - 14 / height,
            "yanchor": "top",
        },
        font={"family": WEB_FONT_STACK, "size": 13},
        template="plotly_white",
        height=height,
        margin={"l": 10, "r": 20, "t": _TOP_PX, "b": _BOTTOM_PX},
        legend={
            "orientation": "h",
            "yref": "container",
            "y": 1 - 48 / height,
            "yanchor": "top",
            "x": 0.0,
            "xanchor": "left",
        },
        hoverlabel={"font": {"family": WEB_FONT_STACK}},
    )
    fig.update_yaxes(automargin=True)
    return L.escape_figure(fig)  # every chart ends here: data text escaped for plotly markup


def _facets(
    titles: Sequence[str], sizes: Sequence[int], px_per_row: int = 34
) -> tuple[go.Figure, int]:
    """A one-column figure with a facet per title, each as tall as its number of rows."""
    heights = [40 + px_per_row * n for n in sizes]
    total = sum(heights) + _FACET_GAP_PX * (len(sizes) - 1)
    spacing = _FACET_GAP_PX / total if len(sizes) > 1 else 0.0
    fig = make_subplots(
        rows=len(sizes),
        cols=1,
        subplot_titles=list(titles),
        row_heights=heights,
        vertical_spacing=spacing,
    )
    for ann in fig.layout.annotations:  # facet titles left-aligned over their axes
        ann.update(x=0.0, xanchor="left", font={"size": 13})
    return fig, total + _TOP_PX + _BOTTOM_PX


def _axis_ref(n: int) -> str:
    return "" if n == 1 else str(n)


def _note(fig: go.Figure, n: int, y: str, text: str) -> None:
    """An annotation at the right end of facet n's row y (for values that are not numbers)."""
    fig.add_annotation(
        x=0.99,
        xref=f"x{_axis_ref(n)} domain",
        y=y,
        yref=f"y{_axis_ref(n)}",
        text=text,
        showarrow=False,
        xanchor="right",
        font={"size": 12},
        bgcolor="rgba(255,255,255,0.85)",
        bordercolor=LIGHT_GREY,
        borderwidth=1,
    )


def _rows_axis(fig: go.Figure, n: int, g: pd.DataFrame, window: bool = True) -> None:
    """Facet n: value-axis title (unit) and its category rows top-down, with room above the
    first row for the target labels. `window=False` for bars, which must start at zero."""
    # facet n's axes by name: update_xaxes(row=n) scans every axis, quadratic in the facets
    xaxis, yaxis = fig.layout[f"xaxis{_axis_ref(n)}"], fig.layout[f"yaxis{_axis_ref(n)}"]
    rows = list(g["row_label"])
    xaxis.update(title_text=g["axis_title"].iloc[0], title_font_size=12, title_standoff=4)
    values = [
        v for col in _VALUE_COLUMNS if col in g.columns for v in _opt(g[col]) if v is not None
    ]
    if not values:  # only non-numeric values: no meaningless ticks
        xaxis.update(showticklabels=False, showgrid=False)
    elif window and min(values) == max(values):  # one number: a window around it
        pad = max(abs(values[0]) * 0.1, 1.0)
        xaxis.update(range=[values[0] - pad, values[0] + pad])
    yaxis.update(
        categoryorder="array",
        categoryarray=rows,
        range=[len(rows) - 0.5, -0.9],
        autorange=False,
    )


_VALUE_COLUMNS = ("baseline_value", "target_value", "latest_value", "prior_target", "prior_actual")


def _opt(values: pd.Series) -> list[float | None]:
    return [
        None if (v is None or (isinstance(v, float) and math.isnan(v))) else float(v)
        for v in values
    ]


def _segments(x0: pd.Series, x1: pd.Series, y: pd.Series) -> tuple[list, list]:
    xs: list = []
    ys: list = []
    for a, b, c in zip(_opt(x0), _opt(x1), y, strict=True):
        if a is not None and b is not None:
            xs += [a, b, None]
            ys += [c, c, None]
    return xs, ys


def _latest_traces(
    fig: go.Figure,
    n: int,
    g: pd.DataFrame,
    lang: str,
    shown: set[str],
    facet: object,
    always: bool = False,
) -> None:
    """Latest observations of facet n: filled diamonds, open ones for partial years."""
    for partial, sub in (
        (False, g.loc[~g["latest_partial"] & g["latest_value"].notna()]),
        (True, g.loc[g["latest_partial"] & g["latest_value"].notna()]),
    ):
        if sub.empty and (partial or not always):
            continue
        key = "latest_partial" if partial else "latest"
        fig.add_trace(
            go.Scatter(
                x=_opt(sub["latest_value"]),
                y=list(sub["row_label"]),
                mode="markers",
                marker={
                    "symbol": "diamond-open" if partial else "diamond",
                    "size": 11,
                    "color": MARK_COLOURS["latest"],
                    "line": {"width": 2, "color": MARK_COLOURS["latest"]},
                },
                name=L.text("latest", lang)
                + (f" ({L.text('partial_year', lang)})" if partial else ""),
                legendgroup=key,
                showlegend=key not in shown,
                hovertext=list(sub["latest_hover"]),
                hovertemplate=_HOVER,
                meta={"role": "latest", "partial": partial, "facet": facet},
            ),
            row=n,
            col=1,
        )
        shown.add(key)


# --- bullet ----------------------------------------------------------------------------------
def bullet(ds: Dataset, targets: pd.DataFrame, lang: str = "zh") -> go.Figure:
    """Per city × indicator: baseline (grey dot), target (black tick, labelled with its
    comparator) and latest observation (blue diamond, open if partial-year); one facet per
    indicator so units never share an axis; non-numeric targets as annotations."""
    m = M.bullet_marks(ds, targets, lang)
    groups = list(m.groupby("facet", sort=False))
    fig, height = _facets(
        [g["facet_title"].iloc[0] for _, g in groups], [len(g) for _, g in groups]
    )
    shown: set[str] = set()
    for n, (facet, g) in enumerate(groups, start=1):
        first = n == 1
        _range_traces(
            fig,
            n,
            g,
            lang,
            facet,
            first,
            path_width=6,
            baseline_marker={"symbol": "circle", "size": 11, "color": MARK_COLOURS["baseline"]},
            target_marker={
                "symbol": "line-ns",
                "size": 20,
                "line": {"width": 3, "color": MARK_COLOURS["target"]},
            },
        )
        _latest_traces(fig, n, g, lang, shown, facet=facet, always=True)
        for r in g.itertuples(index=False):
            if not r.target_numeric:
                _note(
                    fig,
                    n,
                    r.row_label,
                    f"{L.text('target', lang)} {r.target_year or ''}: {r.target_label}",
                )
        _rows_axis(fig, n, g)
    return _layout(fig, L.text("title_bullet", lang), height)


def _range_traces(
    fig: go.Figure,
    n: int,
    g: pd.DataFrame,
    lang: str,
    facet: object,
    first: bool,
    *,
    path_width: int,
    baseline_marker: dict,
    target_marker: dict,
) -> None:
    """The baseline → target path of each row, its baseline mark and its labelled target."""
    xs, ys = _segments(g["baseline_value"], g["target_value"], g["row_label"])
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            mode="lines",
            line={"color": LIGHT_GREY, "width": path_width},
            hoverinfo="skip",
            showlegend=False,
            meta={"role": "path", "facet": facet},
        ),
        row=n,
        col=1,
    )
    fig.add_trace(
        go.Scatter(
            x=_opt(g["baseline_value"]),
            y=list(g["row_label"]),
            mode="markers",
            marker=baseline_marker,
            name=L.text("baseline", lang),
            legendgroup="baseline",
            showlegend=first,
            hovertext=list(g["baseline_hover"]),
            hovertemplate=_HOVER,
            meta={"role": "baseline", "facet": facet},
        ),
        row=n,
        col=1,
    )
    fig.add_trace(
        go.Scatter(
            x=_opt(g["target_value"]),
            y=list(g["row_label"]),
            mode="markers+text",
            marker=target_marker,
            text=[
                lab if num else ""
                for lab, num in zip(g["target_label"], g["target_numeric"], strict=True)
            ],
            textposition="top center",
            textfont={"size": 11},
            cliponaxis=False,
            name=L.text("target", lang),
            legendgroup="target",
            showlegend=first,
            hovertext=list(g["target_hover"]),
            hovertemplate=_HOVER,
            meta={"role": "target", "facet": facet},
        ),
        row=n,
        col=1,
    )


# --- trajectory ------------------------------------------------------------------------------
_TRAJ_MARKS = (  # role, kinds, partial-year?, symbol, label key
    ("observed", ("observed",), False, "triangle-up", "observed"),
    ("prior_actual", ("prior_actual",), False, "square", "prior_actual"),
    ("partial", ("observed", "prior_actual"), True, "open", "partial_year"),
    ("prior_target", ("prior_target",), None, "x-thin-open", "prior_target"),
)


def trajectory(
    ds: Dataset, indicator_id: str, cities: list[str] | None = None, lang: str = "zh"
) -> go.Figure:
    """One indicator over time: per city the planned path baseline → target (dashed), the
    observed values and previous-plan results as markers (open = partial year), previous-plan
    targets as crosses; non-numeric targets as annotations. Legend grouped by city."""
    m = M.trajectory_marks(ds, indicator_id, cities, lang)
    colours = city_colours(list(dict.fromkeys(m["city_id"])), list(ds.cities["city_id"]))
    fig = go.Figure()
    notes = []
    for city, g in m.groupby("city_id", sort=False):
        colour, name = colours[city], g["city_label"].iloc[0]
        group = {"legendgroup": city, "legendgrouptitle": {"text": name}}
        plan = g.loc[g["kind"].isin(["baseline", "target"]) & g["numeric"]]
        if not plan.empty:
            fig.add_trace(
                go.Scatter(
                    x=list(plan["year"]),
                    y=list(plan["value"]),
                    mode="lines+markers+text",
                    line={"color": colour, "dash": "dash", "width": 2},
                    marker={
                        "symbol": [
                            "circle" if k == "baseline" else "diamond-wide" for k in plan["kind"]
                        ],
                        "size": 11,
                        "color": colour,
                    },
                    text=[
                        lab if k == "target" else ""
                        for lab, k in zip(plan["label"], plan["kind"], strict=True)
                    ],
                    textposition="top center",
                    cliponaxis=False,
                    name=L.text("plan_path", lang),
                    **group,
                    hovertext=list(plan["hover"]),
                    hovertemplate=_HOVER,
                    meta={"role": "plan", "city_id": city},
                )
            )
        for role, kinds, partial, symbol, key in _TRAJ_MARKS:
            sub = g.loc[g["kind"].isin(kinds) & g["numeric"]]
            if partial is not None:
                sub = sub.loc[sub["partial"] == partial]
            if sub.empty:
                continue
            if symbol == "open":  # partial year: the open version of the kind's symbol
                symbol = [
                    "triangle-up-open" if k == "observed" else "square-open" for k in sub["kind"]
                ]
            fig.add_trace(
                go.Scatter(
                    x=list(sub["year"]),
                    y=list(sub["value"]),
                    mode="markers",
                    marker={
                        "symbol": symbol,
                        "size": 12,
                        "color": colour,
                        "line": {"width": 2, "color": colour},
                    },
                    name=L.text(key, lang),
                    **group,
                    hovertext=list(sub["hover"]),
                    hovertemplate=_HOVER,
                    meta={"role": role, "city_id": city},
                )
            )
        for r in g.loc[g["kind"].isin(["target", "prior_target"]) & ~g["numeric"]].itertuples():
            notes.append(
                (r.year, f"{name} {L.text(r.kind, lang)} {r.year}: {r.value_text}", colour)
            )
    for i, (year, text, colour) in enumerate(notes):
        fig.add_annotation(
            x=year,
            xref="x",
            y=1.0 - 0.08 * i,
            yref="y domain",
            text=text,
            showarrow=False,
            xanchor="right",
            font={"color": colour},
            bgcolor="rgba(255,255,255,0.85)",
        )
    fig.update_xaxes(title_text=L.text("year", lang), dtick=1, tickformat="d")
    fig.update_yaxes(title_text=L.axis_title(ds, indicator_id, lang))
    title = f"{L.indicator_title(ds, indicator_id, lang)}: {L.text('title_trajectory', lang)}"
    fig = _layout(fig, title, 480)
    fig.update_layout(
        legend={
            "orientation": "v",
            "yref": "paper",
            "y": 1.0,
            "x": 1.02,
            "yanchor": "top",
            "xanchor": "left",
            "groupclick": "toggleitem",
        },
        margin={"t": 70},
    )
    return fig


# --- dumbbell --------------------------------------------------------------------------------
def dumbbell(ds: Dataset, comparison: pd.DataFrame, lang: str = "zh") -> go.Figure:
    """Across cities, baseline → target per city for one indicator or a family: one row per
    city (× family member, labelled with its own name), one facet per unit."""
    m = M.dumbbell_marks(ds, comparison, lang)
    groups = list(m.groupby("facet", sort=True))
    fig, height = _facets(
        [g["facet_title"].iloc[0] for _, g in groups], [len(g) for _, g in groups]
    )
    shown: set[str] = set()
    for n, (facet, g) in enumerate(groups, start=1):
        first = n == 1
        _range_traces(  # the baseline larger than the target: a grey halo when they coincide
            fig,
            n,
            g,
            lang,
            int(facet),
            first,
            path_width=4,
            baseline_marker={"size": 16, "color": MARK_COLOURS["baseline"]},
            target_marker={"size": 11, "color": MARK_COLOURS["target"]},
        )
        _latest_traces(fig, n, g, lang, shown, facet=int(facet))
        for r in g.itertuples(index=False):
            if r.has_target and not r.target_numeric:
                _note(
                    fig,
                    n,
                    r.row_label,
                    f"{L.text('target', lang)} {r.target_year or ''}: {r.target_label}",
                )
        _rows_axis(fig, n, g)
    return _layout(fig, L.text("title_dumbbell", lang), height)


# --- status heatmap --------------------------------------------------------------------------
def status_heatmap(ds: Dataset, targets: pd.DataFrame, lang: str = "zh") -> go.Figure:
    """City × indicator grid coloured by progress status (ordered good → bad as
    qcompare.analysis.progress.STATUSES); empty where a city has no such target."""
    grid = M.status_grid(ds, targets, lang)
    k = len(grid.statuses)
    colours = status_colours(grid.statuses)
    # Plotly draws a colorbar bottom-up; z = k-1-position puts the best status on top.
    scale = []
    for i, c in enumerate(reversed(colours)):
        scale += [[i / k, c], [(i + 1) / k, c]]
    z = [[None if math.isnan(v) else k - 1 - v for v in row] for row in grid.codes]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=grid.col_labels,
            y=grid.row_labels,
            text=grid.cells.tolist(),
            texttemplate="%{text}",
            textfont={"size": 11},
            hovertext=grid.hovers.tolist(),
            hovertemplate=_HOVER,
            colorscale=scale,
            zmin=-0.5,
            zmax=k - 0.5,
            xgap=2,
            ygap=2,
            colorbar={
                "tickvals": list(range(k)),
                "ticktext": [L.status_label(s, lang) for s in reversed(grid.statuses)],
                "title": {"text": L.text("status", lang)},
                "lenmode": "pixels",
                "len": 30 * k,
                "thickness": 18,
                "y": 1.0,
                "yanchor": "top",
            },
            meta={"role": "status", "statuses": list(grid.statuses)},
        )
    )
    fig.update_yaxes(autorange="reversed", showgrid=False)
    fig.update_xaxes(side="top", title_text="", showgrid=False)
    height = max(320, 60 + 32 * len(grid.row_labels)) + _TOP_PX
    return _layout(fig, L.text("title_status", lang), height)


# --- track record ----------------------------------------------------------------------------
def track_record_bars(ds: Dataset, record: pd.DataFrame, lang: str = "zh") -> go.Figure:
    """Previous plan per indicator: target (outlined bar) next to the result (filled bar,
    blue = met, vermillion = not met, grey = cannot tell); one facet per indicator."""
    m = M.track_record_marks(ds, record, lang)
    groups = list(m.groupby("facet", sort=False))
    fig, height = _facets(
        [g["facet_title"].iloc[0] for _, g in groups], [len(g) for _, g in groups], px_per_row=44
    )
    shown: set[str] = set()
    met_keys = {True: "met", False: "not_met", None: "met_unknown"}
    for n, (facet, g) in enumerate(groups, start=1):
        fig.add_trace(
            go.Bar(
                x=_opt(g["prior_target"]),
                y=list(g["row_label"]),
                orientation="h",
                marker={
                    "color": "rgba(0,0,0,0)",
                    "line": {"color": MARK_COLOURS["target"], "width": 1.5},
                },
                text=[
                    lab if num else ""
                    for lab, num in zip(g["target_label"], g["target_numeric"], strict=True)
                ],
                textposition="outside",
                cliponaxis=False,
                offsetgroup="target",
                name=L.text("prior_target", lang),
                legendgroup="prior_target",
                showlegend="prior_target" not in shown,
                hovertext=list(g["target_hover"]),
                hovertemplate=_HOVER,
                meta={"role": "prior_target", "facet": facet},
            ),
            row=n,
            col=1,
        )
        shown.add("prior_target")
        for met, key in met_keys.items():
            sub = g.loc[[v is met for v in g["met"]]]
            if sub.empty:
                continue
            fig.add_trace(
                go.Bar(
                    x=_opt(sub["prior_actual"]),
                    y=list(sub["row_label"]),
                    orientation="h",
                    marker={"color": MET_COLOURS[met]},
                    text=list(sub["actual_label"]),
                    textposition="outside",
                    cliponaxis=False,
                    offsetgroup="actual",
                    name=f"{L.text('prior_actual', lang)}: {L.text(key, lang)}",
                    legendgroup=key,
                    showlegend=key not in shown,
                    hovertext=list(sub["actual_hover"]),
                    hovertemplate=_HOVER,
                    meta={"role": "prior_actual", "met": met, "facet": facet},
                ),
                row=n,
                col=1,
            )
            shown.add(key)
        for r in g.itertuples(index=False):
            if not r.target_numeric:
                _note(fig, n, r.row_label, f"{L.text('non_numeric_prior', lang)}: {r.target_label}")
        _rows_axis(fig, n, g, window=False)
    fig.update_layout(barmode="group", bargap=0.25)
    return _layout(fig, L.text("title_track_record", lang), height)


# --- ambition --------------------------------------------------------------------------------
AMBITION_COLOURS = {"improves": MET_COLOURS[True], "looser": MET_COLOURS[False], "holds": GREY}


def ambition(ds: Dataset, card: pd.DataFrame, lang: str = "zh") -> go.Figure:
    """Per theme, the yearly improvement each target asks for (required annual rate turned the
    way of improvement): one dot per target, blue asks for better, vermillion is looser than
    its baseline, grey holds it; a line at 0."""
    m = M.ambition_marks(ds, card, lang)
    if m.empty:
        raise ValueError("no target has a required annual rate")
    rows = list(dict.fromkeys(m["theme_label"]))
    fig = go.Figure()
    for kind in ("improves", "holds", "looser"):
        sub = m.loc[m["kind"] == kind]
        if sub.empty:
            continue
        fig.add_trace(
            go.Scatter(
                x=list(sub["improvement_pct"]),
                y=list(sub["theme_label"]),
                mode="markers",
                marker={
                    "size": 12,
                    "color": AMBITION_COLOURS[kind],
                    "opacity": 0.8,
                    "line": {"width": 1, "color": "white"},
                },
                name=L.text(kind, lang),
                hovertext=list(sub["hover"]),
                hovertemplate=_HOVER,
                meta={"role": "ambition", "kind": kind},
            )
        )
    fig.add_vline(x=0, line={"color": LIGHT_GREY, "width": 2})
    fig.update_xaxes(title_text=L.text("axis_ambition", lang), ticksuffix="%", zeroline=False)
    fig.update_yaxes(
        categoryorder="array", categoryarray=rows, range=[len(rows) - 0.5, -0.6], autorange=False
    )
    return _layout(fig, L.text("title_ambition", lang), 40 * len(rows) + 60 + _TOP_PX + 40)


__all__ = ["ambition", "bullet", "dumbbell", "status_heatmap", "track_record_bars", "trajectory"]
