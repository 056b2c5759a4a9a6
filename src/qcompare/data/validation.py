"""Validate the curated CSVs of data/raw and return them as a Dataset.

Read inputs → check each table against its declared schema (qcompare.data.schema) → check what
spans tables (source files and hashes, the observation key across files). Every problem is
collected, so one run tells a curator everything that is wrong.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from qcompare.data import schema
from qcompare.data.dataset import Dataset
from qcompare.data.errors import InvalidInput, Problem
from qcompare.data.reading import LINES, file_row, read_many, read_table

OBSERVATION_COLUMNS = [
    "city_id",
    "indicator_id",
    "area_id",
    "kind",
    "year",
    "period_start",
    "period_end",
    "comparator",
    "value",
    "value_text",
    "trend",
    "source_id",
    "quote",
    "note",
]
# columns the Dataset adds to each observation (filled defaults, derived flags)
DERIVED_OBSERVATION_COLUMNS = ["partial_year"]
EXCLUSION_COLUMNS = ["source_id", "passage", "reason", "note"]


def validate(raw: Path) -> Dataset:
    """Read and validate the curated data in `raw`; raise InvalidInput listing every problem."""
    if not Path(raw).is_dir():
        what = "not a folder" if Path(raw).exists() else "no such folder"
        raise InvalidInput(
            [
                Problem(
                    str(raw),
                    None,
                    None,
                    f"{what}; expected the curated data folder (cities.csv, sources.csv, "
                    "indicators.csv, observations/), e.g. data/raw",
                )
            ]
        )
    problems: list[Problem] = []

    cities = _validated(raw / "cities.csv", "cities.csv", schema.cities_schema, problems)
    city_ids = _ids(cities, "city_id")
    sources = _validated(
        raw / "sources.csv", "sources.csv", lambda: schema.sources_schema(city_ids), problems
    )
    indicators = _validated(
        raw / "indicators.csv", "indicators.csv", schema.indicators_schema, problems
    )
    areas = _validated(
        raw / "areas.csv", "areas.csv", lambda: schema.areas_schema(city_ids), problems
    )
    area_cities = (
        None if areas is None else dict(zip(areas["area_id"], areas["city_id"], strict=True))
    )
    source_texts = _source_texts(raw, sources, problems)
    units = (
        None
        if indicators is None
        else dict(zip(indicators["indicator_id"], indicators["unit_zh"], strict=True))
    )

    n_before = len(problems)
    observations = _observations(
        raw / "observations",
        lambda: schema.observations_schema(
            city_ids, _ids(indicators, "indicator_id"), source_texts, area_cities, units
        ),
        problems,
        explain=lambda obs: observation_details(obs, units, source_texts),
    )
    quotes = (
        None
        if len(problems) > n_before
        else {s: g.tolist() for s, g in observations.groupby("source_id")["quote"]}
    )
    exclusions = _exclusions(
        raw / "exclusions", lambda: schema.exclusions_schema(source_texts, quotes), problems
    )

    if problems:
        raise InvalidInput(problems)
    for table in (cities, sources, indicators, areas):
        table.attrs.pop(LINES, None)  # reading detail, not part of the dataset
    return Dataset(
        cities=cities,
        sources=sources,
        indicators=indicators,
        observations=observations,
        raw_dir=raw,
        source_texts=source_texts,
        areas=areas,
        exclusions=exclusions,
    )


# --- one table ----------------------------------------------------------------------------


def _validated(path: Path, label: str, make_schema, problems: list[Problem]) -> pd.DataFrame | None:
    frame, read_problems = read_table(path, label)
    problems.extend(read_problems)
    if frame is None:
        return None
    lines = frame.attrs.pop(LINES, None)  # editor line of each row, for problem lines
    try:
        validated = make_schema().validate(frame, lazy=True)
        validated.attrs[LINES] = lines  # kept for the checks that span tables; popped after
        return validated
    except pa.errors.SchemaErrors as err:
        found = _problems_from(err.failure_cases, lambda i: (label, file_row(i, lines)))
        problems.extend(
            found or [Problem(label, None, None, f"validation failed: {str(err).splitlines()[0]}")]
        )
        return None


def _observations(folder: Path, make_schema, problems: list[Problem], explain=None) -> pd.DataFrame:
    """All observation files, validated as one frame (one pass of the schema, however many
    files), then checked for the key across files."""
    files = sorted(folder.glob("*.csv")) if folder.is_dir() else []
    if not files:
        problems.append(
            Problem(
                "observations/",
                None,
                None,
                "no observation files; expected observations/<source_id>.csv",
            )
        )
        return pd.DataFrame(columns=OBSERVATION_COLUMNS + DERIVED_OBSERVATION_COLUMNS)
    obs_schema = make_schema()
    batches, read_problems = read_many(files, [f"observations/{f.name}" for f in files])
    problems.extend(read_problems)
    kept = []
    for batch in batches:  # files share a header: check each distinct header once
        header_problems = _header_problems(obs_schema, tuple(batch.frame.columns))
        for label in pd.unique(batch.labels) if header_problems else []:
            problems.extend(replace(p, file=label) for p in header_problems)
        if not header_problems:
            kept.append(batch)
    if not kept:
        return pd.DataFrame(columns=OBSERVATION_COLUMNS + DERIVED_OBSERVATION_COLUMNS)
    frames = [b.frame.assign(_source_file=b.stems) for b in kept]
    obs = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
    obs = _prepare_observations(obs)
    where_label = np.concatenate([b.labels for b in kept])
    where_row = np.concatenate([b.rows for b in kept])
    prepared = obs
    try:
        obs = obs_schema.validate(obs, lazy=True)
    except pa.errors.SchemaErrors as err:
        found = _problems_from(
            err.failure_cases,
            lambda i: (
                (where_label[int(i)], int(where_row[int(i)]))
                if i is not None
                else ("observations/", None)
            ),
            details=explain(prepared) if explain is not None else None,
        )
        # never an empty dataset without a reason: an unexplained failure is still a problem
        problems.extend(
            found
            or [
                Problem(
                    "observations/", None, None, f"validation failed: {str(err).splitlines()[0]}"
                )
            ]
        )
        return pd.DataFrame(columns=OBSERVATION_COLUMNS + DERIVED_OBSERVATION_COLUMNS)
    return _checked_key(obs, where_label, where_row, problems)


def _exclusions(folder: Path, make_schema, problems: list[Problem]) -> pd.DataFrame:
    """All exclusion files (optional: a source may have none), validated as one frame."""
    files = sorted(folder.glob("*.csv")) if folder.is_dir() else []
    if not files:
        return pd.DataFrame(columns=EXCLUSION_COLUMNS)
    ex_schema = make_schema()
    frames, labels, rows = [], [], []
    for f in files:
        label = f"exclusions/{f.name}"
        frame, read_problems = read_table(f, label)
        problems.extend(read_problems)
        if frame is None:
            continue
        header_problems = _header_problems(ex_schema, tuple(frame.columns))
        if header_problems:
            problems.extend(replace(p, file=label) for p in header_problems)
            continue
        lines = frame.attrs.pop(LINES, None) or range(2, len(frame) + 2)
        frames.append(frame.assign(_source_file=f.stem))
        labels.extend([label] * len(frame))
        rows.extend(lines)
    if not frames:
        return pd.DataFrame(columns=EXCLUSION_COLUMNS)
    ex = pd.concat(frames, ignore_index=True)
    try:
        ex = ex_schema.validate(ex, lazy=True)
    except pa.errors.SchemaErrors as err:
        found = _problems_from(
            err.failure_cases,
            lambda i: (labels[int(i)], rows[int(i)]) if i is not None else ("exclusions/", None),
        )
        first = str(err).splitlines()[0]
        problems.extend(
            found or [Problem("exclusions/", None, None, f"validation failed: {first}")]
        )
        return pd.DataFrame(columns=EXCLUSION_COLUMNS)
    return ex[EXCLUSION_COLUMNS].reset_index(drop=True)


def _header_problems(obs_schema: pa.DataFrameSchema, header: tuple[str, ...]) -> list[Problem]:
    """Missing and unknown columns of one header, found by validating an empty frame."""
    empty = pd.DataFrame({c: pd.Series(dtype=str) for c in (*header, "_source_file")})
    try:
        obs_schema.validate(empty, lazy=True)
    except pa.errors.SchemaErrors as err:
        return [
            p
            for p in _problems_from(err.failure_cases, lambda i: ("", None))
            if p.message in (_UNKNOWN_COLUMN, _MISSING_COLUMN)
        ]
    return []


def _prepare_observations(frame: pd.DataFrame) -> pd.DataFrame:
    if "value" in frame:
        frame["value"] = frame["value"].where(frame["value"] != "", None)
    return frame


def with_defaults(obs: pd.DataFrame) -> pd.DataFrame:
    """Observations as the Dataset holds them: area_id filled with the city_id (the city's
    whole area), period_start/period_end filled with the calendar year (YYYY-01, YYYY-12),
    and `partial_year` true when the period lies within one calendar year and covers less
    than all of it (e.g. 2023-01..2023-11)."""
    obs = obs.copy()
    area = obs["area_id"].fillna("")
    obs["area_id"] = area.where(area != "", obs["city_id"])
    year = obs["year"].astype("int64").astype(str)
    for column, month in (("period_start", "-01"), ("period_end", "-12")):
        given = obs[column].fillna("")
        obs[column] = given.where(given != "", year + month)
    same_year = obs["period_start"].str[:4] == obs["period_end"].str[:4]
    whole = obs["period_start"].str[5:].eq("01") & obs["period_end"].str[5:].eq("12")
    obs["partial_year"] = (same_year & ~whole).astype(bool)
    return obs


_UNKNOWN_COLUMN = "unknown column; remove it or fix its name"
_MISSING_COLUMN = "missing column"


def _problems_from(failures: pd.DataFrame, locate, details=None) -> list[Problem]:
    """Translate pandera's failure cases into one Problem per cell; `locate` maps a frame
    index to (file label, editor line); `details` maps a row check's message to a function
    of the frame index giving that row's own, more specific message."""
    out = []
    details = details or {}
    for f in failures.itertuples(index=False):
        check, column, case = str(f.check), f.column, f.failure_case
        label, row = locate(f.index) if f.index is not None else locate(None)
        if check == "column_in_schema":
            out.append(Problem(label, 1, str(case), _UNKNOWN_COLUMN))
        elif check == "column_in_dataframe":
            out.append(Problem(label, 1, str(case), _MISSING_COLUMN))
        elif check.startswith("coerce_dtype") or check.startswith("dtype("):
            if check.startswith("dtype(") and f.index is None:
                continue  # the coercion failure is reported per row
            want = "a whole number" if "int" in check else "a number"
            out.append(Problem(label, row, column, f"{case!r} is not {want}"))
        elif (
            check == "field_uniqueness"
            or check.startswith("unique")
            or check == "multiple_fields_uniqueness"
        ):
            out.append(Problem(label, row, column, f"duplicate {case!r}; must be unique"))
        elif f.index is None and "Error(" in str(case):
            if "MemoryError" in str(case):
                raise MemoryError("out of memory while validating; the data is too large")
            if not str(case).startswith("TypeError("):
                out.append(Problem(label, None, column, f"a check could not run: {case}"))
            # a TypeError: the check met an uncoerced column, whose cells are reported per row
        elif "|" in check:
            target, message = check.split("|", 1)
            if column == target:
                if message in details and f.index is not None:
                    message = _detailed(details[message], int(f.index), message)
                out.append(Problem(label, row, target, message))
        elif check == "not_nullable":
            out.append(Problem(label, row, column, "empty; a value is required"))
        else:
            shown = f"{case!r}: " if case not in ("", None) else ""
            out.append(Problem(label, row, column, f"{shown}{check}"))
    return out


