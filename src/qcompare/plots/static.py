"""Static matplotlib/seaborn charts for figures/ (same names and signatures as `interactive`).

Figures are built with `matplotlib.figure.Figure` rather than pyplot, so a notebook shows each
returned figure once and no figure stays alive in pyplot's registry. Every drawn artist has a
gid naming its mark ("baseline", "target", "latest", "path", …) so tests can find it.
"""

from __future__ import annotations

import io
import math
import unicodedata
from collections.abc import Sequence

import matplotlib.colors as mcolors
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from qcompare.data.dataset import Dataset
from qcompare.plots import labels as L
from qcompare.plots import marks as M
from qcompare.plots.fonts import ensure_setup
from qcompare.plots.palette import (
    GREY,
    LIGHT_GREY,
    MARK_COLOURS,
    MET_COLOURS,
    city_colours,
    status_colours,
)

_WIDTH_IN = 8.5
_NOTE_BOX = {
    "boxstyle": "round,pad=0.25",
    "facecolor": "white",
    "edgecolor": LIGHT_GREY,
    "alpha": 0.9,
}


class StaticFigure(Figure):
    """A matplotlib Figure that Jupyter shows as a PNG even when pyplot was never imported
    (our figures live outside pyplot, so the inline backend does not know them)."""

    def _repr_png_(self) -> bytes:
        buffer = io.BytesIO()
        self.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
        return buffer.getvalue()


def _figure(**kwargs) -> StaticFigure:
    """A figure outside pyplot, on an Agg canvas (so text extents reuse one renderer)."""
    fig = StaticFigure(**kwargs)
    FigureCanvasAgg(fig)
    return fig


def _plain(text: str) -> str:
    """Text shown literally: a "$" in a source's wording must not start mathtext."""
    return text.replace("$", r"\$")


# Facet figures are laid out by hand in inches (no layout engine): constrained layout costs
# seconds on a scorecard with dozens of panels, a fixed grid costs nothing.
_TOP_IN, _TITLE_IN, _AXIS_IN, _LEGEND_ROW_IN, _RIGHT_IN = 0.5, 0.3, 0.55, 0.28, 0.3
_EDGE_IN = 0.01 * _WIDTH_IN  # the figure's title and legend start this far from its left


def _text_width_in(text: str, fontsize: float) -> float:
    """Rough printed width of a label: CJK characters 1 em wide, others about 0.6 em."""
    ems = sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.6 for ch in text)
    return ems * fontsize / 72


def _facets(
    groups: Sequence[pd.DataFrame], n_handles: int, row_in: float = 0.38
) -> tuple[Figure, list[Axes]]:
    """A one-column figure with one Axes per facet (a frame of marks with its `row_label`s and
    its `facet_title`), each as tall as its number of rows, with room on the left for the
    longest row label and at the bottom for the legend. The panels
    are _WIDTH_IN wide in all; the canvas is wider when a panel's title reaches past them, so
    the figure is drawn once on a canvas that holds it. Title widths are estimated generously
    (`_text_width_in`): the files are cropped to the drawing, so spare canvas costs only pixels."""
    labels = [g["row_label"] for g in groups]
    titles = [g["facet_title"].iloc[0] for g in groups]
    heights = [0.25 + row_in * len(g) for g in groups]
    legend_in = _LEGEND_ROW_IN * math.ceil(n_handles / 4) + 0.1 if n_handles else 0.0
    total = _TOP_IN + sum(heights) + (_TITLE_IN + _AXIS_IN) * len(groups) + legend_in
    longest = max((_text_width_in(t, 10) for group in labels for t in group), default=0.5)
    left = min(max(longest + 0.2, 0.7), 0.45 * _WIDTH_IN)
    panel = _WIDTH_IN - left - _RIGHT_IN
    widest_title = max((_text_width_in(t, 10) for t in titles), default=0.0)
    width = max(_WIDTH_IN, left + widest_title + _RIGHT_IN)
    fig = _figure(figsize=(width, total))
    axes, top = [], total - _TOP_IN
    for h in heights:
        top -= _TITLE_IN
        bottom = top - h
        axes.append(fig.add_axes((left / width, bottom / total, panel / width, h / total)))
        top = bottom - _AXIS_IN
    return fig, axes


