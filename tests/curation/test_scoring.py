"""Scoring drafts against curated rows, on a constructed document with known answers."""

from __future__ import annotations

import pandas as pd

from qcompare.curation.extract import Draft
from qcompare.curation.match import Candidate
from qcompare.curation.scoring import score

TEXT = "到2025年,新增上市企业3家以上,培育出口名牌10家。工作成效居全国167个试点城市首位。"


def _draft(quote: str, value: str, kind: str = "target", comparator: str = "=", ids=("a",)):
    start = TEXT.index(quote)
    row = {"kind": kind, "year": "2025", "comparator": comparator, "value": value}
    row.update(value_text=value, quote=quote, indicator_id=ids[0] if ids else "")
    cands = tuple(Candidate(i, 90.0, i) for i in ids)
    return Draft(row=row, unit="家", confidence=0.9, candidates=cands, start=start,
                 end=start + len(quote))  # fmt: skip


CURATED = pd.DataFrame(
    [
        {"indicator_id": "a", "kind": "target", "year": "2025", "comparator": ">=",
         "value": "3", "value_text": "3家以上", "quote": "新增上市企业3家以上"},
        {"indicator_id": "b", "kind": "target", "year": "2025", "comparator": "=",
         "value": "10", "value_text": "10家", "quote": "培育出口名牌10家"},
    ]
)  # fmt: skip
EXCLUDED = pd.DataFrame([{"passage": "工作成效居全国167个试点城市首位", "reason": "context"}])


def test_recall_precision_agreement_and_misses():
    drafts = [
        _draft("新增上市企业3家以上", "3", comparator=">=", ids=("a", "x")),  # right
        _draft("培育出口名牌10家", "1"),  # the quote, but another value
        _draft("工作成效居全国167个试点城市首位", "167"),  # a number the curator excluded
    ]
    s = score("doc", TEXT, drafts, CURATED, known_ids={"a"}, exclusions=EXCLUDED)
    assert (s.curated_numeric, s.found_numeric, s.drafts, s.drafts_matched) == (2, 1, 3, 1)
    assert s.recall == 0.5 and s.precision == 1 / 3
    assert (s.pairs, s.agree_kind, s.agree_comparator, s.agree_year) == (1, 1, 1, 1)
    assert (s.indicator_known, s.top1, s.top3) == (1, 1, 1)
    assert s.misses == {
        "missed: a draft of the quote has another value": 1,
        "extra row: another number of a curated quote": 1,
        "extra row: a number the curator excluded (context)": 1,
    }


def test_a_removed_indicator_wants_a_proposal_not_a_forced_match():
    forced = _draft("培育出口名牌10家", "10", ids=("a",))
    proposed = _draft("培育出口名牌10家", "10", ids=())
    for draft, right in ((forced, 0), (proposed, 1)):
        s = score("doc", TEXT, [draft], CURATED.iloc[[1]], known_ids={"a"})
        assert (s.new_needed, s.new_proposed, s.right_call) == (1, right, right)
