"""The extractor's rules on sentences taken from each of the five documents."""

from __future__ import annotations

import pytest

from qcompare.curation import qualifiers as q
from qcompare.curation.mentions import mentions, skip_spans
from qcompare.curation.sentences import clauses


def _mentions(text: str):
    return mentions(text, 0, len(text), skip_spans(text))


@pytest.mark.parametrize(
    "sentence, value, value_text, unit, comparator",
    [
        ("主要農作物良種覆蓋率達98.5%以上", 98.5, "98.5%以上", "%", ">="),  # Quanzhou
        ("全市累計完成近100個知名農產品品牌建設任務", 100, "近100個", "個", "~"),
        ("旅游總花費超1100億元", 1100, "超1100億元", "億元", ">="),
        ("農產品質量安全例行監測合格率高于98.6%", 98.6, "高于98.6%", "%", ">="),
        ("新建36萬畝高標準農田", 36, "36萬畝", "萬畝", "="),
        ("开展五个行业的骨干企业品牌评价", 5, "五个", "个", "="),  # Ruian plan
        ("区域环境噪声平均值小于60分贝", 60, "小于60分贝", "分贝", "<="),
        ("新增注册商标1万件以上", 1, "1万件以上", "万件", ">="),
        ("培育四级政府质量奖企业300余家", 300, "300余家", "家", ">="),  # Ruian news
        ("力争培育 20 家左右通过“品字标浙江服务”认证的企业", 20, "20 家左右", "家", "~"),  # Wenzhou
        ("全市旅游人數達到１２３４万人次", 1234, "１２３４万人次", "万人次", "="),  # full-width
    ],
)
def test_number_wording_unit_and_comparator(sentence, value, value_text, unit, comparator):
    (m,) = [m for m in _mentions(sentence) if m.kind == "number"]
    assert (m.value, m.value_text, m.unit, m.comparator) == (value, value_text, unit, comparator)
    assert sentence[m.start : m.end] == m.value_text


def test_ranks_ranges_batches_and_years():
    assert [
        (m.kind, m.value_text, m.comparator) for m in _mentions("跻身中国工业百强县(市)第36位")
    ] == [("rank", "第36位", "=")]
    assert [(m.kind, m.value_text) for m in _mentions("进入全省前10")] == [("rank", "前10")]
    assert [(m.kind, m.value_text) for m in _mentions("数量均居温州第一")] == [("rank", "第一")]
    assert [m.kind for m in _mentions("脑海闪过第一印象")] == ["context"]  # an ordinal
    assert [(m.kind, m.value_text) for m in _mentions("以全国第四名成绩获批")] == [
        ("rank", "第四名")
    ]
    assert [(m.kind, m.value_text) for m in _mentions("目前5家建筑企业入选")] == [("number", "5家")]
    (r,) = _mentions("選樹1—2個質量強國建設領軍企業")
    assert (r.kind, r.value, r.value_text) == ("range", None, "1—2個")
    assert [m.kind for m in _mentions("培育一批標準創新型企業")] == ["batch"]
    assert [m.kind for m in _mentions("2023中国最具幸福感城市")] == ["year"]
    # dates, plan names and ordinals are coverage rules: no mention at all
    assert _mentions("到2025年,“十四五”时期第三章") == []
    # an ordinal with a counter is no rank; a title's numbers, a duration, a numeral inside a
    # name describe something else: context tokens, proposed as exclusions
    assert [m.kind for m in _mentions("第十四个行动")] == ["context"]
    assert [m.kind for m in _mentions("依据《第十四个五年规划》")] == ["context", "context"]
    assert [(m.kind, m.value_text) for m in _mentions("连续6年获考核A级")] == [("context", "6年")]
    assert [m.kind for m in _mentions("工程质量终身责任制三项制度")] == ["context"]


@pytest.mark.parametrize(
    "before, local, expected",
    [
        ("将一般企业投资项目全流程审批控制在", "=", "<="),
        ("新增上市企业", ">=", ">="),
        ("", "~", "~"),
    ],
)
def test_comparator(before, local, expected):
    assert q.comparator(local, before) == expected


@pytest.mark.parametrize(
    "before, trend",
    [
        ("细颗粒物(PM2.5)平均浓度持续下降,稳定到", "keep_falling"),
        ("制造業增加值占地區生產總值比重保持在", "hold"),
        ("制造業產品質量合格率穩定在", "hold"),
        ("服务质量满意度达到", ""),
    ],
)
def test_trend(before, trend):
    assert q.trend(before) == trend