def _finish(fig: Figure, title: str, handles: list) -> Figure:
    """Title top left; legend at the bottom (below the panels)."""
    height = fig.get_figheight()
    if fig.get_layout_engine() is None:
        left = _EDGE_IN / fig.get_figwidth()
        fig.text(left, 1 - 0.12 / height, _plain(title), ha="left", va="top", fontsize=13)
        if handles:
            fig.legend(
                handles=handles,
                loc="lower left",
                bbox_to_anchor=(left, 0.02 / height),
                ncols=min(len(handles), 4),
                frameon=False,
                fontsize=9,
            )
        return fig
    fig.suptitle(_plain(title), x=0.01, ha="left", fontsize=13)
    if handles:
        fig.legend(
            handles=handles,
            loc="outside lower left",
            ncols=min(len(handles), 4),
            frameon=False,
            fontsize=9,
        )
    return fig


_TICK_STEPS = [1, 2, 2.5, 5, 10]  # matplotlib's own choice of tick steps


def _style(ax: Axes, labels: Sequence[str], title: str, xlabel: str) -> np.ndarray:
    y = np.arange(len(labels))
    ax.set_yticks(y, labels=[_plain(s) for s in labels])
    ax.set_ylim(len(labels) - 0.5, -0.5)  # first row on top
    ax.set_title(_plain(title), loc="left", fontsize=10, y=1.0)
    ax.set_xlabel(_plain(xlabel), fontsize=9)
    # at most six value ticks a panel: a facet figure has one axis per panel, and each tick is
    # a mark, a grid line and a label to draw in both files
    ax.xaxis.set_major_locator(MaxNLocator(nbins=5, steps=_TICK_STEPS))
    ax.grid(axis="x", color=LIGHT_GREY, linewidth=0.6)
    ax.set_axisbelow(True)
    ax.margins(x=0.12)
    sns.despine(ax=ax, left=True)
    ax.tick_params(axis="y", length=0)
    return y


def _value_axis(ax: Axes, *columns: np.ndarray) -> None:
    """Sensible value-axis limits when a panel has no number (no ticks at all) or a single
    distinct number (a symmetric window around it, whole-number ticks for whole numbers)."""
    values = np.concatenate([c[~np.isnan(c)] for c in columns])
    if values.size == 0:
        ax.set_xticks([])
        return
    low, high = float(values.min()), float(values.max())
    if low == high:
        pad = max(abs(low) * 0.1, 1.0)
        ax.set_xlim(low - pad, high + pad)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=low.is_integer()))


def _arr(values: pd.Series) -> np.ndarray:
    return np.array([math.nan if v is None else float(v) for v in values], dtype=float)


def _note(ax: Axes, y: float, text: str) -> None:
    """An annotation at the right end of row y (for values that are not numbers)."""
    ax.annotate(
        _plain(text),
        xy=(0.99, y),
        xycoords=ax.get_yaxis_transform(),
        ha="right",
        va="center",
        fontsize=8,
        bbox=_NOTE_BOX,
        gid="note",
    )


def _label_points(
    ax: Axes, xs: np.ndarray, ys: np.ndarray, texts: Sequence[str], dy: float = 7
) -> None:
    for x, y, t in zip(xs, ys, texts, strict=True):
        if not math.isnan(x) and t:
            ax.annotate(
                _plain(t),
                (x, y),
                xytext=(0, dy),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=8,
                gid="target_label",
            )


def _segments(ax: Axes, y: np.ndarray, x0: np.ndarray, x1: np.ndarray, width: float) -> None:
    ok = ~np.isnan(x0) & ~np.isnan(x1)
    ax.hlines(y[ok], x0[ok], x1[ok], color=LIGHT_GREY, linewidth=width, zorder=1, gid="path")


def _latest(ax: Axes, y: np.ndarray, g: pd.DataFrame) -> None:
    """Latest observations: blue diamonds, open for partial-year values."""
    ax.scatter(
        _arr(g["latest_value"]),
        y,
        marker="D",
        s=55,
        zorder=5,
        linewidths=1.8,
        edgecolors=MARK_COLOURS["latest"],
        facecolors=["none" if p else MARK_COLOURS["latest"] for p in g["latest_partial"]],
        gid="latest",
    )


