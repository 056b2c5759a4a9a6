"""The derived `targets` table: one row per city × indicator × area with a target.

Baseline (the plan's baseline row), target, required change and annual rate
(qcompare.analysis.ambition), the latest observation after the baseline year and the progress
status (qcompare.analysis.progress: the level, the trend clause and whether the status is
provisional because it rests on a partial year), the plan's date and horizon, with a note that
explains every flag. Stable columns for
Excel and R users: numbers stay numbers, missing values stay empty.
"""

from __future__ import annotations

import pandas as pd

from qcompare.analysis.notes import join_notes
from qcompare.analysis.progress import DEFAULT_THRESHOLDS, Thresholds, assess
from qcompare.data.dataset import Dataset

TARGETS_COLUMNS = [
    "city_id",
    "indicator_id",
    "area_id",
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
    "required_annual_rate",
    "latest_year",
    "latest_period_start",
    "latest_period_end",
    "latest_value",
    "level_status",
    "trend_status",
    "status",
    "provisional",
    "note",
]


def targets_table(ds: Dataset, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> pd.DataFrame:
    """Targets with ambition and status, columns exactly TARGETS_COLUMNS, sorted by city,
    indicator and area. `required_change` = target − baseline in the catalog unit; the rate is a
    fraction."""
    return targets_from(assess(ds, thresholds=thresholds))


def targets_from(assessed: pd.DataFrame) -> pd.DataFrame:
    """The targets table of rows already assessed (`qcompare.analysis.progress.assess`), so a caller
    holding an assessment for some cities need not assess every city again."""
    out = assessed.assign(note=join_notes(assessed["flag"], assessed["note"]))
    return out[TARGETS_COLUMNS].reset_index(drop=True)
