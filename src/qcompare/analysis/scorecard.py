"""One city's scorecard: every target with its ambition and progress status, catalog-labelled."""

from __future__ import annotations

import pandas as pd

from qcompare.analysis.notes import join_notes
from qcompare.analysis.progress import DEFAULT_THRESHOLDS, STATUSES, Thresholds, assess
from qcompare.data.dataset import Dataset

SCORECARD_COLUMNS = [
    "city_id",
    "indicator_id",
    "area_id",
    "name_zh",
    "name_en",
    "theme",
    "unit",
    "direction",
    "measure",
    "plan_date",
    "horizon_years",
    "baseline_year",
    "baseline_value",
    "target_year",
    "target_value",
    "comparator",
    "trend",
    "target_text",
    "required_change",
    "relative_change",
    "required_annual_rate",
    "looser_than_baseline",
    "latest_year",
    "latest_period_start",
    "latest_period_end",
    "latest_partial_year",
    "latest_value",
    "observed_annual_rate",
    "progress_ratio",
    "level_status",
    "trend_status",
    "status",
    "provisional",
    "note",
]


def scorecard(
    ds: Dataset, city_id: str, thresholds: Thresholds = DEFAULT_THRESHOLDS
) -> pd.DataFrame:
    """One row per indicator (× area) the city targets (columns SCORECARD_COLUMNS), by theme,
    id and area.

    `note` joins the ambition flags (looser than baseline, flow, …) and the status note.
    """
    ds.city(city_id)  # KeyError for an unknown city
    rows = assess(ds, cities=[city_id], thresholds=thresholds)
    names = ds.indicators[["indicator_id", "name_zh", "name_en"]]
    rows = rows.merge(names, on="indicator_id", how="left")
    rows["note"] = join_notes(rows["flag"], rows["note"])
    return rows.sort_values(["theme", "indicator_id", "area_id"], kind="stable")[
        SCORECARD_COLUMNS
    ].reset_index(drop=True)


def status_counts(card: pd.DataFrame) -> pd.Series:
    """How many targets have each status, in STATUSES order (zeros included)."""
    return card["status"].value_counts().reindex(list(STATUSES), fill_value=0).rename("n")
