import pytest
from hypothesis import given
from hypothesis import strategies as st

from qcompare.data.numbers import numbers_in, states_value


@pytest.mark.parametrize(
    "text, value",
    [
        ("制造业产品质量合格率\t%\t95\t≥96", 96),
        ("国内有效商标注册数（累计）\t万件\t46.38\t60", 46.38),
        ("培育国家级专精特新“小巨人”６０家", 60),  # full-width digits
        ("全市建筑业总产值达到3000亿元", 3000),
        ("全市建筑业总产值达到3000亿元", 3000e8),  # scaled by 亿
        ("贷款余额12.5万元", 125000),
        ("开展五个行业的骨干企业品牌评价", 5),
        ("累计培育县级以上政府质量奖五百家", 500),
        ("二十三个", 23),
        ("三百零五", 305),
        ("PM2.5浓度为21微克/立方米", 21),
    ],
)
def test_states_value(text, value):
    assert states_value(text, value)


@pytest.mark.parametrize(
    "text, value",
    [
        ("制造业产品质量合格率\t%\t95\t≥96", 9),  # a digit of a number is not the number
        ("PM2.5浓度为21微克/立方米", 5),
        ("达到96%以上", 96.5),
        ("打造超1000亿产业集群1个,500亿产业集群2个", 1500),  # ASCII comma separates clauses
    ],
)
def test_does_not_state_value(text, value):
    assert not states_value(text, value)


@given(st.integers(min_value=0, max_value=10**9), st.sampled_from(["", "家", "%", "项以上"]))
def test_any_written_integer_is_found(n, suffix):
    assert states_value(f"达到{n}{suffix}", n)


@given(st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False))
def test_any_written_decimal_is_found(d):
    assert float(d) in numbers_in(f"为{d}微克")
