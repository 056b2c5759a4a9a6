"""Is a chart worth drawing? A chart whose marks are all one status, or all empty, says nothing
a sentence cannot: such a chart is not shown and one line says why instead.

Each `*_reason` returns None when the chart carries information, else that one line in the
briefing's language. `assessed_rows` keeps, for the status heatmap, only the indicators some
city has a real status for (achieved … moving away), so the grid is not a wall of "no
observation" and "not assessable".
"""

from __future__ import annotations

import pandas as pd

from qcompare.analysis.progress import STATUSES
from qcompare.data.lang import check_lang
from qcompare.plots.labels import status_label

UNASSESSED = ("no_observation", "not_assessable")
ASSESSED = tuple(s for s in STATUSES if s not in UNASSESSED)


def _n(frame: pd.DataFrame, column: str) -> int:
    return int(frame[column].notna().sum()) if column in frame.columns else 0


def assessed_rows(targets: pd.DataFrame) -> pd.DataFrame:
    """Rows of the indicators that at least one city has an assessed status for."""
    keep = set(targets.loc[targets["status"].isin(ASSESSED), "indicator_id"])
    return targets.loc[targets["indicator_id"].isin(keep)]


def status_heatmap_reason(targets: pd.DataFrame, lang: str) -> str | None:
    """Why the status heatmap of `targets` is not shown (None: it is)."""
    check_lang(lang)
    zh = lang == "zh"
    if targets.empty:
        return "没有可显示进展状态的目标。" if zh else "No target with a progress status to show."
    assessed = targets.loc[targets["status"].isin(ASSESSED)]
    if assessed.empty:
        counts = targets["status"].value_counts()
        parts = [
            f"{status_label(s, lang)} {int(counts[s])}"
            if zh
            else f"{int(counts[s])} {status_label(s, lang).lower()}"
            for s in UNASSESSED
            if s in counts
        ]
        return (
            f"未绘制进展状态图：{len(targets)}项目标均无法评估进展（{'，'.join(parts)}）。"
            if zh
            else f"No status chart: none of the {len(targets)} targets can be assessed yet "
            f"({', '.join(parts)})."
        )
    shown = assessed_rows(targets)
    statuses = shown["status"].unique()
    if len(statuses) == 1:
        label = status_label(str(statuses[0]), lang)
        return (
            f"未绘制进展状态图：可评估的{len(shown)}项目标状态相同，均为“{label}”。"
            if zh
            else f"No status chart: all {len(shown)} assessable targets have the same status, "
            f"“{label}”."
        )
    return None


def bullet_reason(targets: pd.DataFrame, lang: str) -> str | None:
    """Why the bullet chart is not shown: no numeric target set against a baseline or a
    latest value (a lone target tick says nothing the table does not)."""
    check_lang(lang)
    if len(targets) and targets["target_value"].notna().any():
        other = targets["baseline_value"].notna() | targets["latest_value"].notna()
        if (targets["target_value"].notna() & other).any():
            return None
    return (
        "未绘制目标图：没有可与基期值或最新观测值对照的数值目标。"
        if lang == "zh"
        else "No target chart: no numeric target comes with a baseline or a latest value to "
        "set it against."
    )


def values_reason(frame: pd.DataFrame, columns: tuple[str, ...], lang: str) -> str | None:
    """Why a chart of `columns` of `frame` is not shown: it has no number to draw."""
    check_lang(lang)
    if len(frame) and sum(_n(frame, c) for c in columns):
        return None
    return (
        "未绘制图表：这些数值均不是数字，见下表原文。"
        if lang == "zh"
        else "No chart: none of these values is a number; the table gives their wording."
    )


def ambition_reason(card: pd.DataFrame, lang: str) -> str | None:
    """Why the ambition chart (required annual rate by theme) is not shown: no rate at all,
    or every rate of one kind (all looser than the baseline, all holding it): the findings
    name them, a chart of one colour adds nothing."""
    check_lang(lang)
    zh = lang == "zh"
    rated = card.loc[card["required_annual_rate"].notna()] if len(card) else card
    if len(rated):
        looser = rated["looser_than_baseline"].fillna(False).astype(bool)
        holds = rated["required_annual_rate"] == 0
        n = len(rated)
        if looser.all():
            return (
                f"未绘制目标力度图：可计算所需年均变化率的{n}项目标均宽于其基期值，见下表。"
                if zh
                else f"No ambition chart: all {n} targets with a required annual rate are looser "
                "than their baseline (listed below)."
            )
        if holds.all():
            return (
                f"未绘制目标力度图：可计算所需年均变化率的{n}项目标均为保持基期水平。"
                if zh
                else f"No ambition chart: all {n} targets with a required annual rate hold the "
                "baseline level."
            )
        return None
    return (
        "未绘制目标力度图：没有一项目标同时给出数值基期值和数值目标，无法计算所需年均变化率。"
        if lang == "zh"
        else "No ambition chart: no target comes with both a numeric baseline and a numeric "
        "target, so no required annual rate can be computed."
    )


def dumbbell_repeats_bullet(comparison: pd.DataFrame, bullet_targets: pd.DataFrame) -> bool:
    """True when the bullet chart already draws every city × indicator of the dumbbell (one
    indicator, no family members): the dumbbell would repeat it with fewer marks."""
    dumbbell = (
        set(zip(comparison["city_id"], comparison["indicator_id"], strict=True))
        if len(comparison)
        else set()
    )
    bullet = set(zip(bullet_targets["city_id"], bullet_targets["indicator_id"], strict=True))
    return bool(dumbbell) and comparison["indicator_id"].nunique() == 1 and dumbbell <= bullet
