"""Checks that tie each observation to its evidence: the quote is in the source document,
the value_text is in the quote, and the value is the number the value_text states.

Each check works on whole columns and does the expensive part once per distinct input
(one Aho–Corasick pass per source document; one number parse per distinct value_text),
so validation stays fast at hundreds of thousands of rows.
"""

from __future__ import annotations

from collections.abc import Mapping

import ahocorasick
import numpy as np
import pandas as pd

from qcompare.numbers import states_value


def quotes_in_sources(
    source_ids: pd.Series, quotes: pd.Series, texts: Mapping[str, str | None]
) -> np.ndarray:
    """True where the quote is an exact substring of its source's text (or cannot be
    checked here: unknown source, missing file, empty quote — reported elsewhere)."""
    ok = np.ones(len(quotes), dtype=bool)
    frame = pd.DataFrame({"s": source_ids.to_numpy(object), "q": quotes.to_numpy(object)})
    for source_id, group in frame.groupby("s", sort=False):
        text = texts.get(source_id)
        if text is None:
            continue
        wanted = [q for q in pd.unique(group["q"]) if q]
        if not wanted:
            continue
        automaton = ahocorasick.Automaton()
        for q in wanted:
            automaton.add_word(q, q)
        automaton.make_automaton()
        found = {q for _, q in automaton.iter(text)}
        missing = group["q"].ne("") & ~group["q"].isin(found)
        ok[group.index[missing.to_numpy()]] = False
    return ok


def values_stated(values: pd.Series, value_texts: pd.Series) -> np.ndarray:
    """True where the value is a number its value_text states (as written, with 万/亿, in
    full-width digits or Chinese numerals), or where there is no value."""
    frame = pd.DataFrame(
        {"v": pd.to_numeric(values, errors="coerce"), "t": value_texts.to_numpy(object)}
    )
    pairs = frame.dropna(subset=["v"]).drop_duplicates()
    bad = {(v, t) for v, t in zip(pairs["v"], pairs["t"], strict=True) if not states_value(t, v)}
    if not bad:
        return np.ones(len(frame), dtype=bool)
    keys = pd.Series(list(zip(frame["v"], frame["t"], strict=True)))
    return ~keys.isin(bad).to_numpy()


def value_texts_in_quotes(value_texts: pd.Series, quotes: pd.Series) -> np.ndarray:
    """True where the value_text stands in the quote as a whole number: not glued to a
    digit before or after it (so "6" is not found in "96")."""
    out = np.empty(len(quotes), dtype=bool)
    for i, (t, q) in enumerate(zip(value_texts.tolist(), quotes.tolist(), strict=True)):
        out[i] = q == "" or _stands_in(t, q)
    return out


def _stands_in(t: str, q: str) -> bool:
    start = q.find(t)
    while start != -1:
        before = q[start - 1] if start else ""
        after = q[start + len(t)] if start + len(t) < len(q) else ""
        glued_before = t[:1].isdigit() and (before.isdigit() or before == ".")
        glued_after = t[-1:].isdigit() and (after.isdigit() or after == ".")
        if not glued_before and not glued_after:
            return True
        start = q.find(t, start + 1)
    return False
