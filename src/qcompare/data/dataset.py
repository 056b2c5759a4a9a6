"""The validated curated data: its tidy frames and the source texts behind them."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Dataset:
    """Validated tables of the data model (DESIGN.md): one row per city, source, indicator,
    observation, area and exclusion. Build it with `qcompare.load()`.

    `observations` always carries a non-empty `area_id` (the city_id when the curated row
    leaves it empty: the city's whole area), `period_start`/`period_end` as YYYY-MM (the
    calendar year when not given) and a boolean `partial_year`."""

    cities: pd.DataFrame
    sources: pd.DataFrame
    indicators: pd.DataFrame
    observations: pd.DataFrame
    raw_dir: Path
    source_texts: dict[str, str] = field(repr=False, default_factory=dict)
    areas: pd.DataFrame = field(repr=False, default_factory=pd.DataFrame)
    exclusions: pd.DataFrame = field(repr=False, default_factory=pd.DataFrame)

    def area(self, area_id: str) -> pd.Series:
        """The catalog entry of one area (city, names, scope, definition)."""
        return _entry(self._area_rows, area_id, "area")

    # --- lookups -----------------------------------------------------------------------
    def indicator(self, indicator_id: str) -> pd.Series:
        """The catalog entry of one indicator (unit, direction, family, …)."""
        return _entry(self._indicator_rows, indicator_id, "indicator")

    def city(self, city_id: str) -> pd.Series:
        """The entry of one city (names, admin level, parent, province)."""
        return _entry(self._city_rows, city_id, "city")

    # Lookups are by dict: a scorecard at national scale asks for names and units tens of
    # thousands of times, and a boolean mask over the catalog per call cost seconds. The
    # frames are treated as immutable once loaded (`dataclasses.replace` makes a new
    # Dataset, with its own lookups), and what a lookup returns is shared by every caller:
    # read it, never change it.
    @cached_property
    def _indicator_rows(self) -> dict[str, pd.Series]:
        return _rows_by(self.indicators, "indicator_id")

    @cached_property
    def _city_rows(self) -> dict[str, pd.Series]:
        return _rows_by(self.cities, "city_id")

    @cached_property
    def _area_rows(self) -> dict[str, pd.Series]:
        return _rows_by(self.areas, "area_id")

    @cached_property
    def _obs_positions(self) -> dict[tuple[str, str], np.ndarray]:
        """Row positions of the observations of each (city, indicator), in frame order."""
        if self.observations.empty:
            return {}
        return self.observations.groupby(["city_id", "indicator_id"], sort=False).indices

    @cached_property
    def _obs_records(self) -> dict[tuple[str, str], list[dict]]:
        o = self.observations
        records = o.to_dict("records")
        return {key: [records[i] for i in pos] for key, pos in self._obs_positions.items()}

    def obs_records(self, city_id: str, indicator_id: str) -> list[dict]:
        """The observations of one city and indicator as plain dicts, in frame order: for
        code that looks up one value's wording and source many times (chart hover text).
        Shared by every caller: read them, never change them."""
        return self._obs_records.get((city_id, indicator_id), [])

    def warm_lookups(self) -> None:
        """Build the lookups now (a warm parent does, so forked renders share them)."""
        for rows in (
            self._indicator_rows,
            self._city_rows,
            self._area_rows,
            self._obs_positions,
            self._obs_records,
        ):
            len(rows)

    def family_members(self, family: str) -> list[str]:
        """Indicator ids of one family, in catalog order."""
        return self.indicators.loc[self.indicators["family"] == family, "indicator_id"].tolist()

    def obs(
        self,
        city_id: str | None = None,
        indicator_id: str | None = None,
        kind: str | None = None,
        area_id: str | None = None,
    ) -> pd.DataFrame:
        """Observations filtered by any of city, indicator, kind and area. Every row carries
        a non-empty area_id, period_start/period_end and partial_year (see the class)."""
        o = self.observations
        if city_id is not None and indicator_id is not None:  # the common case: by index
            positions = self._obs_positions.get((city_id, indicator_id))
            o = o.iloc[positions if positions is not None else []]
            city_id = indicator_id = None
        mask = pd.Series(True, index=o.index)
        wanted = (
            ("city_id", city_id),
            ("indicator_id", indicator_id),
            ("kind", kind),
            ("area_id", area_id),
        )
        for col, want in wanted:
            if want is not None:
                mask &= o[col] == want
        return o.loc[mask]

    def observations_with_catalog(self) -> pd.DataFrame:
        """Observations joined with their indicator's unit, direction, measure, family, theme."""
        cols = [
            "indicator_id",
            "name_zh",
            "name_en",
            "unit",
            "unit_zh",
            "direction",
            "theme",
            "measure",
            "family",
        ]
        return self.observations.merge(self.indicators[cols], on="indicator_id", how="left")

    # --- display -----------------------------------------------------------------------
    def summary(self) -> pd.DataFrame:
        """Rows per city and kind: the shape of the data at a glance."""
        table = (
            self.observations.groupby(["city_id", "kind"])
            .size()
            .unstack(fill_value=0)
            .reindex(columns=_KIND_ORDER, fill_value=0)
        )
        table["total"] = table.sum(axis=1)
        return table

    def __repr__(self) -> str:
        return (
            f"Dataset({len(self.cities)} cities, {len(self.sources)} sources, "
            f"{len(self.indicators)} indicators, {len(self.observations)} observations "
            f"from {self.raw_dir})"
        )

    def _repr_html_(self) -> str:
        return (
            f"<p><b>qcompare Dataset</b>: {len(self.cities)} cities, "
            f"{len(self.sources)} sources, {len(self.indicators)} indicators, "
            f"{len(self.observations)} observations <small>({html.escape(str(self.raw_dir))})"
            f"</small></p>" + self.summary().to_html()
        )


def _rows_by(frame: pd.DataFrame, key: str) -> dict[str, pd.Series]:
    """Each row of `frame` by its `key` value (the first row when a key repeats)."""
    rows: dict[str, pd.Series] = {}
    if key not in frame.columns:
        return rows
    for _, row in frame.iterrows():
        rows.setdefault(row[key], row)
    return rows


def _entry(rows: dict[str, pd.Series], key: str, what: str) -> pd.Series:
    try:
        return rows[key]
    except (KeyError, TypeError):  # TypeError: an unhashable key
        raise KeyError(f"unknown {what} {key!r}") from None


_KIND_ORDER = ["baseline", "target", "observed", "prior_target", "prior_actual"]