# --- row-specific messages of the meaning and evidence checks (issue 14) -------------------


def _detailed(detail, index: int, plain: str) -> str:
    """A row's own message; the check's plain message if building it fails (a message
    must never turn a data problem into a traceback)."""
    try:
        return detail(index)
    except Exception:  # noqa: BLE001
        return plain


MAX_QUOTE_HINTS = 200  # closest-passage searches per run (each scans a whole document)


def observation_details(
    obs: pd.DataFrame, units: dict[str, str] | None, texts: dict[str, str | None] | None
) -> dict:
    """For each row check whose message should name the row's own values: message → a
    function of the frame index returning that row's message."""
    from qcompare.data import evidence, meaning
    from qcompare.data.evidence import mismatch_hint

    texts = texts or {}
    hints = {"left": MAX_QUOTE_HINTS}

    def cell(i: int, column: str) -> str:
        value = obs.at[i, column] if column in obs else ""
        return "" if value is None or (isinstance(value, float) and np.isnan(value)) else value

    def comparator(i: int) -> str:
        text = str(cell(i, "value_text"))
        bound = meaning.bound_of(text) or "bound"
        return (
            f"{cell(i, 'comparator')!r} contradicts its value_text {text!r}, a {bound}; "
            f"expected {meaning.COMPARATOR_OF.get(bound, '>= or <=')}"
        )

    def scale(i: int) -> str:
        text, indicator = str(cell(i, "value_text")), str(cell(i, "indicator_id"))
        unit = (units or {}).get(indicator, "")
        expected = meaning.expected_scaled(text, unit)
        return (
            f"{cell(i, 'value')} is the wrong scale: value_text {text!r} in {indicator}, "
            f"counted in {unit!r}, means {expected}"
        )

    def dropped(i: int) -> str:
        text = str(cell(i, "value_text"))
        number = meaning.stated_number(text)
        return (
            f"{text!r} states {number}, but value and comparator are empty; give value "
            f"{number} and its comparator (a non-numeric target states no number, or a range "
            "such as 1-3)"
        )

    def ambiguous(i: int) -> str:
        quote, source = str(cell(i, "quote")), str(cell(i, "source_id"))
        n = int(
            evidence.quote_counts(
                np.array([source], dtype=object), np.array([quote], dtype=object), texts
            )[0]
        )
        return (
            f"{_short(quote)} occurs {n} times in its source file (ambiguous evidence); "
            "quote a longer passage that occurs once"
        )

    def not_found(i: int) -> str:
        plain = schema.QUOTE_NOT_FOUND
        text = texts.get(str(cell(i, "source_id")))
        if not text or hints["left"] <= 0:
            return plain
        hints["left"] -= 1
        return f"{plain}; {mismatch_hint(str(cell(i, 'quote')), text)}"

    return {
        schema.COMPARATOR_CONTRADICTS: comparator,
        schema.SCALE_MISMATCH: scale,
        schema.NUMBER_DROPPED: dropped,
        schema.AMBIGUOUS_QUOTE: ambiguous,
        schema.QUOTE_NOT_FOUND: not_found,
    }


