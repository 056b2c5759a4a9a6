"""What the index filters a briefing by: the cities and themes it shows, named in both languages.

Taken from the observations the briefing publishes (`publish()`), so a scorecard is filed under
its one city and every theme of its targets, an indicator comparison under each city shown.
"""

from __future__ import annotations

from collections.abc import Iterable

from qcompare.briefings.i18n import theme_label
from qcompare.data.dataset import Dataset


def facets(ds: Dataset, city_ids: Iterable[str], indicator_ids: Iterable[str]) -> dict:
    """{"cities": [{"id", "zh", "en"}], "themes": [...]} in catalog order (unknown ids skipped)."""
    wanted_cities = set(city_ids)
    cities = [
        {"id": str(r.city_id), "zh": str(r.name_zh), "en": str(r.name_en)}
        for r in ds.cities.itertuples(index=False)
        if r.city_id in wanted_cities
    ]
    catalog = ds.indicators.loc[ds.indicators["indicator_id"].isin(set(indicator_ids))]
    themes = [
        {"id": str(th), "zh": theme_label(str(th), "zh"), "en": theme_label(str(th), "en")}
        for th in dict.fromkeys(catalog["theme"])
    ]
    return {"cities": cities, "themes": themes}
