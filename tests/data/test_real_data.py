"""The real curated data: valid, covering the documents, and published up to date."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import qcompare as qc
from qcompare.build import build

ROOT = Path(__file__).resolve().parents[2]
PROCESSED = ROOT / "data" / "processed"


@pytest.fixture(scope="module")
def ds() -> qc.Dataset:
    return qc.load(ROOT / "data" / "raw", use_cache=False)


def _table_rows(text: str, title: str) -> list[str]:
    """The tab-separated data rows of the table that follows `title` in a source text."""
    start = text.index(title)
    rows: list[str] = []
    lines = text[start:].splitlines()[1:]
    for line in lines:
        if not line.strip():
            if rows:
                continue
            continue
        if "\t" not in line:
            if rows:
                break
            continue
        cells = [c.strip() for c in line.split("\t")]
        if cells[:2] in (["类别", "指标名称"], ["类别", "主要指标"]) or line.startswith("注："):
            continue
        rows.append(line)
    return rows


def _quoted_by(obs: pd.DataFrame, row: str) -> bool:
    """A table row is covered when some quote is a run of its cells."""
    name = next(c.strip() for c in row.split("\t") if c.strip() and c.strip() not in _CATEGORIES)
    return obs["quote"].str.contains(name, regex=False).any()


_CATEGORIES = {"质量建设", "标准建设", "品牌建设", "产品质量", "服务质量", "工程质量", "环境 质量"}


def test_real_data_validates(ds):
    assert len(ds.cities) == 3
    assert set(ds.observations["city_id"]) == {"ruian", "wenzhou", "quanzhou"}


def test_wenzhou_table1_fully_covered(ds):
    text = ds.source_texts["wenzhou_plan_2021"]
    rows = _table_rows(text, "表 1:温州市质量发展“十三五”规划指标完成情况表")
    assert len(rows) == 26
    wz = ds.obs(city_id="wenzhou")
    for kind in ("prior_target", "prior_actual"):
        of_kind = wz.loc[wz["kind"] == kind]
        assert of_kind["indicator_id"].nunique() == 26, kind
        missing = [r for r in rows if not _quoted_by(of_kind, r)]
        assert not missing, f"{kind}: table 1 rows without a quote: {missing}"


def test_wenzhou_table2_fully_covered(ds):
    text = ds.source_texts["wenzhou_plan_2021"]
    rows = _table_rows(text, "表 2：温州市质量发展“十四五”规划主要目标")
    assert len(rows) == 29
    wz = ds.obs(city_id="wenzhou", kind="baseline")
    assert wz["year"].eq(2020).all()
    missing = [r for r in rows if not _quoted_by(wz, r)]
    assert not missing, f"table 2 rows without a baseline quote: {missing}"
    table2_ids = set(wz.loc[wz["quote"].str.contains("\t"), "indicator_id"])
    assert len(table2_ids) == 29
    targets = ds.obs(city_id="wenzhou", kind="target")
    assert table2_ids <= set(targets["indicator_id"]), "every Table 2 indicator has a target"


def test_table2_additions_are_flows(ds):
    wz = ds.observations_with_catalog()
    additions = wz.loc[
        (wz["source_id"] == "wenzhou_plan_2021")
        & (wz["kind"] == "baseline")
        & wz["quote"].str.contains("（新增）", regex=False)
    ]
    assert len(additions) >= 8
    assert additions["measure"].eq("flow").all()
    assert additions["note"].str.len().gt(0).all(), "a 新增 base value needs its note"


def test_every_number_is_in_its_quote_and_source(ds):
    from qcompare.data.numbers import states_value

    for row in ds.observations.itertuples():
        assert row.quote in ds.source_texts[row.source_id]
        if not pd.isna(row.value):
            assert states_value(row.quote, row.value), row


def test_quanzhou_quotes_keep_traditional_script(ds):
    qz = ds.obs(city_id="quanzhou")
    assert len(qz) >= 20
    assert qz["quote"].str.contains("[質強綠專發]").any()
    assert not qz["quote"].str.contains("[质强绿专发]").any()


def test_green_building_family_keeps_definitions_apart(ds):
    members = ds.family_members("green_building_share")
    assert len(members) >= 4
    targets = ds.obs(kind="target")
    targets = targets.loc[targets["indicator_id"].isin(members)]
    by_city = targets.groupby("city_id")["indicator_id"].apply(set)
    assert not (by_city["ruian"] & by_city["wenzhou"]), "Ruian's 2-star share is not Wenzhou's"
    assert not (by_city["quanzhou"] & by_city["wenzhou"])
    assert ds.indicators.set_index("indicator_id").loc[members, "definition_en"].is_unique


def test_units_and_directions_live_only_in_the_catalog(ds):
    assert not {"unit", "direction"} & set(ds.observations.columns)


def test_news_air_quality_is_marked_partial_year(ds):
    news = ds.obs(city_id="ruian").query("source_id == 'ruian_news_2023'")
    air = news.loc[news["indicator_id"].isin(["env_pm25", "env_good_air_days_ratio"])]
    assert len(air) == 2
    assert air["note"].str.contains("partial year", case=False).all()


def test_non_numeric_targets_are_kept(ds):
    texts = set(ds.obs(kind="target").query("value != value")["value_text"])
    assert "省定目标" in texts


def test_processed_files_are_up_to_date(ds, tmp_path):
    build(ds, tmp_path)
    built = sorted(p.name for p in tmp_path.iterdir())
    committed = sorted(p.name for p in PROCESSED.iterdir() if not p.name.startswith("."))
    assert built == committed
    for name in built:
        assert (tmp_path / name).read_bytes() == (PROCESSED / name).read_bytes(), (
            f"data/processed/{name} is stale: run `make data`"
        )


def test_rebuild_is_byte_identical(ds, tmp_path):
    build(ds, tmp_path / "a")
    build(ds, tmp_path / "b")
    for f in (tmp_path / "a").iterdir():
        assert f.read_bytes() == (tmp_path / "b" / f.name).read_bytes()


def test_datapackage_is_valid_frictionless(ds, tmp_path):
    import frictionless

    build(ds, tmp_path)
    report = frictionless.validate(tmp_path / "datapackage.json")
    errors = [e.message for task in report.tasks for e in task.errors] + [
        e.message for e in report.errors
    ]
    assert report.valid, "\n".join(errors[:20])


def test_counts_per_theme_are_plausible(ds):
    themes = ds.indicators["theme"].value_counts()
    for theme in ("product", "service", "engineering", "environment", "standards", "brands"):
        assert themes.get(theme, 0) >= 2, theme