def _short(text: str, limit: int = 40) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _ids(frame: pd.DataFrame | None, column: str) -> list[str] | None:
    """The key column of a loaded table; None when the table failed to load."""
    return None if frame is None else frame[column].tolist()


# --- what spans tables --------------------------------------------------------------------


def _source_texts(
    raw: Path, sources: pd.DataFrame | None, problems: list[Problem]
) -> dict[str, str | None] | None:
    """Each source file's text (None if the file is missing), after checking its sha256."""
    texts: dict[str, str | None] = {}
    if sources is None:
        return None
    for i, row in zip(sources.index, sources.to_dict("records"), strict=True):
        path = raw / row["file"]
        where = ("sources.csv", file_row(i, sources.attrs.get(LINES)))
        if path.exists() and not path.resolve().is_relative_to(Path(raw).resolve()):
            problems.append(  # e.g. a symlink out of data/raw
                Problem(*where, "file", f"{row['file']} resolves outside data/raw")
            )
            texts[row["source_id"]] = None
            continue
        if not path.is_file():
            problems.append(
                Problem(*where, "file", f"source file {row['file']} not found under data/raw")
            )
            texts[row["source_id"]] = None
            continue
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if digest != row["sha256"]:
            problems.append(
                Problem(
                    *where,
                    "sha256",
                    f"{row['file']} has sha256 {digest}, not the recorded one; "
                    "source files must stay byte-identical",
                )
            )
        texts[row["source_id"]] = data.decode("utf-8", errors="replace")
    return texts


def _checked_key(
    obs: pd.DataFrame, where_label: np.ndarray, where_row: np.ndarray, problems: list[Problem]
) -> pd.DataFrame:
    """Check the key (city, indicator, area, kind, year, period) is unique across all
    observation files, the empty area and period read as their defaults."""
    obs = with_defaults(obs.assign(year=obs["year"].astype("int64")))
    dup = obs.duplicated(schema.OBSERVATION_KEY, keep=False)
    if dup.any():
        for key, group in obs.loc[dup].groupby(schema.OBSERVATION_KEY, sort=True):
            first = group.index[0]
            for i in group.index[1:]:
                problems.append(
                    Problem(
                        where_label[i],
                        int(where_row[i]),
                        "indicator_id",
                        "duplicate key (city, indicator, area, kind, year, period_start, "
                        f"period_end) = {tuple(key)}, first at "
                        f"{where_label[first]}:{where_row[first]}; one value per key",
                    )
                )
    obs = obs[OBSERVATION_COLUMNS + DERIVED_OBSERVATION_COLUMNS].astype(
        {"year": "int64", "value": "float64", "partial_year": "bool"}
    )
    return obs.sort_values(schema.OBSERVATION_KEY, kind="stable").reset_index(drop=True)
