"""Checks that tie each observation to its evidence: the quote is in the source document,
the value_text is in the quote, and the value is the number the value_text states.

Each check works on whole columns and does the expensive part once per distinct input
(one Aho–Corasick pass per source document; one number parse per distinct value_text),
so validation stays fast at hundreds of thousands of rows.
"""

from __future__ import annotations

import unicodedata
import weakref
from collections.abc import Mapping

import ahocorasick
import numpy as np
import pandas as pd
from numpy.dtypes import StringDType

from qcompare.data.numbers import states_value


class SharedColumns:
    """What the checks of one frame share, computed once for it: its text columns as numpy
    object arrays (a conversion costs as much as a check at scale) and its quotes' counts in
    their sources (`_Columns.quote_counts`)."""

    def __init__(self) -> None:
        self._frame: weakref.ref | None = None  # weak: the schema must not keep frames alive
        self._arrays: dict[str, np.ndarray] = {}

    def of(self, frame: pd.DataFrame) -> _Columns:
        if self._frame is None or self._frame() is not frame:
            self._frame, self._arrays = weakref.ref(frame), {}
            weakref.finalize(frame, self._arrays.clear)  # free the arrays with the frame
        return _Columns(frame, self._arrays)


class _Columns:
    def __init__(self, frame: pd.DataFrame, arrays: dict[str, np.ndarray]) -> None:
        self._frame, self._arrays = frame, arrays

    def __getitem__(self, column: str) -> np.ndarray:
        if column not in self._arrays:
            self._arrays[column] = self._frame[column].to_numpy(dtype=object)
        return self._arrays[column]

    def quote_counts(self, texts: Mapping[str, str | None]) -> np.ndarray:
        """`quote_counts` of the frame's rows in `texts`, counted once for the checks that
        need them (one count per mapping: a check with other texts gets its own)."""
        key = f"__quote_counts__:{id(texts)}"  # no column has such a name
        if key not in self._arrays:
            self._arrays[key] = quote_counts(self["source_id"], self["quote"], texts)
        return self._arrays[key]


def _objects(values: pd.Series | np.ndarray) -> np.ndarray:
    return values if isinstance(values, np.ndarray) else values.to_numpy(dtype=object)


def quote_counts(
    source_ids: pd.Series | np.ndarray,
    quotes: pd.Series | np.ndarray,
    texts: Mapping[str, str | None],
) -> np.ndarray:
    """How many times each row's quote occurs in its source (overlapping occurrences count;
    0 where the source or quote is unknown or empty). One Aho–Corasick pass per source: the
    automaton of that source's distinct quotes finds them all in a single scan of its text."""
    quote_arr = _objects(quotes)
    source_arr = _objects(source_ids)
    counts = np.zeros(len(quote_arr), dtype=np.int64)
    frame = pd.DataFrame({"s": source_arr, "q": quote_arr})
    for sid, rows in frame.groupby("s", sort=False).indices.items():
        text = texts.get(sid)
        if not text:
            continue
        codes, distinct = pd.factorize(quote_arr[rows])
        automaton = ahocorasick.Automaton()
        for i, q in enumerate(distinct):
            if q:
                automaton.add_word(q, i)
        if not len(automaton):
            continue
        automaton.make_automaton()
        found = np.bincount(
            np.fromiter((i for _, i in automaton.iter(text)), dtype=np.int64),
            minlength=len(distinct),
        )
        counts[rows] = np.where(codes >= 0, found[np.maximum(codes, 0)], 0)  # a missing quote: 0
    return counts


def quotes_in_sources(
    source_ids: pd.Series | np.ndarray,
    quotes: pd.Series | np.ndarray,
    texts: Mapping[str, str | None],
    counts: np.ndarray | None = None,
) -> np.ndarray:
    """True where the quote is an exact substring of its source's text (or cannot be
    checked here: unknown source, missing file, empty quote — reported elsewhere). `counts`
    are the rows' `quote_counts` when the caller has them (the "occurs once" check counts the
    same quotes in the same texts)."""
    quote_arr = _objects(quotes)
    codes, sources = pd.factorize(_objects(source_ids), use_na_sentinel=False)
    has_text = np.array([texts.get(s) is not None for s in sources], dtype=bool)[codes]
    counts = quote_counts(source_ids, quote_arr, texts) if counts is None else counts
    return (counts > 0) | (quote_arr == "") | ~has_text


def values_stated(values: pd.Series, value_texts: pd.Series | np.ndarray) -> np.ndarray:
    """True where the value is a number its value_text states (as written, with 万/亿, in
    full-width digits or Chinese numerals), or where there is no value."""
    frame = pd.DataFrame(
        {"v": pd.to_numeric(values, errors="coerce").to_numpy(), "t": _objects(value_texts)}
    )
    pairs = frame.dropna(subset=["v"]).drop_duplicates()
    bad = {(v, t) for v, t in zip(pairs["v"], pairs["t"], strict=True) if not states_value(t, v)}
    if not bad:
        return np.ones(len(frame), dtype=bool)
    keys = pd.Series(list(zip(frame["v"], frame["t"], strict=True)))
    return ~keys.isin(bad).to_numpy()


