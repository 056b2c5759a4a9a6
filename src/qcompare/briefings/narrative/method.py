"""The method section's status table: the condition behind each progress status."""

from __future__ import annotations

from qcompare.analysis.progress import DEFAULT_THRESHOLDS, STATUSES, Thresholds
from qcompare.briefings.i18n import check_lang
from qcompare.plots.labels import (
    fmt_number,
    status_label,
)


def status_rows(lang: str, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> list[tuple[str, str]]:
    """(condition, status label) for the method table, thresholds from `Thresholds`."""
    check_lang(lang)
    on, acc, lim = (
        fmt_number(thresholds.on_track),
        fmt_number(thresholds.needs_acceleration),
        fmt_number(thresholds.limited_progress),
    )
    zh = lang == "zh"
    conditions = {
        "target_achieved": "最新观测值已满足目标" if zh else "latest observation meets the target",
        "on_track": f"R ≥ {on}",
        "needs_acceleration": f"{acc} ≤ R < {on}",
        "limited_progress": f"{lim} ≤ R < {acc}",
        "deterioration": f"R < {lim}",
        "no_observation": "基期之后没有观测值" if zh else "no observation after the baseline",
        "not_assessable": "目标不是数值、没有基期值，或为新增类指标"
        if zh
        else "target not a number, no baseline, or a flow (additions)",
    }
    return [(conditions[s], status_label(s, lang)) for s in STATUSES]
