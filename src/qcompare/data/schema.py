"""Declared schemas of the curated tables, checked with pandera.

Each table's columns, types and vocabularies are declared here once; cross-table rules
(foreign keys, quotes in their sources) are dataframe checks that name the column they
concern, so a failure becomes one line `file:row: column 'x': …`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pandas as pd
import pandera.pandas as pa

from qcompare.data import evidence, meaning, vocab

ID_PATTERN = r"^[a-z][a-z0-9_]*$"
SHA256_PATTERN = r"^[0-9a-f]{64}$"
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"


def _one_of(values: Iterable[str], what: str) -> pa.Check:
    values = list(values)
    return pa.Check.isin(values, error=f"unknown {what}; expected one of {', '.join(values)}")


def _key_of(ids: Iterable[str] | None, error: str, allow_empty: bool = False) -> list[pa.Check]:
    """A foreign-key check, or none when the referenced table itself failed to load
    (its own problems are reported; a line per referring row would only bury them)."""
    if ids is None:
        return []
    return [pa.Check.isin([*([""] if allow_empty else []), *ids], error=error)]


def _text(*checks: pa.Check, nullable: bool = False) -> pa.Column:
    required = [] if nullable else [pa.Check(lambda s: s != "", error="empty; a value is required")]
    return pa.Column(str, checks=[*required, *checks], nullable=nullable)


def _ident(what: str) -> pa.Column:
    return _text(
        pa.Check.str_matches(ID_PATTERN, error=f"not a valid {what} (ascii snake_case expected)")
    )


def _row_check(column: str, error: str, test: Callable[[pd.DataFrame], pd.Series]) -> pa.Check:
    """A dataframe-level check whose failures are reported against `column`."""
    return pa.Check(test, error=f"{column}|{error}")


def cities_schema() -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "city_id": _ident("city_id"),
            "name_zh": _text(),
            "name_en": _text(),
            "admin_level": _text(_one_of(vocab.ADMIN_LEVELS, "admin_level")),
            "parent_id": _text(nullable=True),
            "province": _text(),
        },
        checks=[
            _row_check(
                "parent_id",
                "unknown parent city; expected a city_id of this table",
                lambda d: d["parent_id"].eq("") | d["parent_id"].isin(d["city_id"]),
            ),
            *tree_checks(),
        ],
        unique=["city_id"],
        report_duplicates="exclude_first",
        strict=True,
        ordered=False,
    )


# --- the city hierarchy as a tree (issue 14) -------------------------------------------------


def tree_checks() -> list[pa.Check]:
    """cities.csv is a tree: no city is its own parent, a parent is a prefecture, and
    following parents never comes back to where it started."""

    def parents(d: pd.DataFrame) -> dict[str, str]:
        return {c: p for c, p in zip(d["city_id"], d["parent_id"].fillna(""), strict=True) if p}

    def in_cycle(d: pd.DataFrame) -> pd.Series:
        up = parents(d)
        cyclic = set()
        for start in up:
            seen, city = [], start
            while city in up and city not in seen:
                seen.append(city)
                city = up[city]
            if city == start:
                cyclic.add(start)
        return ~d["city_id"].isin(cyclic)

    def parent_is_prefecture(d: pd.DataFrame) -> pd.Series:
        level = dict(zip(d["city_id"], d["admin_level"], strict=True))
        parent = d["parent_id"].fillna("")
        known = parent.isin(list(level))
        return parent.eq("") | ~known | parent.map(level).eq("prefecture")

    return [
        _row_check(
            "parent_id",
            "a city cannot be its own parent; leave parent_id empty for a prefecture",
            lambda d: d["parent_id"].fillna("").ne(d["city_id"]),
        ),
        _row_check(
            "parent_id",
            "the parent is not a prefecture; parent_id names the prefecture of a county-level city",
            parent_is_prefecture,
        ),
        _row_check(
            "parent_id",
            "parent cycle: following parent_id leads back to this city; the hierarchy must be "
            "a tree",
            lambda d: in_cycle(d) | d["parent_id"].fillna("").eq(d["city_id"]),
        ),
    ]


# --- sources: real dates, files inside data/raw (issue 14) -----------------------------------


def real_dates(dates: pd.Series) -> pd.Series:
    """True where a YYYY, YYYY-MM or YYYY-MM-DD date exists in the calendar (2021-13-01 and
    2021-02-30 do not); malformed dates are reported by the pattern check."""
    import datetime

    def real(text: str) -> bool:
        parts = str(text).split("-")
        if not all(p.isdigit() for p in parts) or not 1 <= len(parts) <= 3:
            return True  # not the pattern: reported by the pattern check
        numbers = [int(p) for p in parts] + [1] * (3 - len(parts))
        try:
            datetime.date(*numbers)
        except ValueError:
            return False
        return True

    return dates.map(real).astype(bool)


def inside_raw(files: pd.Series) -> pd.Series:
    """True where a source file path stays inside data/raw: relative, POSIX, without '..'
    (a symlink pointing out is caught when the file is read)."""
    from pathlib import PurePosixPath, PureWindowsPath

    def inside(text: str) -> bool:
        text = str(text)
        if "\\" in text or PureWindowsPath(text).drive or text.startswith("~"):
            return False
        path = PurePosixPath(text)
        return not path.is_absolute() and ".." not in path.parts and text.strip() != ""

    return files.map(inside).astype(bool)


def sources_schema(city_ids: Iterable[str] | None) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "source_id": _ident("source_id"),
            "file": _text(
                pa.Check(
                    inside_raw,
                    error="not a path inside data/raw; expected a relative path such as "
                    "sources/NAME.txt (no '..', not absolute)",
                )
            ),
            "title_zh": _text(),
            "title_en": _text(),
            "issuer": _text(),
            "date": _text(
                pa.Check.str_matches(
                    DATE_PATTERN, error="not a date; expected YYYY, YYYY-MM or YYYY-MM-DD"
                ),
                pa.Check(
                    real_dates,
                    error="not a real date: the month must be 01–12 and the day exist in it",
                ),
            ),
            "city_id": _text(*_key_of(city_ids, "unknown city; expected a city_id of cities.csv")),
            "kind": _text(_one_of(vocab.SOURCE_KINDS, "source kind")),
            "sha256": _text(
                pa.Check.str_matches(
                    SHA256_PATTERN, error="not a sha256; expected 64 lowercase hex digits"
                )
            ),
        },
        unique=["source_id"],
        report_duplicates="exclude_first",
        strict=True,
        ordered=False,
    )


def indicators_schema() -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "indicator_id": _ident("indicator_id"),
            "name_zh": _text(),
            "name_en": _text(),
            "unit": _text(),
            "unit_zh": _text(),
            "direction": _text(_one_of(vocab.DIRECTIONS, "direction")),
            "theme": _text(_one_of(vocab.THEMES, "theme")),
            "measure": _text(_one_of(vocab.MEASURES, "measure")),
            "family": _text(
                pa.Check.str_matches(
                    ID_PATTERN, error="not a valid family (ascii snake_case expected)"
                )
            ),
            "definition_en": _text(),
        },
        unique=["indicator_id"],
        report_duplicates="exclude_first",
        strict=True,
        ordered=False,
    )


def areas_schema(city_ids: Iterable[str] | None) -> pa.DataFrameSchema:
    """The catalog of areas: each city's whole area (area_id = city_id) and its parts."""
    return pa.DataFrameSchema(
        {
            "area_id": _ident("area_id"),
            "city_id": _text(*_key_of(city_ids, "unknown city; expected a city_id of cities.csv")),
            "name_zh": _text(),
            "name_en": _text(),
            "scope": _text(_one_of(vocab.AREA_SCOPES, "scope")),
            "definition_en": _text(),
        },
        checks=[
            _row_check(
                "area_id",
                "a whole-area row's area_id must be its city_id",
                lambda d: d["scope"].ne("whole") | d["area_id"].eq(d["city_id"]),
            ),
        ],
        unique=["area_id"],
        report_duplicates="exclude_first",
        strict=True,
        ordered=False,
    )