def _latest_handles(m: pd.DataFrame, lang: str) -> list:
    """Legend entries for the latest-observation marks actually drawn: filled, open."""
    has = m["latest_value"].notna()
    handles = []
    if (has & ~m["latest_partial"]).any():
        handles.append(
            Line2D(
                [],
                [],
                marker="D",
                linestyle="",
                color=MARK_COLOURS["latest"],
                label=L.text("latest", lang),
            )
        )
    if (has & m["latest_partial"]).any():
        handles.append(
            Line2D(
                [],
                [],
                marker="D",
                linestyle="",
                markerfacecolor="none",
                markeredgecolor=MARK_COLOURS["latest"],
                label=f"{L.text('latest', lang)} ({L.text('partial_year', lang)})",
            )
        )
    return handles


# --- bullet ----------------------------------------------------------------------------------
def bullet(ds: Dataset, targets: pd.DataFrame, lang: str = "zh") -> Figure:
    """Per city × indicator: baseline (grey dot), target (black tick, labelled with its
    comparator) and latest observation (blue diamond, open if partial-year); one panel per
    indicator so units never share an axis; non-numeric targets as annotations."""
    ensure_setup()
    m = M.bullet_marks(ds, targets, lang)
    groups = list(m.groupby("facet", sort=False))
    fig, axes = _facets([g for _, g in groups], 3 + bool(m["latest_partial"].any()))
    for ax, (_, g) in zip(axes, groups, strict=True):
        y = _style(ax, list(g["row_label"]), g["facet_title"].iloc[0], g["axis_title"].iloc[0])
        b, t = _arr(g["baseline_value"]), _arr(g["target_value"])
        _segments(ax, y, b, t, 6)
        ax.scatter(b, y, marker="o", s=60, color=MARK_COLOURS["baseline"], zorder=3, gid="baseline")
        ax.scatter(
            t,
            y,
            marker="|",
            s=380,
            linewidths=3,
            color=MARK_COLOURS["target"],
            zorder=4,
            gid="target",
        )
        _label_points(
            ax,
            t,
            y,
            [
                lab if num else ""
                for lab, num in zip(g["target_label"], g["target_numeric"], strict=True)
            ],
            dy=11,
        )
        _latest(ax, y, g)
        _value_axis(ax, b, t, _arr(g["latest_value"]))
        for yi, r in zip(y, g.itertuples(index=False), strict=True):
            if not r.target_numeric:
                _note(ax, yi, f"{L.text('target', lang)} {r.target_year or ''}: {r.target_label}")
    handles = [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            color=MARK_COLOURS["baseline"],
            label=L.text("baseline", lang),
        ),
        Line2D(
            [],
            [],
            marker="|",
            linestyle="",
            markersize=14,
            markeredgewidth=3,
            color=MARK_COLOURS["target"],
            label=L.text("target", lang),
        ),
    ]
    handles += _latest_handles(m, lang)
    return _finish(fig, L.text("title_bullet", lang), handles)


# --- trajectory ------------------------------------------------------------------------------
_TRAJ_MARKER = {"observed": "^", "prior_actual": "s"}


