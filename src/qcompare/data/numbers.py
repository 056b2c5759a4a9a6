"""Reading the numbers that a Chinese sentence states.

Used to check that a curated value really is in its quote: full-width digits,
万/亿 multipliers and simple Chinese numerals (一 … 九千九百九十九) are understood.
"""

from __future__ import annotations

import math
import re
import unicodedata

_MULTIPLIERS = {"万": 1e4, "萬": 1e4, "亿": 1e8, "億": 1e8}
_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "兩": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}

_ARABIC = re.compile(r"(?<![\d.])(\d+)(\.\d+)?\s*([万萬亿億]?)")
_CHINESE = re.compile(r"[零〇一二两兩三四五六七八九十百千]+")


def normalise(text: str) -> str:
    """Fold full-width digits, letters and punctuation to ASCII (NFKC)."""
    return unicodedata.normalize("NFKC", text)


def _chinese_numeral(token: str) -> int | None:
    """Value of a simple Chinese numeral such as 五, 十二, 三百零五; None if malformed."""
    total, digit, seen_unit = 0, None, False
    for ch in token:
        if ch in _CN_DIGITS:
            if digit is not None and digit != 0 and not seen_unit:
                return None  # "一二" is a list of digits, not a number
            digit = _CN_DIGITS[ch]
            seen_unit = False
        else:
            unit = _CN_UNITS[ch]
            total += (1 if digit is None else digit) * unit
            digit, seen_unit = None, True
    return total + (digit or 0)


def numbers_in(text: str) -> list[float]:
    """Every number the text states, each also scaled by a 万/亿 that follows it."""
    text = normalise(text)
    found: list[float] = []
    for m in _ARABIC.finditer(text):
        whole, frac, mult = m.groups()
        value = float(whole + (frac or ""))
        found.append(value)
        if mult:
            found.append(value * _MULTIPLIERS[mult])
    for m in _CHINESE.finditer(text):
        value = _chinese_numeral(m.group())
        if value is not None:
            found.append(float(value))
    return found


def states_value(text: str, value: float) -> bool:
    """True when `text` states `value` (as written, or scaled by a 万/亿 it carries)."""
    return any(math.isclose(n, value, rel_tol=1e-9, abs_tol=1e-9) for n in numbers_in(text))
