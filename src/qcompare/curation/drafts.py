"""Writing drafts for review: `data/raw/drafts/<source_id>.csv` (observation rows plus what a
curator needs to judge them) and `<source_id>.exclusions.csv` (proposed exclusions).

Review columns: `unit` (the unit as the sentence writes it, simplified), `confidence` (0–1:
the best candidate's score / 100, times 0.85 when the sentence names no year and the kind
rests on the document's sections; half that score when no candidate is good enough),
`candidates` (`id:score|id:score|id:score`, best first) and, when no candidate reaches
qcompare.curation.match.GOOD_MATCH, `new_indicator_name_zh` / `new_indicator_unit_zh`.

Both files are written atomically (qcompare.data.atomic) and only under the drafts folder;
no curated file is ever opened for writing.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from qcompare.curation.extract import Extraction
from qcompare.curation.match import format_candidates
from qcompare.data import validation
from qcompare.data.atomic import write_text

# A draft row keeps the observation columns of data model v2 in the validator's order
# (qcompare.data.validation, the one declaration), so that, with the review columns removed,
# it can be pasted into observations/.
OBSERVATION_COLUMNS = tuple(validation.OBSERVATION_COLUMNS)
REVIEW_COLUMNS = (
    "unit",
    "confidence",
    "candidates",
    "new_indicator_name_zh",
    "new_indicator_unit_zh",
)
DRAFT_COLUMNS = OBSERVATION_COLUMNS + REVIEW_COLUMNS
EXCLUSION_COLUMNS = ("source_id", "passage", "reason", "note")


def _csv(header: tuple[str, ...], rows: list[dict[str, str]]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(header), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def draft_rows(extraction: Extraction) -> list[dict[str, str]]:
    return [
        {
            **d.row,
            "unit": d.unit,
            "confidence": f"{d.confidence:.2f}",
            "candidates": format_candidates(d.candidates),
            "new_indicator_name_zh": d.new_name_zh,
            "new_indicator_unit_zh": d.new_unit_zh,
        }
        for d in extraction.drafts
    ]


def exclusion_rows(extraction: Extraction, source_id: str) -> list[dict[str, str]]:
    seen: set[tuple[str, str]] = set()
    rows = []
    for e in sorted(extraction.exclusions, key=lambda e: e.start):
        if (e.passage, e.reason) in seen:
            continue
        seen.add((e.passage, e.reason))
        rows.append(
            {"source_id": source_id, "passage": e.passage, "reason": e.reason, "note": e.note}
        )
    return rows


def write_drafts(extraction: Extraction, source_id: str, folder: Path) -> tuple[Path, Path]:
    """Write the two draft files of one source into `folder`; return their paths."""
    drafts = folder / f"{source_id}.csv"
    exclusions = folder / f"{source_id}.exclusions.csv"
    write_text(drafts, _csv(DRAFT_COLUMNS, draft_rows(extraction)))
    write_text(exclusions, _csv(EXCLUSION_COLUMNS, exclusion_rows(extraction, source_id)))
    return drafts, exclusions
