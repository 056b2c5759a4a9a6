"""Write the processed, analysis-ready tables and their datapackage.json.

Load (a validated Dataset) → derive every table in memory → write each file atomically.
Output is deterministic: rebuilding from the same raw data gives byte-identical files.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from qcompare.data import atomic
from qcompare.data.dataset import Dataset
from qcompare.data.metadata import CONSTRAINTS, DESCRIPTIONS


@dataclass(frozen=True)
class Table:
    """One published table: its frame, Table Schema fields and keys."""

    name: str
    frame: pd.DataFrame
    fields: list[dict]
    primary_key: list[str]
    foreign_keys: list[dict] = field(default_factory=list)
    title: str = ""
    description: str = ""


def _curated(
    name: str,
    frame: pd.DataFrame,
    primary_key: list[str],
    foreign_keys: list[dict] | None = None,
    title: str = "",
) -> Table:
    """A curated table: field types read off the validated frame (qcompare.data.schema decides
    them), descriptions from qcompare.data.metadata."""
    descriptions = DESCRIPTIONS[name]
    constraints = CONSTRAINTS.get(name, {})
    fields = [
        {
            "name": c,
            "type": _field_type(frame[c]),
            "description": descriptions.get(c, ""),
            **({"constraints": constraints[c]} if c in constraints else {}),
        }
        for c in frame.columns
    ]
    return Table(name, frame, fields, primary_key, foreign_keys or [], title=title)


def _fk(fields: list[str], resource: str, ref: list[str]) -> dict:
    return {"fields": fields, "reference": {"resource": resource, "fields": ref}}


def curated_tables(ds: Dataset) -> list[Table]:
    """The curated tables, as validated."""
    from qcompare.data.schema import OBSERVATION_KEY

    city = _fk(["city_id"], "cities", ["city_id"])
    source = _fk(["source_id"], "sources", ["source_id"])
    return [
        _curated("cities", ds.cities, ["city_id"], title="Cities"),
        _curated("sources", ds.sources, ["source_id"], [city], title="Source documents"),
        _curated("indicators", ds.indicators, ["indicator_id"], title="Indicator catalog"),
        _curated("areas", ds.areas, ["area_id"], [city], title="Areas a number can describe"),
        _curated(
            "observations",
            ds.observations,
            list(OBSERVATION_KEY),
            [
                city,
                _fk(["indicator_id"], "indicators", ["indicator_id"]),
                _fk(["area_id"], "areas", ["area_id"]),
                source,
            ],
            title="Observations: every number with its source quote",
        ),
        _curated(
            "exclusions",
            ds.exclusions,
            ["source_id", "passage"],
            [source],
            title="Exclusions: numbers of the sources that are not observations, with a reason",
        ),
    ]


def derived_tables(ds: Dataset) -> list[Table]:
    """Tables computed by the analytics modules (targets, track record, alignment)."""
    from qcompare.analysis.derived import DERIVED

    # their fields (types, enums, required) are declared in qcompare.analysis.derived
    return [
        Table(
            name,
            spec.build(ds),
            list(spec.fields),
            list(spec.primary_key),
            list(spec.foreign_keys),
            title=spec.title,
            description=spec.description,
        )
        for name, spec in DERIVED.items()
    ]


def build(
    ds: Dataset, out: Path, derive: Callable[[Dataset], list[Table]] | None = None
) -> list[Path]:
    """Write every table as CSV plus datapackage.json into `out`; return the paths changed.

    Every table is derived in memory before the first file is written, so a failure leaves
    the previous build intact; each file is then replaced atomically, and only if its
    content changed.
    """
    tables = curated_tables(ds) + (derive or derived_tables)(ds)
    payload = {f"{t.name}.csv": _csv(t.frame) for t in tables}
    payload["datapackage.json"] = _datapackage(tables)
    written = []
    for name, text in payload.items():
        path = out / name
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue  # unchanged: keep its mtime so make re-renders nothing downstream
        atomic.write_text(path, text)
        written.append(path)
    return written


def _csv(frame: pd.DataFrame) -> str:
    return frame.to_csv(index=False, lineterminator="\n")


def _field_type(series: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(series):
        return "boolean"
    if pd.api.types.is_integer_dtype(series):
        return "integer"
    if pd.api.types.is_float_dtype(series):
        return "number"
    return "string"


def _datapackage(tables: list[Table]) -> str:
    resources = []
    for t in tables:
        schema: dict = {"fields": t.fields, "primaryKey": t.primary_key}
        if t.foreign_keys:
            schema["foreignKeys"] = t.foreign_keys
        resources.append(
            {
                "name": t.name,
                "title": t.title or t.name,
                **({"description": t.description} if t.description else {}),
                "path": f"{t.name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": schema,
            }
        )
    package = {
        "profile": "tabular-data-package",
        "name": "qcompare-quality-city-targets",
        "title": "Quality-city (质量强市) targets of Ruian, Wenzhou and Quanzhou",
        "description": "Every number is one row, traceable to the verbatim sentence of the plan "
        "or news document that states it. Built by `make data` from data/raw.",
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0"}],
        "resources": resources,
    }
    return json.dumps(package, ensure_ascii=False, indent=2) + "\n"
