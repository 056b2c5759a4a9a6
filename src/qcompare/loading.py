"""Load the curated CSVs of data/raw, validate them, and return a Dataset.

Load inputs → check each table against its declared schema (qcompare.schema) → check what
spans tables (source files and hashes, the observation key across files). Every problem is
collected, so one run tells a curator everything that is wrong.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from qcompare import schema
from qcompare.dataset import Dataset
from qcompare.errors import InvalidInput, Problem
from qcompare.paths import raw_dir as default_raw_dir
from qcompare.reading import file_row, read_table

OBSERVATION_COLUMNS = [
    "city_id",
    "indicator_id",
    "kind",
    "year",
    "comparator",
    "value",
    "value_text",
    "source_id",
    "quote",
    "note",
]


def load(raw: str | Path | None = None) -> Dataset:
    """Load and validate the curated data; raise InvalidInput listing every problem."""
    raw = Path(raw) if raw is not None else default_raw_dir()
    problems: list[Problem] = []

    cities = _validated(raw / "cities.csv", "cities.csv", schema.cities_schema, problems)
    city_ids = _ids(cities, "city_id")
    sources = _validated(
        raw / "sources.csv", "sources.csv", lambda: schema.sources_schema(city_ids), problems
    )
    indicators = _validated(
        raw / "indicators.csv", "indicators.csv", schema.indicators_schema, problems
    )
    source_texts = _source_texts(raw, sources, problems)

    obs_dir = raw / "observations"
    files = sorted(obs_dir.glob("*.csv")) if obs_dir.is_dir() else []
    if not files:
        problems.append(
            Problem(
                "observations/",
                None,
                None,
                "no observation files; expected observations/<source_id>.csv",
            )
        )
    frames = []
    for path in files:
        label = f"observations/{path.name}"
        frame = _validated(
            path,
            label,
            lambda path=path: schema.observations_schema(
                city_ids, _ids(indicators, "indicator_id"), source_texts, path.stem
            ),
            problems,
            prepare=_prepare_observations,
        )
        if frame is not None:
            frames.append(frame.assign(_file=label, _row=[file_row(i) for i in frame.index]))
    observations = _checked_key(frames, problems)

    if problems:
        raise InvalidInput(problems)
    return Dataset(
        cities=cities,
        sources=sources,
        indicators=indicators,
        observations=observations,
        raw_dir=raw,
        source_texts=source_texts,
    )


# --- one table ----------------------------------------------------------------------------


def _validated(
    path: Path, label: str, make_schema, problems: list[Problem], prepare=None
) -> pd.DataFrame | None:
    frame, read_problems = read_table(path, label)
    problems.extend(read_problems)
    if frame is None:
        return None
    if prepare is not None:
        frame = prepare(frame)
    try:
        return make_schema().validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        problems.extend(_problems_from(err.failure_cases, label))
        return None


def _prepare_observations(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    if "value" in frame:
        frame["value"] = frame["value"].where(frame["value"].str.strip() != "", None)
    return frame


def _problems_from(failures: pd.DataFrame, label: str) -> list[Problem]:
    """Translate pandera's failure cases into one Problem per cell."""
    out = []
    for f in failures.itertuples(index=False):
        check, column, case = str(f.check), f.column, f.failure_case
        if check == "column_in_schema":
            out.append(Problem(label, 1, str(case), "unknown column; remove it or fix its name"))
        elif check == "column_in_dataframe":
            out.append(Problem(label, 1, str(case), "missing column"))
        elif check.startswith("coerce_dtype") or check.startswith("dtype("):
            if check.startswith("dtype(") and f.index is None:
                continue  # the coercion failure is reported per row
            want = "a whole number" if "int" in check else "a number"
            out.append(Problem(label, file_row(f.index), column, f"{case!r} is not {want}"))
        elif (
            check == "field_uniqueness"
            or check.startswith("unique")
            or check == "multiple_fields_uniqueness"
        ):
            out.append(
                Problem(label, file_row(f.index), column, f"duplicate {case!r}; must be unique")
            )
        elif f.index is None and "Error(" in str(case):
            continue  # a check that could not run on an uncoerced column; reported per row
        elif "|" in check:
            target, message = check.split("|", 1)
            if column == target:
                out.append(Problem(label, file_row(f.index), target, message))
        elif check == "not_nullable":
            out.append(Problem(label, file_row(f.index), column, "empty; a value is required"))
        else:
            shown = f"{case!r}: " if case not in ("", None) else ""
            out.append(Problem(label, file_row(f.index), column, f"{shown}{check}"))
    return out


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
    for i, row in sources.iterrows():
        path = raw / row["file"]
        where = ("sources.csv", file_row(i))
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


def _checked_key(frames: list[pd.DataFrame], problems: list[Problem]) -> pd.DataFrame:
    """Concatenate the observation files and check the key is unique across all of them."""
    if not frames:
        return pd.DataFrame(columns=OBSERVATION_COLUMNS)
    obs = pd.concat(frames, ignore_index=True)
    dup = obs.duplicated(schema.OBSERVATION_KEY, keep=False)
    for key, group in obs.loc[dup].groupby(schema.OBSERVATION_KEY, sort=True):
        first = group.iloc[0]
        for _, row in group.iloc[1:].iterrows():
            problems.append(
                Problem(
                    row["_file"],
                    row["_row"],
                    "indicator_id",
                    f"duplicate key (city, indicator, kind, year) = {tuple(key)}, "
                    f"first at {first['_file']}:{first['_row']}; one value per key",
                )
            )
    obs = obs.drop(columns=["_file", "_row"])
    obs["year"] = obs["year"].astype("int64")
    obs["value"] = obs["value"].astype("float64")
    return obs.sort_values(schema.OBSERVATION_KEY, kind="stable").reset_index(drop=True)[
        OBSERVATION_COLUMNS
    ]
