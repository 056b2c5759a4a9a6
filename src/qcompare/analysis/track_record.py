"""Track record of the previous plan: each prior target against what was achieved.

One row per city × indicator × area × year with a prior_target or a prior_actual (a prior
target is set against the result for the same area). `met` is direction-
aware and respects the comparator in the same way as qcompare.analysis.progress: ">=" and "<="
literally, "=" and "~" by the indicator's direction (higher_better: actual >= target). `met` is
empty (NA) when either side is not a number ("持续改善", "3(在建2个)") or missing;
the note says why.
`attainment` gives the share of assessable prior targets that were met, per city and theme.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from qcompare.analysis.notes import join_notes, when
from qcompare.analysis.progress import target_met
from qcompare.analysis.selection import select_cities
from qcompare.data.dataset import Dataset

RECORD_COLUMNS = [
    "city_id",
    "indicator_id",
    "area_id",
    "prior_target",
    "prior_actual",
    "met",
    "year",
    "comparator",
    "prior_target_text",
    "prior_actual_text",
    "theme",
    "direction",
    "note",
]
KEY = ["city_id", "indicator_id", "area_id", "year"]


def track_record(ds: Dataset, cities: Iterable[str] | str | None = None) -> pd.DataFrame:
    """Prior target vs prior actual per city × indicator × year. Columns: RECORD_COLUMNS."""
    obs = select_cities(ds.observations, cities, ds.cities["city_id"])
    cols = [*KEY, "comparator", "value", "value_text"]
    target = obs.loc[obs["kind"] == "prior_target", cols].rename(
        columns={"value": "prior_target", "value_text": "prior_target_text"}
    )
    actual = obs.loc[obs["kind"] == "prior_actual", cols].rename(
        columns={
            "value": "prior_actual",
            "value_text": "prior_actual_text",
            "comparator": "actual_comparator",
        }
    )
    rec = target.merge(actual, on=KEY, how="outer")
    rec = rec.merge(
        ds.indicators[["indicator_id", "theme", "direction"]], on="indicator_id", how="left"
    )
    for col in ("comparator", "prior_target_text", "prior_actual_text"):
        rec[col] = rec[col].fillna("").astype(str)

    has_target = rec["prior_target_text"] != ""
    has_actual = rec["prior_actual_text"] != ""
    t = rec["prior_target"].to_numpy(dtype="float64")
    a = rec["prior_actual"].to_numpy(dtype="float64")
    assessable = ~np.isnan(t) & ~np.isnan(a)
    met = target_met(a, t, rec["comparator"].to_numpy(), rec["direction"] == "higher_better")
    rec["met"] = pd.array(np.where(assessable, met, pd.NA), dtype="boolean")
    idx = rec.index
    rec["note"] = join_notes(
        when(~has_target, "no prior target stated", index=idx),
        when(~has_actual, "no prior result stated", index=idx),
        when(
            has_target & np.isnan(t),
            "prior target is not a number (",
            rec["prior_target_text"],
            ")",
            index=idx,
        ),
        when(
            has_actual & np.isnan(a),
            "prior result is not a number (",
            rec["prior_actual_text"],
            ")",
            index=idx,
        ),
        index=idx,
    )
    rec["year"] = rec["year"].astype("int64")
    return rec.sort_values(KEY, kind="stable")[RECORD_COLUMNS].reset_index(drop=True)


def attainment(
    ds: Dataset, by: Iterable[str] | str = ("city_id", "theme"), record: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Share of the previous plan's assessable targets that were met, per group.

    Columns: the `by` columns, n_indicators (rows), n_assessed (met not NA), n_met,
    attainment_rate (n_met / n_assessed, empty when nothing is assessable).
    `record` defaults to `track_record(ds)`.
    """
    by = [by] if isinstance(by, str) else list(by)
    rec = track_record(ds) if record is None else record
    missing = [c for c in by if c not in rec.columns]
    if missing:
        raise KeyError(
            f"cannot group the track record by {missing}; columns: {', '.join(rec.columns)}"
        )
    met = rec["met"].astype("boolean")
    frame = rec[by].assign(_assessed=met.notna().astype(int), _met=met.fillna(False).astype(int))
    out = frame.groupby(by, sort=True).agg(
        n_indicators=("_met", "size"), n_assessed=("_assessed", "sum"), n_met=("_met", "sum")
    )
    out = out.reset_index()
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = out["n_met"] / out["n_assessed"].where(out["n_assessed"] > 0)
    out["attainment_rate"] = rate.astype("float64")
    return out
