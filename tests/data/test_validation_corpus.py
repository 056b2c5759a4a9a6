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


# --- meaning, scale, ambiguity, dates, paths and the city tree (issue 14) --------------------

AGR = "agr_main_produce_safety_provincial_monitoring_pass_rate"
TRADEMARKS = "brand_valid_trademarks_cum"


def _add(row: str, *indicators: str) -> Callable[[Path], None]:
    """Append an observation row to OBS, with the catalog rows it needs."""

    def apply(d: Path) -> None:
        catalog = (RAW / "indicators.csv").read_text(encoding="utf-8").splitlines()
        with open(d / "indicators.csv", "a", encoding="utf-8") as f:
            for ind in indicators:
                f.write(next(ln for ln in catalog if ln.startswith(f"{ind},")) + "\n")
        with open(d / OBS, "a", encoding="utf-8") as f:
            f.write(row + "\n")

    return apply


def _symlink_source_outside(d: Path) -> None:
    target = d.parent / "outside.txt"
    shutil.copy(d / "sources" / "003_215e4eb5d256b92e.txt", target)
    (d / "sources" / "003_215e4eb5d256b92e.txt").unlink()
    (d / "sources" / "003_215e4eb5d256b92e.txt").symlink_to(target)


_AGR_QUOTE = "主要农产品质量安全省级监测合格率\t%\t99.04\t≥98"
HARDENING_CASES: dict[str, tuple[Callable[[Path], None], str]] = {
    "comparator <= on a floor (≥98)": (
        _add(
            f"wenzhou,{AGR},,target,2025,,,<=,98,≥98,,wenzhou_plan_2021,{_AGR_QUOTE},",
            AGR,
        ),
        f"{OBS}:5: column 'comparator': '<=' contradicts its value_text '≥98', a floor; "
        "expected >=",
    ),
    "comparator >= on a ceiling (≤ 26)": (
        _edit(OBS, ",<=,26,≤ 26,", ",>=,26,≤ 26,"),
        f"{OBS}:3: column 'comparator': '>=' contradicts its value_text '≤ 26', a ceiling; "
        "expected <=",
    ),
    "value 10⁴ off its unit (600000 for 60 万件 in a 万件 indicator)": (
        _add(
            f"wenzhou,{TRADEMARKS},,target,2025,,,=,600000,60 万件,,wenzhou_plan_2021,"
            "国内有效商标注册数累计达到 60 万件,",
            TRADEMARKS,
        ),
        f"{OBS}:5: column 'value': 600000 is the wrong scale: value_text '60 万件' in "
        f"{TRADEMARKS}, counted in '万件', means 60",
    ),
    "a bare-number quote found several times": (
        _edit(OBS, '"城市 PM2.5 平均浓度\t微克/立方米\t25\t≤ 26",\n', "25,\n"),
        f"{OBS}:2: column 'quote': '25' occurs ",
    ),
    "value empty where value_text states a number": (
        _edit(OBS, ",<=,26,≤ 26,", ",,,≤ 26,"),
        f"{OBS}:3: column 'value_text': '≤ 26' states 26, but value and comparator are empty; "
        "give value 26",
    ),
    "impossible month in a source date": (
        _edit("sources.csv", ",2021,wenzhou,", ",2021-13-01,wenzhou,"),
        "sources.csv:5: column 'date': '2021-13-01': not a real date",
    ),
    "impossible day in a source date": (
        _edit("sources.csv", ",2021,wenzhou,", ",2021-02-30,wenzhou,"),
        "sources.csv:5: column 'date': '2021-02-30': not a real date",
    ),
    "source file with ..": (
        _edit("sources.csv", "sources/003_", "../raw/sources/003_"),
        "sources.csv:5: column 'file': '../raw/sources/003_215e4eb5d256b92e.txt': not a path "
        "inside data/raw",
    ),
    "absolute source file": (
        _edit("sources.csv", "sources/003_215e4eb5d256b92e.txt", "/etc/hostname"),
        "sources.csv:5: column 'file': '/etc/hostname': not a path inside data/raw",
    ),
    "source file symlinked out of data/raw": (
        _symlink_source_outside,
        "sources.csv:5: column 'file': sources/003_215e4eb5d256b92e.txt resolves outside data/raw",
    ),
    "city its own parent": (
        _edit(
            "cities.csv",
            "wenzhou,温州,Wenzhou,prefecture,,",
            "wenzhou,温州,Wenzhou,prefecture,wenzhou,",
        ),
        "cities.csv:3: column 'parent_id': a city cannot be its own parent",
    ),
    "parent cycle wenzhou ↔ ruian": (
        _edit(
            "cities.csv",
            "wenzhou,温州,Wenzhou,prefecture,,",
            "wenzhou,温州,Wenzhou,prefecture,ruian,",
        ),
        "cities.csv:2: column 'parent_id': parent cycle",
    ),
    "parent cycle between prefectures": (
        lambda d: (
            _edit(
                "cities.csv",
                "wenzhou,温州,Wenzhou,prefecture,,",
                "wenzhou,温州,Wenzhou,prefecture,quanzhou,",
            )(d),
            _edit(
                "cities.csv",
                "quanzhou,泉州,Quanzhou,prefecture,,",
                "quanzhou,泉州,Quanzhou,prefecture,wenzhou,",
            )(d),
        ),
        "cities.csv:4: column 'parent_id': parent cycle",
    ),
    "parent is a county": (
        _edit(
            "cities.csv",
            "quanzhou,泉州,Quanzhou,prefecture,,",
            "quanzhou,泉州,Quanzhou,prefecture,ruian,",
        ),
        "cities.csv:4: column 'parent_id': the parent is not a prefecture",
    ),
    "quote with 「」 where the source has “”": (
        _add(
            "wenzhou,brand_pinzibiao_enterprises_new,,baseline,2020,,,=,148,148,,"
            "wenzhou_plan_2021,培育「品字标」企业 148 家,",
            "brand_pinzibiao_enterprises_new",
        ),
        f"{OBS}:5: column 'quote': not an exact substring of its source file; closest passage "
        "(source line 19): '培育“品字标”企业 148 家'; at character 3 of the quote: the quote has "
        "'「' (U+300C LEFT CORNER BRACKET) where the source has '“' (U+201C LEFT DOUBLE "
        "QUOTATION MARK)",
    ),
    "quote with an invisible U+200B": (
        _edit(OBS, "城市空气质量优良天数比例\t%", "城市空气\u200b质量优良天数比例\t%"),
        f"{OBS}:4: column 'quote': not an exact substring of its source file; closest passage "
        "(source line 119): '城市空气质量优良天数比例\\t%\\t97\\t省定目标'; at character 5 of the "
        "quote: the quote has U+200B ZERO WIDTH SPACE, which the source lacks there",
    ),
    "row numbers are editor lines (a quoted cell spans two lines)": (
        lambda d: (
            _edit(OBS, "ceiling above the 2020 level", '"ceiling above\nthe 2020 level"')(d),
            _edit(OBS, "城市空气质量优良天数比例", "城市空气质量優良天数比例")(d),
        ),
        f"{OBS}:5: column 'quote': not an exact substring",  # record 4, editor line 5
    ),
}
CASES.update(HARDENING_CASES)


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


