"""The curated tables drafting reads: cities, areas, sources, the catalog and the observations
so far. Read strictly (qcompare.data.reading) but without the whole validation, so that a
curator can draft while other files are half-edited; a table that cannot be read is bad input.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from qcompare.data.errors import InvalidInput, Problem
from qcompare.data.reading import read_many, read_table


@dataclass(frozen=True)
class Reference:
    cities: pd.DataFrame
    areas: pd.DataFrame  # area_id, city_id, scope (empty frame when areas.csv is absent)
    sources: pd.DataFrame
    indicators: pd.DataFrame
    observations: pd.DataFrame

    def own_names(self, city_id: str) -> tuple[str, ...]:
        """Names that mean the city itself: its name, its parent's and children's (a county
        plan speaks of its prefecture; a prefecture's of its counties), and its areas'."""
        c = self.cities
        row = c.loc[c["city_id"] == city_id].iloc[0]
        related = c.loc[
            (c["city_id"] == row["parent_id"]) | (c["parent_id"] == city_id), "name_zh"
        ].tolist()
        names = [row["name_zh"], *related]
        if len(self.areas):
            names += self.areas.loc[self.areas["city_id"] == city_id, "name_zh"].tolist()
        short = [n[:-1] for n in names if len(n) > 2 and n[-1] in "市县縣区區"]
        return tuple(dict.fromkeys([*names, *short]))

    def area_id(self, city_id: str, scope: str) -> str:
        """The area of the city with that scope; '' for the whole city (or no such area)."""
        if scope == "whole" or not len(self.areas):
            return ""
        a = self.areas
        found = a.loc[(a["city_id"] == city_id) & (a["scope"] == scope), "area_id"]
        return str(found.iloc[0]) if len(found) else ""

    def without_source(self, source_id: str, keep_catalog: bool = False) -> Reference:
        """The reference as if `source_id` had never been curated: its observations removed,
        and the catalog entries that only its observations use (leave-one-document-out);
        with `keep_catalog`, every catalog entry stays (its name is all that is left of a
        document's own indicators)."""
        obs = self.observations
        mine = obs["source_id"] == source_id
        used_elsewhere = set(obs.loc[~mine, "indicator_id"])
        only_mine = set() if keep_catalog else set(obs.loc[mine, "indicator_id"]) - used_elsewhere
        return Reference(
            self.cities,
            self.areas,
            self.sources,
            self.indicators[~self.indicators["indicator_id"].isin(only_mine)],
            obs[~mine].reset_index(drop=True),
        )


def _table(path: Path, label: str, problems: list[Problem]) -> pd.DataFrame:
    frame, found = read_table(path, label)
    problems.extend(found)
    return frame if frame is not None else pd.DataFrame()


def read_reference(raw: Path) -> Reference:
    """Read the reference tables of `raw` (data/raw); InvalidInput if one cannot be read."""
    problems: list[Problem] = []
    cities = _table(raw / "cities.csv", "cities.csv", problems)
    sources = _table(raw / "sources.csv", "sources.csv", problems)
    indicators = _table(raw / "indicators.csv", "indicators.csv", problems)
    areas = (
        _table(raw / "areas.csv", "areas.csv", problems)
        if (raw / "areas.csv").is_file()
        else pd.DataFrame(columns=["area_id", "city_id", "name_zh", "scope"])
    )
    files = sorted((raw / "observations").glob("*.csv"))
    batches, found = read_many(files, [f"observations/{f.name}" for f in files])
    problems.extend(found)
    if problems:
        raise InvalidInput(problems)
    frames = [b.frame for b in batches]
    observations = (
        pd.concat(frames, ignore_index=True)
        if frames
        else pd.DataFrame(columns=["indicator_id", "source_id", "quote", "value_text"])
    )
    return Reference(cities, areas, sources, indicators, observations)
