"""The derived tables that `qcompare build` writes to data/processed/, with their Table Schemas.

Each `DerivedTable` knows how to build itself from a Dataset and describes its columns as
Frictionless Table Schema fields (name, type, description; enum constraints where the values are
a closed vocabulary) with a primary key and foreign keys to the curated cities and indicators, so
datapackage.json documents every derived column.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from qcompare.analysis.alignment import VERDICTS, all_alignments
from qcompare.analysis.progress import STATUSES, TREND_STATUSES
from qcompare.analysis.targets import targets_table
from qcompare.analysis.track_record import track_record
from qcompare.data.dataset import Dataset
from qcompare.data.vocab import COMPARATORS, DIRECTIONS, THEMES, TRENDS


@dataclass(frozen=True)
class DerivedTable:
    """A derived table: its builder, Table Schema fields and primary key."""

    name: str
    title: str
    description: str
    build_table: Callable[[Dataset], pd.DataFrame]
    fields: list[dict]
    primary_key: list[str]
    foreign_keys: list[dict] = field(default_factory=list)

    def build(self, ds: Dataset) -> pd.DataFrame:
        """The table, columns in the order of `fields`."""
        frame = self.build_table(ds)
        return frame[[f["name"] for f in self.fields]]

    def table_schema(self, foreign_keys: bool = True) -> dict:
        """The Frictionless Table Schema (fields, primaryKey, missingValues, foreignKeys to the
        curated `cities` and `indicators` resources of the same data package)."""
        schema = {"fields": self.fields, "primaryKey": self.primary_key, "missingValues": [""]}
        if foreign_keys and self.foreign_keys:
            schema["foreignKeys"] = self.foreign_keys
        return schema


def _f(
    name: str,
    type_: str,
    description: str,
    enum: tuple | list | None = None,
    required: bool = False,
) -> dict:
    field: dict = {"name": name, "type": type_, "description": description}
    constraints: dict = {}
    if enum is not None:
        constraints["enum"] = list(enum)
    if required:
        constraints["required"] = True
    if constraints:
        field["constraints"] = constraints
    return field


def _fk(column: str, resource: str, ref: str) -> dict:
    return {"fields": [column], "reference": {"resource": resource, "fields": [ref]}}


_CITY_FK = _fk("city_id", "cities", "city_id")
_AREA_FK = _fk("area_id", "areas", "area_id")
_INDICATOR_FK = _fk("indicator_id", "indicators", "indicator_id")
_COMPARATORS = ["", *COMPARATORS]
_YM = "YYYY-MM"

TARGETS_FIELDS = [
    _f("city_id", "string", "City (cities.csv).", required=True),
    _f(
        "indicator_id",
        "string",
        "Indicator (indicators.csv); its unit and direction are in the catalog.",
        required=True,
    ),
    _f(
        "area_id",
        "string",
        "Area the target describes (areas.csv: the whole city, its urban districts, the "
        "counties outside them, …); the baseline and the latest observation are of the same "
        "area. One indicator may have one row per area (Wenzhou's star-rated green buildings).",
        required=True,
    ),
    _f(
        "plan_date",
        "string",
        "Date of the plan that sets the target (sources.csv date of the target's source: "
        "YYYY, YYYY-MM or YYYY-MM-DD).",
    ),
    _f(
        "horizon_years",
        "integer",
        "The plan's horizon: target_year minus the year of plan_date (Quanzhou's 2024 scheme "
        "with 2025 targets: 1; a plan of 2021 with 2025 targets: 4).",
    ),
    _f(
        "baseline_year",
        "integer",
        "Year of the plan's baseline value; empty when the plan states none.",
    ),
    _f(
        "baseline_value",
        "number",
        "The plan's baseline value in the catalog unit; empty when missing or not a number.",
    ),
    _f(
        "target_year",
        "integer",
        "Year the target refers to (the plan's last target year for this indicator).",
        required=True,
    ),
    _f(
        "target_value",
        "number",
        "Target value in the catalog unit; empty when the target is "
        "not a number (see target_text).",
    ),
    _f(
        "comparator",
        "string",
        "How the target binds: >= at least, <= at most, = reach, ~ about; "
        "empty for a non-numeric target.",
        enum=_COMPARATORS,
    ),
    _f(
        "trend",
        "string",
        "The target's trend clause beside its level (持续下降 keep_falling, 持续提升 "
        "keep_rising, 保持 hold); empty when the target states none.",
        enum=["", *TRENDS],
    ),
    _f("target_text", "string", "The source's own wording of the target (e.g. ≥96, 省定目标)."),
    _f("required_change", "number", "target_value − baseline_value, in the catalog unit."),
    _f(
        "required_annual_rate",
        "number",
        "Required compound annual rate "
        "(target/baseline)^(1/(target_year−baseline_year)) − 1, as a fraction (0.0313 = 3.13 % a "
        "year); empty for flows (新增), a zero baseline and other undefined cases (see note).",
    ),
    _f(
        "latest_year",
        "integer",
        "Year of the latest observed or prior_actual value after the "
        "baseline year (any year when there is no baseline); empty when none.",
    ),
    _f(
        "latest_period_start",
        "string",
        f"First month ({_YM}) the latest value covers; YYYY-01 for a calendar year.",
    ),
    _f(
        "latest_period_end",
        "string",
        f"Last month ({_YM}) the latest value covers (2023-11 for Ruian's Jan–Nov 2023 "
        "figures); YYYY-12 for a calendar year.",
    ),
    _f("latest_value", "number", "That latest value, in the catalog unit."),
    _f(
        "level_status",
        "string",
        "Progress status of the level clause alone (target_value and comparator), after "
        "Eurostat's SDG method as implemented by Open SDG (target_achieved; on_track R ≥ 0.95; "
        "needs_acceleration 0.60 ≤ R < 0.95; limited_progress 0 ≤ R < 0.60; deterioration "
        "R < 0; no_observation; not_assessable), R = observed / required annual rate, "
        "direction-aware.",
        enum=STATUSES,
        required=True,
    ),
    _f(
        "trend_status",
        "string",
        "Whether the trend clause holds on the latest value against the baseline "
        "(keep_falling: lower; keep_rising: higher; hold: not worse): held, not_held, "
        "not_assessable (no baseline or no observation after it); empty without a trend clause.",
        enum=["", *TREND_STATUSES],
    ),
    _f(
        "status",
        "string",
        "Progress status of the whole target: level_status when there is no trend clause; "
        "with one, target_achieved needs the level met and the trend held (a met level whose "
        "trend does not hold is deterioration, or limited_progress when the value did not "
        "move; one whose trend cannot be checked is not_assessable).",
        enum=STATUSES,
        required=True,
    ),
    _f(
        "provisional",
        "boolean",
        "True when the status rests on a value covering part of a year only (partial_year, "
        "e.g. Jan–Nov 2023): it may change when the full year is reported.",
        required=True,
    ),
    _f(
        "note",
        "string",
        "Why a flag or status applies: target looser than its baseline, flow, "
        "zero or equal baseline, which clause of a two-clause target holds, a partial-year "
        "observation (named by its months), non-numeric target, …",
    ),
]

TRACK_RECORD_FIELDS = [
    _f("city_id", "string", "City (cities.csv).", required=True),
    _f("indicator_id", "string", "Indicator (indicators.csv).", required=True),
    _f(
        "area_id", "string", "Area the prior target and result describe (areas.csv).", required=True
    ),
    _f(
        "prior_target",
        "number",
        "The previous plan's target in the catalog unit; empty when not a number or not stated.",
    ),
    _f(
        "prior_actual",
        "number",
        "What the previous plan achieved, in the catalog unit; empty "
        "when not a number or not stated.",
    ),
    _f(
        "met",
        "boolean",
        "Whether the prior target was met, direction-aware and respecting the "
        "comparator; empty when either side is not a number.",
    ),
    _f(
        "year",
        "integer",
        "Year the prior target and result refer to (usually 2020, the end of "
        "the 13th Five-Year Plan).",
        required=True,
    ),
    _f("comparator", "string", "Comparator of the prior target.", enum=_COMPARATORS),
    _f("prior_target_text", "string", "The source's wording of the prior target."),
    _f("prior_actual_text", "string", "The source's wording of the prior result."),
    _f("theme", "string", "Theme of the indicator (catalog).", enum=THEMES),
    _f(
        "direction",
        "string",
        "Whether higher or lower values are better (catalog).",
        enum=DIRECTIONS,
    ),
    _f("note", "string", "Why `met` is empty, when it is."),
]

ALIGNMENT_FIELDS = [
    _f("child_id", "string", "The county-level city (cities.csv).", required=True),
    _f("parent_id", "string", "Its prefecture (cities.parent_id of the child).", required=True),
    _f("indicator_id", "string", "The child's indicator.", required=True),
    _f(
        "child_target", "number", "The child's target in the catalog unit; empty when not a number."
    ),
    _f(
        "parent_target",
        "number",
        "The parent's target in the catalog unit; empty when not a number.",
    ),
    _f(
        "verdict",
        "string",
        "Child's target against the parent's, direction-aware: stricter, "
        "same, looser, or not_comparable (see reason).",
        enum=VERDICTS,
        required=True,
    ),
    _f(
        "margin",
        "number",
        "How much stricter the child is, in the catalog unit (negative: "
        "looser); lower-is-better indicators count a lower ceiling as stricter.",
    ),
    _f(
        "reason",
        "string",
        "Why not comparable (non-numeric target, a count that scales with "
        "city size, different definitions in one family), or caveats.",
    ),
    _f(
        "like_for_like",
        "boolean",
        "True when both targets describe the same kind of area (areas.csv scope) and the "
        "same period; false means the verdict holds only with like_for_like_reason.",
        required=True,
    ),
    _f(
        "like_for_like_reason",
        "string",
        'What differs when not like for like ("areas differ: Ruian (whole city); '
        "Wenzhou urban districts\", periods), and the parent's other areas for the "
        "indicator that were left aside.",
    ),
    _f("child_area_id", "string", "Area of the child's target (areas.csv).", required=True),
    _f(
        "parent_area_id",
        "string",
        "Area of the parent's target (areas.csv): the same scope as the child's, else the "
        "parent's counties where a county-level child lies, else its whole area.",
        required=True,
    ),
    _f(
        "parent_indicator_id",
        "string",
        "The parent's indicator: the same id, or another definition of the same family.",
        required=True,
    ),
    _f("family", "string", "Indicator family (catalog)."),
    _f("child_comparator", "string", "Comparator of the child's target.", enum=_COMPARATORS),
    _f("parent_comparator", "string", "Comparator of the parent's target.", enum=_COMPARATORS),
    _f("child_target_text", "string", "The child's source wording of its target."),
    _f("parent_target_text", "string", "The parent's source wording of its target."),
    _f("child_target_year", "integer", "Year of the child's target."),
    _f("parent_target_year", "integer", "Year of the parent's target."),
    _f(
        "child_trend",
        "string",
        "Trend clause of the child's target (keep_falling, keep_rising, hold; empty: none).",
        enum=["", *TRENDS],
    ),
    _f(
        "parent_trend",
        "string",
        "Trend clause of the parent's target (keep_falling, keep_rising, hold; empty: none).",
        enum=["", *TRENDS],
    ),
]

DERIVED: dict[str, DerivedTable] = {
    "targets": DerivedTable(
        name="targets",
        title="Targets with ambition and progress status",
        description="One row per city × indicator × area with a target: the plan's date and "
        "horizon, baseline, target (level and trend clause), required change and annual rate, "
        "latest observation with its period, and progress status (level, trend, combined, "
        "provisional).",
        build_table=targets_table,
        fields=TARGETS_FIELDS,
        primary_key=["city_id", "indicator_id", "area_id"],
        foreign_keys=[_CITY_FK, _INDICATOR_FK, _AREA_FK],
    ),
    "track_record": DerivedTable(
        name="track_record",
        title="Track record of the previous plan",
        description="One row per city × indicator × year of the previous plan: prior target, "
        "what was achieved, and whether the target was met.",
        build_table=track_record,
        fields=TRACK_RECORD_FIELDS,
        primary_key=["city_id", "indicator_id", "area_id", "year"],
        foreign_keys=[_CITY_FK, _INDICATOR_FK, _AREA_FK],
    ),
    "alignment": DerivedTable(
        name="alignment",
        title="County-level targets against their prefecture's",
        description="For every city with a parent, each indicator both target: stricter, same, "
        "looser or not comparable, with the margin and the reason.",
        build_table=all_alignments,
        fields=ALIGNMENT_FIELDS,
        primary_key=[
            "child_id",
            "parent_id",
            "indicator_id",
            "child_area_id",
            "parent_indicator_id",
        ],
        foreign_keys=[
            _fk("child_id", "cities", "city_id"),
            _fk("parent_id", "cities", "city_id"),
            _fk("child_area_id", "areas", "area_id"),
            _fk("parent_area_id", "areas", "area_id"),
            _INDICATOR_FK,
            _fk("parent_indicator_id", "indicators", "indicator_id"),
        ],
    ),
}
