"""Checks that a curated observation *means* what its evidence says, beyond the number
being present: the comparator agrees with the value_text's wording (≥, 以上 … is a floor;
≤, 以下 … a ceiling), the value has the scale of its indicator's unit (1万件 in an
indicator counted in 万件 is 1, in one counted in 件 is 10000), a number the value_text
states is not silently dropped, and a quote picks out one place of its source (a quote
found twice is ambiguous evidence; the counting is `qcompare.data.evidence.quote_counts`).

Each check works on whole columns and does the expensive part once per distinct input.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

from qcompare.data.numbers import normalise

# Words of a value_text that make it a floor or a ceiling (simplified and traditional). One
# pattern scanned left to right, so a negated word (不低于, a floor) is read whole before the
# word inside it (低于, a ceiling) could match.
_FLOOR_WORDS = "≥|>=|以上|不低于|不低於|不少于|不少於|至少|超过|超過|高于|高於|大于|大於|逾"
_CEILING_WORDS = (
    "≤|<=|以下|不高于|不高於|不超过|不超過|不多于|不多於|低于|低於|少于|少於|小于|小於|以内|以內"
)
_BOUND = re.compile(
    "(?P<floor>"
    + "|".join(sorted(_FLOOR_WORDS.split("|"), key=len, reverse=True))
    + ")|(?P<ceiling>"
    + "|".join(sorted(_CEILING_WORDS.split("|"), key=len, reverse=True))
    + ")"
)
COMPARATOR_OF = {"floor": ">=", "ceiling": "<="}

_MULTIPLIER = {"万": 1e4, "萬": 1e4, "亿": 1e8, "億": 1e8}
_SCALED_NUMBER = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*([万萬亿億])\s*(\S*)")
# traditional forms of the counting words units use, folded for comparing a value_text's unit
# word with the catalog's (泉州 writes 萬畝, 個; the catalog 万亩, 个)
_UNIT_FOLD = str.maketrans({"個": "个", "畝": "亩", "項": "项", "臺": "台", "噸": "吨", "間": "间"})
_ARABIC_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?")


def _objects(values: pd.Series | np.ndarray) -> np.ndarray:
    return values if isinstance(values, np.ndarray) else values.to_numpy(dtype=object)


def bound_of(value_text: str) -> str | None:
    """ "floor", "ceiling" or None (no bound word, or words of both kinds)."""
    kinds = {m.lastgroup for m in _BOUND.finditer(normalise(value_text))}
    return kinds.pop() if len(kinds) == 1 else None


def comparators_agree(comparators: pd.Series, value_texts: pd.Series) -> np.ndarray:
    """True unless the comparator is a bound the other way from the value_text's wording
    (`<=` on `≥98` or `98%以上`; `>=` on `26以下`)."""
    comp = _objects(comparators.fillna(""))
    texts = _objects(value_texts.fillna(""))
    codes, distinct = pd.factorize(texts)
    bounds = np.array([bound_of(str(t)) for t in distinct] + [None], dtype=object)[codes]
    wrong_floor = (bounds == "floor") & (comp == "<=")
    wrong_ceiling = (bounds == "ceiling") & (comp == ">=")
    return ~(wrong_floor | wrong_ceiling)


def unit_multiplier(unit_zh: str) -> float:
    """10⁴ for a unit counted in 万 (万件, 万亩), 10⁸ for 亿 (亿元), else 1."""
    unit = normalise(unit_zh).strip()
    return _MULTIPLIER.get(unit[:1], 1.0)


def unit_base(unit_zh: str) -> str:
    """The counting word of a catalog unit without its 万/亿: 万件 → 件, 亿元 → 元, 件 → 件."""
    unit = normalise(unit_zh).strip().translate(_UNIT_FOLD)
    return unit[1:] if unit[:1] in _MULTIPLIER else unit


def scaled_values(value_text: str, multiplier: float, base: str = "") -> list[float] | None:
    """The values a value_text with 万/亿 can mean in a unit of `multiplier` (e.g.
    `1万件以上` → [1.0] in 万件, [10000.0] in 件); None when it carries no 万/亿 — or, given
    the unit's counting word `base`, none followed by that word (`3.4亿元` says nothing about
    the scale of an indicator counted in 件: it is the wrong indicator, not the wrong scale)."""
    found = _SCALED_NUMBER.findall(normalise(value_text))
    if base:
        found = [(n, m, w) for n, m, w in found if w.translate(_UNIT_FOLD).startswith(base)]
    if not found:
        return None
    return [float(n) * _MULTIPLIER[m] / multiplier for n, m, _ in found]


def scales_agree(values: pd.Series, value_texts: pd.Series, units: pd.Series) -> np.ndarray:
    """True unless a value_text with 万/亿 and the unit's counting word (`1万件以上` in an
    indicator counted in 万件 or 件) gives a value of the wrong scale for that unit."""
    frame = pd.DataFrame(
        {
            "v": pd.to_numeric(values, errors="coerce").to_numpy(),
            "t": _objects(value_texts.fillna("")),
            "u": _objects(units.fillna("")),
        }
    )
    ok = np.ones(len(frame), dtype=bool)
    has_scale = frame["t"].str.contains("[万萬亿億]", regex=True).to_numpy() & frame["v"].notna()
    has_scale &= frame["u"].ne("").to_numpy()
    for (v, t, u), rows in frame[has_scale].groupby(["v", "t", "u"], sort=False).groups.items():
        meant = scaled_values(str(t), unit_multiplier(str(u)), unit_base(str(u)))
        if meant and not any(math.isclose(v, x, rel_tol=1e-9, abs_tol=1e-9) for x in meant):
            ok[frame.index.get_indexer(rows)] = False
    return ok


def expected_scaled(value_text: str, unit_zh: str) -> str:
    """For a message: the value(s) a 万/亿 value_text means in its unit."""
    meant = scaled_values(value_text, unit_multiplier(unit_zh), unit_base(unit_zh)) or []
    return " or ".join(f"{x:g}" for x in meant)


def stated_number(value_text: str) -> str | None:
    """The one number (in Arabic digits) a value_text states, or None: no number, or a
    range/list such as `1-3家` (which stays a non-numeric target)."""
    found = _ARABIC_NUMBER.findall(normalise(value_text))
    return found[0] if len(found) == 1 else None


def numbers_kept(values: pd.Series, comparators: pd.Series, value_texts: pd.Series) -> np.ndarray:
    """True unless value is empty, comparator is empty and yet the value_text states one
    number (`≥98`): the number would silently drop out of every comparison."""
    empty_value = pd.to_numeric(values, errors="coerce").isna().to_numpy()
    empty_comp = comparators.fillna("").eq("").to_numpy()
    texts = _objects(value_texts.fillna(""))
    codes, distinct = pd.factorize(texts)
    states = np.array([stated_number(str(t)) is not None for t in distinct] + [False])[codes]
    return ~(empty_value & empty_comp & states)
