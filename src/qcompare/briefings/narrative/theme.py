"""Findings of a theme briefing: one theme's targets across cities."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from qcompare.briefings.i18n import check_lang, theme_label
from qcompare.briefings.narrative.targets import ranking_sentence, status_summary
from qcompare.briefings.narrative.words import listing, sentence
from qcompare.data.dataset import Dataset
from qcompare.plots.labels import (
    city_name,
    indicator_name,
)


def theme_findings(
    ds: Dataset, status: pd.DataFrame, theme: str, cities: Sequence[str], lang: str
) -> list[str]:
    """Findings for one theme across cities (status = `assess(ds, …)`)."""
    check_lang(lang)
    cities = list(cities)
    label = theme_label(theme, lang)
    rows = status.loc[(status["theme"] == theme) & status["city_id"].isin(cities)]
    counts = rows["city_id"].value_counts()
    per_city = [(city_name(ds, c, lang), int(counts.get(c, 0))) for c in cities]
    if lang == "zh":
        head = f"在{label}主题下，" + "，".join(f"{c}设定{n}项目标" for c, n in per_city)
    else:
        head = f"On {label}, " + ", ".join(
            f"{c} sets {n} target{'s' if n != 1 else ''}" for c, n in per_city
        )
    shared = rows.groupby("indicator_id")["city_id"].nunique()
    shared_ids = shared[shared >= 2].index.tolist()
    k = len(shared_ids)
    if lang == "zh":
        head += (
            f"；其中{k}项指标由两个及以上城市共同设定"
            if k
            else "；没有一项指标由两个及以上城市共同设定"
        )
    else:
        head += (
            f"; {k} indicator{'s are' if k != 1 else ' is'} targeted by two or more cities"
            if k
            else "; no indicator is targeted by two or more cities"
        )
    out = [sentence(head, lang)]
    for ind in shared_ids:
        out.append(ranking_sentence(ds, rows, ind, cities, lang))
    families = rows.loc[~rows["indicator_id"].isin(shared_ids)].groupby("family")
    split = [f for f, g in families if g["city_id"].nunique() >= 2]
    if split:
        names = [
            listing(
                list(dict.fromkeys(indicator_name(ds, i, lang) for i in g["indicator_id"])), lang
            )
            for f, g in families
            if f in split
        ]
        out.append(
            sentence(
                f"另有{len(split)}组指标概念相同但口径不同，不作排名：{'；'.join(names)}"
                if lang == "zh"
                else f"{len(split)} more concept{'s are' if len(split) > 1 else ' is'} targeted "
                f"under different definitions and not ranked: {'; '.join(names)}",
                lang,
            )
        )
    if not rows.empty:
        out.append(
            sentence(
                ("按进展评估方法：" if lang == "zh" else "Progress assessment: ")
                + status_summary(rows["status"], lang),
                lang,
            )
        )
    return out
