"""The inputs of `qcompare extract`, checked before anything is drafted: the source file
(UTF-8 text, not empty, not binary), the city (one of cities.csv) and the source id (ascii
snake_case, so that it names a file under drafts/ and nowhere else)."""

from __future__ import annotations

import re
from pathlib import Path

from qcompare.curation.reference import Reference
from qcompare.data.errors import InvalidInput, Problem

_SOURCE_ID = re.compile(r"^[a-z][a-z0-9_]*$")


def read_source(path: Path) -> str:
    """The text of a source document; InvalidInput with one line if it is not a UTF-8 text."""
    label = str(path)
    if not path.is_file():
        raise InvalidInput([Problem(label, None, None, "file not found (expected a text file)")])
    data = path.read_bytes()
    if not data.strip():
        raise InvalidInput([Problem(label, None, None, "empty file; expected the document's text")])
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise InvalidInput(
            [
                Problem(
                    label,
                    line,
                    None,
                    "binary file (NUL byte); expected the document as UTF-8 text "
                    "(convert a PDF or Word file to text first)",
                )
            ]
        )
    if data.startswith(b"\xef\xbb\xbf"):
        raise InvalidInput(
            [
                Problem(
                    label,
                    1,
                    None,
                    "starts with a UTF-8 byte-order mark (BOM); save it as UTF-8 without BOM",
                )
            ]
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise InvalidInput(
            [
                Problem(
                    label,
                    line,
                    None,
                    "not valid UTF-8 (GBK or another legacy encoding?); save it as UTF-8",
                )
            ]
        ) from None


def check_arguments(reference: Reference, city_id: str, source_id: str) -> None:
    """InvalidInput when the city is unknown or the source id is not a valid id."""
    problems = []
    cities = reference.cities["city_id"].tolist()
    if city_id not in cities:
        problems.append(
            Problem(
                "--city",
                None,
                None,
                f"unknown city {city_id!r}; expected one of {', '.join(cities)} "
                "(add the city to data/raw/cities.csv first)",
            )
        )
    if not _SOURCE_ID.match(source_id):
        problems.append(
            Problem(
                "--source-id",
                None,
                None,
                f"{source_id!r} is not a valid source id (ascii snake_case expected, "
                "e.g. lishui_plan_2021)",
            )
        )
    registered = reference.sources
    if len(registered) and source_id in set(registered["source_id"]):
        owner = registered.loc[registered["source_id"] == source_id, "city_id"].iloc[0]
        if owner != city_id and city_id in cities:
            problems.append(
                Problem(
                    "--source-id",
                    None,
                    None,
                    f"source {source_id!r} belongs to city {owner!r} in sources.csv, "
                    f"not {city_id!r}",
                )
            )
    if problems:
        raise InvalidInput(problems)
