"""Findings of a track-record briefing: the previous plan's targets and results."""

from __future__ import annotations

import pandas as pd

from qcompare.briefings.i18n import check_lang, theme_label
from qcompare.briefings.narrative.words import join_words, listing, sentence
from qcompare.data.dataset import Dataset
from qcompare.plots.labels import (
    city_name,
    indicator_name,
)


def track_record_findings(ds: Dataset, record: pd.DataFrame, city_id: str, lang: str) -> list[str]:
    """Findings for a city's previous-plan track record (record = `track_record(ds, …)`)."""
    check_lang(lang)
    from qcompare.analysis.track_record import attainment

    city = city_name(ds, city_id, lang)
    rec = record.loc[record["city_id"] == city_id]
    if rec.empty:
        return [
            sentence(
                f"{city}没有上期规划目标及完成情况的数据"
                if lang == "zh"
                else f"There are no previous-plan targets and results for {city}",
                lang,
            )
        ]
    year = int(rec["year"].max())
    met = rec["met"].astype("boolean")
    assessed, n_met = int(met.notna().sum()), int(met.fillna(False).sum())
    share = f"{n_met / assessed:.0%}" if assessed else "—"
    out = [
        sentence(
            f"{city}上期规划（至{year}年）的{len(rec)}项指标中，{assessed}项可判断，"
            f"其中{n_met}项完成（{share}）"
            if lang == "zh"
            else f"Of the {len(rec)} indicators of {city}'s previous plan (to {year}), "
            f"{assessed} can be judged and {n_met} of them were met ({share})",
            lang,
        )
    ]
    missed = rec.loc[met.fillna(True) == False]  # noqa: E712 - boolean NA-aware mask
    if not missed.empty:
        items = [
            f"{indicator_name(ds, r.indicator_id, lang)}（目标{r.prior_target_text}，"
            f"实际{r.prior_actual_text}）"
            if lang == "zh"
            else f"{indicator_name(ds, r.indicator_id, lang)} (target {r.prior_target_text}, "
            f"result {r.prior_actual_text})"
            for r in missed.itertuples(index=False)
        ]
        out.append(
            sentence(
                f"未完成的有：{listing(items, lang)}"
                if lang == "zh"
                else f"Missed: {listing(items, lang)}",
                lang,
            )
        )
    rates = attainment(ds, by=("city_id", "theme"), record=rec).dropna(subset=["attainment_rate"])
    if rates["theme"].nunique() >= 2:
        best = rates.loc[rates["attainment_rate"] == rates["attainment_rate"].max(), "theme"]
        worst = rates.loc[rates["attainment_rate"] == rates["attainment_rate"].min(), "theme"]
        hi, lo = rates["attainment_rate"].max(), rates["attainment_rate"].min()
        if hi > lo:
            b = join_words([theme_label(t, lang) for t in best], lang)
            w = join_words([theme_label(t, lang) for t in worst], lang)
            out.append(
                sentence(
                    f"按主题看，完成率最高的是{b}（{hi:.0%}），最低的是{w}（{lo:.0%}）"
                    if lang == "zh"
                    else f"By theme, completion was highest for {b} ({hi:.0%}) and "
                    f"lowest for {w} ({lo:.0%})",
                    lang,
                )
            )
    unjudged = len(rec) - assessed
    if unjudged:
        out.append(
            sentence(
                f"另有{unjudged}项的目标或结果不是数值，无法判断是否完成"
                if lang == "zh"
                else f"{unjudged} more cannot be judged because the target or the "
                f"result is not a number",
                lang,
            )
        )
    return out
