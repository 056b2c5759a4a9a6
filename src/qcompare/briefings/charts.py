"""Charts of a briefing, shown only when they carry information (qcompare.plots.worth).

`chart(name, ds, frame, lang)` displays the interactive chart, or, when its marks would all be
one status or all empty, the one line that says why instead. `save_chart` saves the static
twin under the same rule. The status heatmap keeps only the indicators that have a status.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from qcompare.data.dataset import Dataset
from qcompare.plots import interactive, static, worth


def _heatmap_frame(frame: pd.DataFrame) -> pd.DataFrame:
    return worth.assessed_rows(frame)


# name → (why it is not shown, the rows it draws)
CHARTS: dict[str, tuple[Callable[[pd.DataFrame, str], str | None], Callable]] = {
    "status_heatmap": (worth.status_heatmap_reason, _heatmap_frame),
    "bullet": (worth.bullet_reason, lambda f: f),
    "ambition": (worth.ambition_reason, lambda f: f),
    "dumbbell": (
        lambda f, lang: worth.values_reason(f.loc[f["kind"] != "observed"], ("value",), lang),
        lambda f: f,
    ),
    "track_record_bars": (
        lambda f, lang: worth.values_reason(f, ("prior_target", "prior_actual"), lang),
        lambda f: f,
    ),
}


def reason(name: str, frame: pd.DataFrame, lang: str) -> str | None:
    """Why chart `name` of `frame` is not shown (None: it is)."""
    why, _ = CHARTS[name]
    return why(frame, lang)


def chart(name: str, ds: Dataset, frame: pd.DataFrame, lang: str) -> None:
    """Show interactive chart `name` of `frame`, or the one line saying why it is not shown."""
    from qcompare.briefings import notebook

    why = reason(name, frame, lang)
    if why:
        notebook.paragraph(why, "qc-chart-note")
        return
    _, rows = CHARTS[name]
    getattr(interactive, name)(ds, rows(frame), lang=lang).show()


def save_chart(name: str, ds: Dataset, frame: pd.DataFrame, lang: str) -> None:
    """Save the static twin of chart `name` (figures/NAME/), unless it is not shown or the
    run writes no figure files (nothing is drawn then)."""
    from qcompare.briefings import notebook

    if reason(name, frame, lang) or not notebook.figure_files_wanted():
        return
    _, rows = CHARTS[name]
    notebook.save_static(getattr(static, name)(ds, rows(frame), lang=lang), name)
