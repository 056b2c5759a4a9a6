"""Dataset lookups: one catalog entry per id, by dict (scorecards at scale ask thousands of
times), with the same answers and errors as a scan of the frame."""

from __future__ import annotations

import dataclasses

import pytest


def test_lookups_match_the_frames(real_ds):
    for frame, key, lookup in (
        (real_ds.indicators, "indicator_id", real_ds.indicator),
        (real_ds.cities, "city_id", real_ds.city),
        (real_ds.areas, "area_id", real_ds.area),
    ):
        for _, row in frame.iterrows():
            assert lookup(row[key]).equals(row)


@pytest.mark.parametrize(
    ("method", "message"),
    [
        ("indicator", "unknown indicator 'nope'"),
        ("city", "unknown city 'nope'"),
        ("area", "unknown area 'nope'"),
    ],
)
def test_unknown_ids_raise_key_error(real_ds, method, message):
    with pytest.raises(KeyError, match=message):
        getattr(real_ds, method)("nope")
    with pytest.raises(KeyError):
        getattr(real_ds, method)(["unhashable"])


def test_a_replaced_catalog_gets_its_own_lookups(real_ds):
    real_ds.indicator("env_pm25")  # builds the first dataset's lookup
    renamed = real_ds.indicators.assign(
        name_en=real_ds.indicators["name_en"].where(
            real_ds.indicators["indicator_id"] != "env_pm25", "Fine particles"
        )
    )
    other = dataclasses.replace(real_ds, indicators=renamed)
    assert other.indicator("env_pm25")["name_en"] == "Fine particles"
    assert real_ds.indicator("env_pm25")["name_en"] != "Fine particles"


def test_obs_by_city_and_indicator_matches_a_scan(real_ds):
    o = real_ds.observations
    pairs = o[["city_id", "indicator_id"]].drop_duplicates().itertuples(index=False)
    for city, ind in list(pairs)[::7]:
        for kind in (None, "target", "baseline"):
            scan = o.loc[(o["city_id"] == city) & (o["indicator_id"] == ind)]
            if kind:
                scan = scan.loc[scan["kind"] == kind]
            assert real_ds.obs(city, ind, kind).equals(scan)
    none = real_ds.obs("ruian", "no_such_indicator")
    assert none.empty and list(none.columns) == list(o.columns)