def value_texts_in_quotes(
    value_texts: pd.Series | np.ndarray, quotes: pd.Series | np.ndarray
) -> np.ndarray:
    """True where the value_text stands in the quote as a whole number: not glued to a
    digit before or after it (so "6" is not found in "96"). Vectorised with numpy's string
    functions; only the rare rows whose first occurrence is glued are searched further."""
    q = _objects(quotes).astype(StringDType())
    t = _objects(value_texts).astype(StringDType())
    at = np.strings.find(q, t)
    found = at >= 0
    start = np.where(found, at, 0)
    end = start + np.strings.str_len(t)
    before = np.strings.slice(q, np.maximum(start - 1, 0), start)
    after = np.strings.slice(q, end, end + 1)
    first = np.strings.slice(t, 0, 1)
    last = np.strings.slice(t, np.maximum(np.strings.str_len(t) - 1, 0), None)
    glued = found & (
        (np.strings.isdigit(first) & _digit_or_dot(before))
        | (np.strings.isdigit(last) & _digit_or_dot(after))
    )
    ok = (found & ~glued) | (q == "")
    for i in np.flatnonzero(glued):  # a later occurrence may stand alone
        ok[i] = _stands_in(str(t[i]), str(q[i]), int(at[i]) + 1)
    return ok


def _digit_or_dot(chars: np.ndarray) -> np.ndarray:
    return np.strings.isdigit(chars) | (chars == ".") | (chars == "．")


def _digit_or_dot_char(ch: str) -> bool:
    return ch.isdigit() or ch in ".．"


def _stands_in(t: str, q: str, start: int = 0) -> bool:
    """Whether `t` occurs in `q` from `start` on, not glued to a digit on either side (the
    same test as the vectorised path: `str.isdigit`, or a dot)."""
    at = q.find(t, start)
    while at != -1:
        end = at + len(t)
        glued_before = t[:1].isdigit() and at > 0 and _digit_or_dot_char(q[at - 1])
        glued_after = t[-1:].isdigit() and end < len(q) and _digit_or_dot_char(q[end])
        if not glued_before and not glued_after:
            return True
        at = q.find(t, at + 1)
    return False


# --- where a quote that is not in its source diverges from it (issue 14) ------------------


def closest_passage(quote: str, text: str) -> tuple[int, str]:
    """The passage of `text` most like `quote` and the offset where it starts: rapidfuzz's
    best partial alignment locates it, then the characters that match (difflib) align its
    start and end with the quote's, so a differing first or last character stays inside."""
    import difflib

    from rapidfuzz import fuzz

    align = fuzz.partial_ratio_alignment(quote, text)
    margin = len(quote) // 2 + 4
    lo, hi = max(0, align.dest_start - margin), min(len(text), align.dest_end + margin)
    window = text[lo:hi]
    blocks = [
        b
        for b in difflib.SequenceMatcher(None, quote, window, autojunk=False).get_matching_blocks()
        if b.size
    ]
    if not blocks:
        return align.dest_start, text[align.dest_start : align.dest_end]
    first, last = blocks[0], blocks[-1]
    start = max(0, first.b - first.a)
    end = min(len(window), last.b + last.size + (len(quote) - last.a - last.size))
    return lo + start, window[start:end]


_CONTROL_NAMES = {"\t": "CHARACTER TABULATION", "\n": "LINE FEED", "\r": "CARRIAGE RETURN"}


def _describe(ch: str) -> str:
    name = _CONTROL_NAMES.get(ch) or unicodedata.name(ch, "unnamed character")
    shown = ch if ch.isprintable() and not ch.isspace() else ""
    return f"{shown!r} (U+{ord(ch):04X} {name})" if shown else f"U+{ord(ch):04X} {name}"


def first_difference(quote: str, passage: str) -> str:
    """The first character where the quote and the passage part, named by code point and
    Unicode name: `the quote has '「' (U+300C LEFT CORNER BRACKET) where the source has '“'
    (U+201C LEFT DOUBLE QUOTATION MARK)`."""
    import difflib

    matcher = difflib.SequenceMatcher(None, quote, passage, autojunk=False)
    for op, i1, _i2, j1, _j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        at = f"at character {i1 + 1} of the quote"
        if op == "replace":
            return f"{at}: the quote has {_describe(quote[i1])} where the source has " + (
                _describe(passage[j1])
            )
        if op == "delete":
            return f"{at}: the quote has {_describe(quote[i1])}, which the source lacks there"
        return f"{at}: the source has {_describe(passage[j1])}, which the quote lacks"
    return "the quote matches the passage"


def mismatch_hint(quote: str, text: str) -> str:
    """One clause for a problem line: the closest passage (with its line in the source) and
    the first character where the quote differs from it."""
    if not quote:
        return "the quote is empty"
    start, passage = closest_passage(quote, text)
    line = text.count("\n", 0, start) + 1
    shown = passage if len(passage) <= 60 else passage[:59] + "…"
    return f"closest passage (source line {line}): {shown!r}; {first_difference(quote, passage)}"
