"""Fixtures of the curation tests: the real reference tables and each source's text."""

from __future__ import annotations

from pathlib import Path

import pytest

from qcompare.curation.extract import Extractor
from qcompare.curation.reference import Reference, read_reference

RAW = Path(__file__).resolve().parents[2] / "data" / "raw"


@pytest.fixture(scope="session")
def reference() -> Reference:
    return read_reference(RAW)


@pytest.fixture(scope="session")
def texts(reference) -> dict[str, str]:
    return {
        s.source_id: (RAW / s.file).read_text(encoding="utf-8")
        for s in reference.sources.itertuples()
    }


@pytest.fixture(scope="session")
def drafted(reference, texts):
    """Each source drafted leave-one-document-out (as the bench does)."""
    out = {}
    for s in reference.sources.itertuples():
        rest = reference.without_source(s.source_id)
        out[s.source_id] = Extractor(rest).run(
            texts[s.source_id], s.city_id, s.source_id, s.kind, s.date
        )
    return out