def exclusions_schema(
    source_texts: dict[str, str | None] | None,
    quotes: dict[str, list[str]] | None = None,
) -> pa.DataFrameSchema:
    """Schema of the exclusion files: numbers of a source that are not observations.
    `quotes` maps each source_id to its observations' quotes; a passage may not overlap any
    occurrence of any of them (None: observations failed to load, overlap not checked)."""
    from qcompare.data.coverage import QuoteSpans, overlapping

    known = source_texts or {}

    def passage_in_source(d: pd.DataFrame) -> pd.Series:
        return pd.Series(
            [
                known.get(s) is None or p == "" or p in known[s]
                for s, p in zip(d["source_id"], d["passage"], strict=True)
            ],
            d.index,
        )

    def no_overlap(d: pd.DataFrame) -> pd.Series:
        if quotes is None:
            return pd.Series(True, d.index)
        spans: dict[str, QuoteSpans] = {}  # each source's quote occurrences, found once
        ok = []
        for s, p in zip(d["source_id"], d["passage"], strict=True):
            if not known.get(s) or not p or p not in known[s]:
                ok.append(True)
                continue
            if s not in spans:
                spans[s] = QuoteSpans(known[s], quotes.get(s, ()))
            ok.append(overlapping(known[s], p, spans[s]) is None)
        return pd.Series(ok, d.index)

    return pa.DataFrameSchema(
        {
            "source_id": _text(
                *_key_of(source_texts, "unknown source; expected a source_id of sources.csv")
            ),
            "passage": _text(),
            "reason": _text(_one_of(vocab.EXCLUSION_REASONS, "reason")),
            "note": _text(nullable=True),
            "_source_file": pa.Column(str),
        },
        checks=[
            _row_check(
                "source_id",
                "another source's row; exclusions/<source_id>.csv holds only that source's rows",
                lambda d: ~d["source_id"].isin(known) | d["source_id"].eq(d["_source_file"]),
            ),
            _row_check("passage", "not an exact substring of its source file", passage_in_source),
            _row_check(
                "passage",
                "overlaps the quote of an observation of this source; an excluded passage "
                "must lie outside every occurrence of every quote",
                no_overlap,
            ),
        ],
        strict=True,
        ordered=False,
    )


