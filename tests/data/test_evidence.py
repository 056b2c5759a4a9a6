import numpy as np
import pandas as pd

from qcompare.data.evidence import (
    quote_counts,
    quotes_in_sources,
    value_texts_in_quotes,
    values_stated,
)

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
    from types import SimpleNamespace

    import ahocorasick

    from qcompare.data import evidence, meaning
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

    counting = SimpleNamespace(Automaton=Counting)
    for module in (evidence, meaning):  # the modules of the quote checks (not the exclusions')
        if hasattr(module, "ahocorasick"):
            monkeypatch.setattr(module, "ahocorasick", counting)
    ds = load(use_cache=False)
    assert len(Counter(scans)) == ds.observations["source_id"].nunique()
    assert set(Counter(scans).values()) == {1}


def test_an_empty_source_holds_no_quote_and_counts_given_are_used():
    texts = {"e": "", "s": "98 and 98"}
    sources, quotes = S(["e", "e", "s", "s"]), S(["98", "", "98", "99"])
    assert quotes_in_sources(sources, quotes, texts).tolist() == [False, True, True, False]
    counts = quote_counts(sources, quotes, texts)
    assert counts.tolist() == [0, 0, 2, 0]
    given = quotes_in_sources(sources, quotes, texts, counts=counts)
    assert given.tolist() == quotes_in_sources(sources, quotes, texts).tolist()
    # the counts given are the ones used: a quote said to occur is in its source
    assert quotes_in_sources(sources, quotes, texts, counts=np.array([1, 0, 0, 0]))[0]


def test_a_missing_quote_counts_zero_not_another_quotes_count():
    counts = quote_counts(
        np.array(["s", "s"], dtype=object), np.array(["98", None], dtype=object), {"s": "98 98 98"}
    )
    assert counts.tolist() == [3, 0]
