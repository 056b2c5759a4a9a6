"""Coverage: every number of the sources is in a quote, an exclusion or a named rule."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from qcompare.cli import main
from qcompare.data import coverage

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "data" / "raw"


def _texts(text: str) -> list[str]:
    return [t.text for t in coverage.tokens(text)]


def test_tokens_are_digits_chinese_numerals_with_a_counter_ranks_and_multipliers():
    text = "新增PCT国际专利14件,达36.7%以上,4.02万台,２０２５年,五个行业,第36位,前10,第一,三大战略"
    assert _texts(text) == ["14", "36.7%", "4.02万", "２０２５", "五", "36", "10", "一", "三"]


def test_a_chinese_numeral_without_a_counter_is_no_token():
    assert _texts("统一标准,一体化,十四五规划") == []


def test_a_token_stops_at_the_end_of_its_table_cell():
    text = "合格率\t%\t95\t95\n下一行"
    spans = [(t.start, t.end) for t in coverage.tokens(text)]
    assert all(text[s:e].strip() == text[s:e] for s, e in spans)


def _ruled(name: str, text: str) -> bool:
    rule = next(r for r in coverage.RULES if r.name == name)
    spans = coverage.rule_spans(text, [rule])[name]
    return all(any(s <= t.start and t.end <= e for s, e in spans) for t in coverage.tokens(text))


@pytest.mark.parametrize(
    ("name", "covered", "not_covered"),
    [
        ("date", "2025年", "2025家"),
        ("date", "2021年12月24日", "12个"),
        ("date", "2021—2025年", "2021项"),
        ("date", "生成日期 2022-03-03", "0595-22128966"),
        ("date", "2021-12", "减负5475.83万元"),
        ("date", "1994年", "3000年"),
        ("date", "今年5月,", "5个月"),
        ("date", "20世纪", "20个"),
        ("date", "二〇三五年", "三五个"),
        ("ordinal", "。 1.强化市场主体责任", "达36.7%"),
        ("ordinal", "(1)", "1家"),
        ("ordinal", "（１）完善", "１家"),
        ("ordinal", "第三批试点", "第三名"),
        ("heading", "## 亮！一个个榜单", "亮！一个个榜单"),
        ("heading", "专栏 3-2：传统产业", "3-2个"),
        ("heading", "表1 十三五", "表示1个"),
        ("article", "一个地区", "1个地区"),
        ("article", "一座座品质高楼", "一批企业"),
        ("article", "一座城市", "每年召开一次"),
        ("phrase", "“最多跑一次”改革", "每年召开一次"),
        ("phrase", "一次验收合格率", "举办一次活动"),
        ("name", "PM2.5浓度", "2.5微克"),
        ("name", "PM_{2.5}", "{2.5}"),
        ("name", "5G网络", "5个网络"),
        ("name", "S2线", "2线"),
        ("doc_number", "〔2021〕211号", "2021年211号"),
        ("phrase", "第三方机构", "第三名"),
        ("phrase", "四大主导产业", "四大行动"),
    ],
)
def test_each_rule_covers_its_class_and_nothing_else(name, covered, not_covered):
    assert coverage.tokens(covered), covered
    assert _ruled(name, covered), f"{name} should cover {covered!r}"
    if coverage.tokens(not_covered):
        assert not _ruled(name, not_covered), f"{name} should not cover {not_covered!r}"


def test_account_puts_each_token_in_one_place():
    text = "培育企业5家。标题2025年。另一地区3个。"
    acc = coverage.account("s", "f.txt", text, ["培育企业5家"], [("另一地区3个", "other_place")])
    assert [t.text for t in acc.in_quotes] == ["5"]
    assert [t.text for t in acc.by_rule["date"]] == ["2025"]
    assert [t.text for t in acc.excluded["other_place"]] == ["3"]
    assert acc.unaccounted == []


def test_overlap_is_checked_against_every_occurrence_of_every_quote():
    text = "甲5家乙。丙甲5家"
    assert coverage.overlapping(text, "丙甲", ["甲5家"]) == "甲5家"
    assert coverage.overlapping(text, "乙。丙", ["甲5家"]) is None


def test_the_real_data_is_fully_accounted_for(capsys):
    assert main(["coverage"]) == 0
    out = capsys.readouterr().out
    assert "wenzhou_plan_2021:" in out and "unaccounted" not in out


def test_one_source_can_be_checked_alone(capsys):
    assert main(["coverage", "ruian_news_2023"]) == 0
    assert capsys.readouterr().out.startswith("ruian_news_2023:")


def test_an_unknown_source_is_one_clear_line(capsys):
    assert main(["coverage", "nowhere"]) == 2
    assert "unknown source 'nowhere'" in capsys.readouterr().err


def test_removing_an_exclusion_names_the_token_and_exits_2(tmp_path, capsys):
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    path = raw / "exclusions" / "ruian_news_2023.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [ln for ln in lines if not ln.startswith("ruian_news_2023,年息低至2%,")]
    assert len(kept) == len(lines) - 1
    path.write_text("".join(kept), encoding="utf-8")
    assert main(["coverage", "--raw", str(raw)]) == 2
    err = capsys.readouterr().err
    assert "sources/000_2d9e984b36498be7.txt:23: ruian_news_2023: '2%' in «" in err
    assert "年息低至2%" in err
    assert "1 token(s) not accounted for" in err