def _period_checks() -> list[pa.Check]:
    """Checks of period_start/period_end against each other and the row's year."""

    def both_or_neither(d: pd.DataFrame) -> pd.Series:
        return d["period_start"].fillna("").eq("") == d["period_end"].fillna("").eq("")

    def well_formed(d: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
        start = d["period_start"].fillna("")
        end = d["period_end"].fillna("")
        return start.str.match(MONTH_PATTERN), end.str.match(MONTH_PATTERN)

    def ordered(d: pd.DataFrame) -> pd.Series:
        s_ok, e_ok = well_formed(d)
        return ~(s_ok & e_ok) | (d["period_start"] <= d["period_end"])

    def contains_year(d: pd.DataFrame) -> pd.Series:
        s_ok, e_ok = well_formed(d)
        year = pd.to_numeric(d["year"], errors="coerce")
        start_y = pd.to_numeric(d["period_start"].str[:4], errors="coerce")
        end_y = pd.to_numeric(d["period_end"].str[:4], errors="coerce")
        return ~(s_ok & e_ok) | year.isna() | ((start_y <= year) & (year <= end_y))

    return [
        _row_check(
            "period_end",
            "period_start and period_end go together: give both (YYYY-MM) or neither",
            both_or_neither,
        ),
        _row_check("period_end", "ends before its period_start; expected end >= start", ordered),
        _row_check(
            "period_end",
            "the period does not contain the row's year (year = the period's end year)",
            contains_year,
        ),
    ]


def observations_schema(
    city_ids: Iterable[str] | None,
    indicator_ids: Iterable[str] | None,
    source_texts: dict[str, str | None] | None,
    area_cities: dict[str, str] | None = None,
    indicator_units: dict[str, str] | None = None,
) -> pa.DataFrameSchema:
    """Schema of the observation files, validated together; `source_texts` maps each
    source_id to its document's text, `area_cities` each area_id to its city. `_source_file`
    (added by the loader) is the name of the file a row came from, `indicator_units` each
    indicator_id to its unit_zh (for the scale check). A None argument means that table
    failed to load: its foreign key is then not checked."""
    known = source_texts or {}
    columns = evidence.SharedColumns()  # columns and quote counts, once for all the checks

    def quote_in_source(d: pd.DataFrame) -> pd.Series:
        c = columns.of(d)
        found = evidence.quotes_in_sources(
            c["source_id"], c["quote"], known, counts=c.quote_counts(known)
        )
        return pd.Series(found, d.index)

    def value_in_value_text(d: pd.DataFrame) -> pd.Series:
        c = columns.of(d)
        return pd.Series(evidence.values_stated(d["value"], c["value_text"]), d.index)

    def value_text_in_quote(d: pd.DataFrame) -> pd.Series:
        c = columns.of(d)
        return pd.Series(evidence.value_texts_in_quotes(c["value_text"], c["quote"]), d.index)

    return pa.DataFrameSchema(
        {
            "city_id": _text(
                *_key_of(city_ids, f"unknown city; expected one of {', '.join(city_ids or [])}")
            ),
            "indicator_id": _text(
                *_key_of(
                    indicator_ids, "unknown indicator; expected an indicator_id of indicators.csv"
                )
            ),
            "area_id": _text(
                *_key_of(
                    area_cities,
                    "unknown area; expected an area_id of areas.csv (or empty for the "
                    "city's whole area)",
                    allow_empty=True,
                ),
                nullable=True,
            ),
            "kind": _text(_one_of(vocab.KINDS, "kind")),
            "year": pa.Column(
                int,
                pa.Check.in_range(1990, 2050, error="implausible year; expected 1990–2050"),
                coerce=True,
            ),
            "period_start": _text(
                pa.Check.str_matches(
                    r"^$|" + MONTH_PATTERN, error="not a month; expected YYYY-MM (e.g. 2023-01)"
                ),
                nullable=True,
            ),
            "period_end": _text(
                pa.Check.str_matches(
                    r"^$|" + MONTH_PATTERN, error="not a month; expected YYYY-MM (e.g. 2023-11)"
                ),
                nullable=True,
            ),
            "comparator": _text(
                pa.Check.isin(
                    ["", *vocab.COMPARATORS],
                    error="unknown comparator; expected one of >=, <=, =, ~ "
                    "(or empty for a non-numeric value)",
                ),
                nullable=True,
            ),
            "value": pa.Column(float, nullable=True, coerce=True),
            "value_text": _text(),
            "trend": _text(
                pa.Check.isin(
                    ["", *vocab.TRENDS],
                    error=f"unknown trend; expected one of {', '.join(vocab.TRENDS)} (or empty)",
                ),
                nullable=True,
            ),
            "source_id": _text(
                *_key_of(source_texts, "unknown source; expected a source_id of sources.csv")
            ),
            "quote": _text(),
            "note": _text(nullable=True),
            "_source_file": pa.Column(str),
        },
        checks=[
            *_period_checks(),
            *meaning_checks(known, indicator_units, columns),
            _row_check(
                "area_id",
                "an area of another city; an observation's area must belong to its city_id",
                lambda d: (
                    d["area_id"].fillna("").eq("")
                    | ~d["area_id"].isin(list(area_cities or {}))
                    | d["area_id"].map(area_cities or {}).eq(d["city_id"])
                ),
            ),
            _row_check(
                "source_id",
                "another source's row; observations/<source_id>.csv holds only that source's rows",
                lambda d: ~d["source_id"].isin(known) | d["source_id"].eq(d["_source_file"]),
            ),
            _row_check("quote", QUOTE_NOT_FOUND, quote_in_source),
            _row_check(
                "value",
                "not the number its value_text states (as written, or scaled by 万/亿)",
                value_in_value_text,
            ),
            _row_check(
                "value_text",
                "not found verbatim in the quote (as a whole number)",
                value_text_in_quote,
            ),
            _row_check(
                "comparator",
                "a numeric value needs a comparator, a non-numeric one must have none",
                lambda d: (
                    pd.to_numeric(d["value"], errors="coerce").isna()
                    == d["comparator"].fillna("").eq("")
                ),
            ),
        ],
        strict=True,
        ordered=False,
    )


QUOTE_NOT_FOUND = "not an exact substring of its source file"


# --- meaning (issue 14): comparator, scale, dropped numbers, ambiguous quotes -------------

COMPARATOR_CONTRADICTS = (
    "contradicts its value_text: a floor (≥, 以上, 不低于 …) takes >=, a ceiling "
    "(≤, 以下, 不超过 …) takes <="
)
SCALE_MISMATCH = (
    "the wrong scale for the indicator's unit: value_text counts in 万/亿, the unit may too "
    "(1万件 is 1 in 万件, 10000 in 件)"
)
NUMBER_DROPPED = (
    "states a number, but value and comparator are empty; give them (a non-numeric "
    "target's value_text states none, or a range such as 1-3)"
)
AMBIGUOUS_QUOTE = (
    "occurs more than once in its source file (ambiguous evidence); quote a longer passage "
    "that occurs once"
)


def meaning_checks(
    texts: dict[str, str | None],
    indicator_units: dict[str, str] | None,
    columns: evidence.SharedColumns | None = None,
) -> list[pa.Check]:
    """Checks that an observation means what its value_text and quote say (qcompare.data.
    meaning); the scale check needs the catalog's units (none when it failed to load).
    `columns` shares the quotes' counts with the quote-in-source check."""
    columns = columns or evidence.SharedColumns()

    def scale(d: pd.DataFrame) -> pd.Series:
        ids = pd.Series(d["indicator_id"].to_numpy(dtype=object), d.index, dtype=object)
        units = ids.map(indicator_units or {}).astype(object)
        units = units.where(units.notna(), "")  # an unknown id: no unit, so no scale check
        return pd.Series(meaning.scales_agree(d["value"], d["value_text"], units), d.index)

    def unique_quote(d: pd.DataFrame) -> pd.Series:
        return pd.Series(columns.of(d).quote_counts(texts) <= 1, d.index)

    return [
        _row_check(
            "comparator",
            COMPARATOR_CONTRADICTS,
            lambda d: pd.Series(
                meaning.comparators_agree(d["comparator"], d["value_text"]), d.index
            ),
        ),
        _row_check("value", SCALE_MISMATCH, scale),
        _row_check(  # reported on value_text: pandera drops the empty value's failure case
            "value_text",
            NUMBER_DROPPED,
            lambda d: pd.Series(
                meaning.numbers_kept(d["value"], d["comparator"], d["value_text"]), d.index
            ),
        ),
        _row_check("quote", AMBIGUOUS_QUOTE, unique_quote),
    ]


OBSERVATION_KEY = [
    "city_id",
    "indicator_id",
    "area_id",
    "kind",
    "year",
    "period_start",
    "period_end",
]
