"""Reading one curated CSV file strictly: UTF-8 without BOM, every cell a string."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd

from qcompare.errors import Problem


def read_table(path: Path, label: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read `path` as a table of strings; `label` names the file in problem lines.

    Encoding problems are reported rather than guessed around: a curator must know that the
    file was saved as GBK or with a byte-order mark, since a validator that silently accepts
    them lets the next tool mis-read it.
    """
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
        text = raw.decode("utf-8")
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
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skipinitialspace=False,
        )
    except (pd.errors.ParserError, csv.Error) as err:
        return None, [_malformed(label, str(err))]
    if frame.empty:
        return None, [
            Problem(label, None, None, "no data rows; expected at least one row under the header")
        ]
    unnamed = [c for c in frame.columns if str(c).startswith("Unnamed:")]
    if unnamed:
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


def file_row(index: object) -> int | None:
    """The spreadsheet row of a frame index (header is row 1)."""
    try:
        return int(index) + 2  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None
