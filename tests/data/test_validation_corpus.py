"""The broken-input corpus: each kind of bad curated input gives one clear line and exit 2,
and nothing is written.

Each case starts from a small valid raw folder (the real source documents and curated
headers, with a few real observations) and breaks one thing.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from qcompare.cli import main

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "data" / "raw"
OBS = "observations/wenzhou_plan_2021.csv"
HEADER = (
    "city_id,indicator_id,area_id,kind,year,period_start,period_end,comparator,value,"
    "value_text,trend,source_id,quote,note\n"
)
ROWS = (
    "wenzhou,env_pm25,wenzhou_urban,baseline,2020,,,=,25,25,,wenzhou_plan_2021,"
    '"城市 PM2.5 平均浓度\t微克/立方米\t25\t≤ 26",\n'
    "wenzhou,env_pm25,wenzhou_urban,target,2025,,,<=,26,≤ 26,,wenzhou_plan_2021,"
    '"城市 PM2.5 平均浓度\t微克/立方米\t25\t≤ 26",ceiling above the 2020 level\n'
    "wenzhou,env_good_air_days_ratio,wenzhou_urban,target,2025,,,,,省定目标,,wenzhou_plan_2021,"
    "城市空气质量优良天数比例\t%\t97\t省定目标,\n"
)
EXC = "exclusions/wenzhou_plan_2021.csv"
EXC_TEXT = (
    "source_id,passage,reason,note\n"
    "wenzhou_plan_2021,市区空气质量优良天数比率达 97%,restatement,restates Table 2\n"
)
CORE_INDICATORS = ("env_pm25", "env_good_air_days_ratio")


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    """A small valid copy of data/raw."""
    d = tmp_path / "raw"
    (d / "observations").mkdir(parents=True)
    shutil.copytree(RAW / "sources", d / "sources")
    (d / "exclusions").mkdir()
    (d / EXC).write_text(EXC_TEXT, encoding="utf-8")
    for name in ("cities.csv", "sources.csv", "areas.csv"):
        shutil.copy(RAW / name, d / name)
    lines = (RAW / "indicators.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    by_id = {ln.split(",")[0]: ln for ln in lines[1:]}
    (d / "indicators.csv").write_text(
        lines[0] + "".join(by_id[i] for i in CORE_INDICATORS), encoding="utf-8"
    )
    (d / OBS).write_text(HEADER + ROWS, encoding="utf-8")
    return d


def _edit(name: str, old: str, new: str, count: int = 1) -> Callable[[Path], None]:
    def apply(d: Path) -> None:
        text = (d / name).read_text(encoding="utf-8")
        assert old in text, f"fixture lacks {old!r}"
        (d / name).write_text(text.replace(old, new, count), encoding="utf-8")

    return apply


def _write_bytes(name: str, make: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def apply(d: Path) -> None:
        (d / name).write_bytes(make((d / name).read_bytes()))

    return apply


def _append_to_source(d: Path) -> None:
    with open(d / "sources" / "003_215e4eb5d256b92e.txt", "a", encoding="utf-8") as f:
        f.write("\n")


CASES: dict[str, tuple[Callable[[Path], None], str]] = {
    "missing column": (
        _edit(OBS, "value_text,", ""),
        f"{OBS}:1: column 'value_text': missing column",
    ),
    "unknown column": (
        _edit(OBS, "note\n", "note,colour\n"),
        f"{OBS}:1: column 'colour': unknown column",
    ),
    "non-numeric value": (
        _edit(OBS, ",=,25,", ",=,twenty-five,"),
        f"{OBS}:2: column 'value': 'twenty-five' is not a number",
    ),
    "non-integer year": (
        _edit(OBS, "baseline,2020", "baseline,2020年"),
        f"{OBS}:2: column 'year': '2020年' is not a whole number",
    ),
    "unknown city": (
        _edit(OBS, "wenzhou,env_pm25,wenzhou_urban,target", "wenzou,env_pm25,wenzhou_urban,target"),
        f"{OBS}:3: column 'city_id': 'wenzou': unknown city; expected one of",
    ),
    "unknown indicator": (
        _edit(OBS, "env_pm25,wenzhou_urban,target", "env_pm2_5,wenzhou_urban,target"),
        f"{OBS}:3: column 'indicator_id': 'env_pm2_5': unknown indicator",
    ),
    "unknown source": (
        _edit(OBS, "≤ 26,,wenzhou_plan_2021", "≤ 26,,wenzhou_plan"),
        f"{OBS}:3: column 'source_id': 'wenzhou_plan': unknown source",
    ),
    "source in the wrong file": (
        _edit(OBS, "≤ 26,,wenzhou_plan_2021", "≤ 26,,ruian_plan_2021"),
        f"{OBS}:3: column 'source_id': another source's row",
    ),
    "duplicate key": (
        _edit(OBS, "wenzhou_urban,target,2025", "wenzhou_urban,baseline,2020"),
        f"{OBS}:3: column 'indicator_id': duplicate key",
    ),
    "bad comparator": (
        _edit(OBS, ",<=,26,", ",<,26,"),
        f"{OBS}:3: column 'comparator': '<': unknown comparator",
    ),
    "bad kind": (
        _edit(OBS, "env_pm25,wenzhou_urban,target", "env_pm25,wenzhou_urban,goal"),
        f"{OBS}:3: column 'kind': 'goal': unknown kind",
    ),
    "missing comparator on a number": (
        _edit(OBS, ",<=,26,", ",,26,"),
        f"{OBS}:3: column 'comparator': a numeric value needs a comparator",
    ),
    "quote not in source": (
        _edit(OBS, "城市 PM2.5 平均浓度\t微克", "城市PM2.5平均浓度\t微克"),
        f"{OBS}:2: column 'quote': not an exact substring of its source file",
    ),
    "quote in simplified where source is traditional-agnostic": (
        _edit(OBS, "城市空气质量优良天数比例", "城市空氣質量優良天數比例"),
        f"{OBS}:4: column 'quote': not an exact substring of its source file",
    ),
    "value not in quote": (
        _edit(OBS, ",=,25,25,", ",=,24,25,"),
        f"{OBS}:2: column 'value': not the number its value_text states",
    ),
    "value_text glued to a larger number": (
        _edit(OBS, ",<=,26,≤ 26,", ",<=,2,2,"),
        f"{OBS}:3: column 'value_text': not found verbatim in the quote (as a whole number)",
    ),
    "value_text not in quote": (
        _edit(OBS, ",省定目标,", ",国定目标,"),
        f"{OBS}:4: column 'value_text': not found verbatim in the quote",
    ),
    "source hash mismatch": (
        _append_to_source,
        "sources.csv:5: column 'sha256': sources/003_215e4eb5d256b92e.txt has sha256",
    ),
    "empty file": (_write_bytes(OBS, lambda b: b""), f"{OBS}: empty file"),
    "UTF-8 BOM": (
        _write_bytes(OBS, lambda b: b"\xef\xbb\xbf" + b),
        f"{OBS}: starts with a UTF-8 byte-order mark",
    ),
    "GBK-encoded file": (
        _write_bytes(OBS, lambda b: b.decode("utf-8").encode("gbk", errors="replace")),
        "not valid UTF-8 (GBK or another legacy encoding?)",
    ),
    "unquoted comma": (
        _edit(OBS, ",ceiling above the 2020 level", ",ceiling, above"),
        f"{OBS}:3: 15 fields where the header has 14",
    ),
    "unknown direction in catalog": (
        _edit("indicators.csv", "lower_better", "lower_is_better"),
        "indicators.csv:2: column 'direction': 'lower_is_better': unknown direction",
    ),
    "unknown measure in catalog": (
        _edit("indicators.csv", ",level,pm25,", ",rate,pm25,"),
        "indicators.csv:2: column 'measure': 'rate': unknown measure",
    ),
    "duplicate catalog id": (
        _edit("indicators.csv", "env_good_air_days_ratio,", "env_pm25,"),
        "indicators.csv:3: column 'indicator_id': duplicate 'env_pm25'",
    ),
    "missing source file": (
        lambda d: (d / "sources" / "000_2d9e984b36498be7.txt").unlink(),
        "sources.csv:2: column 'file': source file sources/000_2d9e984b36498be7.txt not found",
    ),
}
CASES.update(
    {
        # --- data model v2: area, period, trend, exclusions ---
        "unknown area": (
            _edit(OBS, "env_pm25,wenzhou_urban,baseline", "env_pm25,wenzhou_city,baseline"),
            f"{OBS}:2: column 'area_id': 'wenzhou_city': unknown area",
        ),
        "area of another city": (
            _edit(OBS, "env_pm25,wenzhou_urban,baseline", "env_pm25,ruian,baseline"),
            f"{OBS}:2: column 'area_id': an area of another city",
        ),
        "malformed period": (
            _edit(OBS, "baseline,2020,,,", "baseline,2020,2020-1,2020-12,"),
            f"{OBS}:2: column 'period_start': '2020-1': not a month; expected YYYY-MM",
        ),
        "period not containing the year": (
            _edit(OBS, "baseline,2020,,,", "baseline,2020,2021-01,2021-12,"),
            f"{OBS}:2: column 'period_end': the period does not contain the row's year",
        ),
        "period ending before its start": (
            _edit(OBS, "baseline,2020,,,", "baseline,2020,2020-11,2020-01,"),
            f"{OBS}:2: column 'period_end': ends before its period_start",
        ),
        "period with only a start": (
            _edit(OBS, "baseline,2020,,,", "baseline,2020,2020-01,,"),
            f"{OBS}:2: column 'period_end': period_start and period_end go together",
        ),
        "unknown trend": (
            _edit(OBS, ",省定目标,,", ",省定目标,falling,"),
            f"{OBS}:4: column 'trend': 'falling': unknown trend",
        ),
        "exclusion passage not in its source": (
            _edit(EXC, "比率达 97%", "比率达97%"),
            f"{EXC}:2: column 'passage': not an exact substring of its source file",
        ),
        "exclusion overlapping a quote": (
            _edit(EXC, "市区空气质量优良天数比率达 97%", "城市 PM2.5 平均浓度"),
            f"{EXC}:2: column 'passage': overlaps the quote of an observation",
        ),
        "unknown exclusion reason": (
            _edit(EXC, ",restatement,", ",repeated,"),
            f"{EXC}:2: column 'reason': 'repeated': unknown reason",
        ),
        "exclusion in another source's file": (
            _edit(EXC, "wenzhou_plan_2021,市区", "ruian_plan_2021,市区"),
            f"{EXC}:2: column 'source_id': another source's row",
        ),
        "unknown area scope": (
            _edit("areas.csv", ",urban,", ",downtown,"),
            "areas.csv:4: column 'scope': 'downtown': unknown scope",
        ),
        "whole area not named after its city": (
            _edit("areas.csv", "ruian,ruian,", "ruian_all,ruian,"),
            "areas.csv:2: column 'area_id': a whole-area row's area_id must be its city_id",
        ),
    }
)
CASES["empty quote"] = (
    _edit(OBS, "城市空气质量优良天数比例\t%\t97\t省定目标,", ","),
    f"{OBS}:4: column 'quote': empty; a value is required",
)


def test_the_fixture_is_valid(raw, capsys):
    assert main(["validate", "--raw", str(raw)]) == 0
    assert "ok: 3 cities" in capsys.readouterr().out


@pytest.mark.parametrize("case", sorted(CASES))
def test_broken_input_gives_one_clear_line(case, raw, tmp_path, capsys):
    breaks, expected = CASES[case]
    breaks(raw)
    out = tmp_path / "processed"
    assert main(["build", "--raw", str(raw), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert any(expected in line for line in lines), f"expected {expected!r} in:\n{err}"
    assert "Traceback" not in err
    assert lines[-1].endswith("nothing written")
    assert not out.exists(), "a failed build must not write anything"


def test_the_installed_command_never_shows_a_traceback(raw):
    CASES["non-numeric value"][0](raw)
    cmd = [sys.executable, "-m", "qcompare", "validate", "--raw", str(raw)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert f"{OBS}:2: column 'value': 'twenty-five' is not a number" in proc.stderr


def test_a_check_that_crashes_is_a_problem_never_an_empty_dataset(raw, monkeypatch, capsys):
    def crash(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("qcompare.data.evidence.quotes_in_sources", crash)
    assert main(["validate", "--raw", str(raw)]) == 2
    assert "a check could not run" in capsys.readouterr().err


def test_running_out_of_memory_in_a_check_is_not_reported_as_bad_data(raw, monkeypatch):
    def exhausted(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr("qcompare.data.evidence.quotes_in_sources", exhausted)
    with pytest.raises(MemoryError):
        main(["validate", "--raw", str(raw)])