def _many_bad_rows(raw: Path, n: int) -> None:
    """n rows with an unknown city (each key distinct, so only the city is wrong)."""
    row = (
        "wenzou,env_pm25,,{kind},{year},,,<=,26,≤ 26,,wenzhou_plan_2021,"
        '"城市 PM2.5 平均浓度\t微克/立方米\t25\t≤ 26",row {i}\n'
    )
    kinds = ("baseline", "target", "observed", "prior_target", "prior_actual")
    with open(raw / OBS, "a", encoding="utf-8") as f:
        for i in range(n):
            f.write(row.format(kind=kinds[i % 5], year=1990 + i % 61, i=i))


def test_200000_bad_rows_print_50_lines_and_a_count(raw, capsys):
    _many_bad_rows(raw, 200_000)
    assert main(["validate", "--raw", str(raw)]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 50 + 3, lines[-5:]
    assert lines[0].startswith(f"{OBS}:5: column 'city_id': 'wenzou': unknown city")
    assert lines[50].startswith("… and 199950 more problem(s) (run with --all")
    assert lines[51].startswith("  199950 × column 'city_id': unknown city")
    assert lines[-1] == (
        "qcompare validate: 200000 problem(s) (file:line = the line an editor shows); "
        "nothing written"
    )


def test_all_prints_every_problem(raw, capsys):
    _many_bad_rows(raw, 120)
    assert main(["validate", "--all", "--raw", str(raw)]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 120 + 1 and all("unknown city" in ln for ln in lines[:-1])