def test_a_level_with_a_falling_trend_is_a_ceiling():
    assert q.with_trend("=", "keep_falling") == "<="
    assert q.with_trend(">=", "hold") == ">="


def test_kinds_of_a_plan():
    # 到2025年 → a target of that year, wherever it stands
    assert q.plan_kind("力爭到2025年,選樹1—2個", "results", "個", 2020, 2025)[:2] == (
        "target",
        2025,
    )
    # the results section: a level is a baseline of the base year, a count carries the period
    assert q.plan_kind("建成区绿化覆盖率达38.57%", "results", "%", 2020, 2025) == (
        "baseline", 2020, "", "",
    )  # fmt: skip
    assert q.plan_kind("新增“品字标”企业40家", "results", "家", 2020, 2025) == (
        "baseline", 2020, "2016-01", "2020-12",
    )  # fmt: skip
    # 十三五期间 names the previous plan period even in a goals section
    assert q.plan_kind("“十三五”期间累计培育企业40家", "goals", "家", 2020, 2025)[0] == "baseline"
    assert q.plan_kind("培育10家出口名牌", "goals", "家", 2020, 2025)[:2] == ("target", 2025)


def test_table_columns():
    assert q.table_kind("基期值", "表 2：…主要目标", 2020, 2025) == ("baseline", 2020)
    assert q.table_kind("目标值", "表 2：…主要目标", 2020, 2025) == ("target", 2025)
    assert q.table_kind("规划目标", "表 1:…完成情况表", 2020, 2025) == ("prior_target", 2020)
    assert q.table_kind("完成情况", "表 1:…完成情况表", 2020, 2025) == ("prior_actual", 2020)
    assert q.table_kind("备注", "", 2020, 2025) is None


def test_a_report_quoting_a_target():
    assert q.news_target_year("力争到2025年,全市旅游人数突破1亿人次", 2023) == 2025
    assert q.news_target_year("目标是2025年建成质量强市", 2023) == 2025
    assert q.news_target_year("到2022年底,累计培育企业728家", 2023) is None  # a past date
    assert q.news_target_year("累计培育国家高新技术企业728家", 2023) is None


def test_years_and_periods_of_a_report():
    assert q.news_year("跻身2022年中国工业百强县(市)第36位", 2023, 12) == 2022
    assert q.news_year("累计培育国家高新技术企业728家", 2023, 12) == 2023
    assert q.news_year("累计评定46家企业或单位", 2024, 1) == 2023  # January reports last year
    assert q.news_year("自2009年起,温州每年颁布“市长质量奖”,累计评定46家", 2024, 1) == 2023
    assert q.news_period("1-11月,瑞安PM2.5浓度为21微克/立方米", 2023) == (
        "2023-01",
        "2023-11",
    )
    assert q.news_period("2021年以来,全市共发放各类高质量发展项目奖补金额14.36亿元", 2023) == (
        "2021-01", "2023-12",
    )  # fmt: skip
    assert q.news_period("自2009年起,累计评定46家", 2023) == ("", "")  # a stock


def test_areas():
    assert q.area_scope("市区星级绿色建筑占新建建筑比例达到 20%以上") == "urban"
    assert q.area_scope("其他县市比例达 12%以上") == "counties"
    assert q.area_scope("城市 PM2.5 平均浓度") == "urban"
    assert q.area_scope("全市环境空气优良率为99.2%") == "whole"
    assert q.area_scope("城市生活垃圾分类处理率达92%") == "whole"


def test_table_rows_are_quoted_from_the_name_cell():
    text = "表 2：主要目标\n\n类别\t主要指标\t单位\t基期值\t目标值\n产品质量\t制造业产品质量合格率\t%\t95\t≥96\n"
    (row,) = [c for c in clauses(text) if c.row]
    assert row.text == "制造业产品质量合格率\t%\t95\t≥96"
    assert [(c.text, h) for c, h in row.row.values] == [("95", "基期值"), ("≥96", "目标值")]


def draft_of(extraction, quote_part: str, value: str | None = None):
    """The draft whose quote contains `quote_part` (and has `value`)."""
    found = [
        d
        for d in extraction.drafts
        if quote_part in d.row["quote"] and (value is None or d.row["value"] == value)
    ]
    assert found, f"no draft quoting {quote_part!r} with value {value!r}"
    return found[0]


# --- the rules applied to the real documents (drafted leave-one-document-out) --------------


