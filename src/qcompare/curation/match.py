"""Catalog matching: which indicator a passage states, with a score per candidate.

Each indicator is described by its zh name and by the quotes of the observations already
curated for it; a passage is compared with every description after script normalisation
(qcompare.curation.script: OpenCC traditional → simplified, numbers and qualifiers removed),
scored with rapidfuzz blended with an IDF-weighted character-bigram cosine (a shared rare
bigram such as 瓯江 tells more than a shared 质量), and the indicator's score is its best
description's. A number's unit
that contradicts the indicator's (a % passage for a count of enterprises, a rank for a rate)
lowers the score, since the unit is the strongest hint a sentence gives.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd
from rapidfuzz import fuzz, process

from qcompare.curation.script import key, simplified

GOOD_MATCH = 72.0  # below this, a draft proposes a new indicator instead
_UNIT_MISMATCH = 0.75
_IDF_WEIGHT = 0.4  # share of the score from rare shared bigrams (the rest: rapidfuzz)


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} or ({text} if text else set())


@dataclass(frozen=True)
class Candidate:
    indicator_id: str
    score: float  # 0–100
    name_zh: str


def unit_class(unit: str) -> str:
    """A coarse class of a unit: pct, rank, money, conc, duration, count or '' (unknown)."""
    u = simplified(unit).strip()
    if not u:
        return ""
    if u in ("%", "％"):
        return "pct"
    if u in ("rank", "位", "名"):
        return "rank"
    if "元" in u:
        return "money"
    if "微克" in u or "ug" in u or "µg" in u or "μg" in u:
        return "conc"
    if u in ("天", "工作日", "个工作日", "个月", "小时"):
        return "duration"
    if u in ("指数", "分", "分贝", "类", "吨标煤", "平方米"):
        return ""  # scores, classes and odd levels: do not judge
    return "count"


def _score(query: str, choice: str, **_: object) -> float:
    """Similarity of two matching keys: the better of the whole-string ratio and the
    partial ratio of the shorter within the longer, the latter weighed down when the shorter
    is much shorter (a two-character name is found in almost any sentence)."""
    if not query or not choice:
        return 0.0
    short, long_ = sorted((query, choice), key=len)
    partial = fuzz.partial_ratio(short, long_) * min(1.0, 0.55 + len(short) / 12)
    return max(fuzz.ratio(query, choice), partial)


class Matcher:
    """Candidates from a catalog (`indicators`: indicator_id, name_zh, unit_zh) and the
    observations curated so far (indicator_id, quote, value_text)."""

    def __init__(self, indicators: pd.DataFrame, observations: pd.DataFrame | None = None):
        self.names = dict(zip(indicators["indicator_id"], indicators["name_zh"], strict=True))
        self.units = dict(
            zip(indicators["indicator_id"], indicators.get("unit_zh", ""), strict=True)
        )
        texts: list[tuple[str, str]] = [(i, key(n)) for i, n in self.names.items()]
        if observations is not None and len(observations):
            known = observations[observations["indicator_id"].isin(self.names)]
            for ind, quote, vt in zip(
                known["indicator_id"], known["quote"], known["value_text"], strict=True
            ):
                texts.append((ind, key(quote.replace(vt, " ") if vt else quote)))
        self._ids = [i for i, _ in texts]
        self._keys = [k for _, k in texts]
        # inverse document frequency of character bigrams over the descriptions: a shared
        # 瓯江 tells more than a shared 质量
        df: Counter[str] = Counter()
        self._grams = [_bigrams(k) for k in self._keys]
        for g in self._grams:
            df.update(g)
        n = max(len(self._keys), 1)
        self._idf = {g: math.log((n + 1) / (c + 0.5)) for g, c in df.items()}
        self._default_idf = math.log((n + 1) / 0.5)

    def candidates(self, passage: str, unit: str = "", k: int = 3) -> list[Candidate]:
        """The `k` best indicators for a passage (and the unit of its number), best first."""
        query = key(passage)
        if not query:
            return []
        found = process.extract(query, self._keys, scorer=_score, limit=None)
        best: dict[str, float] = {}
        mine = unit_class(unit)
        qg = _bigrams(query)
        qw = sum(self._idf.get(g, self._default_idf) for g in qg)
        for _, fuzzy, i in found:
            dg = self._grams[i]
            shared = sum(self._idf.get(g, self._default_idf) for g in qg & dg)
            dw = sum(self._idf.get(g, self._default_idf) for g in dg)
            cosine = shared / math.sqrt(qw * dw) if qw and dw else 0.0
            score = (1 - _IDF_WEIGHT) * fuzzy + _IDF_WEIGHT * 100 * cosine
            ind = self._ids[i]
            theirs = unit_class(self.units.get(ind, ""))
            if mine and theirs and mine != theirs:
                score *= _UNIT_MISMATCH
            if score > best.get(ind, -1.0):
                best[ind] = score
        ranked = sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))[:k]
        return [Candidate(i, round(s, 1), self.names[i]) for i, s in ranked]


def format_candidates(cands: Iterable[Candidate]) -> str:
    """`id:score|id:score|…`, the drafts' candidates column."""
    return "|".join(f"{c.indicator_id}:{c.score:.1f}" for c in cands)