def trajectory(
    ds: Dataset, indicator_id: str, cities: list[str] | None = None, lang: str = "zh"
) -> Figure:
    """One indicator over time: per city the planned path baseline → target (dashed), the
    observed values and previous-plan results as markers (open = partial year), previous-plan
    targets as crosses; non-numeric targets as annotations."""
    ensure_setup()
    m = M.trajectory_marks(ds, indicator_id, cities, lang)
    colours = city_colours(list(dict.fromkeys(m["city_id"])), list(ds.cities["city_id"]))
    fig = _figure(figsize=(_WIDTH_IN, 4.8), layout="constrained")
    ax = fig.subplots()
    handles: list = []
    notes = []
    for city, g in m.groupby("city_id", sort=False):
        colour, name = colours[city], g["city_label"].iloc[0]
        plan = g.loc[g["kind"].isin(["baseline", "target"]) & g["numeric"]]
        if not plan.empty:
            ax.plot(
                plan["year"],
                plan["value"],
                linestyle="--",
                color=colour,
                linewidth=1.8,
                gid=f"plan:{city}",
            )
            for kind, marker in (("baseline", "o"), ("target", "D")):
                sub = plan.loc[plan["kind"] == kind]
                ax.scatter(
                    sub["year"],
                    sub["value"],
                    marker=marker,
                    s=55,
                    color=colour,
                    zorder=3,
                    gid=f"{kind}:{city}",
                )
            tg = plan.loc[plan["kind"] == "target"]
            for x, yv, lab in zip(tg["year"], tg["value"], tg["label"], strict=True):
                ax.annotate(
                    _plain(lab),
                    (x, yv),
                    xytext=(0, 7),
                    textcoords="offset points",
                    ha="center",
                    va="bottom",
                    fontsize=8,
                    color=colour,
                    gid="target_label",
                )
            handles.append(
                Line2D(
                    [],
                    [],
                    linestyle="--",
                    marker="o",
                    color=colour,
                    label=f"{name}: {L.text('plan_path', lang)}",
                )
            )
        else:  # no planned path: the legend still says which colour is this city
            handles.append(Patch(color=colour, label=name))
        obs = g.loc[g["kind"].isin(["observed", "prior_actual"]) & g["numeric"]]
        for kind, sub in obs.groupby("kind", sort=False):
            ax.scatter(
                sub["year"],
                sub["value"],
                marker=_TRAJ_MARKER[kind],
                s=70,
                linewidths=1.8,
                edgecolors=colour,
                facecolors=["none" if p else colour for p in sub["partial"]],
                zorder=4,
                gid=f"{kind}:{city}",
            )
        prior = g.loc[(g["kind"] == "prior_target") & g["numeric"]]
        if not prior.empty:
            ax.scatter(
                prior["year"],
                prior["value"],
                marker="x",
                s=60,
                color=colour,
                zorder=4,
                gid=f"prior_target:{city}",
            )
        for r in g.loc[g["kind"].isin(["target", "prior_target"]) & ~g["numeric"]].itertuples():
            notes.append(
                (r.year, f"{name} {L.text(r.kind, lang)} {r.year}: {r.value_text}", colour)
            )
    for i, (year, text, colour) in enumerate(notes):
        ax.annotate(
            _plain(text),
            xy=(year, 0.97 - 0.08 * i),
            xycoords=ax.get_xaxis_transform(),
            ha="right",
            va="top",
            fontsize=8,
            color=colour,
            bbox=_NOTE_BOX,
            gid="note",
        )
    numeric = m.loc[m["numeric"]]
    full_year = numeric.loc[~numeric["partial"] | ~numeric["kind"].isin(list(_TRAJ_MARKER))]
    for kind, marker in (
        ("baseline", "o"),
        ("target", "D"),
        *_TRAJ_MARKER.items(),
        ("prior_target", "x"),
    ):
        if (full_year["kind"] == kind).any():
            handles.append(
                Line2D([], [], linestyle="", marker=marker, color=GREY, label=L.text(kind, lang))
            )
    if (numeric["partial"] & numeric["kind"].isin(list(_TRAJ_MARKER))).any():
        handles.append(
            Line2D(
                [],
                [],
                linestyle="",
                marker="^",
                markerfacecolor="none",
                markeredgecolor=GREY,
                label=L.text("partial_year", lang),
            )
        )
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(L.text("year", lang), fontsize=9)
    ax.set_ylabel(_plain(L.axis_title(ds, indicator_id, lang)), fontsize=9)
    ax.grid(color=LIGHT_GREY, linewidth=0.6)
    ax.set_axisbelow(True)
    ax.margins(x=0.08, y=0.15)
    sns.despine(ax=ax)
    title = f"{L.indicator_title(ds, indicator_id, lang)}: {L.text('title_trajectory', lang)}"
    return _finish(fig, title, handles)


