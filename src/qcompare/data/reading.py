"""Reading curated CSV files strictly: UTF-8 without BOM, every cell a string.

Rows are located by *editor line*: the line number an editor shows for the start of the
record (the header is line 1). A quoted cell that holds line breaks makes one CSV record
span several lines, so the next record's line is more than its record number + 1.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from qcompare.data.errors import Problem


def read_table(path: Path, label: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read `path` as a table of strings; `label` names the file in problem lines.

    Encoding problems are reported rather than guessed around: a curator must know that the
    file was saved as GBK or with a byte-order mark, since a validator that silently accepts
    them lets the next tool mis-read it.
    """
    raw, problems = _checked_bytes(path, label)
    if raw is None:
        return None, problems
    frame, problems = _parsed(raw, label)
    if frame is not None:
        frame.attrs[LINES] = tuple(record_lines(raw, len(frame)).tolist())
    return frame, problems


LINES = "qcompare_lines"  # frame.attrs key: the editor line of each row (read_table)


def record_lines(raw: bytes, n_records: int) -> np.ndarray:
    """The editor line on which each of the `n_records` data records of a CSV starts.

    Counted with the csv module (line_num after each record), skipping blank lines as the
    parser does; a file without quotes or carriage returns has one record per line."""
    if b'"' not in raw and b"\r" not in raw and b"\n\n" not in raw:
        return np.arange(2, n_records + 2)
    reader = csv.reader(io.StringIO(raw.decode("utf-8"), newline=""))
    starts, last = [], 0
    try:
        for record in reader:
            if record:  # a blank line yields [] and is skipped, as pandas does
                starts.append(last + 1)
            last = reader.line_num
    except csv.Error:
        starts = []
    if len(starts) != n_records + 1:  # header + records; else fall back to record numbers
        return np.arange(2, n_records + 2)
    return np.asarray(starts[1:], dtype=np.int64)


@dataclass
class Batch:
    """Rows of one or more files that share a header, with where each row came from."""

    frame: pd.DataFrame
    labels: np.ndarray  # file label of each row
    rows: np.ndarray  # editor line on which each row starts (header is line 1)
    stems: np.ndarray  # file name without .csv of each row


def read_many(paths: list[Path], labels: list[str]) -> tuple[list[Batch], list[Problem]]:
    """Read many files of one table, parsing files that share a header in one pass.

    Files whose cells need no CSV quoting are concatenated and parsed together (one call to
    the C parser, however many files); any other file, or a group whose row count does not
    add up, is parsed on its own so that problems still name its own rows.
    """
    problems: list[Problem] = []
    batches: list[Batch] = []
    groups: dict[bytes, list[tuple[Path, str, bytes, int]]] = {}
    for path, label in zip(paths, labels, strict=True):
        raw, decode_problems = _checked_bytes(path, label)
        problems.extend(decode_problems)
        if raw is None:
            continue
        header, _, body = raw.partition(b"\n")
        n_rows = body.count(b"\n") + (0 if body.endswith(b"\n") or not body else 1)
        if b'"' in raw or b"\r" in raw or n_rows == 0 or b"\n\n" in body:
            batches.extend(_single(path, label, raw, problems))
        else:
            groups.setdefault(header, []).append((path, label, body, n_rows))
    for header, files in groups.items():
        joined = (
            header + b"\n" + b"".join(b if b.endswith(b"\n") else b + b"\n" for _, _, b, _ in files)
        )
        counts = [n for *_, n in files]
        try:
            frame = _read_csv(joined, fast=True)
        except Exception:  # any parse trouble: parse file by file for precise problem lines
            frame = None
        if frame is None or len(frame) != sum(counts):
            for path, label, body, _ in files:
                batches.extend(_single(path, label, header + b"\n" + body, problems))
            continue
        batches.append(
            Batch(
                frame,
                np.repeat(np.array([f[1] for f in files], dtype=object), counts),
                np.concatenate([np.arange(2, n + 2) for n in counts]),
                np.repeat(np.array([f[0].stem for f in files], dtype=object), counts),
            )
        )
    return batches, problems


def _single(path: Path, label: str, raw: bytes, problems: list[Problem]) -> list[Batch]:
    frame, parse_problems = _parsed(raw, label)
    problems.extend(parse_problems)
    if frame is None:
        return []
    n = len(frame)
    return [
        Batch(
            frame,
            np.full(n, label, dtype=object),
            record_lines(raw, n),
            np.full(n, path.stem, dtype=object),
        )
    ]


def _checked_bytes(path: Path, label: str) -> tuple[bytes | None, list[Problem]]:
    """The file's bytes once they are known to be UTF-8 text without BOM."""
    if not path.is_file():
        return None, [Problem(label, None, None, "file not found")]
    raw = path.read_bytes()
    if not raw.strip():
        return None, [Problem(label, None, None, "empty file; expected a header row and data rows")]
    if raw.startswith(b"\xef\xbb\xbf"):
        return None, [
            Problem(
                label,
                None,
                None,
                "starts with a UTF-8 byte-order mark (BOM); save it as UTF-8 without BOM",
            )
        ]
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return None, [
            Problem(
                label,
                line,
                None,
                "not valid UTF-8 (GBK or another legacy encoding?); save it as UTF-8",
            )
        ]
    return raw, []


def _read_csv(raw: bytes, fast: bool = False) -> pd.DataFrame:
    """Every cell as a string. `fast` uses pyarrow's multi-threaded parser (its errors name
    no line, so it reads only batches that fall back to the C parser on any error)."""
    # bytes, not StringIO: pandas re-encodes a text buffer chunk by chunk, slowly
    data = io.BytesIO(raw)
    if fast:
        return pd.read_csv(data, dtype=str, keep_default_na=False, engine="pyarrow")
    return pd.read_csv(
        data,
        encoding="utf-8",
        dtype=str,
        keep_default_na=False,
        na_filter=False,
        skipinitialspace=False,
    )


def _parsed(raw: bytes, label: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    try:
        frame = _read_csv(raw)
    except (pd.errors.ParserError, csv.Error) as err:
        return None, [_malformed(label, str(err))]
    if frame.empty:
        return None, [
            Problem(label, None, None, "no data rows; expected at least one row under the header")
        ]
    if any(str(c).startswith("Unnamed:") for c in frame.columns):
        return None, [
            Problem(label, 1, None, "header has an empty column name; every column needs a name")
        ]
    return frame, []


def _malformed(label: str, message: str) -> Problem:
    """One line for a CSV that does not parse, with the row when the parser names it."""
    m = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", message)
    if m:
        want, line, saw = m.groups()
        return Problem(
            label,
            int(line),
            None,
            f"{saw} fields where the header has {want}; quote a cell that holds a comma",
        )
    first = message.strip().splitlines()[0] if message.strip() else "parse error"
    return Problem(label, None, None, f"not a well-formed CSV: {first}")


def file_row(index: object, lines: tuple[int, ...] | None = None) -> int | None:
    """The editor line of a frame index: `lines[index]` when the reader recorded them
    (read_table), else the record number + 1 (header is line 1)."""
    if lines is not None:
        try:
            return int(lines[int(index)])  # type: ignore[call-overload]
        except (TypeError, ValueError, IndexError):
            return None
    try:
        return int(index) + 2  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None
