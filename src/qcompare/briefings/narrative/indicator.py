"""Findings of an indicator briefing: one indicator or one family across cities."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from qcompare.analysis.areas import like_scopes
from qcompare.briefings.i18n import check_lang
from qcompare.briefings.narrative.targets import (
    city_target_sentence,
    definitions_sentence,
    missing_cities_sentence,
    ranking_sentence,
)
from qcompare.data.dataset import Dataset


def indicator_findings(
    ds: Dataset,
    status: pd.DataFrame,
    indicator_ids: Sequence[str],
    cities: Sequence[str],
    lang: str,
) -> list[str]:
    """Findings for one indicator or one family across cities (status = `assess(ds, …)`).

    When the rows describe areas of different scopes (Ruian's whole city, Wenzhou's urban
    districts), the ranking says so and every city's sentence names its area."""
    check_lang(lang)
    cities = list(cities)
    rows = status.loc[status["indicator_id"].isin(indicator_ids) & status["city_id"].isin(cities)]
    rows = rows.assign(
        _c=rows["city_id"].map({c: i for i, c in enumerate(cities)}),
        _i=rows["indicator_id"].map({m: i for i, m in enumerate(indicator_ids)}),
    )
    rows = rows.sort_values(["_c", "_i"], kind="stable").drop(columns=["_c", "_i"])
    targeted = list(dict.fromkeys(rows["indicator_id"]))
    out = []
    if len(indicator_ids) == 1 or len(targeted) == 1:
        out.append(ranking_sentence(ds, rows, (targeted or list(indicator_ids))[0], cities, lang))
    elif targeted:
        out.append(definitions_sentence(ds, rows, lang))
        for ind in targeted:  # definitions shared by several cities can still be ranked
            numeric = rows.loc[(rows["indicator_id"] == ind) & rows["target_value"].notna()]
            if numeric["city_id"].nunique() >= 2:
                out.append(ranking_sentence(ds, rows, ind, cities, lang))
    else:
        out.append(ranking_sentence(ds, rows, indicator_ids[0], cities, lang))
    several = len(targeted) > 1
    # when the cities' numbers describe different kinds of area, every city names its area
    mixed = not like_scopes([str(ds.area(a)["scope"]) for a in rows["area_id"]])
    out.extend(
        city_target_sentence(ds, r, lang, with_indicator=several, with_area=True if mixed else None)
        for _, r in rows.iterrows()
    )
    absent = missing_cities_sentence(ds, rows, cities, lang)
    if absent:
        out.append(absent)
    return out
