"""Script and form normalisation for matching: traditional → simplified Chinese (OpenCC),
full-width → ASCII, and the text stripped of what does not name an indicator (numbers,
qualifiers, punctuation, spaces)."""

from __future__ import annotations

import re
from functools import lru_cache

import opencc

from qcompare.data.numbers import normalise


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=65536)
def simplified(text: str) -> str:
    """`text` in simplified script, full-width forms folded (質量強市 → 质量强市)."""
    return _converter().convert(normalise(text))


# a number, but not the digits of a name such as PM2.5, PM10, 5G (kept: they tell indicators apart)
_NUMBER = re.compile(r"(?<![A-Za-z0-9.])[0-9]+(?:\.[0-9]+)?(?![0-9.]*[A-Za-z])\s*[%万亿]?")
_NOISE = re.compile(
    r"力争|争取|争创|确保|全面|进一步|到\s*年|达到|达|以上|以下|以内|左右|不低于|不少于|超过|突破|"
    r"分别|稳定在|保持在|保持|控制在|实现|全市|我市|全县|为|近|约|超|高于|小于|低于|"
    r"[\s\"“”‘’'《》「」『』()（）\[\]【】、，,。；;：:！？!?·\-—–~～≥≤<>%+=/|]"
)


def key(text: str) -> str:
    """The matching key of a passage: simplified, without numbers, qualifiers or punctuation."""
    s = simplified(text)
    s = _NUMBER.sub("", s)
    return _NOISE.sub("", s)
