"""The benchmarks' synthetic generator (bench/synthetic.py) writes valid data model v2."""

from __future__ import annotations

import pandas as pd

MANY_CITIES, MANY_INDICATORS = 12, 6  # the many_raw fixture's size (tests/conftest.py)


def test_generated_data_loads_as_v2(many_raw, many_ds):
    areas = pd.read_csv(many_raw / "areas.csv", dtype=str, keep_default_na=False)
    assert list(areas.columns) == [
        "area_id",
        "city_id",
        "name_zh",
        "name_en",
        "scope",
        "definition_en",
    ]
    assert (areas["area_id"] == areas["city_id"]).all() and set(areas["scope"]) == {"whole"}
    header = (
        next(iter(sorted((many_raw / "observations").glob("*.csv")))).read_text().split("\n")[0]
    )
    assert header == (
        "city_id,indicator_id,area_id,kind,year,period_start,period_end,comparator,value,"
        "value_text,trend,source_id,quote,note"
    )
    assert len(many_ds.cities) == MANY_CITIES and len(many_ds.indicators) == MANY_INDICATORS
    obs = many_ds.observations
    assert (obs["area_id"] == obs["city_id"]).all()
    assert obs["period_start"].str.fullmatch(r"\d{4}-01").all()
    assert obs["period_end"].str.fullmatch(r"\d{4}-12").all()
    assert not obs["partial_year"].any()
    # the gaps the fixture cut: 6 odd cities lack ind_000's target, 6 even ones ind_001's,
    # city 3 ind_002's
    targets = obs.loc[obs["kind"] == "target"]
    assert len(targets) == MANY_CITIES * MANY_INDICATORS - MANY_CITIES - 1
