"""The "Download the data (CSV)" payload: rows shown, UTF-8 with BOM, area/period when present."""

from __future__ import annotations

import base64
import csv
import io

from qcompare.briefings import download as D
from qcompare.briefings.html import sources


def _decode(payload: bytes) -> list[dict]:
    assert payload.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(payload[3:].decode("utf-8"), newline="")))


def test_rows_of_the_shown_observations(tiny_ds):
    v2 = ["area_id", "period_start", "period_end", "partial_year"]
    obs = tiny_ds.observations.iloc[:4].drop(columns=v2, errors="ignore")  # as data model v1
    rows = _decode(D.csv_bytes(D.data_rows(tiny_ds, obs, "zh")))
    assert len(rows) == 4
    assert list(rows[0])[:4] == ["city_id", "city", "indicator_id", "indicator"]
    assert {"kind", "value", "unit", "comparator", "value_as_stated", "quote", "source"} <= set(
        rows[0]
    )
    assert sorted(r["quote"] for r in rows) == sorted(obs["quote"])
    names = set(tiny_ds.cities["name_zh"])
    assert {r["city"] for r in rows} <= names
    assert "area_id" not in rows[0] and "period_start" not in rows[0]  # v1: not made up


def test_area_and_period_columns_when_the_data_has_them(tiny_ds):
    obs = tiny_ds.observations.iloc[:2].copy()
    obs["area_id"] = ["", "x_urban"]
    obs["period_start"] = ["2023-01", "2023-01"]
    obs["period_end"] = ["2023-12", "2023-11"]
    obs["partial_year"] = [False, True]
    rows = _decode(D.csv_bytes(D.data_rows(tiny_ds, obs, "en")))
    assert [r["area_id"] for r in rows] == [obs["city_id"].iloc[0], "x_urban"]
    assert [r["period_end"] for r in rows] == ["2023-12", "2023-11"]
    assert [r["partial_year"] for r in rows] == ["False", "True"]


def test_link_is_a_base64_data_url_safe_in_html(tiny_ds):
    obs = tiny_ds.observations.iloc[:3].copy()
    obs.loc[obs.index[0], "quote"] = '"</a><script>alert(1)</script>'
    link = D.download_link(tiny_ds, obs, "zh")
    assert "<script" not in link and "下载数据（CSV）" in link
    url = link.split('href="', 1)[1].split('"', 1)[0]
    assert url.startswith("data:text/csv;charset=utf-8;base64,")
    rows = _decode(base64.b64decode(url.split(",", 1)[1]))
    assert '"</a><script>alert(1)</script>' in [r["quote"] for r in rows]  # intact, as data
    assert 'data-qc-download="csv"' in sources(tiny_ds, obs, "zh")
