import numpy as np
import pandas as pd

from qcompare.data.evidence import quotes_in_sources, value_texts_in_quotes, values_stated

S = pd.Series


def test_quotes_found_per_source_and_unknown_sources_left_to_the_key_check():
    texts = {
        "a": "制造业产品质量合格率达到96%以上，服务质量满意度达到90%以上。",
        "b": "旅游總花費超1100億元",
        "c": None,
    }
    ok = quotes_in_sources(
        S(["a", "a", "b", "b", "c", "zz", "a"]),
        S(
            [
                "合格率达到96%以上",
                "满意度达到91%以上",
                "旅游總花費超1100億元",
                "旅游总花费超1100亿元",
                "whatever",
                "whatever",
                "",
            ]
        ),
        texts,
    )
    assert ok.tolist() == [True, False, True, False, True, True, True]


def test_value_text_must_stand_as_a_whole_number():
    ok = value_texts_in_quotes(
        S(["96%以上", "6", "6", "≤ 26", "１２", "3(在建2个)", "99.2", "9"]),
        S(
            [
                "达到96%以上",
                "达到96%",
                "由96降至6",
                "25\t≤ 26",
                "共１２家",
                "4\t3(在建2个)",
                "为99.2%",
                "为99.2%",
            ]
        ),
    )
    assert ok.tolist() == [True, False, True, True, True, True, True, False]


def test_value_is_the_number_of_its_value_text():
    ok = values_stated(
        S([96.0, 96.5, np.nan, 120000.0, 5.0, 46.38]),
        S(["96%以上", "96%以上", "省定目标", "12万元", "五个", "46.38"]),
    )
    assert ok.tolist() == [True, False, True, True, True, True]


def test_each_source_is_scanned_once_for_both_quote_checks(monkeypatch):
    # "the quote is in its source" and "it occurs there once" count the same quotes in the
    # same texts: one Aho–Corasick scan of each source serves both
    from collections import Counter

    import ahocorasick

    from qcompare.data.loading import load

    real = ahocorasick.Automaton
    scans: list[str] = []

    class Counting:
        def __init__(self) -> None:
            self._automaton = real()

        def __getattr__(self, name: str):
            return getattr(self._automaton, name)

        def __len__(self) -> int:
            return len(self._automaton)

        def iter(self, text: str):
            scans.append(text)
            return self._automaton.iter(text)

    from qcompare.data.coverage import QuoteSpans

    spans: list[str] = []  # the exclusions' overlap check scans the sources too, on its own
    real_init = QuoteSpans.__init__

    def counting_init(self, text: str, *args, **kwargs) -> None:
        spans.append(text)
        real_init(self, text, *args, **kwargs)

    monkeypatch.setattr(ahocorasick, "Automaton", Counting)
    monkeypatch.setattr(QuoteSpans, "__init__", counting_init)
    ds = load(use_cache=False)
    by_quote_checks = Counter(scans) - Counter(spans)
    assert len(by_quote_checks) == ds.observations["source_id"].nunique()
    assert set(by_quote_checks.values()) == {1}
