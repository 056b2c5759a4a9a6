"""The validated-dataset cache: reused for the same bytes, never for different ones."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import qcompare as qc
from qcompare.data import cache

RAW = Path(__file__).resolve().parents[2] / "data" / "raw"


@pytest.fixture
def raw(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("QCOMPARE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("QCOMPARE_CACHE", raising=False)
    shutil.copytree(RAW, tmp_path / "raw")
    return tmp_path / "raw"


def _no_validation(monkeypatch):
    def fail(raw):
        raise AssertionError("validated although the cache holds this content")

    monkeypatch.setattr("qcompare.data.validation.validate", fail)


def test_second_load_of_the_same_bytes_comes_from_the_cache(raw, monkeypatch):
    first = qc.load(raw)
    _no_validation(monkeypatch)
    second = qc.load(raw)
    assert second.raw_dir == raw
    for name in ("cities", "sources", "indicators", "observations"):
        assert getattr(second, name).equals(getattr(first, name))
    assert second.source_texts == first.source_texts


def test_a_changed_byte_validates_again_and_finds_the_problem(raw):
    qc.load(raw)
    obs = raw / "observations" / "wenzhou_plan_2021.csv"
    obs.write_text(
        obs.read_text(encoding="utf-8").replace("wenzhou,", "wenzou,", 1), encoding="utf-8"
    )
    with pytest.raises(qc.InvalidInput, match="wenzou"):
        qc.load(raw)


def test_a_changed_source_document_changes_the_key(raw):
    before = cache.key(raw)
    with open(raw / "sources" / "004_4c92e9b9551c987d.txt", "a", encoding="utf-8") as f:
        f.write(" ")
    assert cache.key(raw) != before
    with pytest.raises(qc.InvalidInput, match="sha256"):
        qc.load(raw)


def test_cache_can_be_switched_off(raw, monkeypatch):
    qc.load(raw)
    monkeypatch.setenv("QCOMPARE_CACHE", "0")
    calls = []
    import qcompare.data.validation as validation

    real = validation.validate
    monkeypatch.setattr(validation, "validate", lambda r: calls.append(r) or real(r))
    qc.load(raw)
    qc.load(raw, use_cache=False)
    assert len(calls) == 2


def test_an_unreadable_cache_entry_is_ignored(raw):
    qc.load(raw)
    entry = cache.cache_dir() / f"{cache.key(raw)}.pickle"
    entry.write_bytes(b"not a pickle")
    assert len(qc.load(raw).observations) > 0


def test_drafts_do_not_change_the_key_but_curated_files_do(raw):
    """`qcompare extract` writes data/raw/drafts/, which no load reads."""
    before = cache.key(raw)
    (raw / "drafts").mkdir(exist_ok=True)
    (raw / "drafts" / "new_doc.csv").write_text("city_id\nquanzhou\n", encoding="utf-8")
    assert cache.key(raw) == before
    (raw / "exclusions" / "new_doc.csv").write_text("source_id\n", encoding="utf-8")
    assert cache.key(raw) != before
