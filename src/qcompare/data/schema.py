"""Declared schemas of the curated tables, checked with pandera.

Each table's columns, types and vocabularies are declared here once; cross-table rules
(foreign keys, quotes in their sources) are dataframe checks that name the column they
concern, so a failure becomes one line `file:row: column 'x': …`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pandas as pd
import pandera.pandas as pa

from qcompare.data import evidence, vocab

ID_PATTERN = r"^[a-z][a-z0-9_]*$"
SHA256_PATTERN = r"^[0-9a-f]{64}$"
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"


def _one_of(values: Iterable[str], what: str) -> pa.Check:
    values = list(values)
    return pa.Check.isin(values, error=f"unknown {what}; expected one of {', '.join(values)}")


def _key_of(ids: Iterable[str] | None, error: str) -> list[pa.Check]:
    """A foreign-key check, or none when the referenced table itself failed to load
    (its own problems are reported; a line per referring row would only bury them)."""
    return [] if ids is None else [pa.Check.isin(list(ids), error=error)]


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
        ],
        unique=["city_id"],
        report_duplicates="exclude_first",
        strict=True,
        ordered=False,
    )


def sources_schema(city_ids: Iterable[str] | None) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "source_id": _ident("source_id"),
            "file": _text(),
            "title_zh": _text(),
            "title_en": _text(),
            "issuer": _text(),
            "date": _text(
                pa.Check.str_matches(
                    DATE_PATTERN, error="not a date; expected YYYY, YYYY-MM or YYYY-MM-DD"
                )
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


def observations_schema(
    city_ids: Iterable[str] | None,
    indicator_ids: Iterable[str] | None,
    source_texts: dict[str, str | None] | None,
) -> pa.DataFrameSchema:
    """Schema of the observation files, validated together; `source_texts` maps each
    source_id to its document's text. `_source_file` (added by the loader) is the name of
    the file a row came from. A None argument means that table failed to load: its
    foreign key is then not checked."""
    known = source_texts or {}
    columns = evidence.SharedColumns()  # each column converted once for the three checks

    def quote_in_source(d: pd.DataFrame) -> pd.Series:
        c = columns.of(d)
        return pd.Series(evidence.quotes_in_sources(c["source_id"], c["quote"], known), d.index)

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
            "kind": _text(_one_of(vocab.KINDS, "kind")),
            "year": pa.Column(
                int,
                pa.Check.in_range(1990, 2050, error="implausible year; expected 1990–2050"),
                coerce=True,
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
            "source_id": _text(
                *_key_of(source_texts, "unknown source; expected a source_id of sources.csv")
            ),
            "quote": _text(),
            "note": _text(nullable=True),
            "_source_file": pa.Column(str),
        },
        checks=[
            _row_check(
                "source_id",
                "another source's row; observations/<source_id>.csv holds only that source's rows",
                lambda d: ~d["source_id"].isin(known) | d["source_id"].eq(d["_source_file"]),
            ),
            _row_check("quote", "not an exact substring of its source file", quote_in_source),
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


OBSERVATION_KEY = ["city_id", "indicator_id", "kind", "year"]
