"""The meaning checks (qcompare.data.meaning) and the quote-mismatch hint, unit by unit."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from qcompare.data import evidence, meaning
from qcompare.data.errors import Problem, report_lines
from qcompare.data.evidence import first_difference, mismatch_hint


@pytest.mark.parametrize(
    "text, bound",
    [
        ("≥98", "floor"),
        ("98%以上", "floor"),
        ("不低于90", "floor"),  # holds 低于, a ceiling word, inside a floor
        ("超過3家", "floor"),
        ("＞＝3", "floor"),  # full-width
        ("≤ 26", "ceiling"),
        ("26以下", "ceiling"),
        ("不超过5", "ceiling"),  # holds 超过, a floor word, inside a ceiling
        ("控制在35以内", "ceiling"),
        ("持续下降", None),
        ("100", None),
    ],
)
def test_bound_of_a_value_text(text, bound):
    assert meaning.bound_of(text) == bound


def test_comparators_that_contradict_their_text():
    comp = pd.Series(["<=", ">=", ">=", "=", "<=", ""])
    text = pd.Series(["≥98", "≥98", "26以下", "≥98", "26以下", "省定目标"])
    assert meaning.comparators_agree(comp, text).tolist() == [
        False,
        True,
        False,
        True,
        True,
        True,
    ]


@pytest.mark.parametrize(
    "value, text, unit, ok",
    [
        (1, "1万件以上", "万件", True),
        (10000, "1万件以上", "万件", False),  # the case: 10⁴ off
        (10000, "1万件", "件", True),
        (1, "1万件", "件", False),
        (46.38, "46.38", "万件", True),  # no 万 in the text: the number as written
        (3000, "3000亿元", "亿元", True),
        (3000e8, "3000亿元", "亿元", False),
        (5475.83, "5475.83万元", "万元", True),
        (7, "7萬畝", "万亩", True),  # traditional script
        (70000, "7萬畝", "万亩", False),
        (40, "40万元/亩以上", "万元/亩", True),
        (3.4, "3.4亿元", "万件", True),  # another counting word: the indicator is wrong, not
        (14.36, "14.36亿元", "个", True),  # the scale (the curator's choice of indicator)
    ],
)
def test_scale_of_a_value_against_its_unit(value, text, unit, ok):
    got = meaning.scales_agree(pd.Series([value]), pd.Series([text]), pd.Series([unit]))
    assert got.tolist() == [ok]


@pytest.mark.parametrize(
    "text, number",
    [("≥98", "98"), ("1-3家", None), ("1—2個", None), ("一批", None), ("省定目标", None)],
)
def test_the_one_number_a_value_text_states(text, number):
    assert meaning.stated_number(text) == number


def test_quote_counts_overlapping_occurrences():
    texts = {"s": "98 and 98 and 98; 9898", "t": None}
    counts = evidence.quote_counts(
        np.array(["s", "s", "s", "t"], dtype=object),
        np.array(["98", "and 98;", "989", "98"], dtype=object),
        texts,
    )
    assert counts.tolist() == [5, 1, 1, 0]


@pytest.mark.parametrize(
    "quote, passage, expected",
    [
        (
            "「小巨人」",
            "“小巨人”",
            "at character 1 of the quote: the quote has '「' (U+300C LEFT CORNER BRACKET) "
            "where the source has '“' (U+201C LEFT DOUBLE QUOTATION MARK)",
        ),
        (
            "企業标准",
            "企业标准",
            "at character 2 of the quote: the quote has '業' (U+696D CJK UNIFIED IDEOGRAPH-696D) "
            "where the source has '业' (U+4E1A CJK UNIFIED IDEOGRAPH-4E1A)",
        ),
        (
            "合格\u200b率",
            "合格率",
            "at character 3 of the quote: the quote has U+200B ZERO WIDTH SPACE, which the "
            "source lacks there",
        ),
    ],
)
def test_first_difference_names_the_characters(quote, passage, expected):
    assert first_difference(quote, passage) == expected


def test_mismatch_hint_finds_the_closest_passage():
    text = "第一行\n到2025年，企业标准领跑者达到10家。\n第三行\n"
    hint = mismatch_hint("企業标准领跑者达到10家", text)
    assert hint.startswith("closest passage (source line 2): '企业标准领跑者达到10家'")
    assert "'業' (U+696D" in hint and "\n" not in hint


def test_problem_output_is_capped_with_a_count_by_kind():
    problems = [
        Problem("o.csv", i, "city_id", f"'x{i}': unknown city; expected one of a, b")
        for i in range(2, 100)
    ] + [Problem("o.csv", 200, "quote", "not an exact substring of its source file")]
    lines = list(report_lines(problems, 50))
    assert len(lines) == 50 + 3
    assert lines[50] == "… and 49 more problem(s) (run with --all to list every one):"
    assert lines[51:] == [
        "  48 × column 'city_id': unknown city",
        "  1 × column 'quote': not an exact substring of its source file",
    ]
    assert list(report_lines(problems, None)) == [str(p) for p in problems]


def test_repeated_messages_are_stored_once():
    """200,000 rows with one mistake must not hold 200,000 copies of its message."""
    made = [Problem("o.csv", i, "city_id", "unknown " + "city") for i in range(1000)]
    assert len({id(p.message) for p in made}) == 1