# --- dumbbell --------------------------------------------------------------------------------
def dumbbell(ds: Dataset, comparison: pd.DataFrame, lang: str = "zh") -> Figure:
    """Across cities, baseline → target per city for one indicator or a family: one row per
    city (× family member, labelled with its own name), one panel per unit."""
    ensure_setup()
    m = M.dumbbell_marks(ds, comparison, lang)
    groups = list(m.groupby("facet", sort=True))
    fig, axes = _facets([g for _, g in groups], 2)
    for ax, (_, g) in zip(axes, groups, strict=True):
        y = _style(ax, list(g["row_label"]), g["facet_title"].iloc[0], g["axis_title"].iloc[0])
        b, t = _arr(g["baseline_value"]), _arr(g["target_value"])
        _segments(ax, y, b, t, 4)
        # the baseline dot is larger: a grey halo shows when baseline and target coincide
        ax.scatter(
            b, y, marker="o", s=120, color=MARK_COLOURS["baseline"], zorder=3, gid="baseline"
        )
        ax.scatter(t, y, marker="o", s=55, color=MARK_COLOURS["target"], zorder=4, gid="target")
        _latest(ax, y, g)
        _value_axis(ax, b, t, _arr(g["latest_value"]))
        _label_points(
            ax,
            t,
            y,
            [
                lab if num else ""
                for lab, num in zip(g["target_label"], g["target_numeric"], strict=True)
            ],
        )
        for yi, r in zip(y, g.itertuples(index=False), strict=True):
            if r.has_target and not r.target_numeric:
                _note(ax, yi, f"{L.text('target', lang)} {r.target_year or ''}: {r.target_label}")
    handles = [
        Line2D([], [], marker="o", linestyle="", color=MARK_COLOURS[k], label=L.text(k, lang))
        for k in ("baseline", "target")
    ]
    handles += _latest_handles(m, lang)
    return _finish(fig, L.text("title_dumbbell", lang), handles)


# --- status heatmap --------------------------------------------------------------------------
def status_heatmap(ds: Dataset, targets: pd.DataFrame, lang: str = "zh") -> Figure:
    """City × indicator grid coloured by progress status (ordered good → bad as
    qcompare.analysis.progress.STATUSES); empty where a city has no such target."""
    ensure_setup()
    grid = M.status_grid(ds, targets, lang)
    k = len(grid.statuses)
    colours = status_colours(grid.statuses)
    nrows, ncols = grid.codes.shape
    label_in = max(_text_width_in(t, 10) for t in grid.row_labels)
    width = min(16.0, label_in + 1.4 * ncols + 2.2)
    # no layout engine while seaborn draws (its mid-way draw would lay out a half-built figure)
    fig = _figure(figsize=(width, max(3.4, 1.2 + 0.42 * nrows)))
    ax = fig.subplots()
    data = pd.DataFrame(
        grid.codes,
        index=[_plain(s) for s in grid.row_labels],
        columns=[_plain(s) for s in grid.col_labels],
    )
    sns.heatmap(
        data,
        ax=ax,
        mask=np.isnan(grid.codes),
        cmap=mcolors.ListedColormap(colours),
        vmin=-0.5,
        vmax=k - 0.5,
        annot=grid.cells,
        fmt="",
        cbar=False,
        xticklabels=list(data.columns),
        yticklabels=list(data.index),
        linewidths=1.5,
        linecolor="white",
        annot_kws={"fontsize": 8},
    )
    ax.collections[0].set_gid("status")
    ax.xaxis.tick_top()
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.tick_params(length=0)
    ax.tick_params(axis="x", labelrotation=0)
    handles = [
        Patch(facecolor=c, edgecolor=GREY, linewidth=0.5, label=L.status_label(s, lang))
        for s, c in zip(grid.statuses, colours, strict=True)
    ]
    fig.set_layout_engine("constrained")
    fig.suptitle(_plain(L.text("title_status", lang)), x=0.01, ha="left", fontsize=13)
    fig.legend(
        handles=handles,
        loc="outside right upper",
        frameon=False,
        fontsize=9,
        title=L.text("status", lang),
        title_fontsize=9,
    )
    return fig


