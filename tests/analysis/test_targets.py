"""qcompare.analysis.targets (the derived targets table) and qcompare.analysis.derived (schemas of derived tables)."""

from __future__ import annotations

import csv
import io
import math

import pandas as pd
import pytest
from frictionless import Package, Resource, Schema

from qcompare.analysis.derived import DERIVED
from qcompare.analysis.progress import assess
from qcompare.analysis.targets import TARGETS_COLUMNS, targets_table


def row(frame: pd.DataFrame, city: str, indicator: str) -> pd.Series:
    found = frame.loc[(frame["city_id"] == city) & (frame["indicator_id"] == indicator)]
    assert len(found) == 1
    return found.iloc[0]


def test_columns_exactly_and_one_row_per_target(tiny_ds):
    table = targets_table(tiny_ds)
    assert (
        list(table.columns)
        == TARGETS_COLUMNS
        == [
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
    )
    targets = tiny_ds.observations.query("kind == 'target'")
    key = ["city_id", "indicator_id", "area_id"]
    assert len(table) == targets[key].drop_duplicates().shape[0] == 16
    assert list(table["city_id"]) == sorted(table["city_id"])


def test_dtypes_for_excel_and_r(tiny_ds):
    table = targets_table(tiny_ds)
    for col in ("baseline_year", "target_year", "latest_year"):
        assert str(table[col].dtype) == "Int64"
    for col in (
        "baseline_value",
        "target_value",
        "required_change",
        "required_annual_rate",
        "latest_value",
    ):
        assert table[col].dtype == "float64"
    text = table.to_csv(index=False)
    lines = {(r["city_id"], r["indicator_id"]): r for r in csv.DictReader(io.StringIO(text))}
    beta_pat = lines[("beta", "pat")]
    assert beta_pat["baseline_year"] == "" and beta_pat["baseline_value"] == ""
    assert beta_pat["target_year"] == "2025" and beta_pat["target_value"] == "9.7"
    assert lines[("alpha", "air")]["comparator"] == ""
    assert float(lines[("alpha", "pat")]["required_annual_rate"]) == pytest.approx(
        0.182237, abs=1e-6
    )


def test_baseline_latest_and_notes(tiny_ds):
    table = targets_table(tiny_ds)
    pm = row(table, "alpha", "pm")
    assert (pm["baseline_year"], pm["baseline_value"]) == (2020, 25)
    assert (pm["target_value"], pm["comparator"], pm["target_text"]) == (26, "<=", "≤ 26")
    assert (pm["latest_year"], pm["latest_value"]) == (2023, 27)
    assert pm["required_change"] == 1
    assert pm["status"] == "deterioration"
    assert "looser than its baseline" in pm["note"] and "partial year" in pm["note"]
    flow = row(table, "alpha", "std_new")
    assert math.isnan(flow["required_annual_rate"]) and "flow" in flow["note"]
    assert row(table, "alpha", "pass")["note"] == ""


def test_same_as_assess(tiny_ds):
    table = targets_table(tiny_ds)
    status = assess(tiny_ds)
    assert list(table["status"]) == list(status["status"])


def test_vectorised_result_equals_per_city_results(analytics_dataset):
    """The whole-table computation agrees with computing each city on its own."""
    obs = []
    cities = ["alpha", "beta", "gamma"]
    for n, city in enumerate(cities):
        for m, ind in enumerate(["pm", "pat", "pass", "gb_b", "std_new"]):
            base = 10.0 + n + m
            obs += [
                (city, ind, "baseline", 2020, "=", base, "b", ""),
                (
                    city,
                    ind,
                    "target",
                    2025,
                    ">=" if ind != "pm" else "<=",
                    base * (1.2 if ind != "pm" else 0.8),
                    "t",
                    "",
                ),
                (
                    city,
                    ind,
                    "observed",
                    2021 + (n + m) % 4,
                    "=",
                    base * (1 + (m - 2) / 20),
                    "x",
                    "",
                ),
            ]
    ds = analytics_dataset(observations=obs)
    whole = targets_table(ds)
    parts = pd.concat([assess(ds, cities=[c]) for c in cities], ignore_index=True)
    assert list(whole["status"]) == list(parts["status"])
    pd.testing.assert_series_equal(whole["latest_value"], parts["latest_value"], check_names=False)


# --- derived tables and their Table Schemas ---------------------------------------------------


@pytest.mark.parametrize("name", ["targets", "track_record", "alignment"])
def test_derived_fields_match_built_columns(tiny_ds, name):
    table = DERIVED[name]
    frame = table.build(tiny_ds)
    assert [f["name"] for f in table.fields] == list(frame.columns)
    for f in table.fields:
        assert f["type"] in {"string", "number", "integer", "boolean"}
        assert f["description"]
    assert set(table.primary_key) <= set(frame.columns)
    assert not frame.duplicated(table.primary_key).any()


def test_derived_contract_columns_first(tiny_ds):
    assert [f["name"] for f in DERIVED["targets"].fields] == TARGETS_COLUMNS
    assert [f["name"] for f in DERIVED["track_record"].fields][:6] == [
        "city_id",
        "indicator_id",
        "area_id",
        "prior_target",
        "prior_actual",
        "met",
    ]
    assert [f["name"] for f in DERIVED["alignment"].fields][:6] == [
        "child_id",
        "parent_id",
        "indicator_id",
        "child_target",
        "parent_target",
        "verdict",
    ]


@pytest.mark.parametrize("name", ["targets", "track_record", "alignment"])
def test_derived_csv_validates_against_its_schema(tiny_ds, tmp_path, name):
    table = DERIVED[name]
    path = tmp_path / f"{name}.csv"
    table.build(tiny_ds).to_csv(path, index=False)
    resource = Resource(
        path=path.name,
        basepath=str(tmp_path),
        schema=Schema.from_descriptor(table.table_schema(foreign_keys=False)),
    )
    report = resource.validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_derived_on_real_data_validates(real_ds, tmp_path):
    for name, table in DERIVED.items():
        path = tmp_path / f"{name}.csv"
        table.build(real_ds).to_csv(path, index=False)
        report = Resource(
            path=path.name,
            basepath=str(tmp_path),
            schema=Schema.from_descriptor(table.table_schema(foreign_keys=False)),
        ).validate()
        assert report.valid, (name, report.flatten(["rowNumber", "fieldName", "type", "note"]))


def test_derived_foreign_keys_hold_in_a_package(tiny_ds, tmp_path):
    resources = []
    for name, frame in (
        ("cities", tiny_ds.cities),
        ("indicators", tiny_ds.indicators),
        ("areas", tiny_ds.areas),
    ):
        frame.to_csv(tmp_path / f"{name}.csv", index=False)
        resources.append(Resource(name=name, path=f"{name}.csv", basepath=str(tmp_path)))
    for name, table in DERIVED.items():
        table.build(tiny_ds).to_csv(tmp_path / f"{name}.csv", index=False)
        resources.append(
            Resource(
                name=name,
                path=f"{name}.csv",
                basepath=str(tmp_path),
                schema=Schema.from_descriptor(table.table_schema()),
            )
        )
    assert all(t.foreign_keys for t in DERIVED.values())
    report = Package(resources=resources, basepath=str(tmp_path)).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_real_targets_table_facts(real_ds):
    table = targets_table(real_ds)
    pm = row(table, "wenzhou", "env_pm25")
    assert (pm["baseline_value"], pm["target_value"]) == (25, 26)
    assert "looser than its baseline" in pm["note"]
    patents = row(table, "wenzhou", "inn_hv_invention_patents_per_10k")
    assert patents["required_annual_rate"] == pytest.approx((9.7 / 4.2) ** (1 / 5) - 1)
    assert patents["required_change"] == pytest.approx(5.5)
    air = row(table, "wenzhou", "env_good_air_days_ratio")
    assert math.isnan(air["target_value"]) and air["status"] == "not_assessable"
    assert "省定目标" in air["note"]
    quanzhou = row(table, "quanzhou", "inn_hv_invention_patents_per_10k")
    assert quanzhou["target_value"] == 4.5 and pd.isna(quanzhou["baseline_year"])


def test_no_targets_gives_empty_tables_with_all_columns(analytics_dataset):
    ds = analytics_dataset(observations=[("alpha", "pm", "observed", 2020, "=", 25.0, "25", "")])
    table = targets_table(ds)
    assert table.empty and list(table.columns) == TARGETS_COLUMNS
    for name, derived in DERIVED.items():
        frame = derived.build(ds)
        assert frame.empty, name
        assert list(frame.columns) == [f["name"] for f in derived.fields]


def test_targets_from_an_assessment_equals_the_full_table_restricted(tiny_ds):
    from qcompare.analysis.progress import assess
    from qcompare.analysis.targets import targets_from, targets_table

    full = targets_table(tiny_ds)
    part = targets_from(assess(tiny_ds, cities=["beta", "gamma"]))
    expected = full[full["city_id"].isin(["beta", "gamma"])].reset_index(drop=True)
    pd.testing.assert_frame_equal(part, expected)


def test_real_targets_table_v2_columns(real_ds):
    table = targets_table(real_ds)
    pm = row(table, "ruian", "env_pm25")
    assert (pm["trend"], pm["trend_status"], pm["status"], pm["provisional"]) == (
        "keep_falling",
        "held",
        "target_achieved",
        True,
    )
    assert (pm["plan_date"], pm["horizon_years"]) == ("2021-12-24", 4)
    assert row(table, "wenzhou", "env_pm25")["area_id"] == "wenzhou_urban"
    quanzhou = table.loc[table["city_id"] == "quanzhou"]
    assert (quanzhou["horizon_years"] == 1).all() and (quanzhou["plan_date"] == "2024").all()
    star = table.loc[table["indicator_id"] == "eng_star_green_building_share_new_buildings"]
    assert sorted(star["area_id"]) == ["wenzhou_counties", "wenzhou_urban"]
    assert not table.duplicated(["city_id", "indicator_id", "area_id"]).any()