def test_quanzhou_scheme(drafted):
    ex = drafted["quanzhou_scheme_2024"]
    d = draft_of(ex, "制造業產品質量合格率穩定在95%以上")
    assert (d.row["kind"], d.row["year"], d.row["comparator"], d.row["trend"]) == (
        "target", "2025", ">=", "hold",
    )  # fmt: skip
    # traditional script matched to the simplified catalog (the row is held out, not the id)
    d = draft_of(ex, "裝配式建筑占新建建筑比例達40%")
    assert d.candidates[0].indicator_id == "eng_prefab_share_new_buildings"
    assert d.row["value"] == "40"
    # the scheme's own structure is proposed as an exclusion, not a row
    assert any(e.reason == "structure" and "9個方面" in e.passage for e in ex.exclusions)
    assert not any("9個方面" in d.row["quote"] for d in ex.drafts)


def test_ruian_plan(drafted):
    ex = drafted["ruian_plan_2021"]
    d = draft_of(ex, "稳定到25微克/立方米")  # the shortest clause; the trend is read before it
    assert (d.row["kind"], d.row["comparator"], d.row["value"], d.row["trend"]) == (
        "target", "<=", "25", "keep_falling",
    )  # fmt: skip
    assert d.row["quote"] == "稳定到25微克/立方米"
    assert d.candidates[0].indicator_id == "env_pm25"  # matched with the sentence's subject
    d = draft_of(ex, "新增“品字标”企业40家", "40")
    assert (d.row["kind"], d.row["year"], d.row["period_start"], d.row["period_end"]) == (
        "baseline", "2020", "2016-01", "2020-12",
    )  # fmt: skip
    d = draft_of(ex, "控制在70个工作日以内")
    assert d.row["comparator"] == "<="


def test_ruian_news(drafted):
    ex = drafted["ruian_news_2023"]
    d = draft_of(ex, "PM10浓度为36微克/立方米")
    assert (d.row["kind"], d.row["year"], d.row["period_start"], d.row["period_end"]) == (
        "observed", "2023", "2023-01", "2023-11",
    )  # fmt: skip
    d = draft_of(ex, "第36位")
    assert (d.row["year"], d.row["value"], d.unit) == ("2022", "36", "rank")


def test_wenzhou_plan(drafted):
    ex = drafted["wenzhou_plan_2021"]
    urban = draft_of(ex, "市区星级绿色建筑占新建建筑比例达到 20%以上", "20")
    counties = draft_of(ex, "其他县市比例达 12%以上", "12")
    assert (urban.row["area_id"], counties.row["area_id"]) == ("wenzhou_urban", "wenzhou_counties")
    table = [d for d in ex.drafts if d.row["quote"].startswith("装配式建筑占新建建筑比例\t")]
    assert sorted((d.row["kind"], d.row["value"]) for d in table) == [
        ("baseline", "30"),
        ("target", "35"),
    ]
    # the text restates the table's 35 with 以上: a restatement exclusion, qualifier kept
    target = next(d for d in table if d.row["kind"] == "target")
    assert target.row["comparator"] == ">="
    prior = [d for d in ex.drafts if d.row["quote"].startswith("主导制修订国际标准\t")]
    assert sorted((d.row["kind"], d.row["value"]) for d in prior) == [
        ("prior_actual", "0"),
        ("prior_target", "1"),
    ]


def test_wenzhou_news(drafted):
    ex = drafted["wenzhou_news_2024"]
    d = draft_of(ex, "累计评定46家企业或单位")
    assert (d.row["kind"], d.row["year"], d.row["period_start"]) == ("observed", "2023", "")
    # the page's other stories (海宁, 嵊泗, 缙云) are proposed as other_place exclusions
    other = [e.passage for e in ex.exclusions if e.reason == "other_place"]
    assert any("海宁" in p for p in other) and any("嵊泗" in p for p in other)
    assert not any("海宁" in d.row["quote"] for d in ex.drafts)


def test_respectively_pairs_each_number_with_its_name(texts):
    from qcompare.curation.extract import _respectively

    text = texts["ruian_plan_2021"]
    clause = next(c for c in clauses(text) if c.text.startswith("分别达到40万元/亩以上"))
    found = mentions(text, clause.start, clause.end, skip_spans(text))
    assert [m.value_text for m in found] == ["40万元/亩以上", "20万元/人·年", "200万元/亩"]
    names = [_respectively(text, clause, found, i) for i in range(3)]
    assert names == ["规模以上工业亩均税收", "全员劳动生产率", "亩均增加值"]
