"""The area catalog's rules (qcompare.analysis.areas): one rule, a pair or a column at a time."""

from __future__ import annotations

import itertools
import math

import pandas as pd
import pytest

from qcompare.analysis.areas import area_pairs_text, areas_text, like_scope_pairs, like_scopes
from qcompare.data.vocab import AREA_SCOPES


def test_like_scopes_is_one_scope_that_says_what_the_area_is():
    assert like_scopes([]) and like_scopes(["whole"]) and like_scopes(["urban", "urban"])
    assert not like_scopes(["other"]) and not like_scopes(["other", "other"])
    assert not like_scopes(["whole", "urban"]) and not like_scopes(["whole", "whole", "other"])


def test_two_columns_are_alike_row_by_row_where_the_scope_is_one_and_says_what_it_is():
    pairs = [*itertools.product(AREA_SCOPES, repeat=2), (None, None), (math.nan, math.nan)]
    first, second = zip(*pairs, strict=True)
    want = [a == b and a in AREA_SCOPES and a != "other" for a, b in pairs]
    assert list(like_scope_pairs(first, second)) == want
    assert [like_scopes(p) for p in pairs] == want  # the pair form is the same rule


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_area_names_a_row_are_those_of_areas_text(real_ds, lang):
    areas = real_ds.areas[["city_id", "area_id"]].itertuples(index=False)
    pairs = list(itertools.product(list(areas), repeat=2))
    first = pd.Series([a.area_id for a, _ in pairs])
    second = pd.Series([b.area_id for _, b in pairs])
    got = area_pairs_text(real_ds, first, second, lang)
    assert list(got) == [areas_text(real_ds, [tuple(a), tuple(b)], lang) for a, b in pairs]
