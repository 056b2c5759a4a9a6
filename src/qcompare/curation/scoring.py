"""Scoring drafts against curated observations (bench/bench_extract.py).

A draft corresponds to a curated row when its quote overlaps an occurrence of the curated
quote in the source and it states the same value (for a curated row without a value: the same
value_text, or one inside the other). Pairs are made one to one, preferring the draft of the
same kind and year. Recall counts the curated rows with a value; precision counts every draft.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from qcompare.curation.extract import Draft
from qcompare.data.coverage import occurrences


@dataclass
class Score:
    source_id: str
    curated_numeric: int = 0
    found_numeric: int = 0
    drafts: int = 0
    drafts_matched: int = 0
    agree_kind: int = 0
    agree_comparator: int = 0
    agree_year: int = 0
    agree_all: int = 0
    pairs: int = 0
    indicator_known: int = 0
    top1: int = 0
    top3: int = 0
    new_needed: int = 0  # matched rows whose indicator is not in the reduced catalog
    new_proposed: int = 0  # … for which the draft proposed a new indicator
    right_call: int = 0  # matched rows whose drafted indicator_id is right (or new when it must be)
    misses: Counter = field(default_factory=Counter)
    examples: list[tuple[dict, Draft]] = field(default_factory=list)

    @staticmethod
    def ratio(a: int, b: int) -> float | None:
        return a / b if b else None

    @property
    def recall(self) -> float | None:
        return self.ratio(self.found_numeric, self.curated_numeric)

    @property
    def precision(self) -> float | None:
        return self.ratio(self.drafts_matched, self.drafts)

    def add(self, other: Score) -> None:
        for name in self.__dataclass_fields__:
            value = getattr(other, name)
            if isinstance(value, int):
                setattr(self, name, getattr(self, name) + value)
        self.misses.update(other.misses)


def _same_value(curated: dict, draft: Draft) -> bool:
    cv, dv = curated["value"], draft.row["value"]
    if cv != "" and dv != "":
        return math.isclose(float(cv), float(dv), rel_tol=1e-9, abs_tol=1e-9)
    if cv == "" and dv == "":
        a, b = curated["value_text"], draft.row["value_text"]
        return bool(a) and bool(b) and (a in b or b in a)
    return False


def _overlaps(spans: list[tuple[int, int]], draft: Draft) -> bool:
    return any(s < draft.end and draft.start < e for s, e in spans)


def score(
    source_id: str,
    text: str,
    drafts: list[Draft],
    curated: pd.DataFrame,
    known_ids: set[str],
    exclusions: pd.DataFrame | None = None,
) -> Score:
    """Score one document's drafts against its curated rows; `known_ids` is the catalog the
    extractor was given (the indicator accuracy counts only rows whose indicator is in it)."""
    result = Score(source_id, drafts=len(drafts))
    rows = curated.to_dict("records")
    spans = [occurrences(text, r["quote"]) for r in rows]
    used: set[int] = set()
    order = sorted(range(len(rows)), key=lambda i: rows[i]["value"] == "")  # numeric first
    for i in order:
        r = rows[i]
        numeric = r["value"] != ""
        result.curated_numeric += numeric
        eligible = [
            j
            for j, d in enumerate(drafts)
            if j not in used and _overlaps(spans[i], d) and _same_value(r, d)
        ]
        if not eligible:
            if numeric:
                near = [d for d in drafts if _overlaps(spans[i], d)]
                result.misses[
                    "missed: a draft of the quote has another value"
                    if near
                    else "missed: no draft overlaps the curated quote"
                ] += 1
            continue
        j = min(
            eligible,
            key=lambda j: (
                drafts[j].row["kind"] != r["kind"],
                drafts[j].row["year"] != r["year"],
                drafts[j].start,
            ),
        )
        used.add(j)
        d = drafts[j]
        result.drafts_matched += 1
        if not numeric:
            continue
        result.found_numeric += 1
        result.pairs += 1
        result.examples.append((r, d))
        kind_ok = d.row["kind"] == r["kind"]
        comp_ok = d.row["comparator"] == r["comparator"]
        year_ok = d.row["year"] == r["year"]
        result.agree_kind += kind_ok
        result.agree_comparator += comp_ok
        result.agree_year += year_ok
        result.agree_all += kind_ok and comp_ok and year_ok
        if not kind_ok:
            result.misses[f"kind {r['kind']} drafted as {d.row['kind']}"] += 1
        if not comp_ok:
            result.misses[f"comparator {r['comparator']!r} drafted as {d.row['comparator']!r}"] += 1
        if kind_ok and not year_ok:
            result.misses[f"year of a {r['kind']} wrong"] += 1
        ids = [c.indicator_id for c in d.candidates]
        chosen = d.row["indicator_id"]
        result.right_call += (
            chosen == r["indicator_id"] if r["indicator_id"] in known_ids else chosen == ""
        )
        if r["indicator_id"] in known_ids:
            result.indicator_known += 1
            result.top1 += bool(ids) and ids[0] == r["indicator_id"]
            result.top3 += r["indicator_id"] in ids[:3]
            if r["indicator_id"] not in ids[:3]:
                result.misses["indicator not among the top 3 candidates"] += 1
            elif ids[0] != r["indicator_id"]:
                result.misses["indicator second or third, not first"] += 1
        else:
            result.new_needed += 1
            result.new_proposed += chosen == ""
            if chosen:
                result.misses["indicator forced onto another one where a new one was needed"] += 1
    excl = [] if exclusions is None else exclusions.to_dict("records")
    excl_spans = [(e["reason"], occurrences(text, e["passage"])) for e in excl]
    for j, d in enumerate(drafts):
        if j in used:
            continue
        reason = next((r for r, sp in excl_spans if _overlaps(sp, d)), None)
        in_quote = any(_overlaps(sp, d) for sp in spans)
        result.misses[
            f"extra row: a number the curator excluded ({reason})"
            if reason
            else "extra row: another number of a curated quote"
            if in_quote
            else "extra row: a number no curated row or exclusion names"
        ] += 1
    return result
