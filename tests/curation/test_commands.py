"""`qcompare extract` and `qcompare suggest` as a curator runs them: drafts written only under
the drafts folder, curated files untouched, and bad input (not UTF-8, binary, empty, an
unknown city) as one clear line with exit 2 and nothing written."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest

from qcompare.cli import main
from qcompare.curation.drafts import DRAFT_COLUMNS, EXCLUSION_COLUMNS

RAW = Path(__file__).resolve().parents[2] / "data" / "raw"
QUANZHOU = RAW / "sources" / "004_4c92e9b9551c987d.txt"


def _tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "drafts" not in p.parts
    }


def test_extract_writes_drafts_and_changes_no_curated_file(tmp_path, capsys):
    before = _tree_digest(RAW)
    out = tmp_path / "drafts"
    args = ["extract", str(QUANZHOU), "--city", "quanzhou", "--source-id", "quanzhou_new"]
    args += ["--date", "2024"]  # a new document: not in sources.csv, and undated in its text
    assert main([*args, "--out", str(out)]) == 0
    assert _tree_digest(RAW) == before
    with (out / "quanzhou_new.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert tuple(rows[0]) == DRAFT_COLUMNS
    assert len(rows) > 40
    assert all(r["source_id"] == "quanzhou_new" and r["city_id"] == "quanzhou" for r in rows)
    assert all(len(r["candidates"].split("|")) == 3 for r in rows)
    with (out / "quanzhou_new.exclusions.csv").open(encoding="utf-8") as f:
        excl = list(csv.DictReader(f))
    assert tuple(excl[0]) == EXCLUSION_COLUMNS
    printed = capsys.readouterr().out
    assert "draft rows" in printed and "proposed exclusions" in printed


def test_suggest_prints_candidates_with_scores(capsys):
    assert main(["suggest", "装配式建筑占新建建筑比例达到35%"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    score, indicator = lines[0].split()[:2]
    assert indicator == "eng_prefab_share_new_buildings" and float(score) >= 90
    assert len(lines) == 5


def _bad(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "make, city, expected",
    [
        (lambda d: _bad(d, "gbk.txt", "质量强市规划".encode("gbk")), "quanzhou", "not valid UTF-8"),
        (lambda d: _bad(d, "doc.pdf", b"%PDF-1.4\n\x00\x01\x02binary"), "quanzhou", "binary file"),
        (lambda d: _bad(d, "empty.txt", b" \n"), "quanzhou", "empty file"),
        (lambda d: _bad(d, "bom.txt", "\ufeff到2025年".encode()), "quanzhou", "byte-order mark"),
        (lambda d: d / "missing.txt", "quanzhou", "file not found"),
        (lambda d: QUANZHOU, "lishui", "unknown city 'lishui'"),
        (
            lambda d: _bad(d, "undated.txt", "力争新增企业10家".encode()),
            "quanzhou",
            "no date found",
        ),
    ],
    ids=["not-utf8", "binary", "empty", "bom", "missing", "unknown-city", "undated"],
)
def test_bad_input_gives_one_clear_line_and_exit_2(make, city, expected, tmp_path, capsys):
    source = make(tmp_path)
    out = tmp_path / "drafts"
    args = ["extract", str(source), "--city", city, "--source-id", "new_doc", "--out", str(out)]
    assert main(args) == 2
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 2, err  # the problem, then "nothing written"
    assert expected in lines[0]
    assert lines[0].startswith(("--city", str(source)))
    assert lines[-1].endswith("nothing written")
    assert "Traceback" not in err
    assert not out.exists(), "bad input must write nothing"


def test_a_source_id_cannot_name_a_path(tmp_path, capsys):
    args = ["extract", str(QUANZHOU), "--city", "quanzhou", "--source-id", "../../x"]
    assert main([*args, "--out", str(tmp_path / "d")]) == 2
    assert "not a valid source id" in capsys.readouterr().err
    assert not (tmp_path / "d").exists()
