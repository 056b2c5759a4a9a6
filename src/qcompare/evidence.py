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
    sources = source_ids.to_numpy(object)
    quote_list = quotes.tolist()
    ok = np.ones(len(quote_list), dtype=bool)
    order = np.argsort(sources, kind="stable")
    boundaries = np.flatnonzero(sources[order][1:] != sources[order][:-1]) + 1
    for rows in np.split(order, boundaries):
        if not len(rows):
            continue
        text = texts.get(sources[rows[0]])
        if text is None:
            continue
        wanted = {quote_list[i] for i in rows} - {""}
        if not wanted:
            continue
        automaton = ahocorasick.Automaton()
        for q in wanted:
            automaton.add_word(q, q)
        automaton.make_automaton()
        missing = wanted - {q for _, q in automaton.iter(text)}
        if missing:
            for i in rows:
                if quote_list[i] in missing:
                    ok[i] = False
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
    texts, quote_list = value_texts.tolist(), quotes.tolist()
    out = np.empty(len(quote_list), dtype=bool)
    for i, (t, q) in enumerate(zip(texts, quote_list, strict=True)):
        at = q.find(t)
        if at < 0:
            out[i] = q == ""
            continue
        end = at + len(t)
        glued = (t[:1] in _DIGITS and at > 0 and q[at - 1] in _DIGITS_DOT) or (
            t[-1:] in _DIGITS and end < len(q) and q[end] in _DIGITS_DOT
        )
        out[i] = not glued or _stands_in(t, q, at + 1)
    return out


_DIGITS = frozenset("0123456789０１２３４５６７８９")
_DIGITS_DOT = _DIGITS | {".", "．"}


def _stands_in(t: str, q: str, start: int = 0) -> bool:
    """Whether `t` occurs in `q` from `start` on, not glued to a digit on either side."""
    at = q.find(t, start)
    while at != -1:
        end = at + len(t)
        glued_before = t[:1] in _DIGITS and at > 0 and q[at - 1] in _DIGITS_DOT
        glued_after = t[-1:] in _DIGITS and end < len(q) and q[end] in _DIGITS_DOT
        if not glued_before and not glued_after:
            return True
        at = q.find(t, at + 1)
    return False
