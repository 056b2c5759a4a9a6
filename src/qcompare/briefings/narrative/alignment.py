"""Findings of an alignment briefing: a county's targets against its prefecture's."""

from __future__ import annotations

import pandas as pd

from qcompare.analysis.areas import areas_text
from qcompare.analysis.periods import period_label
from qcompare.briefings.i18n import check_lang, verdict_label
from qcompare.briefings.narrative.words import listing, quantity, sentence
from qcompare.data.dataset import Dataset
from qcompare.plots.labels import (
    city_name,
    indicator_name,
    trend_label,
)


def alignment_findings(
    ds: Dataset, align: pd.DataFrame, child: str, parent: str, lang: str
) -> list[str]:
    """Findings for a county's targets against its prefecture's (align = `alignment(…)`)."""
    check_lang(lang)
    c, p = city_name(ds, child, lang), city_name(ds, parent, lang)
    if align.empty:
        return [
            sentence(
                f"{c}与{p}的规划没有可对照的目标"
                if lang == "zh"
                else f"{c}'s and {p}'s plans share no targets to compare",
                lang,
            )
        ]
    counts = align["verdict"].value_counts()
    n = len(align)
    parts = [
        (verdict_label(v, lang), int(counts.get(v, 0))) for v in ("stricter", "same", "looser")
    ]
    if lang == "zh":
        head = (
            f"{c}与{p}的规划共有{n}组可对照的目标：{c}的目标更严{parts[0][1]}项、"
            f"相同{parts[1][1]}项、更宽{parts[2][1]}项，另有"
            f"{int(counts.get('not_comparable', 0))}项不可比"
        )
    else:
        head = (
            f"{c}'s and {p}'s plans have {n} pairs of targets to set side by side: {c}'s "
            f"is stricter in {parts[0][1]}, the same in {parts[1][1]} and looser in "
            f"{parts[2][1]}; {int(counts.get('not_comparable', 0))} are not comparable"
        )
    unlike = int((~align["like_for_like"].astype(bool)).sum())
    if unlike:
        head += (
            f"；其中{unlike}组两市目标的统计范围或时期不同，结论须连同差异一并阅读"
            if lang == "zh"
            else f"; {unlike} of the pairs set targets for different areas or periods, and "
            "their verdicts hold only with that difference"
        )
    out = [sentence(head, lang)]
    for verdict in ("stricter", "looser", "same"):
        rows = align.loc[align["verdict"] == verdict]
        if rows.empty:
            continue
        items = listing([_pair_words(ds, r, lang) for _, r in rows.iterrows()], lang)
        intro = {
            "stricter": (f"{c}目标更严的", f"Stricter in {c}"),
            "looser": (f"{c}目标更宽的", f"Looser in {c}"),
            "same": ("两市目标相同的", "The same in both"),
        }[verdict]
        out.append(
            sentence(f"{intro[0]}：{items}" if lang == "zh" else f"{intro[1]}: {items}", lang)
        )
    nc = align.loc[align["verdict"] == "not_comparable"]
    if not nc.empty:
        other_def = int((nc["indicator_id"] != nc["parent_indicator_id"]).sum())
        same_def = nc.loc[nc["indicator_id"] == nc["parent_indicator_id"]]
        words = int((same_def["child_target"].isna() | same_def["parent_target"].isna()).sum())
        counted = len(same_def) - words
        reasons = [
            (other_def, "口径不同", "different definitions"),
            (words, "目标不是数值", "a target that is not a number"),
            (counted, "计数类指标随城市规模而变", "counts that scale with city size"),
        ]
        listed = [(f"{zh}{k}项" if lang == "zh" else f"{en} ({k})") for k, zh, en in reasons if k]
        out.append(
            sentence(
                f"不可比的原因：{'，'.join(listed)}"
                if lang == "zh"
                else f"Not comparable because of {', '.join(listed)}",
                lang,
            )
        )
    return out


def _pair_words(ds: Dataset, row: pd.Series, lang: str) -> str:
    ind = row["indicator_id"]
    child = quantity(ds, ind, row["child_target"], lang, str(row["child_comparator"]))
    parent = quantity(ds, ind, row["parent_target"], lang, str(row["parent_comparator"]))
    for side in ("child", "parent"):  # a trend clause beside the level
        trend = row.get(f"{side}_trend", "")
        if isinstance(trend, str) and trend:
            word = trend_label(trend, lang)
            extra = f"并{word}" if lang == "zh" else f" and {word}"
            child, parent = (child + extra, parent) if side == "child" else (child, parent + extra)
    differs = like_for_like_words(ds, row, lang)
    differs = ("；" if lang == "zh" else "; ") + differs if differs else ""
    return (
        f"{indicator_name(ds, ind, lang)}（{child} 对 {parent}{differs}）"
        if lang == "zh"
        else f"{indicator_name(ds, ind, lang)} ({child} vs {parent}{differs})"
    )


def like_for_like_words(ds: Dataset, row, lang: str) -> str:
    """What differs between a child's and a parent's target (areas from the area catalog,
    periods), in the chosen language; "" when they are like for like."""
    get = row.get if isinstance(row, pd.Series) else lambda k, d=None: getattr(row, k, d)
    if bool(get("like_for_like", True)):
        return ""
    child, parent = get("child_id"), get("parent_id")
    c_area, p_area = get("child_area_id"), get("parent_area_id")
    parts = []
    if ds.area(c_area)["scope"] != ds.area(p_area)["scope"]:
        where = areas_text(ds, [(child, c_area), (parent, p_area)], lang)
        parts.append(f"统计范围不同——{where}" if lang == "zh" else f"areas differ — {where}")
    years = (get("child_target_year"), get("parent_target_year"))
    if years[0] != years[1]:
        c_name, p_name = city_name(ds, child, lang), city_name(ds, parent, lang)
        spans = [period_label(f"{y}-01", f"{y}-12", lang) for y in years]
        parts.append(
            f"时期不同——{c_name}：{spans[0]}；{p_name}：{spans[1]}"
            if lang == "zh"
            else f"periods differ — {c_name}: {spans[0]}; {p_name}: {spans[1]}"
        )
    return ("；" if lang == "zh" else "; ").join(parts)