# --- track record ----------------------------------------------------------------------------
def track_record_bars(ds: Dataset, record: pd.DataFrame, lang: str = "zh") -> Figure:
    """Previous plan per indicator: target (outlined bar) next to the result (filled bar,
    blue = met, vermillion = not met, grey = cannot tell); one panel per indicator."""
    ensure_setup()
    m = M.track_record_marks(ds, record, lang)
    groups = list(m.groupby("facet", sort=False))
    n_met = len({str(v) for v in m["met"]})
    fig, axes = _facets([g for _, g in groups], 1 + n_met, row_in=0.55)
    h = 0.36
    for ax, (_, g) in zip(axes, groups, strict=True):
        y = _style(ax, list(g["row_label"]), g["facet_title"].iloc[0], g["axis_title"].iloc[0])
        tgt, act = _arr(g["prior_target"]), _arr(g["prior_actual"])
        bars = ax.barh(
            y - h / 2,
            np.nan_to_num(tgt),
            height=h,
            facecolor="none",
            edgecolor=MARK_COLOURS["target"],
            linewidth=1.2,
        )
        for bar, value in zip(bars, tgt, strict=True):
            bar.set_gid("prior_target" if not math.isnan(value) else "prior_target:none")
        colours = [MET_COLOURS[v] for v in g["met"]]
        bars = ax.barh(y + h / 2, np.nan_to_num(act), height=h, color=colours)
        for bar, value, met in zip(bars, act, g["met"], strict=True):
            bar.set_gid(f"prior_actual:{met}" if not math.isnan(value) else "prior_actual:none")
        # a tick at the bar's end keeps a result of zero (a bar of no width) visible
        ax.scatter(
            act,
            y + h / 2,
            marker="|",
            s=150,
            linewidths=2.5,
            color=colours,
            zorder=3,
            gid="prior_actual_end",
        )
        for yi, x, lab, num in zip(y, tgt, g["target_label"], g["target_numeric"], strict=True):
            if num:
                ax.annotate(
                    _plain(lab),
                    (x, yi - h / 2),
                    xytext=(3, 0),
                    textcoords="offset points",
                    va="center",
                    fontsize=8,
                )
            else:
                _note(ax, yi - h / 2, f"{L.text('non_numeric_prior', lang)}: {lab}")
        for yi, x, lab in zip(y, act, g["actual_label"], strict=True):
            if not math.isnan(x):
                ax.annotate(
                    _plain(lab),
                    (x, yi + h / 2),
                    xytext=(3, 0),
                    textcoords="offset points",
                    va="center",
                    fontsize=8,
                )
        ax.set_xlim(left=0)
    handles = [
        Patch(
            facecolor="none", edgecolor=MARK_COLOURS["target"], label=L.text("prior_target", lang)
        )
    ]
    keys = {True: "met", False: "not_met", None: "met_unknown"}
    for met in (True, False, None):
        if not any(v is met for v in m["met"]):
            continue
        handles.append(
            Patch(
                color=MET_COLOURS[met],
                label=f"{L.text('prior_actual', lang)}: {L.text(keys[met], lang)}",
            )
        )
    return _finish(fig, L.text("title_track_record", lang), handles)


__all__ = ["bullet", "dumbbell", "status_heatmap", "track_record_bars", "trajectory"]


# --- ambition --------------------------------------------------------------------------------
_AMBITION_COLOURS = {"improves": MET_COLOURS[True], "looser": MET_COLOURS[False], "holds": GREY}


def ambition(ds: Dataset, card: pd.DataFrame, lang: str = "zh") -> Figure:
    """Per theme, the yearly improvement each target asks for (as `interactive.ambition`)."""
    ensure_setup()
    m = M.ambition_marks(ds, card, lang)
    if m.empty:
        raise ValueError("no target has a required annual rate")
    rows = list(dict.fromkeys(m["theme_label"]))
    pos = {r: i for i, r in enumerate(rows)}
    label_in = max(_text_width_in(r, 10) for r in rows)
    fig = _figure(figsize=(_WIDTH_IN, 1.6 + 0.45 * len(rows)))
    ax = fig.subplots()
    handles = []
    for kind in ("improves", "holds", "looser"):
        sub = m.loc[m["kind"] == kind]
        if sub.empty:
            continue
        ax.scatter(
            sub["improvement_pct"],
            [pos[r] for r in sub["theme_label"]],
            s=70,
            color=_AMBITION_COLOURS[kind],
            alpha=0.8,
            edgecolor="white",
            gid="ambition",
        )
        handles.append(
            Line2D(
                [], [], marker="o", ls="", color=_AMBITION_COLOURS[kind], label=L.text(kind, lang)
            )
        )
    ax.axvline(0, color=LIGHT_GREY, lw=2, zorder=0)
    ax.set_yticks(range(len(rows)), [_plain(r) for r in rows])
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xlabel(_plain(L.text("axis_ambition", lang)), fontsize=9)
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:g}%")
    ax.grid(axis="x", color=LIGHT_GREY, lw=0.5)
    ax.spines[["top", "right"]].set_visible(False)
    fig.subplots_adjust(left=min(0.45, (label_in + 0.3) / _WIDTH_IN), right=0.97)
    fig.set_layout_engine("constrained")
    fig.suptitle(_plain(L.text("title_ambition", lang)), x=0.01, ha="left", fontsize=13)
    fig.legend(handles=handles, loc="outside lower center", ncols=3, frameon=False, fontsize=9)
    return fig
